"""Instance profiles (R1): one role at most, no deletion while it holds one, and PassRole to put a role in."""

from __future__ import annotations

import json
from typing import Any

import pytest
from iam_entities_support import ACCOUNT, EC2_TRUST, allow, error_code, error_message


def test_life_cycle(iam: Any) -> None:
    created = iam.create_instance_profile(
        InstanceProfileName="web", Path="/apps/", Tags=[{"Key": "env", "Value": "dev"}]
    )["InstanceProfile"]
    assert created["Arn"] == f"arn:aws:iam::{ACCOUNT}:instance-profile/apps/web"
    assert created["InstanceProfileId"].startswith("AIPA") and created["Roles"] == []
    assert created["Tags"] == [{"Key": "env", "Value": "dev"}]
    iam.create_role(RoleName="web-role", AssumeRolePolicyDocument=EC2_TRUST)
    iam.add_role_to_instance_profile(InstanceProfileName="WEB", RoleName="web-role")
    profile = iam.get_instance_profile(InstanceProfileName="web")["InstanceProfile"]
    assert [r["RoleName"] for r in profile["Roles"]] == ["web-role"]
    assert profile["Roles"][0]["AssumeRolePolicyDocument"] == json.loads(EC2_TRUST)
    for_role = iam.list_instance_profiles_for_role(RoleName="web-role")["InstanceProfiles"]
    assert [p["InstanceProfileName"] for p in for_role] == ["web"]
    iam.create_instance_profile(InstanceProfileName="batch")
    assert [p["InstanceProfileName"] for p in iam.list_instance_profiles()["InstanceProfiles"]] == ["batch", "web"]
    assert [p["InstanceProfileName"] for p in iam.list_instance_profiles(PathPrefix="/apps/")["InstanceProfiles"]] == [
        "web"
    ]
    with pytest.raises(Exception) as raised:
        iam.delete_instance_profile(InstanceProfileName="web")
    assert error_code(raised) == "DeleteConflict"
    assert error_message(raised) == "Cannot delete entity, must remove roles from instance profile first."
    iam.remove_role_from_instance_profile(InstanceProfileName="web", RoleName="web-role")
    assert iam.list_instance_profiles_for_role(RoleName="web-role")["InstanceProfiles"] == []
    iam.delete_instance_profile(InstanceProfileName="web")
    with pytest.raises(Exception) as raised:
        iam.get_instance_profile(InstanceProfileName="web")
    assert error_code(raised) == "NoSuchEntity" and error_message(raised) == "Instance Profile web cannot be found."


def test_one_role_per_profile(iam: Any) -> None:
    iam.create_instance_profile(InstanceProfileName="web")
    for name in ("one", "two"):
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=EC2_TRUST)
    iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="one")
    with pytest.raises(Exception) as raised:
        iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="two")
    assert error_code(raised) == "LimitExceeded"
    assert error_message(raised) == "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1"
    with pytest.raises(Exception) as raised:
        iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="one")
    assert error_code(raised) == "EntityAlreadyExists"


def test_refusals(iam: Any) -> None:
    iam.create_instance_profile(InstanceProfileName="web")
    iam.create_role(RoleName="one", AssumeRolePolicyDocument=EC2_TRUST)
    for call, code in (
        (lambda: iam.create_instance_profile(InstanceProfileName="WEB"), "EntityAlreadyExists"),
        (lambda: iam.create_instance_profile(InstanceProfileName="no spaces"), "ValidationError"),
        (lambda: iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="ghost"), "NoSuchEntity"),
        (lambda: iam.add_role_to_instance_profile(InstanceProfileName="ghost", RoleName="one"), "NoSuchEntity"),
        (lambda: iam.remove_role_from_instance_profile(InstanceProfileName="web", RoleName="one"), "NoSuchEntity"),
        (lambda: iam.delete_instance_profile(InstanceProfileName="ghost"), "NoSuchEntity"),
    ):
        with pytest.raises(Exception) as raised:
            call()
        assert error_code(raised) == code


def test_adding_a_role_needs_pass_role(client_as: Any, iam: Any) -> None:
    iam.create_instance_profile(InstanceProfileName="web")
    iam.create_role(RoleName="web-role", AssumeRolePolicyDocument=EC2_TRUST)
    iam.create_role(RoleName="admin", AssumeRolePolicyDocument=EC2_TRUST)
    bob = client_as(
        "bob",
        allow("iam:AddRoleToInstanceProfile"),
        allow("iam:PassRole", f"arn:aws:iam::{ACCOUNT}:role/web-*"),
    )
    with pytest.raises(Exception) as raised:
        bob.add_role_to_instance_profile(InstanceProfileName="web", RoleName="admin")
    assert error_code(raised) == "AccessDenied" and "iam:PassRole" in error_message(raised)
    bob.add_role_to_instance_profile(InstanceProfileName="web", RoleName="web-role")
    assert [r["RoleName"] for r in iam.get_instance_profile(InstanceProfileName="web")["InstanceProfile"]["Roles"]] == [
        "web-role"
    ]
