"""Managed policies: creation, reading, listing, versions, deletion, and AWS managed policies being read-only."""

from __future__ import annotations

import json
from typing import Any

import pytest
from iam_entities_support import ACCOUNT, ADMIN_ARN, allow, error_code, error_message, policy_text

from workbench.account.model import ManagedPolicy, PolicyVersion
from workbench.account.simulation import Simulation

READ_ONLY = policy_text(allow("iam:List*"))
WRITE = policy_text(allow("iam:Create*"))


def test_create_and_get_policy(iam: Any) -> None:
    created = iam.create_policy(
        PolicyName="Readers", Path="/team/", PolicyDocument=READ_ONLY, Description="read IAM",
        Tags=[{"Key": "owner", "Value": "sec"}],
    )["Policy"]  # fmt: skip
    assert created["Arn"] == f"arn:aws:iam::{ACCOUNT}:policy/team/Readers"
    assert created["PolicyId"].startswith("ANPA") and created["DefaultVersionId"] == "v1"
    assert created["AttachmentCount"] == 0 and created["PermissionsBoundaryUsageCount"] == 0
    assert created["IsAttachable"] is True
    got = iam.get_policy(PolicyArn=created["Arn"])["Policy"]
    assert got["Description"] == "read IAM" and got["Tags"] == [{"Key": "owner", "Value": "sec"}]
    version = iam.get_policy_version(PolicyArn=created["Arn"], VersionId="v1")["PolicyVersion"]
    assert version["Document"] == json.loads(READ_ONLY) and version["IsDefaultVersion"] is True


def test_create_policy_refusals(iam: Any) -> None:
    iam.create_policy(PolicyName="readers", PolicyDocument=READ_ONLY)
    with_principal = policy_text(allow("s3:GetObject", Principal="*"))
    duplicate_sids = policy_text({**allow("s3:GetObject"), "Sid": "1"}, {**allow("s3:PutObject"), "Sid": "1"})
    too_big = policy_text(allow("s3:GetObject", [f"arn:aws:s3:::bucket-{n:04d}/*" for n in range(210)]))
    cases = (
        ({"PolicyName": "READERS", "PolicyDocument": READ_ONLY}, "EntityAlreadyExists"),
        ({"PolicyName": "p", "PolicyDocument": with_principal}, "MalformedPolicyDocument"),
        ({"PolicyName": "p", "PolicyDocument": duplicate_sids}, "MalformedPolicyDocument"),
        ({"PolicyName": "p", "PolicyDocument": too_big}, "LimitExceeded"),
        ({"PolicyName": "bad/name", "PolicyDocument": READ_ONLY}, "ValidationError"),
    )
    for params, code in cases:
        with pytest.raises(Exception) as raised:
            iam.create_policy(**params)
        assert error_code(raised) == code, params
    assert [p["PolicyName"] for p in iam.list_policies(Scope="Local")["Policies"]] == ["readers"]


def test_customer_managed_policies_per_account(sim: Simulation, iam: Any) -> None:
    now = sim.clock.now()
    version = PolicyVersion(version_id="v1", document=READ_ONLY, create_date=now)
    filler = {
        f"p{n}": ManagedPolicy(
            arn=f"arn:aws:iam::{ACCOUNT}:policy/p{n}", name=f"p{n}", policy_id=f"ANPA{n:017d}",
            create_date=now, update_date=now, versions=(version,),
        )
        for n in range(1500)
    }  # fmt: skip
    account = sim.state.accounts[ACCOUNT]
    sim.put_account(account.model_copy(update={"policies": filler}))
    with pytest.raises(Exception) as raised:
        iam.create_policy(PolicyName="one-too-many", PolicyDocument=READ_ONLY)
    assert error_code(raised) == "LimitExceeded" and "PoliciesPerAccount: 1500" in error_message(raised)


