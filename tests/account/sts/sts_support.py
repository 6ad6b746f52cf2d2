"""Helpers for the STS tests: a world built directly in state (users, keys, roles, MFA devices, OIDC providers).

The STS tests write IAM entities into state rather than through the IAM client, so that they test
STS alone; policy texts and error accessors are small builders; ``assert_boto3_shape`` checks an
answer against botocore's output shape.
"""

from __future__ import annotations

from typing import Any

from botocore.model import Shape
from policy_statements import allow as allow  # shared; re-exported
from policy_statements import deny as deny
from policy_statements import error_code as error_code
from policy_statements import error_message as error_message
from policy_statements import policy_text as policy_text

from workbench.account.callers import Credentials
from workbench.account.model import AccessKey, MFADevice, OIDCProvider, Role, User
from workbench.account.service import service_model
from workbench.account.simulation import Simulation

A = "111111111111"
B = "222222222222"
C = "333333333333"


def trust(principal: Any, action: str | list[str] = "sts:AssumeRole", **extra: Any) -> dict[str, Any]:
    """One trust statement: ``trust({"AWS": "111111111111"})``."""
    return {"Effect": "Allow", "Principal": principal, "Action": action, **extra}


def put_user(sim: Simulation, account_id: str, name: str, *statements: dict[str, Any], **fields: Any) -> Credentials:
    """User ``name`` with those inline statements and one access key; returns the key."""
    account = sim.state.accounts[account_id]
    key = AccessKey(
        access_key_id=sim.ids.access_key_id(temporary=False),
        secret_access_key=sim.ids.secret(),
        create_date=sim.clock.now(),
    )
    user = User(
        name=name,
        user_id=sim.ids.next("AIDA", 17),
        arn=f"arn:aws:iam::{account_id}:user/{name}",
        create_date=sim.clock.now(),
        inline_policies={"granted": policy_text(*statements)} if statements else {},
        access_keys=(key,),
        **fields,
    )
    sim.put_account(account.model_copy(update={"users": {**account.users, name.lower(): user}}))
    return Credentials(access_key_id=key.access_key_id, secret_access_key=key.secret_access_key)


def put_role(
    sim: Simulation,
    account_id: str,
    name: str,
    trust_statements: list[dict[str, Any]],
    *statements: dict[str, Any],
    path: str = "/",
    **fields: Any,
) -> Role:
    """Role ``name`` with that trust policy and those inline statements."""
    account = sim.state.accounts[account_id]
    role = Role(
        name=name,
        path=path,
        role_id=sim.ids.next("AROA", 17),
        arn=f"arn:aws:iam::{account_id}:role{path}{name}",
        create_date=sim.clock.now(),
        trust_policy=policy_text(*trust_statements),
        inline_policies={"granted": policy_text(*statements)} if statements else {},
        **fields,
    )
    sim.put_account(account.model_copy(update={"roles": {**account.roles, name.lower(): role}}))
    return role


def put_mfa_device(sim: Simulation, account_id: str, user_name: str) -> tuple[str, str]:
    """An enabled virtual MFA device for the user; returns (serial number, base32 seed)."""
    account = sim.state.accounts[account_id]
    serial = f"arn:aws:iam::{account_id}:mfa/{user_name}"
    seed = sim.ids.mfa_seed()
    device = MFADevice(
        serial_number=serial,
        name=user_name,
        seed_base32=seed,
        create_date=sim.clock.now(),
        user=user_name,
        enable_date=sim.clock.now(),
    )
    user = account.users[user_name.lower()]
    user = user.model_copy(update={"mfa_serials": (*user.mfa_serials, serial)})
    sim.put_account(
        account.model_copy(
            update={
                "mfa_devices": {**account.mfa_devices, serial: device},
                "users": {**account.users, user_name.lower(): user},
            }
        )
    )
    return serial, seed


def put_oidc_provider(sim: Simulation, account_id: str, url: str, *client_ids: str) -> str:
    """An IAM OIDC provider for ``url`` (``https://host``); returns its ARN."""
    account = sim.state.accounts[account_id]
    host = url.removeprefix("https://")
    arn = f"arn:aws:iam::{account_id}:oidc-provider/{host}"
    provider = OIDCProvider(arn=arn, url=host, client_ids=client_ids, create_date=sim.clock.now())
    sim.put_account(account.model_copy(update={"oidc_providers": {**account.oidc_providers, arn: provider}}))
    return arn


def _check(value: Any, shape: Shape, where: str) -> None:
    kind = shape.type_name
    if kind == "structure":
        assert isinstance(value, dict), f"{where}: expected an object, got {value!r}"
        for key, item in value.items():
            assert key in shape.members, f"{where}: {key!r} is not in botocore's {shape.name}"
            _check(item, shape.members[key], f"{where}.{key}")
        for required in shape.required_members:
            assert required in value, f"{where}: required {required!r} is missing"
    elif kind == "list":
        assert isinstance(value, list), f"{where}: expected a list, got {value!r}"
        for index, item in enumerate(value):
            _check(item, shape.member, f"{where}[{index}]")
    elif kind == "string":
        assert isinstance(value, str), f"{where}: expected a string, got {value!r}"
    elif kind == "integer":
        assert isinstance(value, int) and not isinstance(value, bool), f"{where}: expected an integer"
    elif kind == "boolean":
        assert isinstance(value, bool), f"{where}: expected a boolean"
    elif kind == "timestamp":
        assert hasattr(value, "tzinfo") and value.tzinfo is not None, f"{where}: expected an aware datetime"


def assert_boto3_shape(service: str, operation: str, answer: dict[str, Any]) -> None:
    """Every key of ``answer`` is one botocore's output shape has, with the right type; required keys present."""
    shape = service_model(service).operation_model(operation).output_shape
    body = {k: v for k, v in answer.items() if k != "ResponseMetadata"}
    if shape is None:
        assert body == {}, f"{operation} answers nothing, not {body!r}"
        return
    _check(body, shape, operation)
