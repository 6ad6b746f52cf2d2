"""Roles: trust policies validated as TRUST policies, session durations, inline policies, tags, boundaries, deletion."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ParamValidationError
from iam_entities_support import (
    ACCOUNT,
    ANALYZER_POLICY_ARN,
    EC2_TRUST,
    allow,
    error_code,
    error_message,
    policy_text,
    trust,
)

READ_ONLY = policy_text(allow("iam:List*"))


def test_create_role_answers_as_boto3(iam: Any) -> None:
    role = iam.create_role(
        RoleName="web",
        Path="/apps/",
        AssumeRolePolicyDocument=EC2_TRUST,
        Description="web servers",
        MaxSessionDuration=7200,
        Tags=[{"Key": "team", "Value": "blue"}],
    )["Role"]
    assert role["Arn"] == f"arn:aws:iam::{ACCOUNT}:role/apps/web" and role["RoleId"].startswith("AROA")
    assert role["AssumeRolePolicyDocument"] == json.loads(EC2_TRUST)
    assert role["MaxSessionDuration"] == 7200 and role["Description"] == "web servers"
    assert role["Tags"] == [{"Key": "team", "Value": "blue"}]
    got = iam.get_role(RoleName="WEB")["Role"]
    assert got["RoleName"] == "web" and got["RoleLastUsed"] == {}
    listed = iam.list_roles(PathPrefix="/apps/")["Roles"]
    assert [r["RoleName"] for r in listed] == ["web"] and "Tags" not in listed[0]
    assert iam.list_roles(PathPrefix="/other/")["Roles"] == []


def test_create_role_refusals(iam: Any) -> None:
    iam.create_role(RoleName="web", AssumeRolePolicyDocument=EC2_TRUST)
    cases: dict[str, dict[str, Any]] = {
        "EntityAlreadyExists": {"RoleName": "WEB"},
        "ValidationError": {"RoleName": "x", "MaxSessionDuration": 43201},
        "InvalidInput": {"RoleName": "x", "Path": "/aws-service-role/ec2.amazonaws.com/"},
        "NoSuchEntity": {"RoleName": "x", "PermissionsBoundary": f"arn:aws:iam::{ACCOUNT}:policy/none"},
    }
    for code, params in cases.items():
        with pytest.raises(Exception) as raised:
            iam.create_role(**{"AssumeRolePolicyDocument": EC2_TRUST, **params})
        assert error_code(raised) == code, params
    with pytest.raises(ParamValidationError):  # botocore itself refuses values under the model's minimum
        iam.create_role(RoleName="x", AssumeRolePolicyDocument=EC2_TRUST, MaxSessionDuration=900)
    assert [r["RoleName"] for r in iam.list_roles()["Roles"]] == ["web"]


def test_trust_policy_is_validated_as_a_trust_policy(iam: Any) -> None:
    with_resource = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole", "Resource": "*"}
            ],
        }
    )
    not_assumption = policy_text({"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "s3:GetObject"})
    identity_style = policy_text(allow("sts:AssumeRole"))
    for document in (with_resource, not_assumption, identity_style, "{not json"):
        with pytest.raises(Exception) as raised:
            iam.create_role(RoleName="r", AssumeRolePolicyDocument=document)
        assert error_code(raised) == "MalformedPolicyDocument", document
    # Trust policy quota: 2,048 characters without whitespace.
    accounts = [f"{n:012d}" for n in range(1, 150)]
    too_big = trust({"AWS": accounts})
    with pytest.raises(Exception) as raised:
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=too_big)
    assert error_code(raised) == "LimitExceeded"


def test_trust_policy_principals_must_exist(iam: Any) -> None:
    alice = f"arn:aws:iam::{ACCOUNT}:user/alice"
    with pytest.raises(Exception) as raised:
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=trust({"AWS": alice}))
    assert error_code(raised) == "MalformedPolicyDocument"
    assert error_message(raised) == f'Invalid principal in policy: "AWS":"{alice}"'
    with pytest.raises(Exception) as raised:  # a role cannot trust itself before it exists
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=trust({"AWS": f"arn:aws:iam::{ACCOUNT}:role/r"}))
    assert error_code(raised) == "MalformedPolicyDocument"
    iam.create_user(UserName="alice")
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=trust({"AWS": [alice, "222222222222"]}))
    iam.update_assume_role_policy(RoleName="r", PolicyDocument=trust({"AWS": f"arn:aws:iam::{ACCOUNT}:role/r"}))


def test_update_role_and_description(iam: Any) -> None:
    iam.create_role(RoleName="web", AssumeRolePolicyDocument=EC2_TRUST)
    assert set(iam.update_role(RoleName="web", Description="new", MaxSessionDuration=43200)) == {"ResponseMetadata"}
    role = iam.get_role(RoleName="web")["Role"]
    assert role["Description"] == "new" and role["MaxSessionDuration"] == 43200
    answer = iam.update_role_description(RoleName="web", Description="newer")
    assert answer["Role"]["Description"] == "newer"
    with pytest.raises(Exception) as raised:
        iam.update_role(RoleName="web", MaxSessionDuration=50000)
    assert error_code(raised) == "ValidationError" and "43200" in error_message(raised)
    with pytest.raises(Exception) as raised:
        iam.update_role(RoleName="web", Description="x" * 1001)
    assert error_code(raised) == "ValidationError"


def test_update_assume_role_policy(iam: Any) -> None:
    iam.create_role(RoleName="web", AssumeRolePolicyDocument=EC2_TRUST)
    lambda_trust = trust({"Service": "lambda.amazonaws.com"})
    iam.update_assume_role_policy(RoleName="web", PolicyDocument=lambda_trust)
    assert iam.get_role(RoleName="web")["Role"]["AssumeRolePolicyDocument"] == json.loads(lambda_trust)
    with pytest.raises(Exception) as raised:
        iam.update_assume_role_policy(RoleName="web", PolicyDocument=READ_ONLY)
    assert error_code(raised) == "MalformedPolicyDocument"
    assert iam.get_role(RoleName="web")["Role"]["AssumeRolePolicyDocument"] == json.loads(lambda_trust)


def test_role_inline_policies(iam: Any) -> None:
    iam.create_role(RoleName="web", AssumeRolePolicyDocument=EC2_TRUST)
    iam.put_role_policy(RoleName="web", PolicyName="read", PolicyDocument=READ_ONLY)
    got = iam.get_role_policy(RoleName="web", PolicyName="read")
    assert got["RoleName"] == "web" and got["PolicyDocument"] == json.loads(READ_ONLY)
    assert iam.list_role_policies(RoleName="web")["PolicyNames"] == ["read"]
    big = policy_text(allow("s3:GetObject", [f"arn:aws:s3:::bucket-{n:04d}/*" for n in range(60)]))
    for n in range(5):  # the read policy and five of 1,834 characters fit in 10,240 characters
        iam.put_role_policy(RoleName="web", PolicyName=f"big{n}", PolicyDocument=big)
    with pytest.raises(Exception) as raised:
        iam.put_role_policy(RoleName="web", PolicyName="big5", PolicyDocument=big)
    assert error_code(raised) == "LimitExceeded" and "10240" in error_message(raised)
    assert len(iam.list_role_policies(RoleName="web")["PolicyNames"]) == 6
    iam.delete_role_policy(RoleName="web", PolicyName="read")
    with pytest.raises(Exception) as raised:
        iam.get_role_policy(RoleName="web", PolicyName="read")
    assert error_code(raised) == "NoSuchEntity"


def test_role_tags(iam: Any) -> None:
    iam.create_role(RoleName="web", AssumeRolePolicyDocument=EC2_TRUST, Tags=[{"Key": "team", "Value": "blue"}])
    iam.tag_role(RoleName="web", Tags=[{"Key": "TEAM", "Value": "red"}, {"Key": "env", "Value": "dev"}])
    assert iam.list_role_tags(RoleName="web")["Tags"] == [
        {"Key": "TEAM", "Value": "red"},
        {"Key": "env", "Value": "dev"},
    ]
    iam.untag_role(RoleName="web", TagKeys=["team"])
    assert iam.list_role_tags(RoleName="web")["Tags"] == [{"Key": "env", "Value": "dev"}]
    with pytest.raises(Exception) as raised:
        iam.tag_role(RoleName="web", Tags=[{"Key": f"k{n}", "Value": ""} for n in range(50)])
    assert error_code(raised) == "LimitExceeded"


def test_delete_role_conflicts(iam: Any) -> None:
    iam.create_role(RoleName="web", AssumeRolePolicyDocument=EC2_TRUST)
    arn = iam.create_policy(PolicyName="p", PolicyDocument=READ_ONLY)["Policy"]["Arn"]
    iam.attach_role_policy(RoleName="web", PolicyArn=arn)
    iam.put_role_policy(RoleName="web", PolicyName="read", PolicyDocument=READ_ONLY)
    iam.create_instance_profile(InstanceProfileName="web")
    iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="web")
    for undo, expected in (
        (lambda: iam.detach_role_policy(RoleName="web", PolicyArn=arn), "detach all policies"),
        (lambda: iam.delete_role_policy(RoleName="web", PolicyName="read"), "delete policies"),
        (
            lambda: iam.remove_role_from_instance_profile(InstanceProfileName="web", RoleName="web"),
            "remove roles from instance profile",
        ),
    ):
        with pytest.raises(Exception) as raised:
            iam.delete_role(RoleName="web")
        assert error_code(raised) == "DeleteConflict" and expected in error_message(raised)
        undo()
    iam.delete_role(RoleName="web")
    with pytest.raises(Exception) as raised:
        iam.get_role(RoleName="web")
    assert error_code(raised) == "NoSuchEntity" and error_message(raised) == "The role with name web cannot be found."


def test_permissions_boundaries(iam: Any) -> None:
    boundary = iam.create_policy(PolicyName="boundary", PolicyDocument=READ_ONLY)["Policy"]["Arn"]
    iam.create_role(RoleName="web", AssumeRolePolicyDocument=EC2_TRUST, PermissionsBoundary=boundary)
    assert iam.get_role(RoleName="web")["Role"]["PermissionsBoundary"] == {
        "PermissionsBoundaryType": "PermissionsBoundaryPolicy",
        "PermissionsBoundaryArn": boundary,
    }
    iam.create_user(UserName="alice")
    iam.put_user_permissions_boundary(UserName="alice", PermissionsBoundary=boundary)
    assert iam.get_user(UserName="alice")["User"]["PermissionsBoundary"]["PermissionsBoundaryArn"] == boundary
    policy = iam.get_policy(PolicyArn=boundary)["Policy"]
    assert policy["PermissionsBoundaryUsageCount"] == 2 and policy["AttachmentCount"] == 0
    with pytest.raises(Exception) as raised:
        iam.delete_policy(PolicyArn=boundary)
    assert error_code(raised) == "DeleteConflict"
    iam.delete_role_permissions_boundary(RoleName="web")
    iam.delete_user_permissions_boundary(UserName="alice")
    assert "PermissionsBoundary" not in iam.get_role(RoleName="web")["Role"]
    assert "PermissionsBoundary" not in iam.get_user(UserName="alice")["User"]
    iam.delete_policy(PolicyArn=boundary)


def test_boundary_must_be_an_attachable_managed_policy(iam: Any, aws_managed: None) -> None:
    iam.create_role(RoleName="web", AssumeRolePolicyDocument=EC2_TRUST)
    iam.create_user(UserName="alice")
    missing = f"arn:aws:iam::{ACCOUNT}:policy/missing"
    for call in (
        lambda arn: iam.put_role_permissions_boundary(RoleName="web", PermissionsBoundary=arn),
        lambda arn: iam.put_user_permissions_boundary(UserName="alice", PermissionsBoundary=arn),
    ):
        for arn, code in (
            (missing, "NoSuchEntity"),
            (ANALYZER_POLICY_ARN, "PolicyNotAttachable"),
            ("arn:aws:s3:::not-a-policy-at-all", "InvalidInput"),
        ):
            with pytest.raises(Exception) as raised:
                call(arn)
            assert error_code(raised) == code, arn


def test_permissions_boundary_key_delegates_role_administration(client_as: Any, iam: Any) -> None:
    """The classic delegation: an admin may change only roles held by a given boundary (iam:PermissionsBoundary)."""
    boundary = iam.create_policy(PolicyName="boundary", PolicyDocument=READ_ONLY)["Policy"]["Arn"]
    extra = iam.create_policy(PolicyName="extra", PolicyDocument=READ_ONLY)["Policy"]["Arn"]
    condition = {"StringEquals": {"iam:PermissionsBoundary": boundary}}
    admin = client_as(
        "delegate",
        allow(["iam:CreateRole", "iam:AttachRolePolicy", "iam:PutRolePermissionsBoundary"], Condition=condition),
    )
    with pytest.raises(Exception) as raised:
        admin.create_role(RoleName="free", AssumeRolePolicyDocument=EC2_TRUST)
    assert error_code(raised) == "AccessDenied"
    admin.create_role(RoleName="held", AssumeRolePolicyDocument=EC2_TRUST, PermissionsBoundary=boundary)
    admin.attach_role_policy(RoleName="held", PolicyArn=extra)
    iam.create_role(RoleName="other", AssumeRolePolicyDocument=EC2_TRUST)
    with pytest.raises(Exception) as raised:
        admin.attach_role_policy(RoleName="other", PolicyArn=extra)
    assert error_code(raised) == "AccessDenied"
    with pytest.raises(Exception) as raised:
        admin.put_role_permissions_boundary(RoleName="held", PermissionsBoundary=extra)
    assert error_code(raised) == "AccessDenied"
