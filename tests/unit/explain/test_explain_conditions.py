"""Condition failures in words: the request's value against the policy's values, for each operator family."""

from __future__ import annotations

from typing import Any

import pytest
from explain_scenarios import ALICE, REPORT, allow, deny, explain, policy

from workbench.api import make_policy_set


@pytest.mark.parametrize(
    ("operator", "key", "values", "context", "words"),
    [
        (
            "StringEquals",
            "aws:PrincipalTag/team",
            ["blue", "green"],
            {},
            "the request did not include aws:PrincipalTag/team (needed by StringEquals: blue, green)",
        ),
        (
            "StringEquals",
            "aws:RequestedRegion",
            ["eu-west-1", "eu-north-1"],
            {"aws:RequestedRegion": "us-east-1"},
            "aws:RequestedRegion was us-east-1, which does not equal any of eu-west-1, eu-north-1",
        ),
        (
            "StringNotEquals",
            "aws:RequestedRegion",
            ["us-east-1"],
            {"aws:RequestedRegion": "us-east-1"},
            "aws:RequestedRegion was us-east-1, which equals us-east-1, so StringNotEquals is false",
        ),
        (
            "StringLike",
            "s3:prefix",
            ["home/alice/*"],
            {"s3:prefix": "home/bob/"},
            "s3:prefix was home/bob/, which does not match home/alice/*",
        ),
        (
            "NumericLessThan",
            "s3:max-keys",
            ["10"],
            {"s3:max-keys": 50},
            "s3:max-keys was 50, which is not less than 10",
        ),
        (
            "DateGreaterThan",
            "aws:CurrentTime",
            ["2030-01-01T00:00:00Z"],
            {"aws:CurrentTime": "2026-11-27T00:00:00Z"},
            "aws:CurrentTime was 2026-11-27T00:00:00Z, which is not after 2030-01-01T00:00:00Z",
        ),
        (
            "Bool",
            "aws:SecureTransport",
            ["true"],
            {"aws:SecureTransport": False},
            "aws:SecureTransport was false, but the condition requires true",
        ),
        (
            "Null",
            "aws:TokenIssueTime",
            ["false"],
            {},
            "the request did not include aws:TokenIssueTime, and Null false requires it to be present",
        ),
        (
            "ForAnyValue:StringEquals",
            "aws:TagKeys",
            ["env", "team"],
            {"aws:TagKeys": ["cost"]},
            "aws:TagKeys was [cost], and none of them equals one of env, team",
        ),
        (
            "ForAllValues:StringEquals",
            "aws:TagKeys",
            ["env", "team"],
            {"aws:TagKeys": ["env", "cost"]},
            "aws:TagKeys was [env, cost], and not every one of them equals one of env, team",
        ),
        (
            "NotIpAddress",
            "aws:SourceIp",
            ["203.0.113.0/24"],
            {"aws:SourceIp": "203.0.113.9"},
            "aws:SourceIp was 203.0.113.9, which is in 203.0.113.0/24, so NotIpAddress is false",
        ),
        (
            "StringEqualsIfExists",
            "aws:RequestedRegion",
            ["eu-west-1"],
            {"aws:RequestedRegion": "us-east-1"},
            "aws:RequestedRegion was us-east-1, which does not equal eu-west-1",
        ),
    ],
)
def test_condition_failure_words(
    operator: str, key: str, values: list[str], context: dict[str, Any], words: str
) -> None:
    statement = allow("s3:GetObject", "*", "Guarded", Condition={operator: {key: values}})
    e = explain(ALICE, "s3:GetObject", REPORT, make_policy_set([policy(statement)]), context=context)
    assert [(n.statement.sid, n.operator, n.key, n.text) for n in e.condition_failures] == [
        ("Guarded", operator, key, words)
    ]


def test_a_deny_whose_condition_failed_is_explained_for_an_allowed_request() -> None:
    guard = deny("s3:*", "*", "DenyHttp", Condition={"Bool": {"aws:SecureTransport": "false"}})
    policies = make_policy_set([policy(allow("s3:GetObject", "*", "Read"), guard)])
    e = explain(ALICE, "s3:GetObject", REPORT, policies, context={"aws:SecureTransport": True})
    assert e.decision.decision == "allowed"
    assert [(n.statement.sid, n.text) for n in e.condition_failures] == [
        ("DenyHttp", "aws:SecureTransport was true, but the condition requires false")
    ]
    deny_step = e.steps[0]
    assert deny_step.verdict == "passed"
    assert '"DenyHttp" of identity policy 1 (line 10:5) would deny it, but its condition did not hold' in deny_step.text
