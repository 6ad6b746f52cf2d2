"""Helpers for the S3 tests: accounts and users written into state, policy texts, error accessors, boto3 shapes."""

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

OWNER = "111111111111"
"""The account that owns the buckets."""
OTHER = "222222222222"
"""Another account, outside any organization."""


def public_read(bucket: str) -> str:
    """The classic static-website bucket policy: anyone may read every object."""
    return policy_text(allow("s3:GetObject", f"arn:aws:s3:::{bucket}/*", Principal="*"))


def error_status(raised: pytest.ExceptionInfo[Any]) -> int:
    return int(raised.value.response["ResponseMetadata"]["HTTPStatusCode"])


def put_user(
    sim: Simulation, account_id: str, name: str, *statements: dict[str, Any], tags: dict[str, str] | None = None
) -> Credentials:
    """User ``name`` with those inline statements (and tags) and one access key; returns the key."""
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
        tags=tags or {},
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
    elif kind == "boolean":
        assert isinstance(value, bool), f"{where}: expected a boolean"
    elif kind in ("integer", "long"):
        assert isinstance(value, int) and not isinstance(value, bool), f"{where}: expected an integer"
    elif kind == "timestamp":
        assert hasattr(value, "tzinfo") and value.tzinfo is not None, f"{where}: expected an aware datetime"
    elif kind == "blob":
        assert hasattr(value, "read"), f"{where}: expected a streaming body"
    elif kind == "map":
        assert isinstance(value, dict), f"{where}: expected a map"


def assert_boto3_shape(operation: str, answer: dict[str, Any], service: str = "s3") -> None:
    """Every key of ``answer`` is one botocore's output shape has, with the right type; required keys present."""
    shape = service_model(service).operation_model(operation).output_shape
    body = {k: v for k, v in answer.items() if k != "ResponseMetadata"}
    if shape is None:
        assert body == {}, f"{operation} answers nothing, not {body!r}"
        return
    _check(body, shape, operation)
