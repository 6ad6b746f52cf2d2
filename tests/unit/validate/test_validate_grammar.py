"""Validation of the document and statement grammar per policy type (G1–G13): one row per check."""

from __future__ import annotations

import pytest
from validate_rows import ERROR, SUGGESTION, WARNING, Row, assert_row, text

from workbench.policy.validate import validate_policy

# A table, laid out by hand: one row per check, each policy text beside its expected finding.
# fmt: off
ROWS = {
    "missing Statement": Row("validate_missing_statement", ERROR, 1, 1, """
{
  "Version": "2012-10-17"
}
"""),
    "empty Statement array": Row("validate_no_statements", WARNING, 3, 16, """
{
  "Version": "2012-10-17",
  "Statement": []
}
"""),
    "unknown top-level element": Row("validate_unknown_element", ERROR, 3, 3, """
{
  "Version": "2012-10-17",
  "Comment": "reports",
  "Statement": {"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}
}
"""),
    "element name in the wrong case (AMB-12)": Row("validate_unknown_element", ERROR, 5, 7, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "effect": "Allow",
      "Action": "s3:ListAllMyBuckets",
      "Resource": "*"
    }
  ]
}
"""),
    "missing Version": Row("validate_missing_version", WARNING, 1, 1, """
{
  "Statement": {"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}
}
"""),
    "invalid Version": Row("validate_invalid_version", ERROR, 2, 14, """
{
  "Version": "2024-05-01",
  "Statement": {"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}
}
"""),
    "Id in an identity policy (AMB-11)": Row("validate_id_not_expected", WARNING, 3, 3, """
{
  "Version": "2012-10-17",
  "Id": "reports-policy",
  "Statement": {"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}
}
"""),
    "Id in an SCP": Row("validate_id_not_expected", WARNING, 3, 3, """
{
  "Version": "2012-10-17",
  "Id": "guardrail",
  "Statement": {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}
}
""", "scp"),
    "duplicate Sid in an identity policy": Row("validate_duplicate_sid", ERROR, 5, 13, """
{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Read", "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},
    {"Sid": "Read", "Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"}
  ]
}
"""),
    "duplicate Sid in a bucket policy": Row("validate_duplicate_sid", WARNING, 6, 13, """
{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Read", "Effect": "Allow", "Principal": {"AWS": "111122223333"},
     "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b1"},
    {"Sid": "Read", "Effect": "Allow", "Principal": {"AWS": "111122223333"},
     "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b1/*"}
  ]
}
""", "resource"),
    "Sid with a space in a trust policy": Row("validate_invalid_sid", ERROR, 5, 14, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Allow ops",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
      "Action": "sts:AssumeRole"
    }
  ]
}
""", "trust"),
    "Sid with a space in a bucket policy": Row("validate_invalid_sid", SUGGESTION, 5, 14, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Allow ops",
      "Effect": "Allow",
      "Principal": {"AWS": "111122223333"},
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::b1"
    }
  ]
}
""", "resource"),
    "empty Sid": Row("validate_empty_sid", SUGGESTION, 3, 24, """
{
  "Version": "2012-10-17",
  "Statement": {"Sid": "", "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}
}
"""),
    "missing Effect": Row("validate_missing_effect", ERROR, 4, 5, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Action": "s3:ListAllMyBuckets",
      "Resource": "*"
    }
  ]
}
"""),
    "Effect in the wrong case": Row("validate_invalid_effect", ERROR, 5, 17, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "allow",
      "Action": "s3:ListAllMyBuckets",
      "Resource": "*"
    }
  ]
}
"""),
    "Action and NotAction together": Row("validate_action_and_not_action", ERROR, 7, 7, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": "s3:DeleteBucket",
      "NotAction": "s3:GetObject",
      "Resource": "*"
    }
  ]
}
"""),
    "neither Action nor NotAction": Row("validate_missing_action", ERROR, 4, 5, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Resource": "*"
    }
  ]
}
"""),
    "Resource and NotResource together": Row("validate_resource_and_not_resource", ERROR, 8, 7, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": "s3:DeleteBucket",
      "Resource": "*",
      "NotResource": "arn:aws:s3:::b1"
    }
  ]
}
"""),
    "no Resource in an identity policy": Row("validate_missing_resource", ERROR, 4, 5, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:ListAllMyBuckets"
    }
  ]
}
"""),
    "no Resource in a bucket policy (G7)": Row("validate_missing_resource", ERROR, 4, 5, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": "111122223333"},
      "Action": "s3:ListBucket"
    }
  ]
}
""", "resource"),
    "Resource in a trust policy": Row("validate_resource_in_trust_policy", ERROR, 8, 7, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": "111122223333"},
      "Action": "sts:AssumeRole",
      "Resource": "*"
    }
  ]
}
""", "trust"),
    "Principal in an identity policy": Row("validate_principal_not_allowed", ERROR, 6, 7, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": "111122223333"},
      "Action": "s3:ListAllMyBuckets",
      "Resource": "*"
    }
  ]
}
"""),
    "NotPrincipal in an SCP": Row("validate_principal_not_allowed", ERROR, 6, 7, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "NotPrincipal": {"AWS": "111122223333"},
      "Action": "s3:DeleteBucket",
      "Resource": "*"
    }
  ]
}
""", "scp"),
    "no Principal in a bucket policy": Row("validate_missing_principal", ERROR, 4, 5, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::b1"
    }
  ]
}
""", "resource"),
    "no Principal in a trust policy": Row("validate_missing_principal", ERROR, 4, 5, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole"
    }
  ]
}
""", "trust"),
    "NotPrincipal in a trust policy": Row("validate_not_principal_not_allowed", ERROR, 6, 7, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "NotPrincipal": {"AWS": "111122223333"},
      "Action": "sts:AssumeRole"
    }
  ]
}
""", "trust"),
    "Principal and NotPrincipal together": Row("validate_principal_and_not_principal", ERROR, 7, 7, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Principal": "*",
      "NotPrincipal": {"AWS": "111122223333"},
      "Action": "s3:DeleteBucket",
      "Resource": "arn:aws:s3:::b1"
    }
  ]
}
""", "resource"),
    "RCP Principal other than *": Row("validate_rcp_principal_not_wildcard", ERROR, 6, 20, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Principal": {"AWS": "111122223333"},
      "Action": "s3:DeleteBucket",
      "Resource": "*"
    }
  ]
}
""", "rcp"),
    "RCP with Allow": Row("validate_rcp_allow", ERROR, 5, 17, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": "*",
      "Action": "s3:GetObject",
      "Resource": "*"
    }
  ]
}
""", "rcp"),
    "RCP without Version": Row("validate_missing_version", ERROR, 1, 1, """
{
  "Statement": {"Effect": "Deny", "Principal": "*", "Action": "s3:DeleteBucket", "Resource": "*"}
}
""", "rcp"),
    "trust policy with a non-STS action": Row("validate_trust_action_not_allowed", ERROR, 7, 17, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Service": "ec2.amazonaws.com"},
      "Action": "s3:GetObject"
    }
  ]
}
""", "trust"),
    "trust policy with Principal * (AMB-10)": Row("validate_trust_principal_wildcard", ERROR, 6, 20, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": "*",
      "Action": "sts:AssumeRole"
    }
  ]
}
""",
        "trust",
        ("validate_public_principal",),
    ),
    "empty Condition object": Row("validate_empty_element", SUGGESTION, 8, 20, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:ListAllMyBuckets",
      "Resource": "*",
      "Condition": {}
    }
  ]
}
"""),
    "empty array of condition values": Row("validate_empty_element", SUGGESTION, 8, 51, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:ListAllMyBuckets",
      "Resource": "*",
      "Condition": {"IpAddress": {"aws:SourceIp": []}}
    }
  ]
}
"""),
    "character outside U+0020-U+00FF (G13)": Row("validate_invalid_character", ERROR, 7, 38, """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::b1/q1\u2019s-report.csv"
    }
  ]
}
"""),
}
# fmt: on


@pytest.mark.parametrize("row", ROWS.values(), ids=ROWS.keys())
def test_grammar_check(row: Row) -> None:
    assert_row(row)


CLEAN = {
    "identity": """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadReports",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]
    },
    {
      "Sid": "OwnFolder",
      "Effect": "Allow",
      "Action": "s3:PutObject",
      "Resource": "arn:aws:s3:::home/${aws:username}/*",
      "Condition": {"Bool": {"aws:SecureTransport": "true"}}
    }
  ]
}
""",
    "boundary": """
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:*", "cloudwatch:*", "ec2:Describe*"], "Resource": "*"},
    {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}
  ]
}
""",
    "session": """
{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Action": "dynamodb:GetItem",
    "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/orders"
  }
}
""",
    "scp": """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyOutsideEU",
      "Effect": "Deny",
      "NotAction": ["iam:*", "sts:*", "organizations:*"],
      "Resource": "*",
      "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}}
    }
  ]
}
""",
    "rcp": """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "OnlyOurOrg",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": "*",
      "Condition": {
        "StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-abc123def4"},
        "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}
      }
    }
  ]
}
""",
    "trust": """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
      "Action": ["sts:AssumeRole", "sts:TagSession"],
      "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    },
    {
      "Effect": "Allow",
      "Principal": {"Service": "ec2.amazonaws.com"},
      "Action": "sts:AssumeRole"
    },
    {
      "Effect": "Allow",
      "Principal": {
        "Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
      },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
        "StringLike": {"token.actions.githubusercontent.com:sub": "repo:example/app:*"}
      }
    }
  ]
}
""",
    "resource": """
{
  "Version": "2012-10-17",
  "Id": "bucket-policy-reports",
  "Statement": [
    {
      "Sid": "OrgRead",
      "Effect": "Allow",
      "Principal": "*",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/*",
      "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123def4"}}
    },
    {
      "Sid": "PartnerList",
      "Effect": "Allow",
      "Principal": {"AWS": ["222233334444", "arn:aws:iam::222233334444:role/reader"]},
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::reports"
    }
  ]
}
""",
}


@pytest.mark.parametrize(("policy_type", "block"), CLEAN.items(), ids=CLEAN.keys())
def test_clean_policy_has_no_findings(policy_type: str, block: str) -> None:
    report = validate_policy(text(block), policy_type)
    assert report.findings == (), "\n".join(map(str, report.findings))


def test_rcp_full_aws_access_itself_is_accepted() -> None:
    full_access = (
        '{"Version": "2012-10-17", "Statement": '
        '[{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}'
    )
    assert validate_policy(full_access, "rcp").findings == ()
