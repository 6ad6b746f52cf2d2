"""Bucket policies: stored as written, validated as S3 does, guarded by BlockPublicPolicy, managed by the owner only."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError
from s3_support import (
    OTHER,
    OWNER,
    allow,
    assert_boto3_shape,
    deny,
    error_code,
    error_message,
    error_status,
    policy_text,
    public_read,
)

from workbench.account.simulation import Simulation
from workbench.services.s3.policy_rules import malformed_policy_message

BUCKET_ARN = "arn:aws:s3:::reports"
OTHER_ACCOUNT_READ = policy_text(allow("s3:GetObject", f"{BUCKET_ARN}/*", Principal={"AWS": OTHER}))


def test_put_get_delete_bucket_policy(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as raised:
        s3.get_bucket_policy(Bucket=bucket)
    assert (error_code(raised), error_status(raised)) == ("NoSuchBucketPolicy", 404)
    assert error_message(raised) == "The bucket policy does not exist"
    answer = s3.put_bucket_policy(Bucket=bucket, Policy=OTHER_ACCOUNT_READ)
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 204
    got = s3.get_bucket_policy(Bucket=bucket)
    assert_boto3_shape("GetBucketPolicy", got)
    assert got["Policy"] == OTHER_ACCOUNT_READ
    assert s3.delete_bucket_policy(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError):
        s3.get_bucket_policy(Bucket=bucket)


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        (allow("s3:GetObject", f"{BUCKET_ARN}/*"), "Missing required field Principal"),
        (allow("s3:GetObjekt", f"{BUCKET_ARN}/*", Principal="*"), "Policy has invalid action"),
        (allow("iam:CreateUser", f"{BUCKET_ARN}/*", Principal="*"), "Policy has invalid action"),
        (allow("s3:GetObject", "arn:aws:s3:::someone-elses/*", Principal="*"), "Policy has invalid resource"),
        (allow("s3:GetObject", "*", Principal="*"), "Policy has invalid resource"),
        (
            allow("s3:ListBucket", f"{BUCKET_ARN}/*", Principal={"AWS": OTHER}),
            "Action does not apply to any resource(s) in statement",
        ),
        (
            allow(["s3:GetObject", "s3:ListBucket"], f"{BUCKET_ARN}/*", Principal={"AWS": OTHER}),
            "Action does not apply to any resource(s) in statement",
        ),
        (allow("s3:GetObject", f"{BUCKET_ARN}/*", Principal={"AWS": "12345"}), "Invalid principal in policy"),
        (
            allow("s3:GetObject", f"{BUCKET_ARN}/*", Principal={"AWS": f"arn:aws:iam::{OWNER}:user/ghost"}),
            "Invalid principal in policy",
        ),
        (
            allow("s3:GetObject", f"{BUCKET_ARN}/*", Principal="*", Condition={"StringEqualz": {"aws:SourceIp": "x"}}),
            "Invalid Condition type : StringEqualz",
        ),
        (
            allow("s3:GetObject", f"{BUCKET_ARN}/*", Principal="*", Condition={"StringEquals": {"s3:madeup": "x"}}),
            "Policy has an invalid condition key",
        ),
        (
            allow("s3:GetObject", f"{BUCKET_ARN}/*", Principal="*", Condition={"StringLike": {"s3:prefix": "home/"}}),
            "Conditions do not apply to combination of actions and resources in statement",
        ),
        (
            {"Effect": "Allowed", "Principal": "*", "Action": "s3:GetObject", "Resource": f"{BUCKET_ARN}/*"},
            "Invalid effect: Allowed",
        ),
    ],
)
def test_malformed_policies_are_refused_with_s3s_message(
    s3: Any, bucket: str, statement: dict[str, Any], message: str
) -> None:
    s3.delete_public_access_block(Bucket=bucket)
    with pytest.raises(ClientError) as raised:
        s3.put_bucket_policy(Bucket=bucket, Policy=policy_text(statement))
    assert (error_code(raised), error_status(raised)) == ("MalformedPolicy", 400)
    assert error_message(raised) == message


def test_not_json(s3: Any, bucket: str) -> None:
    for text, message in (
        ("not json", "Policies must be valid JSON and the first byte must be '{'"),
        ('{"Statement": [', "This policy contains invalid Json"),
        ('{"Version": "2012-10-17"}', "Missing required field Statement"),
    ):
        with pytest.raises(ClientError) as raised:
            s3.put_bucket_policy(Bucket=bucket, Policy=text)
        assert error_message(raised) == message


def test_accepted_policies(sim: Simulation) -> None:
    sim.create_account("third", account_id="333333333333")
    both = allow(["s3:GetObject", "s3:ListBucket"], [BUCKET_ARN, f"{BUCKET_ARN}/*"], Principal={"AWS": OTHER})
    everything = allow("s3:*", BUCKET_ARN, Principal={"AWS": OTHER})
    tls_only = deny(
        "s3:*", [BUCKET_ARN, f"{BUCKET_ARN}/*"], Principal="*", Condition={"Bool": {"aws:SecureTransport": "false"}}
    )
    prefix = allow(
        "s3:ListBucket", BUCKET_ARN, Principal={"AWS": OTHER}, Condition={"StringLike": {"s3:prefix": "home/*"}}
    )
    outside_user = allow("s3:GetObject", f"{BUCKET_ARN}/*", Principal={"AWS": "arn:aws:iam::444455556666:user/x"})
    for statement in (both, everything, tls_only, prefix, outside_user):
        assert malformed_policy_message(policy_text(statement), "reports") is None, statement


def test_existing_principals_are_accepted(s3: Any, bucket: str, user_s3: Any) -> None:
    user_s3("alice")
    alice_arn = f"arn:aws:iam::{OWNER}:user/alice"
    s3.put_bucket_policy(
        Bucket=bucket, Policy=policy_text(allow("s3:GetObject", f"{BUCKET_ARN}/*", Principal={"AWS": alice_arn}))
    )


def test_block_public_policy_refuses_public_policies(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as raised:
        s3.put_bucket_policy(Bucket=bucket, Policy=public_read(bucket))
    assert (error_code(raised), error_status(raised)) == ("AccessDenied", 403)
    assert "because public policies are blocked by the BlockPublicPolicy block public access setting" in error_message(
        raised
    )
    s3.put_bucket_policy(Bucket=bucket, Policy=OTHER_ACCOUNT_READ)  # not public: accepted
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={"BlockPublicPolicy": False})
    s3.put_bucket_policy(Bucket=bucket, Policy=public_read(bucket))


def test_policy_status(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as raised:
        s3.get_bucket_policy_status(Bucket=bucket)
    assert error_code(raised) == "NoSuchBucketPolicy"
    s3.put_bucket_policy(Bucket=bucket, Policy=OTHER_ACCOUNT_READ)
    answer = s3.get_bucket_policy_status(Bucket=bucket)
    assert_boto3_shape("GetBucketPolicyStatus", answer)
    assert answer["PolicyStatus"] == {"IsPublic": False}
    s3.delete_public_access_block(Bucket=bucket)
    s3.put_bucket_policy(Bucket=bucket, Policy=public_read(bucket))
    assert s3.get_bucket_policy_status(Bucket=bucket)["PolicyStatus"] == {"IsPublic": True}


def test_only_the_owner_account_manages_the_policy(s3: Any, bucket: str, user_s3: Any) -> None:
    manage = ["s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy"]
    granting = policy_text(allow(manage, BUCKET_ARN, Principal={"AWS": OTHER}))
    s3.put_bucket_policy(Bucket=bucket, Policy=granting)
    outsider = user_s3("outsider", allow(manage, BUCKET_ARN), account=OTHER)
    with pytest.raises(ClientError) as raised:
        outsider.get_bucket_policy(Bucket=bucket)
    assert (error_code(raised), error_status(raised)) == ("MethodNotAllowed", 405)
    stranger = user_s3("stranger", account=OTHER)
    with pytest.raises(ClientError) as raised:
        stranger.get_bucket_policy(Bucket=bucket)
    assert (error_code(raised), error_message(raised)) == ("AccessDenied", "Access Denied")


def test_the_owner_root_cannot_be_locked_out(s3: Any, bucket: str, user_s3: Any) -> None:
    lockout = policy_text(deny("s3:*", [BUCKET_ARN, f"{BUCKET_ARN}/*"], Principal="*"))
    s3.put_bucket_policy(Bucket=bucket, Policy=lockout)
    with pytest.raises(ClientError) as raised:
        s3.get_object(Bucket=bucket, Key="q1.csv")
    assert "explicit deny in a resource-based policy" in error_message(raised)
    assert json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"]) == json.loads(lockout)
    admin = user_s3("admin", allow("s3:*"))
    with pytest.raises(ClientError):
        admin.delete_bucket_policy(Bucket=bucket)
    s3.delete_bucket_policy(Bucket=bucket)
    s3.get_object(Bucket=bucket, Key="q1.csv")


def test_policy_calls_need_their_permissions(s3: Any, bucket: str, user_s3: Any) -> None:
    reader = user_s3("reader", allow("s3:GetBucketPolicy", BUCKET_ARN))
    s3.put_bucket_policy(Bucket=bucket, Policy=OTHER_ACCOUNT_READ)
    assert reader.get_bucket_policy(Bucket=bucket)["Policy"] == OTHER_ACCOUNT_READ
    with pytest.raises(ClientError) as raised:
        reader.put_bucket_policy(Bucket=bucket, Policy=OTHER_ACCOUNT_READ)
    assert error_message(raised) == (
        f"User: arn:aws:iam::{OWNER}:user/reader is not authorized to perform: s3:PutBucketPolicy on resource: "
        f'"{BUCKET_ARN}" because no identity-based policy allows the s3:PutBucketPolicy action'
    )
