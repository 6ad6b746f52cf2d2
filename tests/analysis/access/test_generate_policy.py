"""Policy generation from activity: generate → attach → replay the calls → allowed; anything else → implicitDeny."""

from __future__ import annotations

import json

import pytest
from access_support import A

from workbench.account.facade import Sandbox
from workbench.analysis import AnalysisError, generate_policy
from workbench.policy.findings import Severity

ADMIN = "AdministratorAccess"


@pytest.fixture
def sandbox() -> Sandbox:
    box = Sandbox()
    box.create_account("prod", account_id=A)
    return box


def work(s3: object, iam: object) -> None:
    """What the workload does: the same calls are replayed with the generated policy."""
    s3.list_buckets()  # type: ignore[attr-defined]
    s3.put_object(Bucket="gen-data", Key="in/report.csv", Body=b"1,2")  # type: ignore[attr-defined]
    s3.get_object(Bucket="gen-data", Key="in/report.csv")  # type: ignore[attr-defined]
    iam.list_users()  # type: ignore[attr-defined]


def test_a_generated_policy_allows_exactly_the_calls_made(sandbox: Sandbox) -> None:
    prod = sandbox.account("prod")
    prod.admin.client("s3").create_bucket(Bucket="gen-data")
    alice = prod.create_user("alice", policies=[ADMIN])
    work(alice.client("s3"), alice.client("iam"))
    generated = generate_policy(sandbox.sim, alice.arn)
    assert generated.document == {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "IamS3", "Effect": "Allow", "Action": ["iam:ListUsers", "s3:ListAllMyBuckets"], "Resource": ["*"]},
            {
                "Sid": "S3",
                "Effect": "Allow",
                "Action": ["s3:GetObject", "s3:PutObject"],
                "Resource": ["arn:aws:s3:::gen-data/in/report.csv"],
            },
        ],
    }
    assert generated.events_used == 4
    assert generated.validation_report().errors == ()
    bob = prod.create_user("bob", inline={"generated": generated.text})
    work(bob.client("s3"), bob.client("iam"))
    assert bob.can("s3:DeleteObject", "arn:aws:s3:::gen-data/in/report.csv").value == "implicitDeny"
    assert bob.can("s3:GetObject", "arn:aws:s3:::gen-data/other.csv").value == "implicitDeny"
    assert bob.can("iam:CreateUser", f"arn:aws:iam::{A}:user/mallory").value == "implicitDeny"


def test_a_role_policy_is_generated_from_its_sessions_and_works_for_a_new_role(sandbox: Sandbox) -> None:
    prod = sandbox.account("prod")
    prod.admin.client("s3").create_bucket(Bucket="gen-data")
    alice = prod.create_user("alice", policies=[ADMIN])
    worker = prod.create_role("worker", trusted=[alice], policies=[ADMIN])
    session = alice.assume(worker)
    work(session.client("s3"), session.client("iam"))
    generated = generate_policy(sandbox.sim, worker.arn)
    assert {a for s in generated.document["Statement"] for a in s["Action"]} == {
        "iam:ListUsers",
        "s3:GetObject",
        "s3:PutObject",
        "s3:ListAllMyBuckets",
    }
    successor = prod.create_role("successor", trusted=[alice], inline={"generated": generated.text})
    replay = alice.assume(successor)
    work(replay.client("s3"), replay.client("iam"))
    assert not replay.can("s3:CreateBucket", "arn:aws:s3:::another")


def test_denied_attempts_are_left_out_unless_asked_for(sandbox: Sandbox) -> None:
    prod = sandbox.account("prod")
    only_list = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}],
    }
    alice = prod.create_user("alice", inline={"list": only_list})
    iam = alice.client("iam")
    iam.list_users()
    with pytest.raises(Exception, match="AccessDenied"):
        iam.list_roles()
    allowed_only = generate_policy(sandbox.sim, alice.arn)
    assert [s["Action"] for s in allowed_only.document["Statement"]] == [["iam:ListUsers"]]
    with_denied = generate_policy(sandbox.sim, alice.arn, include_denied=True)
    assert [s["Action"] for s in with_denied.document["Statement"]] == [["iam:ListRoles", "iam:ListUsers"]]


def test_the_period_limits_the_calls_read(sandbox: Sandbox) -> None:
    prod = sandbox.account("prod")
    alice = prod.create_user("alice", policies=[ADMIN])
    alice.client("iam").list_users()
    sandbox.advance(days=10)
    since = sandbox.now
    alice.client("iam").list_roles()
    recent = generate_policy(sandbox.sim, alice.arn, since=since)
    assert [s["Action"] for s in recent.document["Statement"]] == [["iam:ListRoles"]]
    assert recent.since == since
    with pytest.raises(AnalysisError) as raised:
        generate_policy(sandbox.sim, alice.arn, until=since.replace(year=2020))
    assert raised.value.code == "analysis_no_activity"


def test_wildcard_characters_in_object_keys_stay_literal(sandbox: Sandbox) -> None:
    prod = sandbox.account("prod")
    prod.admin.client("s3").create_bucket(Bucket="gen-data")
    alice = prod.create_user("alice", policies=[ADMIN])
    alice.client("s3").put_object(Bucket="gen-data", Key="odd/*?$.txt", Body=b"x")
    generated = generate_policy(sandbox.sim, alice.arn)
    (statement,) = generated.document["Statement"]
    assert statement["Resource"] == ["arn:aws:s3:::gen-data/odd/${*}${?}${$}.txt"]
    assert not [f for f in generated.validation_report().findings if f.severity is Severity.ERROR]
    bob = prod.create_user("bob", inline={"generated": generated.text})
    assert bob.can("s3:PutObject", "arn:aws:s3:::gen-data/odd/*?$.txt")
    assert not bob.can("s3:PutObject", "arn:aws:s3:::gen-data/odd/ab$.txt")


def test_output_is_deterministic_json(sandbox: Sandbox) -> None:
    prod = sandbox.account("prod")
    alice = prod.create_user("alice", policies=[ADMIN])
    for _ in range(3):
        alice.client("iam").list_users()
        alice.client("iam").list_groups()
    first = generate_policy(sandbox.sim, alice.arn)
    assert first == generate_policy(sandbox.sim, alice.arn)
    assert json.loads(first.text) == first.document
    assert first.parsed().statements[0].action == ("iam:ListGroups", "iam:ListUsers")
