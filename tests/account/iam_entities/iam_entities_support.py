"""Helpers for the IAM entity tests: policy text builders and error accessors (imported by the test modules)."""

from __future__ import annotations

import json
from typing import Any

from policy_statements import allow as allow  # shared; re-exported
from policy_statements import error_code as error_code
from policy_statements import error_message as error_message
from policy_statements import policy_text as policy_text

ACCOUNT = "111111111111"

ADMIN_ARN = "arn:aws:iam::aws:policy/AdministratorAccess"
ANALYZER_POLICY_ARN = "arn:aws:iam::aws:policy/aws-service-role/AccessAnalyzerServiceRolePolicy"


def deny(action: str | list[str], resource: str = "*") -> dict[str, Any]:
    return {"Effect": "Deny", "Action": action, "Resource": resource}


def trust(principal: dict[str, Any]) -> str:
    statement = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


EC2_TRUST = trust({"Service": "ec2.amazonaws.com"})
