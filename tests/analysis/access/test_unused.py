"""Unused access: roles, access keys, passwords and permissions not used in N days, read from the activity log."""

from __future__ import annotations

import json

import pytest
from access_support import A

from workbench.account.console import sign_in
from workbench.account.facade import Sandbox
from workbench.analysis import AnalysisError, find_unused_access

WORK = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["s3:*", "iam:*", "ec2:*"], "Resource": "*"}],
}


@pytest.fixture
def sandbox() -> Sandbox:
    box = Sandbox()
    box.create_account("prod", account_id=A)
    return box


def by_type(findings: tuple, resource_suffix: str) -> dict:
    return {f.finding_type: f for f in findings if f.resource.endswith(resource_suffix)}


def test_a_role_never_used_is_reported_and_one_in_use_is_not(sandbox: Sandbox) -> None:
    prod = sandbox.account("prod")
    alice = prod.create_user(
        "alice",
        inline={
            "assume": {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}],
            }
        },
    )
    prod.create_role("idle", trusted=[alice], policies=["AmazonS3ReadOnlyAccess"])
    busy = prod.create_role(
        "busy",
        trusted=[alice],
        inline={
            "s3": {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}],
            }
        },
    )
    alice.assume(busy).client("s3").list_buckets()
    findings = find_unused_access(sandbox.sim, account_id=A)
    idle = by_type(findings, ":role/idle")
    assert set(idle) == {"UnusedIAMRole"}
    assert idle["UnusedIAMRole"].last_used is None and "never been used" in idle["UnusedIAMRole"].recommendation
    assert "UnusedIAMRole" not in by_type(findings, ":role/busy")


def test_a_role_becomes_unused_when_its_last_use_is_older_than_the_period(sandbox: Sandbox) -> None:
    prod = sandbox.account("prod")
    alice = prod.create_user("alice", policies=["AdministratorAccess"])
    busy = prod.create_role("busy", trusted=[alice], policies=["AmazonS3ReadOnlyAccess"])
    used_at = sandbox.now
    alice.assume(busy).client("s3").list_buckets()
    sandbox.advance(days=91)
    role = by_type(find_unused_access(sandbox.sim, account_id=A), ":role/busy")["UnusedIAMRole"]
    assert role.last_used == used_at and "more than 90 days ago" in role.recommendation
    assert "UnusedIAMRole" not in by_type(find_unused_access(sandbox.sim, account_id=A, unused_days=120), ":role/busy")


def test_access_keys_never_used_or_used_long_ago_are_reported_inactive_ones_are_not(sandbox: Sandbox) -> None:
    prod = sandbox.account("prod")
    alice = prod.create_user("alice", policies=["IAMReadOnlyAccess"])
    alice.client("iam").list_users()
    bob = prod.create_user("bob")
    bob_key = bob.credentials().access_key_id
    carol = prod.create_user("carol")
    carol_key = carol.credentials().access_key_id
    prod.admin.iam.update_access_key(UserName="carol", AccessKeyId=carol_key, Status="Inactive")
    findings = find_unused_access(sandbox.sim, account_id=A)
    keys = [f for f in findings if f.finding_type == "UnusedIAMUserAccessKey"]
    assert [(f.resource.rsplit("/", 1)[-1], f.access_key_id, f.last_used) for f in keys] == [("bob", bob_key, None)]
    sandbox.advance(days=100)
    keys = [f for f in find_unused_access(sandbox.sim, account_id=A) if f.finding_type == "UnusedIAMUserAccessKey"]
    assert [f.resource.rsplit("/", 1)[-1] for f in keys] == ["alice", "bob"]
    assert "UpdateAccessKey" in keys[0].recommendation


def test_console_passwords_not_used_are_reported(sandbox: Sandbox) -> None:
    prod = sandbox.account("prod")
    prod.create_user("alice", password="Correct-Horse-1")
    prod.create_user("bob", password="Battery-Staple-2")
    prod.create_user("carol")
    sign_in(sandbox.sim, A, "alice", "Correct-Horse-1")
    passwords = [f for f in find_unused_access(sandbox.sim, account_id=A) if f.finding_type == "UnusedIAMUserPassword"]
    assert [f.resource.rsplit("/", 1)[-1] for f in passwords] == ["bob"]
    assert "DeleteLoginProfile" in passwords[0].recommendation


def test_permissions_list_services_never_used_and_unused_actions_of_tracked_services(sandbox: Sandbox) -> None:
    prod = sandbox.account("prod")
    alice = prod.create_user("alice", inline={"work": WORK}, policies=["AmazonS3ReadOnlyAccess"])
    alice.client("iam").list_users()
    finding = by_type(find_unused_access(sandbox.sim, account_id=A), ":user/alice")["UnusedPermission"]
    services = {s.namespace: s for s in finding.services}
    assert services["ec2"].wholly_unused and services["s3"].wholly_unused
    assert "iam" in services and not services["iam"].wholly_unused
    unused_iam = {a.action for a in services["iam"].actions}
    assert "iam:CreateUser" in unused_iam and "iam:ListUsers" not in unused_iam
    assert services["s3"].granted_by == ("inline policy work of user alice", "managed policy AmazonS3ReadOnlyAccess")
    assert "never used (ec2" in finding.recommendation.replace(", s3", "")


def test_a_denied_attempt_counts_as_a_use_of_the_service(sandbox: Sandbox) -> None:
    prod = sandbox.account("prod")
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "iam:*", "Resource": "*"},
            {"Effect": "Deny", "Action": "iam:ListUsers", "Resource": "*"},
        ],
    }
    alice = prod.create_user("alice", inline={"iam": policy})
    with pytest.raises(Exception, match="AccessDenied"):
        alice.client("iam").list_users()
    finding = by_type(find_unused_access(sandbox.sim, account_id=A), ":user/alice")["UnusedPermission"]
    (iam,) = finding.services
    assert not iam.wholly_unused and "iam:ListUsers" not in {a.action for a in iam.actions}


def test_everything_used_recently_gives_no_permission_finding(sandbox: Sandbox) -> None:
    prod = sandbox.account("prod")
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}]}
    alice = prod.create_user("alice", inline={"list": policy})
    alice.client("iam").list_users()
    assert by_type(find_unused_access(sandbox.sim, account_id=A), ":user/alice") == {}


def test_service_linked_roles_are_left_out_and_ids_are_stable(sandbox: Sandbox) -> None:
    prod = sandbox.account("prod")
    prod.admin.iam.create_service_linked_role(AWSServiceName="access-analyzer.amazonaws.com")
    prod.create_role("idle", trusted="ec2.amazonaws.com")
    first = find_unused_access(sandbox.sim)
    assert [f.resource.rsplit("/", 1)[-1] for f in first] == ["idle"]
    assert first == find_unused_access(sandbox.sim)
    assert first[0].id.startswith("ua-")


def test_bad_questions_are_typed_errors(sandbox: Sandbox) -> None:
    with pytest.raises(AnalysisError) as raised:
        find_unused_access(sandbox.sim, unused_days=0)
    assert raised.value.code == "analysis_unused_days"
    with pytest.raises(AnalysisError) as raised:
        find_unused_access(sandbox.sim, account_id="999999999999")
    assert raised.value.code == "analysis_no_account"


def test_findings_serialise_to_json(sandbox: Sandbox) -> None:
    sandbox.account("prod").create_role("idle", trusted="ec2.amazonaws.com")
    (finding,) = find_unused_access(sandbox.sim)
    assert json.loads(finding.model_dump_json())["finding_type"] == "UnusedIAMRole"
