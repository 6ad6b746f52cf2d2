"""Helpers for the KMS tests: accounts, users made through the IAM client, policy builders, error accessors."""

from __future__ import annotations

import json
from typing import Any

import pytest

from workbench.account.callers import Credentials
from workbench.account.simulation import Simulation

A = "111111111111"
B = "222222222222"


def policy_text(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action: str | list[str], resource: str | list[str] = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action: str | list[str], resource: str | list[str] = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def key_statement(
    principal: Any, action: str | list[str] = "kms:*", effect: str = "Allow", **extra: Any
) -> dict[str, Any]:
    """One key-policy statement: ``key_statement({"AWS": "arn:aws:iam::111111111111:user/bob"})``."""
    return {"Effect": effect, "Principal": principal, "Action": action, "Resource": "*", **extra}


def account_root(account_id: str) -> dict[str, str]:
    return {"AWS": f"arn:aws:iam::{account_id}:root"}


def user_arn(account_id: str, name: str) -> str:
    return f"arn:aws:iam::{account_id}:user/{name}"


def error_code(raised: pytest.ExceptionInfo[Any]) -> str:
    return str(raised.value.response["Error"]["Code"])


def error_message(raised: pytest.ExceptionInfo[Any]) -> str:
    return str(raised.value.response["Error"]["Message"])


def make_user(sim: Simulation, account_id: str, name: str, *statements: dict[str, Any]) -> Credentials:
    """Create IAM user ``name`` (inline statements, one access key) through the root's IAM client."""
    iam = sim.client("iam", sim.root_credentials(account_id))
    iam.create_user(UserName=name)
    if statements:
        iam.put_user_policy(UserName=name, PolicyName="granted", PolicyDocument=policy_text(*statements))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return Credentials(access_key_id=key["AccessKeyId"], secret_access_key=key["SecretAccessKey"])
