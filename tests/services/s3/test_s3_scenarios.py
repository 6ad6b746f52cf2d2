"""S3 scenarios as lessons tell them: one account, two accounts, a public website, TLS, home folders, SSE, tag ABAC."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError
from s3_support import OTHER, OWNER, allow, deny, error_code, error_message, policy_text, public_read, put_user

from workbench.account.simulation import Simulation
from workbench.services.s3.s3control import put_account_public_access_block

REPORTS = "arn:aws:s3:::reports"


def test_same_account_user_reads_with_an_identity_policy_alone(user_s3: Any, bucket: str) -> None:
    alice = user_s3("alice", allow("s3:GetObject", f"{REPORTS}/*"), allow("s3:ListBucket", REPORTS))
    assert alice.get_object(Bucket=bucket, Key="q1.csv")["Body"].read() == b"a,b\n1,2\n"
    assert alice.list_objects_v2(Bucket=bucket)["KeyCount"] == 2
    bob = user_s3("bob")
    with pytest.raises(ClientError) as raised:
        bob.get_object(Bucket=bucket, Key="q1.csv")
    assert "because no identity-based policy allows the s3:GetObject action" in error_message(raised)


def test_same_account_user_named_in_the_bucket_policy_needs_no_identity_policy(
    s3: Any, user_s3: Any, bucket: str
) -> None:
    carol = user_s3("carol")
    carol_arn = f"arn:aws:iam::{OWNER}:user/carol"
    s3.put_bucket_policy(
        Bucket=bucket, Policy=policy_text(allow("s3:GetObject", f"{REPORTS}/*", Principal={"AWS": carol_arn}))
    )
    assert carol.get_object(Bucket=bucket, Key="q1.csv")["ContentLength"] == 8


def test_cross_account_needs_both_sides(s3: Any, user_s3: Any, bucket: str) -> None:
    with_identity = user_s3("with-identity", allow("s3:GetObject", f"{REPORTS}/*"), account=OTHER)
    without_identity = user_s3("without-identity", account=OTHER)
    # identity side only: the bucket policy does not name account OTHER
    with pytest.raises(ClientError) as raised:
        with_identity.get_object(Bucket=bucket, Key="q1.csv")
    assert (error_code(raised), error_message(raised)) == ("AccessDenied", "Access Denied")
    s3.put_bucket_policy(
        Bucket=bucket, Policy=policy_text(allow("s3:GetObject", f"{REPORTS}/*", Principal={"AWS": OTHER}))
    )
    # resource side only: the bucket trusts the account, the user has no identity permission
    with pytest.raises(ClientError):
        without_identity.get_object(Bucket=bucket, Key="q1.csv")
    # both sides
    assert with_identity.get_object(Bucket=bucket, Key="q1.csv")["Body"].read() == b"a,b\n1,2\n"


def test_cross_account_role_session(sim: Simulation, s3: Any, bucket: str) -> None:
    iam = sim.client("iam", sim.root_credentials(OTHER))
    trust = policy_text({"Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": "sts:AssumeRole"})
    role_arn = iam.create_role(RoleName="auditor", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    iam.put_role_policy(
        RoleName="auditor", PolicyName="read", PolicyDocument=policy_text(allow("s3:GetObject", f"{REPORTS}/*"))
    )
    s3.put_bucket_policy(
        Bucket=bucket, Policy=policy_text(allow("s3:GetObject", f"{REPORTS}/*", Principal={"AWS": role_arn}))
    )
    dave = put_user(sim, OTHER, "dave", allow("sts:AssumeRole", role_arn))
    session = sim.client("sts", dave).assume_role(RoleArn=role_arn, RoleSessionName="dave")["Credentials"]
    auditor = sim.client("s3", session)
    assert auditor.get_object(Bucket=bucket, Key="q1.csv")["ContentLength"] == 8
    with pytest.raises(ClientError):
        auditor.get_object(Bucket=bucket, Key="q1.csv", ExpectedBucketOwner=OTHER)


def test_public_website_then_account_level_block_public_access(
    sim: Simulation, s3: Any, anonymous: Any, bucket: str
) -> None:
    # a new bucket blocks public policies: the website needs its own Block Public Access lifted first
    with pytest.raises(ClientError):
        s3.put_bucket_policy(Bucket=bucket, Policy=public_read(bucket))
    s3.delete_public_access_block(Bucket=bucket)
    s3.put_bucket_policy(Bucket=bucket, Policy=public_read(bucket))
    assert anonymous.get_object(Bucket=bucket, Key="q1.csv")["Body"].read() == b"a,b\n1,2\n"
    with pytest.raises(ClientError) as raised:  # the policy grants reads only
        anonymous.put_object(Bucket=bucket, Key="defaced.html", Body=b"!")
    assert (error_code(raised), error_message(raised)) == ("AccessDenied", "Access Denied")
    with pytest.raises(ClientError):
        anonymous.list_objects_v2(Bucket=bucket)

    root = sim.root_credentials(OWNER)
    put_account_public_access_block(sim, root, OWNER, {"BlockPublicPolicy": True})
    assert anonymous.get_object(Bucket=bucket, Key="q1.csv")["ContentLength"] == 8  # stored policies keep working
    s3.delete_bucket_policy(Bucket=bucket)
    with pytest.raises(ClientError) as raised:  # …but no public policy can be put back
        s3.put_bucket_policy(Bucket=bucket, Policy=public_read(bucket))
    assert "BlockPublicPolicy" in error_message(raised)

    put_account_public_access_block(sim, root, OWNER, {"BlockPublicPolicy": False})
    s3.put_bucket_policy(Bucket=bucket, Policy=public_read(bucket))
    put_account_public_access_block(sim, root, OWNER, {"RestrictPublicBuckets": True})
    with pytest.raises(ClientError) as raised:  # RestrictPublicBuckets: the public grant is ignored
        anonymous.get_object(Bucket=bucket, Key="q1.csv")
    assert error_code(raised) == "AccessDenied"
    assert s3.get_bucket_policy_status(Bucket=bucket)["PolicyStatus"]["IsPublic"] is True


def test_deny_plain_http(sim: Simulation, s3: Any, bucket: str) -> None:
    tls_only = deny(
        "s3:*", [REPORTS, f"{REPORTS}/*"], Principal="*", Condition={"Bool": {"aws:SecureTransport": "false"}}
    )
    s3.put_bucket_policy(Bucket=bucket, Policy=policy_text(tls_only))
    assert s3.get_object(Bucket=bucket, Key="q1.csv")["ContentLength"] == 8
    plain = sim.client("s3", sim.root_credentials(OWNER), secure_transport=False)
    with pytest.raises(ClientError) as raised:
        plain.get_object(Bucket=bucket, Key="q1.csv")
    assert error_message(raised).endswith("with an explicit deny in a resource-based policy")
    with pytest.raises(ClientError):
        plain.list_objects_v2(Bucket=bucket)


def test_home_folders(s3: Any, user_s3: Any) -> None:
    s3.create_bucket(Bucket="home-bucket")
    for key in ("home/alice/notes.txt", "home/bob/diary.txt", "shared/readme.txt"):
        s3.put_object(Bucket="home-bucket", Key=key, Body=key.encode())
    home = [
        allow(
            "s3:ListBucket",
            "arn:aws:s3:::home-bucket",
            Condition={"StringLike": {"s3:prefix": ["", "home/", "home/${aws:username}/*"]}},
        ),
        allow(["s3:GetObject", "s3:PutObject"], "arn:aws:s3:::home-bucket/home/${aws:username}/*"),
    ]
    alice = user_s3("alice", *home)
    listing = alice.list_objects_v2(Bucket="home-bucket", Prefix="home/", Delimiter="/")
    assert [p["Prefix"] for p in listing["CommonPrefixes"]] == ["home/alice/", "home/bob/"]
    assert alice.list_objects_v2(Bucket="home-bucket", Prefix="home/alice/")["KeyCount"] == 1
    alice.put_object(Bucket="home-bucket", Key="home/alice/todo.txt", Body=b"todo")
    assert alice.get_object(Bucket="home-bucket", Key="home/alice/notes.txt")["Body"].read() == b"home/alice/notes.txt"
    for denied in (
        lambda: alice.list_objects_v2(Bucket="home-bucket", Prefix="home/bob/"),
        lambda: alice.get_object(Bucket="home-bucket", Key="home/bob/diary.txt"),
        lambda: alice.put_object(Bucket="home-bucket", Key="home/bob/diary.txt", Body=b"!"),
        lambda: alice.list_objects_v2(Bucket="home-bucket"),  # no Prefix at all: s3:prefix is absent
    ):
        with pytest.raises(ClientError):
            denied()


def test_bucket_policy_requires_sse(user_s3: Any, s3: Any, bucket: str) -> None:
    require_aes = deny(
        "s3:PutObject",
        f"{REPORTS}/*",
        Principal="*",
        Condition={"StringNotEquals": {"s3:x-amz-server-side-encryption": "AES256"}},
    )
    s3.put_bucket_policy(Bucket=bucket, Policy=policy_text(require_aes))
    writer = user_s3("writer", allow("s3:PutObject", f"{REPORTS}/*"))
    with pytest.raises(ClientError) as raised:  # header absent: StringNotEquals is true, the Deny applies
        writer.put_object(Bucket=bucket, Key="plain.csv", Body=b"x")
    assert "explicit deny in a resource-based policy" in error_message(raised)
    with pytest.raises(ClientError):
        writer.put_object(Bucket=bucket, Key="kms.csv", Body=b"x", ServerSideEncryption="aws:kms")
    answer = writer.put_object(Bucket=bucket, Key="aes.csv", Body=b"x", ServerSideEncryption="AES256")
    assert answer["ServerSideEncryption"] == "AES256"


def test_object_tag_abac(s3: Any, user_s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="blue.csv", Body=b"blue", Tagging="team=blue")
    s3.put_object(Bucket=bucket, Key="red.csv", Body=b"red", Tagging="team=red")
    same_team = allow(
        ["s3:GetObject", "s3:GetObjectTagging"],
        f"{REPORTS}/*",
        Condition={"StringEquals": {"s3:ExistingObjectTag/team": "${aws:PrincipalTag/team}"}},
    )
    blue = user_s3("blue-analyst", same_team, tags={"team": "blue"})
    assert blue.get_object(Bucket=bucket, Key="blue.csv")["Body"].read() == b"blue"
    assert blue.get_object_tagging(Bucket=bucket, Key="blue.csv")["TagSet"] == [{"Key": "team", "Value": "blue"}]
    for key in ("red.csv", "q1.csv"):  # another team's object; an untagged one
        with pytest.raises(ClientError):
            blue.get_object(Bucket=bucket, Key=key)
    # retagging the object moves it between teams
    s3.put_object_tagging(Bucket=bucket, Key="red.csv", Tagging={"TagSet": [{"Key": "team", "Value": "blue"}]})
    assert blue.get_object(Bucket=bucket, Key="red.csv")["Body"].read() == b"red"


def test_bucket_policy_condition_on_tags_denies_retagging(s3: Any, user_s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="locked.csv", Body=b"x", Tagging="classification=secret")
    keep_secret = deny(
        ["s3:PutObjectTagging", "s3:DeleteObjectTagging"],
        f"{REPORTS}/*",
        Principal="*",
        Condition={"StringEquals": {"s3:ExistingObjectTag/classification": "secret"}},
    )
    s3.put_bucket_policy(Bucket=bucket, Policy=policy_text(keep_secret))
    tagger = user_s3("tagger", allow(["s3:PutObjectTagging", "s3:DeleteObjectTagging"], f"{REPORTS}/*"))
    with pytest.raises(ClientError):
        tagger.delete_object_tagging(Bucket=bucket, Key="locked.csv")
    tagger.put_object_tagging(Bucket=bucket, Key="q1.csv", Tagging={"TagSet": [{"Key": "k", "Value": "v"}]})
    assert json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])["Statement"][0]["Effect"] == "Deny"