def test_get_policy_errors(iam: Any) -> None:
    with pytest.raises(Exception) as raised:
        iam.get_policy(PolicyArn=f"arn:aws:iam::{ACCOUNT}:policy/missing")
    assert error_code(raised) == "NoSuchEntity"
    assert error_message(raised) == f"Policy arn:aws:iam::{ACCOUNT}:policy/missing does not exist or is not attachable."
    with pytest.raises(Exception) as raised:
        iam.get_policy(PolicyArn="arn:aws:s3:::a-bucket-not-a-policy")
    assert error_code(raised) == "InvalidInput"


def test_versions(iam: Any) -> None:
    arn = iam.create_policy(PolicyName="p", PolicyDocument=READ_ONLY)["Policy"]["Arn"]
    v2 = iam.create_policy_version(PolicyArn=arn, PolicyDocument=WRITE)["PolicyVersion"]
    assert v2["VersionId"] == "v2" and v2["IsDefaultVersion"] is False and "Document" not in v2
    v3 = iam.create_policy_version(PolicyArn=arn, PolicyDocument=WRITE, SetAsDefault=True)["PolicyVersion"]
    assert v3["IsDefaultVersion"] is True
    assert iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"] == "v3"
    for _ in range(2):
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=READ_ONLY)
    listed = iam.list_policy_versions(PolicyArn=arn)["Versions"]
    assert [v["VersionId"] for v in listed] == ["v5", "v4", "v3", "v2", "v1"]
    assert [v["IsDefaultVersion"] for v in listed] == [False, False, True, False, False]
    with pytest.raises(Exception) as raised:
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=READ_ONLY)
    assert error_code(raised) == "LimitExceeded" and "up to 5 versions" in error_message(raised)
    with pytest.raises(Exception) as raised:
        iam.delete_policy_version(PolicyArn=arn, VersionId="v3")
    assert error_code(raised) == "DeleteConflict"
    assert error_message(raised) == "Cannot delete the default version of a policy."
    iam.delete_policy_version(PolicyArn=arn, VersionId="v2")
    v6 = iam.create_policy_version(PolicyArn=arn, PolicyDocument=READ_ONLY)["PolicyVersion"]
    assert v6["VersionId"] == "v6"  # numbers are never reused
    iam.set_default_policy_version(PolicyArn=arn, VersionId="v1")
    assert iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"] == "v1"
    for call in (
        lambda: iam.get_policy_version(PolicyArn=arn, VersionId="v2"),
        lambda: iam.set_default_policy_version(PolicyArn=arn, VersionId="v2"),
        lambda: iam.delete_policy_version(PolicyArn=arn, VersionId="v2"),
    ):
        with pytest.raises(Exception) as raised:
            call()
        assert error_code(raised) == "NoSuchEntity"
    with pytest.raises(Exception) as raised:
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=policy_text({"Effect": "allow", "Action": "*"}))
    assert error_code(raised) == "MalformedPolicyDocument"


def test_delete_policy_conflicts(iam: Any) -> None:
    arn = iam.create_policy(PolicyName="p", PolicyDocument=READ_ONLY)["Policy"]["Arn"]
    iam.create_group(GroupName="devs")
    iam.attach_group_policy(GroupName="devs", PolicyArn=arn)
    with pytest.raises(Exception) as raised:
        iam.delete_policy(PolicyArn=arn)
    assert (
        error_code(raised) == "DeleteConflict"
        and error_message(raised) == "Cannot delete a policy attached to entities."
    )
    iam.detach_group_policy(GroupName="devs", PolicyArn=arn)
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=WRITE)
    with pytest.raises(Exception) as raised:
        iam.delete_policy(PolicyArn=arn)
    assert error_code(raised) == "DeleteConflict" and "more than one version" in error_message(raised)
    iam.delete_policy_version(PolicyArn=arn, VersionId="v2")
    iam.delete_policy(PolicyArn=arn)
    with pytest.raises(Exception) as raised:
        iam.get_policy(PolicyArn=arn)
    assert error_code(raised) == "NoSuchEntity"


