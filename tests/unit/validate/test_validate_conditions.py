"""Validation of condition blocks (C1–C13) and policy variables (V1–V4, AMB-05, AMB-06): one row per check."""

from __future__ import annotations

import pytest
from validate_rows import ERROR, SECURITY, WARNING, Row, assert_row, text

from workbench.policy.validate import validate_policy


def _condition(condition: str, action: str = "s3:ListAllMyBuckets", version: str = '"2012-10-17"') -> str:
    """A one-statement identity policy whose line 8 holds ``condition`` after ``"Condition": ``."""
    return f"""
{{
  "Version": {version},
  "Statement": [
    {{
      "Effect": "Allow",
      "Action": "{action}",
      "Resource": "*",
      "Condition": {condition}
    }}
  ]
}}
"""


# A table, laid out by hand: one row per check, each policy text beside its expected finding.
# fmt: off
ROWS = {
    "unknown operator": Row(
        "validate_unknown_operator", ERROR, 8, 21,
        _condition('{"StringEqualz": {"aws:username": "alice"}}'),
    ),
    "unknown set qualifier": Row(
        "validate_unknown_operator", ERROR, 8, 21,
        _condition('{"ForAnyValues:StringEquals": {"aws:TagKeys": "env"}}'),
    ),
    "NullIfExists (C10)": Row(
        "validate_null_if_exists", ERROR, 8, 21,
        _condition('{"NullIfExists": {"aws:TokenIssueTime": "true"}}'),
    ),
    "date that is not a date": Row(
        "validate_invalid_condition_value", WARNING, 8, 60,
        _condition('{"DateGreaterThan": {"aws:CurrentTime": "tomorrow"}}'),
    ),
    "number that is not a number": Row(
        "validate_invalid_condition_value", WARNING, 8, 67,
        _condition('{"NumericLessThan": {"aws:MultiFactorAuthAge": "1h"}}'),
    ),
    "Bool value other than true/false": Row(
        "validate_invalid_bool_value", ERROR, 8, 53,
        _condition('{"Bool": {"aws:SecureTransport": "yes"}}'),
    ),
    "Null value other than true/false": Row(
        "validate_invalid_bool_value", ERROR, 8, 52,
        _condition('{"Null": {"aws:TokenIssueTime": "absent"}}'),
    ),
    "unknown global key": Row(
        "validate_unknown_condition_key", WARNING, 8, 38,
        _condition('{"StringEquals": {"aws:SourceIpAddress": "alice"}}'),
    ),
    "unknown service key": Row(
        "validate_unknown_condition_key", WARNING, 8, 36,
        _condition('{"StringLike": {"s3:prefixes": "home/*"}}'),
    ),
    "service key of another service": Row(
        "validate_condition_key_not_applicable", WARNING, 8, 36,
        _condition('{"StringLike": {"s3:prefix": "home/*"}}', action="ec2:RunInstances"),
    ),
    "service key of another action": Row(
        "validate_condition_key_not_applicable", WARNING, 8, 36,
        _condition('{"StringLike": {"s3:prefix": "home/*"}}', action="s3:DeleteBucket"),
    ),
    "numeric operator on a string key": Row(
        "validate_condition_type_mismatch", WARNING, 8, 39,
        _condition('{"NumericEquals": {"aws:username": "7"}}'),
    ),
    "Bool on a date key": Row(
        "validate_condition_type_mismatch", WARNING, 8, 30,
        _condition('{"Bool": {"aws:TokenIssueTime": "true"}}'),
    ),
    "IpAddress on a string key": Row(
        "validate_condition_type_mismatch", WARNING, 8, 35,
        _condition('{"IpAddress": {"aws:SourceVpc": "10.0.0.0/8"}}'),
    ),
    "ForAllValues on a single-valued key": Row(
        "validate_for_all_values_single_valued", SECURITY, 8, 51,
        _condition('{"ForAllValues:StringEquals": {"aws:PrincipalTag/team": "blue"}}'),
    ),
    "ForAnyValue on a single-valued key": Row(
        "validate_for_any_value_single_valued", WARNING, 8, 50,
        _condition('{"ForAnyValue:StringEquals": {"aws:RequestedRegion": "eu-west-1"}}'),
    ),
    "plain operator on a multivalued key (AMB-08)": Row(
        "validate_plain_operator_multivalued", WARNING, 8, 38,
        _condition('{"StringEquals": {"aws:TagKeys": "env"}}', action="ec2:CreateTags"),
    ),
    "wildcard with StringEquals": Row(
        "validate_wildcard_without_like", WARNING, 8, 58,
        _condition('{"StringEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/dev-*"}}'),
    ),
    # -- variables ------------------------------------------------------------------------------
    "variable under Version 2008-10-17": Row("validate_variable_version", ERROR, 7, 19, """
{
  "Version": "2008-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::home/${aws:username}/*"
    }
  ]
}
"""),
    "variable without Version (AMB-05)": Row("validate_variable_version", ERROR, 6, 19, """
{
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::home/${aws:username}/*"
    }
  ]
}
""", others=("validate_missing_version",)),
    "variable with a numeric operator": Row(
        "validate_variable_unsupported_operator", ERROR, 8, 67,
        _condition('{"NumericLessThan": {"aws:MultiFactorAuthAge": "${aws:PrincipalTag/maxage}"}}'),
    ),
    "variable with Bool (AMB-06)": Row(
        "validate_variable_unsupported_operator", ERROR, 8, 60,
        _condition('{"Bool": {"aws:MultiFactorAuthPresent": "${aws:PrincipalTag/mfa}"}}'),
    ),
    "variable naming a multivalued key": Row("validate_variable_multivalued_key", ERROR, 7, 19, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::tags/${aws:TagKeys}/*"
    }
  ]
}
"""),
    "unclosed variable": Row("validate_invalid_variable_syntax", ERROR, 7, 19, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::home/${aws:username/*"
    }
  ]
}
"""),
    "default value in double quotes": Row(
        "validate_invalid_variable_syntax", ERROR, 8, 62,
        _condition('{"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team, \\"none\\"}"}}'),
    ),
    "variable naming no known key": Row("validate_unknown_variable_key", WARNING, 7, 19, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::home/${aws:user}/*"
    }
  ]
}
"""),
}
# fmt: on


@pytest.mark.parametrize("row", ROWS.values(), ids=ROWS.keys())
def test_condition_check(row: Row) -> None:
    assert_row(row)


def test_unknown_operator_message_suggests_the_operator() -> None:
    (finding,) = validate_policy(text(ROWS["unknown operator"].text)).findings
    assert "did you mean StringEquals" in finding.message
    assert finding.hint == 'Write "StringEquals".'


def test_missing_version_says_variables_stay_literal() -> None:
    report = validate_policy(text(ROWS["variable without Version (AMB-05)"].text))
    (missing,) = [f for f in report.findings if f.code == "validate_missing_version"]
    assert "literal text" in missing.message


@pytest.mark.parametrize(
    "condition",
    [
        '{"DateGreaterThan": {"aws:EpochTime": "1700000000"}}',
        '{"NumericGreaterThan": {"aws:EpochTime": "1700000000"}}',  # EpochTime is also numeric (C5)
        '{"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/dev-*"}}',  # ARN keys take String ops
        '{"ArnLike": {"aws:SourceArn": "arn:aws:s3:::b1"}}',
        '{"ForAnyValue:StringEquals": {"aws:CalledVia": "athena.amazonaws.com"}}',
        '{"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}}',
        '{"Null": {"aws:TagKeys": "false"}}',
        '{"StringEqualsIgnoreCase": {"aws:PrincipalTag/Team": "${aws:username}"}}',
        '{"StringEquals": {"aws:PrincipalTag/path": "a${*}b"}}',  # an escaped * is not a wildcard
        '{"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}}',
        '{"stringequals": {"AWS:USERNAME": "alice"}}',  # operators and keys ignore case (AMB-12)
    ],
)
def test_valid_conditions_are_not_reported(condition: str) -> None:
    report = validate_policy(text(_condition(condition)))
    assert report.findings == (), "\n".join(map(str, report.findings))
