"""Attaching managed policies to users, groups and roles: quotas, idempotence, listing, and who uses a policy."""

from __future__ import annotations

from typing import Any

import pytest
from iam_entities_support import ACCOUNT, ADMIN_ARN, EC2_TRUST, allow, error_code, error_message, policy_text

from workbench.account.simulation import Simulation

READ_ONLY = policy_text(allow("iam:List*"))


@pytest.fixture
def entities(iam: Any) -> None:
    iam.create_user(UserName="alice", Path="/staff/")
    iam.create_group(GroupName="devs")
    iam.create_role(RoleName="web", AssumeRolePolicyDocument=EC2_TRUST)


def make_policies(iam: Any, count: int, path: str = "/") -> list[str]:
    return [
        iam.create_policy(PolicyName=f"p{n}", Path=path, PolicyDocument=READ_ONLY)["Policy"]["Arn"]
        for n in range(count)
    ]


def test_attach_list_detach(iam: Any, entities: None) -> None:
    team = make_policies(iam, 1, "/team/")[0]
    plain_arn = iam.create_policy(PolicyName="plain", PolicyDocument=READ_ONLY)["Policy"]["Arn"]
    for attach, listing, name in (
        (iam.attach_user_policy, iam.list_attached_user_policies, {"UserName": "alice"}),
        (iam.attach_group_policy, iam.list_attached_group_policies, {"GroupName": "devs"}),
        (iam.attach_role_policy, iam.list_attached_role_policies, {"RoleName": "web"}),
    ):
        attach(PolicyArn=team, **name)
        attach(PolicyArn=plain_arn, **name)
        attach(PolicyArn=plain_arn, **name)  # again: a success that changes nothing
        assert listing(**name)["AttachedPolicies"] == [
            {"PolicyName": "p0", "PolicyArn": team},
            {"PolicyName": "plain", "PolicyArn": plain_arn},
        ]
        assert listing(PathPrefix="/team/", **name)["AttachedPolicies"] == [{"PolicyName": "p0", "PolicyArn": team}]
    assert iam.get_policy(PolicyArn=plain_arn)["Policy"]["AttachmentCount"] == 3
    iam.detach_user_policy(UserName="alice", PolicyArn=plain_arn)
    assert iam.get_policy(PolicyArn=plain_arn)["Policy"]["AttachmentCount"] == 2
    with pytest.raises(Exception) as raised:
        iam.detach_user_policy(UserName="alice", PolicyArn=plain_arn)
    assert error_code(raised) == "NoSuchEntity" and error_message(raised) == f"Policy {plain_arn} was not found."


def test_attach_errors(iam: Any, entities: None) -> None:
    missing = f"arn:aws:iam::{ACCOUNT}:policy/missing"
    for call, code in (
        (lambda: iam.attach_user_policy(UserName="alice", PolicyArn=missing), "NoSuchEntity"),
        (lambda: iam.attach_group_policy(GroupName="devs", PolicyArn=missing), "NoSuchEntity"),
        (lambda: iam.attach_role_policy(RoleName="ghost", PolicyArn=missing), "NoSuchEntity"),
        (lambda: iam.attach_role_policy(RoleName="web", PolicyArn="arn:aws:s3:::bucket/object"), "InvalidInput"),
    ):
        with pytest.raises(Exception) as raised:
            call()
        assert error_code(raised) == code


def test_user_and_role_quota_follows_the_account_setting(sim: Simulation, iam: Any, entities: None) -> None:
    arns = make_policies(iam, 12)
    for attach, quota_name in (
        (lambda arn: iam.attach_user_policy(UserName="alice", PolicyArn=arn), "PoliciesPerUser"),
        (lambda arn: iam.attach_role_policy(RoleName="web", PolicyArn=arn), "PoliciesPerRole"),
    ):
        for arn in arns[:10]:
            attach(arn)
        with pytest.raises(Exception) as raised:
            attach(arns[10])
        assert (
            error_code(raised) == "LimitExceeded"
            and error_message(raised) == f"Cannot exceed quota for {quota_name}: 10"
        )
    account = sim.state.accounts[ACCOUNT]
    sim.put_account(account.model_copy(update={"managed_policy_quota": 11}))
    iam.attach_user_policy(UserName="alice", PolicyArn=arns[10])
    iam.attach_role_policy(RoleName="web", PolicyArn=arns[10])
    with pytest.raises(Exception) as raised:
        iam.attach_user_policy(UserName="alice", PolicyArn=arns[11])
    assert error_code(raised) == "LimitExceeded"


def test_group_quota_is_ten_whatever_the_account_setting(sim: Simulation, iam: Any, entities: None) -> None:
    account = sim.state.accounts[ACCOUNT]
    sim.put_account(account.model_copy(update={"managed_policy_quota": 20}))
    arns = make_policies(iam, 11)
    for arn in arns[:10]:
        iam.attach_group_policy(GroupName="devs", PolicyArn=arn)
    with pytest.raises(Exception) as raised:
        iam.attach_group_policy(GroupName="devs", PolicyArn=arns[10])
    assert error_code(raised) == "LimitExceeded" and "PoliciesPerGroup: 10" in error_message(raised)


