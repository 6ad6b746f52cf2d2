"""S3's meaning of "public" for a policy, statement by statement (reused by Access Analyzer)."""

from __future__ import annotations

from typing import Any

import pytest
from s3_support import allow, deny, policy_text

from workbench.services.s3.policy_status import is_public_policy, policy_status

OBJECTS = "arn:aws:s3:::site/*"


def grant(principal: Any = "*", condition: dict[str, Any] | None = None) -> str:
    extra: dict[str, Any] = {"Principal": principal}
    if condition is not None:
        extra["Condition"] = condition
    return policy_text(allow("s3:GetObject", OBJECTS, **extra))


@pytest.mark.parametrize(
    ("policy", "public"),
    [
        (grant(), True),
        (grant({"AWS": "*"}), True),
        (grant({"AWS": ["*", "111111111111"]}), True),
        (grant({"AWS": "111111111111"}), False),
        (grant({"AWS": "arn:aws:iam::111111111111:role/JohnDoe"}), False),
        (grant({"Service": "logging.s3.amazonaws.com"}), False),
        (grant({"CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}), False),
        (grant(condition={"StringEquals": {"aws:SourceVpc": "vpc-91237329"}}), False),
        (grant(condition={"StringLike": {"aws:SourceVpc": "vpc-*"}}), True),
        (grant(condition={"IpAddress": {"aws:SourceIp": "192.168.1.1/32"}}), False),
        (grant(condition={"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "0.0.0.0/0"]}}), True),
        (grant(condition={"NotIpAddress": {"aws:SourceIp": "192.168.1.1/32"}}), True),
        (grant(condition={"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}), False),
        (grant(condition={"StringEquals": {"aws:PrincipalAccount": "111111111111"}}), False),
        (grant(condition={"ArnEquals": {"aws:SourceArn": "arn:aws:cloudfront::111111111111:distribution/E1"}}), False),
        (grant(condition={"ArnLike": {"aws:SourceArn": "arn:aws:cloudfront::*:distribution/*"}}), True),
        (grant(condition={"StringEquals": {"aws:SourceAccount": "111111111111"}}), False),
        (grant(condition={"StringEqualsIfExists": {"aws:SourceAccount": "111111111111"}}), True),
        (grant(condition={"StringNotEquals": {"aws:SourceAccount": "111111111111"}}), True),
        (grant(condition={"StringEquals": {"aws:PrincipalOrgID": "${aws:PrincipalTag/org}"}}), True),
        (grant(condition={"StringLike": {"aws:userid": "AROAEXAMPLEID:*"}}), False),
        (grant(condition={"Bool": {"aws:SecureTransport": "true"}}), True),
        (
            grant(
                condition={
                    "StringEquals": {
                        "s3:x-amz-server-side-encryption-aws-kms-key-id": "arn:aws:kms:us-east-1:111111111111:key/k"
                    }
                }
            ),
            False,
        ),
        (policy_text(deny("s3:GetObject", OBJECTS, Principal="*")), False),
        (
            policy_text(
                {
                    "Effect": "Allow",
                    "NotPrincipal": {"AWS": "111111111111"},
                    "Action": "s3:GetObject",
                    "Resource": OBJECTS,
                }
            ),
            True,
        ),
        ("not a policy", False),
    ],
)
def test_public_or_not(policy: str, public: bool) -> None:
    assert is_public_policy(policy) is public


def test_status_names_the_public_statements() -> None:
    text = policy_text(
        {**allow("s3:GetObject", OBJECTS, Principal={"AWS": "111111111111"}), "Sid": "Partner"},
        {**allow("s3:GetObject", OBJECTS, Principal="*"), "Sid": "Website"},
    )
    status = policy_status(text)
    assert status.is_public
    assert [(s.index, s.sid) for s in status.public_statements] == [(1, "Website")]
    assert "no condition" in status.public_statements[0].reason
