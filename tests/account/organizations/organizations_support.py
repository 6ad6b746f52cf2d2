"""Helpers for the Organizations tests: accounts and users written into state, policy texts, error accessors, shapes."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.model import Shape
from policy_statements import allow as allow  # shared; re-exported
from policy_statements import deny as deny
from policy_statements import error_code as error_code
from policy_statements import error_message as error_message
from policy_statements import policy_text as policy_text

from workbench.account.callers import Credentials
from workbench.account.model import AccessKey, User
from workbench.account.service import service_model
from workbench.account.simulation import Simulation

MANAGEMENT = "111111111111"
MEMBER = "222222222222"
OUTSIDER = "333333333333"

SCP = "SERVICE_CONTROL_POLICY"
RCP = "RESOURCE_CONTROL_POLICY"


def error_reason(raised: pytest.ExceptionInfo[Any]) -> str | None:
    return raised.value.response.get("Reason")


def put_user(sim: Simulation, account_id: str, name: str, *statements: dict[str, Any]) -> Credentials:
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
    )
    sim.put_account(account.model_copy(update={"users": {**account.users, name.lower(): user}}))
    return Credentials(access_key_id=key.access_key_id, secret_access_key=key.secret_access_key)


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
        if shape.enum:
            assert value in shape.enum, f"{where}: {value!r} is not one of {shape.enum}"
    elif kind == "boolean":
        assert isinstance(value, bool), f"{where}: expected a boolean"
    elif kind == "timestamp":
        assert hasattr(value, "tzinfo") and value.tzinfo is not None, f"{where}: expected an aware datetime"


def assert_boto3_shape(operation: str, answer: dict[str, Any]) -> None:
    """Every key of ``answer`` is one botocore's output shape has, with the right type; required keys present."""
    shape = service_model("organizations").operation_model(operation).output_shape
    body = {k: v for k, v in answer.items() if k != "ResponseMetadata"}
    if shape is None:
        assert body == {}, f"{operation} answers nothing, not {body!r}"
        return
    _check(body, shape, operation)
