"""Helpers for the IAM entity tests: policy text builders and error accessors (imported by the test modules)."""

from __future__ import annotations

import json
from typing import Any

import pytest

ACCOUNT = "111111111111"

ADMIN_ARN = "arn:aws:iam::aws:policy/AdministratorAccess"
ANALYZER_POLICY_ARN = "arn:aws:iam::aws:policy/aws-service-role/AccessAnalyzerServiceRolePolicy"


def policy_text(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action: str | list[str], resource: str | list[str] = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action: str | list[str], resource: str = "*") -> dict[str, Any]:
    return {"Effect": "Deny", "Action": action, "Resource": resource}


def trust(principal: dict[str, Any]) -> str:
    statement = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


EC2_TRUST = trust({"Service": "ec2.amazonaws.com"})


def error_code(raised: pytest.ExceptionInfo[Any]) -> str:
    return str(raised.value.response["Error"]["Code"])


def error_message(raised: pytest.ExceptionInfo[Any]) -> str:
    return str(raised.value.response["Error"]["Message"])
