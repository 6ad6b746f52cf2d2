"""Helpers for the Lambda tests: policy builders, users and execution roles, error accessors, boto3 shape checks."""

from __future__ import annotations

import json
from typing import Any

from botocore.model import Shape
from policy_statements import allow as allow  # shared; re-exported
from policy_statements import deny as deny
from policy_statements import error_code as error_code
from policy_statements import error_message as error_message
from policy_statements import policy_text as policy_text

from workbench.account.callers import Credentials
from workbench.account.model import AccessKey, Role, User
from workbench.account.service import service_model
from workbench.account.simulation import Simulation

A = "111111111111"
B = "222222222222"
REGION = "us-east-1"
LAMBDA_TRUST = {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
EC2_TRUST = {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}


def function_arn(name: str, account: str = A) -> str:
    return f"arn:aws:lambda:{REGION}:{account}:function:{name}"


def role_arn(name: str, account: str = A) -> str:
    return f"arn:aws:iam::{account}:role/{name}"


def put_user(sim: Simulation, account_id: str, name: str, *statements: dict[str, Any]) -> Credentials:
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
    )
    sim.put_account(account.model_copy(update={"users": {**account.users, name.lower(): user}}))
    return Credentials(access_key_id=key.access_key_id, secret_access_key=key.secret_access_key)


def put_role(
    sim: Simulation, account_id: str, name: str, trust: list[dict[str, Any]], *statements: dict[str, Any]
) -> Role:
    """Role ``name`` with that trust policy and those inline statements (written into state)."""
    account = sim.state.accounts[account_id]
    role = Role(
        name=name,
        role_id=sim.ids.next("AROA", 17),
        arn=role_arn(name, account_id),
        create_date=sim.clock.now(),
        trust_policy=policy_text(*trust),
        inline_policies={"granted": policy_text(*statements)} if statements else {},
    )
    sim.put_account(account.model_copy(update={"roles": {**account.roles, name.lower(): role}}))
    return role


def set_trust(sim: Simulation, account_id: str, name: str, *trust: dict[str, Any]) -> None:
    account = sim.state.accounts[account_id]
    role = account.roles[name.lower()].model_copy(update={"trust_policy": policy_text(*trust)})
    sim.put_account(account.model_copy(update={"roles": {**account.roles, name.lower(): role}}))


def create_function(lam: Any, name: str, role: str, handler: str = "app.handler", **extra: Any) -> dict[str, Any]:
    return dict(
        lam.create_function(
            FunctionName=name, Runtime="python3.12", Role=role, Handler=handler, Code={"ZipFile": b"PK"}, **extra
        )
    )


def payload_of(answer: dict[str, Any]) -> Any:
    return json.loads(answer["Payload"].read())


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
    elif kind == "map":
        assert isinstance(value, dict), f"{where}: expected a map"
    elif kind == "string":
        assert isinstance(value, str), f"{where}: expected a string, got {value!r}"
    elif kind in ("integer", "long"):
        assert isinstance(value, int) and not isinstance(value, bool), f"{where}: expected an integer"
    elif kind == "boolean":
        assert isinstance(value, bool), f"{where}: expected a boolean"
    elif kind == "timestamp":
        assert hasattr(value, "tzinfo") and value.tzinfo is not None, f"{where}: expected an aware datetime"


def assert_boto3_shape(service: str, operation: str, answer: dict[str, Any]) -> None:
    """Every key of ``answer`` is one botocore's output shape has, with the right type; required keys present."""
    shape = service_model(service).operation_model(operation).output_shape
    body = {k: v for k, v in answer.items() if k not in ("ResponseMetadata", "Payload")}
    if shape is None:
        assert body == {}, f"{operation} answers nothing, not {body!r}"
        return
    _check(body, shape, operation)
