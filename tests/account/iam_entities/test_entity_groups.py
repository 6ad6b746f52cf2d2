"""Groups: life cycle, membership, renames, inline policies, quotas and errors, through the boto3-shaped client."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
from iam_entities_support import ACCOUNT, allow, error_code, error_message, policy_text

READ_ONLY = policy_text(allow("iam:List*"))


def test_create_get_list_group(iam: Any) -> None:
    created = iam.create_group(GroupName="Developers", Path="/eng/")["Group"]
    assert created["Arn"] == f"arn:aws:iam::{ACCOUNT}:group/eng/Developers"
    assert created["GroupId"].startswith("AGPA") and isinstance(created["CreateDate"], datetime)
    assert created["CreateDate"].tzinfo is not None
    iam.create_group(GroupName="admins")
    got = iam.get_group(GroupName="developers")  # names are case-insensitive
    assert got["Group"] == created and got["Users"] == [] and got["IsTruncated"] is False
    assert [g["GroupName"] for g in iam.list_groups()["Groups"]] == ["admins", "Developers"]
    assert [g["GroupName"] for g in iam.list_groups(PathPrefix="/eng/")["Groups"]] == ["Developers"]
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_duplicate_and_invalid_names(iam: Any) -> None:
    iam.create_group(GroupName="devs")
    with pytest.raises(Exception) as raised:
        iam.create_group(GroupName="DEVS")
    assert error_code(raised) == "EntityAlreadyExists"
    with pytest.raises(Exception) as raised:
        iam.create_group(GroupName="bad name!")
    assert error_code(raised) == "ValidationError"
    with pytest.raises(Exception) as raised:
        iam.get_group(GroupName="nobody")
    assert error_code(raised) == "NoSuchEntity"
    assert error_message(raised) == "The group with name nobody cannot be found."


def test_membership(iam: Any) -> None:
    iam.create_group(GroupName="devs")
    iam.create_user(UserName="alice")
    iam.add_user_to_group(GroupName="devs", UserName="alice")
    iam.add_user_to_group(GroupName="DEVS", UserName="alice")  # again: a success that changes nothing
    assert [u["UserName"] for u in iam.get_group(GroupName="devs")["Users"]] == ["alice"]
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName="alice")["Groups"]] == ["devs"]
    iam.remove_user_from_group(GroupName="devs", UserName="alice")
    assert iam.get_group(GroupName="devs")["Users"] == []
    with pytest.raises(Exception) as raised:
        iam.remove_user_from_group(GroupName="devs", UserName="alice")
    assert error_code(raised) == "NoSuchEntity"
    with pytest.raises(Exception) as raised:
        iam.add_user_to_group(GroupName="devs", UserName="ghost")
    assert error_code(raised) == "NoSuchEntity"


def test_ten_groups_per_user(iam: Any) -> None:
    iam.create_user(UserName="alice")
    for n in range(11):
        iam.create_group(GroupName=f"g{n}")
    for n in range(10):
        iam.add_user_to_group(GroupName=f"g{n}", UserName="alice")
    with pytest.raises(Exception) as raised:
        iam.add_user_to_group(GroupName="g10", UserName="alice")
    assert error_code(raised) == "LimitExceeded"
    assert "GroupsPerUser: 10" in error_message(raised)
    assert len(iam.list_groups_for_user(UserName="alice")["Groups"]) == 10


def test_get_group_pages_its_users(iam: Any) -> None:
    iam.create_group(GroupName="devs")
    for name in ("carol", "alice", "bob"):
        iam.create_user(UserName=name)
        iam.add_user_to_group(GroupName="devs", UserName=name)
    first = iam.get_group(GroupName="devs", MaxItems=2)
    assert [u["UserName"] for u in first["Users"]] == ["alice", "bob"] and first["IsTruncated"] is True
    rest = iam.get_group(GroupName="devs", Marker=first["Marker"])
    assert [u["UserName"] for u in rest["Users"]] == ["carol"] and rest["IsTruncated"] is False


def test_delete_group_conflicts(iam: Any) -> None:
    iam.create_group(GroupName="devs")
    iam.create_user(UserName="alice")
    iam.add_user_to_group(GroupName="devs", UserName="alice")
    iam.put_group_policy(GroupName="devs", PolicyName="read", PolicyDocument=READ_ONLY)
    arn = iam.create_policy(PolicyName="p", PolicyDocument=READ_ONLY)["Policy"]["Arn"]
    iam.attach_group_policy(GroupName="devs", PolicyArn=arn)
    for undo, expected in (
        (lambda: iam.remove_user_from_group(GroupName="devs", UserName="alice"), "remove users from group"),
        (lambda: iam.detach_group_policy(GroupName="devs", PolicyArn=arn), "detach all policies"),
        (lambda: iam.delete_group_policy(GroupName="devs", PolicyName="read"), "delete policies"),
    ):
        with pytest.raises(Exception) as raised:
            iam.delete_group(GroupName="devs")
        assert error_code(raised) == "DeleteConflict" and expected in error_message(raised)
        undo()
    iam.delete_group(GroupName="devs")
    assert iam.list_groups()["Groups"] == []


def test_update_group_renames_it_for_its_members(iam: Any) -> None:
    iam.create_group(GroupName="devs")
    iam.create_group(GroupName="ops")
    iam.create_user(UserName="alice")
    iam.add_user_to_group(GroupName="devs", UserName="alice")
    iam.update_group(GroupName="devs", NewGroupName="engineers", NewPath="/eng/")
    group = iam.get_group(GroupName="engineers")
    assert group["Group"]["Arn"] == f"arn:aws:iam::{ACCOUNT}:group/eng/engineers"
    assert [u["UserName"] for u in group["Users"]] == ["alice"]
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName="alice")["Groups"]] == ["engineers"]
    with pytest.raises(Exception) as raised:
        iam.get_group(GroupName="devs")
    assert error_code(raised) == "NoSuchEntity"
    with pytest.raises(Exception) as raised:
        iam.update_group(GroupName="engineers", NewGroupName="OPS")
    assert error_code(raised) == "EntityAlreadyExists"


def test_update_group_needs_permission_on_the_new_name(client_as: Any, iam: Any) -> None:
    iam.create_group(GroupName="devs")
    bob = client_as("bob", allow("iam:UpdateGroup", f"arn:aws:iam::{ACCOUNT}:group/devs"))
    with pytest.raises(Exception) as raised:
        bob.update_group(GroupName="devs", NewGroupName="admins")
    assert error_code(raised) == "AccessDenied"
    assert "group/admins" in error_message(raised)


def test_group_inline_policies(iam: Any) -> None:
    iam.create_group(GroupName="devs")
    iam.put_group_policy(GroupName="devs", PolicyName="read", PolicyDocument=READ_ONLY)
    got = iam.get_group_policy(GroupName="DEVS", PolicyName="read")
    assert got["GroupName"] == "devs" and got["PolicyDocument"] == json.loads(READ_ONLY)
    assert got["PolicyDocument"] != READ_ONLY  # URL-encoded, as IAM returns it
    assert iam.list_group_policies(GroupName="devs")["PolicyNames"] == ["read"]
    iam.delete_group_policy(GroupName="devs", PolicyName="read")
    assert iam.list_group_policies(GroupName="devs")["PolicyNames"] == []
    for call in (
        lambda: iam.get_group_policy(GroupName="devs", PolicyName="read"),
        lambda: iam.delete_group_policy(GroupName="devs", PolicyName="read"),
    ):
        with pytest.raises(Exception) as raised:
            call()
        assert error_code(raised) == "NoSuchEntity"


def test_group_inline_policy_checks(iam: Any) -> None:
    iam.create_group(GroupName="devs")
    with_principal = policy_text(allow("s3:GetObject", Principal="*"))
    with pytest.raises(Exception) as raised:
        iam.put_group_policy(GroupName="devs", PolicyName="bad", PolicyDocument=with_principal)
    assert error_code(raised) == "MalformedPolicyDocument"
    # Aggregate quota: 5,120 characters without whitespace over all of the group's inline policies.
    big = policy_text(allow("s3:GetObject", [f"arn:aws:s3:::bucket-{n:04d}/*" for n in range(60)]))
    assert 1800 < len(big.replace(" ", "")) < 2048
    iam.put_group_policy(GroupName="devs", PolicyName="one", PolicyDocument=big)
    iam.put_group_policy(GroupName="devs", PolicyName="two", PolicyDocument=big)
    with pytest.raises(Exception) as raised:
        iam.put_group_policy(GroupName="devs", PolicyName="three", PolicyDocument=big)
    assert error_code(raised) == "LimitExceeded"
    iam.put_group_policy(GroupName="devs", PolicyName="two", PolicyDocument=READ_ONLY)  # replacing frees room
    iam.put_group_policy(GroupName="devs", PolicyName="three", PolicyDocument=big)


def test_group_operations_are_authorized(client_as: Any, iam: Any) -> None:
    bob = client_as("bob", allow("iam:GetGroup", f"arn:aws:iam::{ACCOUNT}:group/devs"))
    iam.create_group(GroupName="devs")
    iam.create_group(GroupName="ops")
    assert bob.get_group(GroupName="devs")["Group"]["GroupName"] == "devs"
    with pytest.raises(Exception) as raised:
        bob.get_group(GroupName="ops")
    assert error_code(raised) == "AccessDenied"
    assert error_message(raised) == (
        f"User: arn:aws:iam::{ACCOUNT}:user/bob is not authorized to perform: iam:GetGroup on resource: "
        f"arn:aws:iam::{ACCOUNT}:group/ops because no identity-based policy allows the iam:GetGroup action"
    )
    with pytest.raises(Exception) as raised:
        bob.create_group(GroupName="new")
    assert error_code(raised) == "AccessDenied"
    assert [g["GroupName"] for g in iam.list_groups()["Groups"]] == ["devs", "ops"]