def test_list_policies_scopes_and_filters(iam: Any, aws_managed: None) -> None:
    attached = iam.create_policy(PolicyName="attached", Path="/team/", PolicyDocument=READ_ONLY)["Policy"]["Arn"]
    iam.create_policy(PolicyName="idle", PolicyDocument=READ_ONLY)
    boundary = iam.create_policy(PolicyName="boundary", PolicyDocument=READ_ONLY)["Policy"]["Arn"]
    iam.create_user(UserName="alice", PermissionsBoundary=boundary)
    iam.attach_user_policy(UserName="alice", PolicyArn=attached)
    iam.attach_user_policy(UserName="alice", PolicyArn=ADMIN_ARN)

    def names(**params: Any) -> list[str]:
        return [p["PolicyName"] for p in iam.list_policies(**params)["Policies"]]

    assert names(Scope="Local") == ["attached", "boundary", "idle"]
    assert names(Scope="AWS") == ["AccessAnalyzerServiceRolePolicy", "AdministratorAccess"]
    assert names() == ["AccessAnalyzerServiceRolePolicy", "AdministratorAccess", "attached", "boundary", "idle"]
    assert names(OnlyAttached=True) == ["AdministratorAccess", "attached"]
    assert names(Scope="Local", PathPrefix="/team/") == ["attached"]
    assert names(PolicyUsageFilter="PermissionsBoundary") == ["boundary"]
    listed = iam.list_policies(Scope="Local", OnlyAttached=True)["Policies"][0]
    assert listed["AttachmentCount"] == 1 and "Tags" not in listed and "Description" not in listed
    assert iam.get_policy(PolicyArn=ADMIN_ARN)["Policy"]["AttachmentCount"] == 1
    page = iam.list_policies(MaxItems=2)
    assert page["IsTruncated"] is True and len(page["Policies"]) == 2


def test_aws_managed_policies_are_read_only(iam: Any, aws_managed: None) -> None:
    policy = iam.get_policy(PolicyArn=ADMIN_ARN)["Policy"]
    assert policy["PolicyName"] == "AdministratorAccess" and policy["Arn"] == ADMIN_ARN
    assert iam.list_policy_versions(PolicyArn=ADMIN_ARN)["Versions"][0]["VersionId"] == "v1"
    for change in (
        lambda: iam.delete_policy(PolicyArn=ADMIN_ARN),
        lambda: iam.create_policy_version(PolicyArn=ADMIN_ARN, PolicyDocument=READ_ONLY),
        lambda: iam.set_default_policy_version(PolicyArn=ADMIN_ARN, VersionId="v1"),
        lambda: iam.delete_policy_version(PolicyArn=ADMIN_ARN, VersionId="v1"),
    ):
        with pytest.raises(Exception) as raised:
            change()
        assert error_code(raised) == "AccessDenied" and f"policy {ADMIN_ARN}" in error_message(raised)
    assert iam.get_policy(PolicyArn=ADMIN_ARN)["Policy"]["DefaultVersionId"] == "v1"


def test_policy_operations_are_authorized_on_the_policy_arn(client_as: Any, iam: Any) -> None:
    mine = iam.create_policy(PolicyName="mine", PolicyDocument=READ_ONLY)["Policy"]["Arn"]
    theirs = iam.create_policy(PolicyName="theirs", PolicyDocument=READ_ONLY)["Policy"]["Arn"]
    bob = client_as("bob", allow(["iam:GetPolicy", "iam:CreatePolicyVersion"], mine))
    assert bob.get_policy(PolicyArn=mine)["Policy"]["PolicyName"] == "mine"
    bob.create_policy_version(PolicyArn=mine, PolicyDocument=WRITE)
    for call in (
        lambda: bob.get_policy(PolicyArn=theirs),
        lambda: bob.create_policy_version(PolicyArn=theirs, PolicyDocument=WRITE),
        lambda: bob.delete_policy(PolicyArn=mine),
    ):
        with pytest.raises(Exception) as raised:
            call()
        assert error_code(raised) == "AccessDenied"