def test_aws_managed_policies_attach(iam: Any, entities: None, aws_managed: None) -> None:
    iam.attach_user_policy(UserName="alice", PolicyArn=ADMIN_ARN)
    iam.attach_role_policy(RoleName="web", PolicyArn=ADMIN_ARN)
    assert iam.list_attached_user_policies(UserName="alice")["AttachedPolicies"] == [
        {"PolicyName": "AdministratorAccess", "PolicyArn": ADMIN_ARN}
    ]
    entities_for = iam.list_entities_for_policy(PolicyArn=ADMIN_ARN)
    assert [u["UserName"] for u in entities_for["PolicyUsers"]] == ["alice"]
    assert [r["RoleName"] for r in entities_for["PolicyRoles"]] == ["web"]


def test_list_entities_for_policy(iam: Any, entities: None) -> None:
    arn = make_policies(iam, 1)[0]
    iam.attach_user_policy(UserName="alice", PolicyArn=arn)
    iam.attach_group_policy(GroupName="devs", PolicyArn=arn)
    iam.put_role_permissions_boundary(RoleName="web", PermissionsBoundary=arn)
    every = iam.list_entities_for_policy(PolicyArn=arn)
    user_id = iam.get_user(UserName="alice")["User"]["UserId"]
    assert every["PolicyUsers"] == [{"UserName": "alice", "UserId": user_id}]
    assert [g["GroupName"] for g in every["PolicyGroups"]] == ["devs"]
    assert [r["RoleName"] for r in every["PolicyRoles"]] == ["web"]
    only_roles = iam.list_entities_for_policy(PolicyArn=arn, EntityFilter="Role")
    assert only_roles["PolicyUsers"] == [] and only_roles["PolicyGroups"] == [] and len(only_roles["PolicyRoles"]) == 1
    attached_only = iam.list_entities_for_policy(PolicyArn=arn, PolicyUsageFilter="PermissionsPolicy")
    assert attached_only["PolicyRoles"] == [] and len(attached_only["PolicyUsers"]) == 1
    boundaries = iam.list_entities_for_policy(PolicyArn=arn, PolicyUsageFilter="PermissionsBoundary")
    assert [r["RoleName"] for r in boundaries["PolicyRoles"]] == ["web"] and boundaries["PolicyUsers"] == []
    staff = iam.list_entities_for_policy(PolicyArn=arn, PathPrefix="/staff/")
    assert len(staff["PolicyUsers"]) == 1 and staff["PolicyGroups"] == [] and staff["PolicyRoles"] == []
    page = iam.list_entities_for_policy(PolicyArn=arn, MaxItems=1)
    assert page["IsTruncated"] is True and len(page["PolicyGroups"]) == 1
    with pytest.raises(Exception) as raised:
        iam.list_entities_for_policy(PolicyArn=f"arn:aws:iam::{ACCOUNT}:policy/missing")
    assert error_code(raised) == "NoSuchEntity"


def test_attach_is_authorized_with_the_policy_arn(client_as: Any, iam: Any, entities: None) -> None:
    allowed, other = make_policies(iam, 2)
    condition = {"ArnEquals": {"iam:PolicyARN": allowed}}
    bob = client_as("bob", allow("iam:AttachUserPolicy", f"arn:aws:iam::{ACCOUNT}:user/staff/*", Condition=condition))
    bob.attach_user_policy(UserName="alice", PolicyArn=allowed)
    with pytest.raises(Exception) as raised:
        bob.attach_user_policy(UserName="alice", PolicyArn=other)
    assert error_code(raised) == "AccessDenied"
    assert [p["PolicyArn"] for p in iam.list_attached_user_policies(UserName="alice")["AttachedPolicies"]] == [allowed]


def test_user_policy_changes_carry_the_users_boundary(client_as: Any, iam: Any) -> None:
    """AWS's delegation pattern: iam:PermissionsBoundary on Attach/Put/DeleteUserPolicy is the user's boundary."""
    boundary = iam.create_policy(PolicyName="boundary", PolicyDocument=READ_ONLY)["Policy"]["Arn"]
    extra = iam.create_policy(PolicyName="extra", PolicyDocument=READ_ONLY)["Policy"]["Arn"]
    actions = ["iam:AttachUserPolicy", "iam:DetachUserPolicy", "iam:PutUserPolicy", "iam:DeleteUserPolicy"]
    delegate = client_as("delegate", allow(actions, Condition={"StringEquals": {"iam:PermissionsBoundary": boundary}}))
    iam.create_user(UserName="held", PermissionsBoundary=boundary)
    iam.create_user(UserName="free")
    delegate.attach_user_policy(UserName="held", PolicyArn=extra)
    delegate.detach_user_policy(UserName="held", PolicyArn=extra)
    delegate.put_user_policy(UserName="held", PolicyName="inline", PolicyDocument=READ_ONLY)
    delegate.delete_user_policy(UserName="held", PolicyName="inline")
    iam.put_user_policy(UserName="free", PolicyName="inline", PolicyDocument=READ_ONLY)
    for call in (
        lambda: delegate.attach_user_policy(UserName="free", PolicyArn=extra),
        lambda: delegate.put_user_policy(UserName="free", PolicyName="inline2", PolicyDocument=READ_ONLY),
        lambda: delegate.delete_user_policy(UserName="free", PolicyName="inline"),
    ):
        with pytest.raises(Exception) as raised:
            call()
        assert error_code(raised) == "AccessDenied"
