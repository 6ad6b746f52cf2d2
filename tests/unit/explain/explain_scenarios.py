"""Shared builders for the explanation tests: policies as JSON text, requests through ``workbench.api``."""

from __future__ import annotations

import json
from typing import Any

from workbench.api import make_policy_set, make_request
from workbench.engine.authorize import authorize
from workbench.engine.policy_set import PolicySet
from workbench.explain import Explanation, explain_decision

ACCOUNT = "111122223333"
OTHER = "444455556666"
ALICE = f"arn:aws:iam::{ACCOUNT}:user/alice"
BOB = f"arn:aws:iam::{ACCOUNT}:user/bob"
CAROL = f"arn:aws:iam::{OTHER}:user/carol"
SESSION = f"arn:aws:sts::{ACCOUNT}:assumed-role/app/s1"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/app"
REPORT = "arn:aws:s3:::reports/q1.csv"


def policy(*statements: dict[str, Any]) -> str:
    """Policy text with one statement per entry, indented so statement N starts on a known line."""
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)}, indent=2)


def allow(action: str | list[str], resource: str | list[str], sid: str | None = None, **extra: Any) -> dict[str, Any]:
    statement: dict[str, Any] = {"Sid": sid} if sid else {}
    statement.update({"Effect": "Allow", "Action": action, "Resource": resource, **extra})
    return statement


def deny(action: str | list[str], resource: str | list[str], sid: str | None = None, **extra: Any) -> dict[str, Any]:
    return {**allow(action, resource, sid, **extra), "Effect": "Deny"}


def grant(
    principal: Any, action: str, resource: str | None = None, sid: str | None = None, **extra: Any
) -> dict[str, Any]:
    """A resource-based policy statement (trust policies have no Resource)."""
    statement: dict[str, Any] = {"Sid": sid} if sid else {}
    statement.update({"Effect": "Allow", "Principal": principal, "Action": action, **extra})
    if resource is not None:
        statement["Resource"] = resource
    return statement


def explain(
    principal: str | None,
    action: str,
    resource: str,
    policies: PolicySet,
    *,
    resource_account: str | None = None,
    context: dict[str, Any] | None = None,
) -> Explanation:
    """Decide the request (without a trace, as the hot path does) and explain it."""
    request = make_request(principal, action, resource, resource_account=resource_account, context=context)
    return explain_decision(authorize(request, policies), policies)


def verdicts(explanation: Explanation) -> list[tuple[str, str]]:
    return [(step.layer, step.verdict) for step in explanation.steps]


def decisive(explanation: Explanation) -> list[str]:
    return [step.layer for step in explanation.steps if step.decisive]


def step(explanation: Explanation, layer: str) -> Any:
    found = [s for s in explanation.steps if s.layer == layer]
    assert len(found) == 1, f"expected one {layer} step, got {verdicts(explanation)}"
    return found[0]


# -- the scenarios most tests share -------------------------------------------------------------------
READ_REPORTS = policy(
    allow("s3:GetObject", "arn:aws:s3:::reports/*", "ReadReports"),
    deny("s3:DeleteObject", "*", "NeverDelete"),
)


def reports_policies() -> PolicySet:
    return make_policy_set([READ_REPORTS])


def ip_policies() -> PolicySet:
    office = allow(
        "s3:GetObject",
        "arn:aws:s3:::reports/*",
        "FromOffice",
        Condition={"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
    )
    return make_policy_set([policy(office)])
