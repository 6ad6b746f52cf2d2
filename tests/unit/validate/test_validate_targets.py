"""Validation of principals (G11), resource ARNs (G8, G9, AMB-13) and actions (G6): one row per check."""

from __future__ import annotations

import pytest
from validate_rows import ERROR, WARNING, Row, assert_row, text

from workbench.policy.validate import validate_policy

# A table, laid out by hand: one row per check, each policy text beside its expected finding.
# fmt: off
ROWS = {
    # -- principals ---------------------------------------------------------------------------
    "partial wildcard in a principal ARN": Row("validate_principal_partial_wildcard", ERROR, 6, 28, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:user/*"},
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::b1/*"
    }
  ]
}
""", "resource"),
    "? in a principal ARN": Row("validate_principal_partial_wildcard", ERROR, 6, 28, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:role/dev-?"},
      "Action": "sts:AssumeRole"
    }
  ]
}
""", "trust"),
    "account id with dashes": Row("validate_invalid_account_id", ERROR, 6, 28, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": "1111-2222-3333"},
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::b1/*"
    }
  ]
}
""", "resource"),
    "short account id in a principal ARN": Row("validate_invalid_account_id", ERROR, 6, 28, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::12345:root"},
      "Action": "sts:AssumeRole"
    }
  ]
}
""", "trust"),
    "unknown principal kind": Row("validate_unknown_principal_kind", ERROR, 6, 21, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Account": "111122223333"},
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::b1/*"
    }
  ]
}
""", "resource"),
    "group ARN as a principal": Row("validate_invalid_principal", ERROR, 6, 28, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:group/admins"},
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::b1/*"
    }
  ]
}
""", "resource"),
    "service principal without its domain": Row("validate_unusual_service_principal", WARNING, 6, 32, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Service": "lambda"},
      "Action": "sts:AssumeRole"
    }
  ]
}
""", "trust"),
    # -- resource ARNs ------------------------------------------------------------------------
    "resource that is not an ARN": Row("validate_invalid_arn", ERROR, 7, 19, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "b1/*"
    }
  ]
}
"""),
    "ARN with too few parts (AMB-13)": Row("validate_invalid_arn", ERROR, 7, 19, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3"
    }
  ]
}
"""),
    "wildcard in the ARN service part": Row("validate_arn_service_wildcard", ERROR, 7, 19, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s*:::b1/*"
    }
  ]
}
"""),
    "account id in an S3 ARN": Row("validate_arn_account_not_allowed", ERROR, 7, 19, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3::111122223333:b1/*"
    }
  ]
}
"""),
    "region in an IAM ARN": Row("validate_arn_region_not_allowed", WARNING, 7, 19, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "iam:GetRole",
      "Resource": "arn:aws:iam:us-east-1:111122223333:role/app"
    }
  ]
}
"""),
    "region in an S3 bucket ARN": Row("validate_arn_region_not_allowed", WARNING, 7, 19, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:eu-west-1::b1"
    }
  ]
}
"""),
    "variable in the account part (V1)": Row("validate_arn_variable_outside_resource", ERROR, 7, 19, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "iam:GetRole",
      "Resource": "arn:aws:iam::${aws:PrincipalAccount}:role/app"
    }
  ]
}
"""),
    "bucket action on an object ARN": Row("validate_arn_matches_no_action", WARNING, 7, 19, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::b1/*"
    }
  ]
}
"""),
    "action that no listed resource fits": Row("validate_action_matches_no_resource", WARNING, 6, 34, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": "arn:aws:s3:::b1/*"
    }
  ]
}
"""),
    "action without resource-level permissions on an ARN": Row(
        "validate_action_matches_no_resource", WARNING, 6, 34, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:ListAllMyBuckets"],
      "Resource": "arn:aws:s3:::b1/*"
    }
  ]
}
"""),
    # -- actions --------------------------------------------------------------------------------
    "action without a colon": Row("validate_invalid_action", ERROR, 6, 17, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "GetObject",
      "Resource": "*"
    }
  ]
}
"""),
    "action with a space": Row("validate_invalid_action", ERROR, 6, 17, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3: GetObject",
      "Resource": "*"
    }
  ]
}
"""),
    "action with an empty name": Row("validate_invalid_action", ERROR, 6, 17, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:",
      "Resource": "*"
    }
  ]
}
"""),
    "wildcard in the service prefix": Row("validate_action_service_wildcard", ERROR, 6, 17, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s*:GetObject",
      "Resource": "*"
    }
  ]
}
"""),
    "unknown service": Row("validate_unknown_service", ERROR, 6, 17, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s4:GetObject",
      "Resource": "*"
    }
  ]
}
"""),
    "unknown action": Row("validate_unknown_action", ERROR, 6, 17, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObjekt",
      "Resource": "*"
    }
  ]
}
"""),
    "unknown action in NotAction": Row("validate_unknown_action", ERROR, 6, 20, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "NotAction": "iam:ListUser",
      "Resource": "*"
    }
  ]
}
"""),
    "pattern that matches no action": Row("validate_action_matches_nothing", ERROR, 6, 17, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:Fetch*",
      "Resource": "*"
    }
  ]
}
"""),
}
# fmt: on


@pytest.mark.parametrize("row", ROWS.values(), ids=ROWS.keys())
def test_target_check(row: Row) -> None:
    assert_row(row)


def test_unknown_action_suggests_the_real_one() -> None:
    report = validate_policy(text(ROWS["unknown action"].text))
    (finding,) = report.findings
    assert finding.hint.startswith("Did you mean s3:GetObject")
    assert '"s3:GetObjekt"' in finding.message
    assert finding.pointer == "/Statement/0/Action"


def test_bucket_action_hint_names_the_bucket_arn() -> None:
    report = validate_policy(text(ROWS["bucket action on an object ARN"].text))
    (finding,) = report.findings
    assert "arn:aws:s3:::b1" in finding.hint and "bucket" in finding.hint.lower()


def test_partial_wildcard_hint_shows_the_condition_to_write() -> None:
    report = validate_policy(text(ROWS["partial wildcard in a principal ARN"].text), "resource")
    (finding,) = report.findings
    assert '"Principal": "*"' in finding.hint and "aws:PrincipalArn" in finding.hint


@pytest.mark.parametrize(
    ("action", "resource"),
    [
        ("s3:GetObject", "arn:aws:s3:us-east-1:111122223333:accesspoint/reports/object/k"),  # region+account
        ("s3:*", "arn:aws:s3:::*"),
        ("s3:GetObject", "arn:aws:s3:::b1/${aws:username}/*"),
        ("iam:GetPolicy", "arn:aws:iam::aws:policy/ReadOnlyAccess"),
        ("logs:PutLogEvents", "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/fn:log-stream:*"),
        ("sqs:SendMessage", "arn:aws:sqs:*:111122223333:orders"),
    ],
)
def test_valid_arn_forms_are_not_reported(action: str, resource: str) -> None:
    policy = (
        '{"Version": "2012-10-17", "Statement": '
        f'{{"Effect": "Deny", "Action": "{action}", "Resource": "{resource}"}}}}'
    )
    assert validate_policy(policy).findings == ()


@pytest.mark.parametrize(
    "principal",
    [
        '"*"',
        '{"AWS": "111122223333"}',
        '{"AWS": "arn:aws:iam::111122223333:root"}',
        '{"AWS": "arn:aws:iam::111122223333:role/path/app"}',
        '{"AWS": "arn:aws:sts::111122223333:assumed-role/app/session-1"}',
        '{"AWS": "arn:aws:sts::111122223333:federated-user/bob"}',
        '{"AWS": "AROAEXAMPLEID1234567"}',
        '{"Service": ["s3.amazonaws.com", "lambda.amazonaws.com"]}',
        '{"CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}',
        '{"Federated": "arn:aws:iam::111122223333:saml-provider/corp"}',
        '{"Federated": "accounts.google.com"}',
    ],
)
def test_valid_principal_forms_are_not_reported(principal: str) -> None:
    policy = (
        '{"Version": "2012-10-17", "Statement": {"Effect": "Deny", '
        f'"Principal": {principal}, "Action": "s3:DeleteBucket", "Resource": "arn:aws:s3:::b1"}}}}'
    )
    assert validate_policy(policy, "resource").findings == ()
