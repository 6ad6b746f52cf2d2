"""Helpers for the EC2 tests: policy builders, users, roles and instance profiles in state, error accessors, shapes."""

from __future__ import annotations

from typing import Any

from botocore.model import Shape
from policy_statements import allow as allow  # shared; re-exported
from policy_statements import error_code as error_code
from policy_statements import error_message as error_message
from policy_statements import policy_text as policy_text

from workbench.account.callers import Credentials
from workbench.account.model import AccessKey, InstanceProfile, Role, User
from workbench.account.service import service_model
from workbench.account.simulation import Simulation

A = "111111111111"
B = "222222222222"
IMAGE = "ami-0abcdef1234567890"
EC2_TRUST = {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
LAMBDA_TRUST = {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}


def put_user(
    sim: Simulation, account_id: str, name: str, *statements: dict[str, Any], tags: dict[str, str] | None = None
) -> Credentials:
    """User ``name`` with those inline statements and one access key (written into state); returns the key."""
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
        tags=tags or {},
    )
    sim.put_account(account.model_copy(update={"users": {**account.users, name.lower(): user}}))
    return Credentials(access_key_id=key.access_key_id, secret_access_key=key.secret_access_key)


def put_role(
    sim: Simulation, account_id: str, name: str, trust: list[dict[str, Any]], *statements: dict[str, Any]
) -> Role:
    account = sim.state.accounts[account_id]
    role = Role(
        name=name,
        role_id=sim.ids.next("AROA", 17),
        arn=f"arn:aws:iam::{account_id}:role/{name}",
        create_date=sim.clock.now(),
        trust_policy=policy_text(*trust),
        inline_policies={"granted": policy_text(*statements)} if statements else {},
    )
    sim.put_account(account.model_copy(update={"roles": {**account.roles, name.lower(): role}}))
    return role


def put_profile(sim: Simulation, account_id: str, name: str, role: str | None = None) -> InstanceProfile:
    """Instance profile ``name`` holding ``role`` (by name), written into state."""
    account = sim.state.accounts[account_id]
    profile = InstanceProfile(
        name=name,
        instance_profile_id=sim.ids.next("AIPA", 17),
        arn=f"arn:aws:iam::{account_id}:instance-profile/{name}",
        create_date=sim.clock.now(),
        roles=(role,) if role else (),
    )
    sim.put_account(
        account.model_copy(update={"instance_profiles": {**account.instance_profiles, name.lower(): profile}})
    )
    return profile


def set_role(sim: Simulation, account_id: str, role: Role) -> None:
    account = sim.state.accounts[account_id]
    sim.put_account(account.model_copy(update={"roles": {**account.roles, role.name.lower(): role}}))


def launch(ec2: Any, **params: Any) -> dict[str, Any]:
    """One instance of ``IMAGE`` (t3.micro unless told); returns the instance structure."""
    params = {"ImageId": IMAGE, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1, **params}
    return dict(ec2.run_instances(**params)["Instances"][0])


def instance_tags(**tags: str) -> list[dict[str, Any]]:
    return [{"ResourceType": "instance", "Tags": [{"Key": k, "Value": v} for k, v in tags.items()]}]


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
    elif kind in ("integer", "long"):
        assert isinstance(value, int) and not isinstance(value, bool), f"{where}: expected an integer"
    elif kind == "boolean":
        assert isinstance(value, bool), f"{where}: expected a boolean"
    elif kind == "timestamp":
        assert hasattr(value, "tzinfo") and value.tzinfo is not None, f"{where}: expected an aware datetime"


def assert_boto3_shape(operation: str, answer: dict[str, Any]) -> None:
    """Every key of ``answer`` is one botocore's EC2 output shape has, with the right type."""
    shape = service_model("ec2").operation_model(operation).output_shape
    _check({k: v for k, v in answer.items() if k != "ResponseMetadata"}, shape, operation)
