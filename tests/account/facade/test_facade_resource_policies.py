"""``.can()`` decides as the API call would: with the target's resource-based policy, in the right account."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from workbench.account import Sandbox


def test_can_applies_a_bucket_policy_like_the_call_does() -> None:
    sandbox = Sandbox()
    dev = sandbox.create_account("dev", account_id="111122223333")
    admin = dev.create_user("admin", policies=["AdministratorAccess"])
    s3 = dev.admin.client("s3")
    s3.create_bucket(Bucket="artifacts-111122223333")
    deny = {
        "Version": "2012-10-17",
        "Statement": {
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:PutObject",
            "Resource": "arn:aws:s3:::artifacts-111122223333/*",
        },
    }
    s3.put_bucket_policy(Bucket="artifacts-111122223333", Policy=json.dumps(deny))
    decision = admin.can("s3:PutObject", "arn:aws:s3:::artifacts-111122223333/x.zip")
    assert decision.decision.decision == "explicitDeny"
    with pytest.raises(ClientError):
        admin.client("s3").put_object(Bucket="artifacts-111122223333", Key="x.zip", Body=b"")


def test_a_cross_account_session_belongs_to_the_roles_account() -> None:
    sandbox = Sandbox()
    dev = sandbox.create_account("dev", account_id="111122223333")
    prod = sandbox.create_account("prod", account_id="444455556666")
    assume = {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::444455556666:role/auditor"}
    alice = dev.create_user("alice", inline={"assume": {"Version": "2012-10-17", "Statement": assume}})
    prod.create_role("auditor", trusted=["111122223333"])
    session = alice.assume(prod.role("auditor"))
    assert "in prod" in repr(session)
