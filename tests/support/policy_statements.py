"""Test support shared by every suite: policy statements as tests write them, AWS errors as boto3 raises them."""

from __future__ import annotations

import json
from typing import Any

import pytest


def policy_text(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action: str | list[str], resource: str | list[str] = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action: str | list[str], resource: str | list[str] = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def error_code(raised: pytest.ExceptionInfo[Any]) -> str:
    return str(raised.value.response["Error"]["Code"])


def error_message(raised: pytest.ExceptionInfo[Any]) -> str:
    return str(raised.value.response["Error"]["Message"])
