"""Validation of overly broad grants (R6 security checks), size quotas (G13) and redundancy."""

from __future__ import annotations

import json

import pytest
from validate_rows import ERROR, SECURITY, SUGGESTION, WARNING, Row, assert_row

from workbench.policy.validate import validate_policy

# A table, laid out by hand: one row per check, each policy text beside its expected finding.
# fmt: off
ROWS = {
    "Allow with NotAction": Row("validate_allow_not_action", SECURITY, 6, 7, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "NotAction": "iam:*",
      "Resource": "*"
    }
  ]
}
"""),
    "Allow with NotResource": Row("validate_allow_not_resource", SECURITY, 7, 7, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "NotResource": "arn:aws:s3:::payroll/*"
    }
  ]
}
"""),
    "Allow with NotPrincipal (AMB-20)": Row("validate_allow_not_principal", ERROR, 6, 7, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:user/mallory"},
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::b1/*"
    }
  ]
}
""", "resource"),
    "iam:PassRole on every resource": Row("validate_pass_role_wildcard", SECURITY, 6, 17, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "iam:PassRole",
      "Resource": "*"
    }
  ]
}
"""),
    "iam:Pass* with NotResource": Row("validate_pass_role_wildcard", SECURITY, 6, 17, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "iam:Pass*",
      "NotResource": "arn:aws:iam::111122223333:role/admin"
    }
  ]
}
""", others=("validate_allow_not_resource",)),
    "public bucket policy": Row("validate_public_principal", SECURITY, 6, 20, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": "*"},
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::b1/*"
    }
  ]
}
""", "resource"),
    "Allow * on * in an identity policy": Row("validate_full_access", WARNING, 6, 17, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}
""", others=("validate_pass_role_wildcard",)),
    # -- redundancy -----------------------------------------------------------------------------
    "action covered by a wildcard in the same statement": Row(
        "validate_redundant_action", SUGGESTION, 6, 30, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["iam:Get*", "iam:GetCredentialReport"],
      "Resource": "*"
    }
  ]
}
"""),
    "action listed twice": Row("validate_redundant_action", SUGGESTION, 6, 34, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "S3:GETOBJECT"],
      "Resource": "arn:aws:s3:::b1/*"
    }
  ]
}
"""),
    "resource covered by another": Row("validate_redundant_resource", SUGGESTION, 7, 41, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": ["arn:aws:s3:::b1/*", "arn:aws:s3:::b1/reports/q1.csv"]
    }
  ]
}
"""),
    "statement covered by another": Row("validate_redundant_statement", SUGGESTION, 5, 5, """
{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "All", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b1/*"},
    {"Sid": "One", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b1/a.txt"}
  ]
}
"""),
    "Allow shadowed by an unconditional Deny": Row("validate_unreachable_allow", WARNING, 5, 5, """
{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "NoDelete", "Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"},
    {"Sid": "Cleanup", "Effect": "Allow", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::tmp/*"}
  ]
}
"""),
}
# fmt: on


@pytest.mark.parametrize("row", ROWS.values(), ids=ROWS.keys())
def test_security_and_redundancy_check(row: Row) -> None:
    assert_row(row)


@pytest.mark.parametrize(
    "statements",
    [
        # The covering statement has a condition: nothing is certain, so nothing is claimed.
        [
            {
                "Effect": "Deny",
                "Action": "s3:*",
                "Resource": "*",
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            },
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b1/*"},
        ],
        # Overlapping but not contained: s3:Get* does not cover s3:List*.
        [
            {"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"},
            {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"},
        ],
        # Resource parts compare case-sensitively.
        [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b1/Reports/*"},
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b1/reports/*"},
        ],
        # A Deny with NotAction is not analysed for shadowing.
        [
            {"Effect": "Deny", "NotAction": "s3:GetObject", "Resource": "*"},
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b1/*"},
        ],
    ],
)
def test_redundancy_is_only_claimed_when_certain(statements: list[dict[str, object]]) -> None:
    policy = json.dumps({"Version": "2012-10-17", "Statement": statements}, indent=2)
    codes = validate_policy(policy).codes()
    assert not {"validate_redundant_statement", "validate_unreachable_allow"} & set(codes), codes


def test_narrowing_condition_silences_the_public_principal_warning() -> None:
    policy = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::b1/*",
                "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}},
            },
        }
    )
    assert validate_policy(policy, "resource").findings == ()


def test_guardrail_types_are_not_told_they_grant_too_much() -> None:
    policy = '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}'
    for policy_type in ("boundary", "session", "scp"):
        assert validate_policy(policy, policy_type).findings == (), policy_type


@pytest.mark.parametrize(
    ("policy_type", "quota"),
    [
        ("identity", 6144),
        ("boundary", 6144),
        ("trust", 2048),
        ("scp", 5120),
        ("rcp", 5120),
        ("session", 2048),
    ],
)
def test_size_quota_per_type(policy_type: str, quota: int) -> None:
    def policy_with(count: int) -> str:
        # Whitespace does not count (G13): the indented layout adds none to the total.
        statement = {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}
        if policy_type in ("rcp",):
            statement["Principal"] = "*"
        if policy_type == "trust":
            statement = {"Effect": "Deny", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole"}
        base = json.dumps({"Version": "2012-10-17", "Statement": [statement]}, indent=2)
        chars = len("".join(base.split()))
        padding = count - chars - len(',"Sid":""')
        statement = {**statement, "Sid": "A" * padding}
        text = json.dumps({"Version": "2012-10-17", "Statement": [statement]}, indent=2)
        assert len("".join(text.split())) == count
        return text

    assert "validate_policy_too_large" not in validate_policy(policy_with(quota), policy_type).codes()
    over = validate_policy(policy_with(quota + 1), policy_type)
    (finding,) = [f for f in over.findings if f.code == "validate_policy_too_large"]
    assert finding.severity is ERROR and (finding.line, finding.column) == (1, 1)
    assert f"{quota + 1:,}" in finding.message and f"{quota:,}" in finding.message
