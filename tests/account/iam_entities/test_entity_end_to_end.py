"""End to end: a customer managed policy attached to a group decides what a member's own API calls may do.

The member calls the simulated API with her own access keys; every call is authorized by the
engine with her identity policies, which include the default version of each managed policy
attached to each of her groups. Changing the default version changes the decision at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from iam_entities_support import ACCOUNT, allow, deny, error_code, error_message, policy_text

from workbench.account.callers import Credentials
from workbench.account.simulation import Simulation

LIST_USERS = policy_text(allow("iam:ListUsers"))
LIST_GROUPS = policy_text(allow("iam:ListGroups"))
DENY_LIST_USERS = policy_text(allow("iam:List*"), deny("iam:ListUsers"))


@pytest.fixture
def alice(sim: Simulation, iam: Any, keys_for: Callable[[str], Credentials]) -> Any:
    iam.create_user(UserName="alice")
    iam.create_group(GroupName="auditors")
    iam.add_user_to_group(GroupName="auditors", UserName="alice")
    return sim.client("iam", keys_for("alice"))


def denied(call: Callable[[], Any]) -> str:
    with pytest.raises(Exception) as raised:
        call()
    assert error_code(raised) == "AccessDenied"
    return error_message(raised)


def test_group_policy_takes_effect_for_a_member(iam: Any, alice: Any) -> None:
    message = denied(alice.list_users)
    assert message == (
        f"User: arn:aws:iam::{ACCOUNT}:user/alice is not authorized to perform: iam:ListUsers on resource: "
        f"arn:aws:iam::{ACCOUNT}:user/ because no identity-based policy allows the iam:ListUsers action"
    )
    arn = iam.create_policy(PolicyName="auditing", PolicyDocument=LIST_USERS)["Policy"]["Arn"]
    denied(alice.list_users)  # created, but attached to nothing yet
    iam.attach_group_policy(GroupName="auditors", PolicyArn=arn)
    assert [u["UserName"] for u in alice.list_users()["Users"]] == ["alice"]
    denied(alice.list_groups)  # the policy grants ListUsers only

    # A new version that is not the default changes nothing …
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=LIST_GROUPS)
    assert alice.list_users()["Users"]
    denied(alice.list_groups)
    # … until it becomes the default: then it alone decides.
    iam.set_default_policy_version(PolicyArn=arn, VersionId="v2")
    denied(alice.list_users)
    assert [g["GroupName"] for g in alice.list_groups()["Groups"]] == ["auditors"]
    iam.set_default_policy_version(PolicyArn=arn, VersionId="v1")
    assert alice.list_users()["Users"]
    denied(alice.list_groups)

    # A default version with an explicit deny wins over everything else she has.
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=DENY_LIST_USERS, SetAsDefault=True)
    iam.put_user_policy(UserName="alice", PolicyName="own", PolicyDocument=LIST_USERS)
    assert "with an explicit deny in an identity-based policy" in denied(alice.list_users)
    iam.delete_user_policy(UserName="alice", PolicyName="own")


def test_leaving_the_group_or_detaching_ends_the_grant(iam: Any, alice: Any) -> None:
    arn = iam.create_policy(PolicyName="auditing", PolicyDocument=LIST_USERS)["Policy"]["Arn"]
    iam.attach_group_policy(GroupName="auditors", PolicyArn=arn)
    assert alice.list_users()["Users"]
    iam.detach_group_policy(GroupName="auditors", PolicyArn=arn)
    denied(alice.list_users)
    iam.attach_group_policy(GroupName="auditors", PolicyArn=arn)
    iam.remove_user_from_group(GroupName="auditors", UserName="alice")
    denied(alice.list_users)


def test_group_inline_policy_and_rename_keep_working(iam: Any, alice: Any) -> None:
    iam.put_group_policy(GroupName="auditors", PolicyName="inline", PolicyDocument=LIST_USERS)
    assert alice.list_users()["Users"]
    iam.update_group(GroupName="auditors", NewGroupName="reviewers")
    assert alice.list_users()["Users"]  # her membership followed the rename
    iam.delete_group_policy(GroupName="reviewers", PolicyName="inline")
    denied(alice.list_users)


def test_a_member_can_manage_what_her_group_policy_allows(iam: Any, alice: Any) -> None:
    manage_roles = policy_text(allow(["iam:CreateRole", "iam:GetRole"], f"arn:aws:iam::{ACCOUNT}:role/team-*"))
    arn = iam.create_policy(PolicyName="roles", PolicyDocument=manage_roles)["Policy"]["Arn"]
    iam.attach_group_policy(GroupName="auditors", PolicyArn=arn)
    trust = policy_text({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"})
    alice.create_role(RoleName="team-web", AssumeRolePolicyDocument=trust)
    assert alice.get_role(RoleName="team-web")["Role"]["RoleName"] == "team-web"
    denied(lambda: alice.create_role(RoleName="admin", AssumeRolePolicyDocument=trust))
