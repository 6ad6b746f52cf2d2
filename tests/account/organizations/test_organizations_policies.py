"""SCP and RCP documents: create (validated as SCP/RCP), describe, update, delete, list."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from botocore.exceptions import ClientError
from organizations_support import (
    MANAGEMENT,
    RCP,
    SCP,
    allow,
    assert_boto3_shape,
    deny,
    error_code,
    error_reason,
    policy_text,
)

from workbench.account.simulation import Simulation

DENY_CREATE_USER = policy_text(deny("iam:CreateUser"))
RCP_DENY = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}
)


def create(orgs: Any, content: str = DENY_CREATE_USER, name: str = "no-users", kind: str = SCP) -> dict[str, Any]:
    return dict(orgs.create_policy(Content=content, Description="a test policy", Name=name, Type=kind)["Policy"])


def test_create_and_describe(orgs: Any, org: dict[str, Any]) -> None:
    answer = orgs.create_policy(Content=DENY_CREATE_USER, Description="no new users", Name="no-users", Type=SCP)
    assert_boto3_shape("CreatePolicy", answer)
    summary = answer["Policy"]["PolicySummary"]
    assert re.fullmatch(r"p-[a-z0-9]{8}", summary["Id"])
    assert summary["Arn"] == (
        f"arn:aws:organizations::{MANAGEMENT}:policy/{org['Id']}/service_control_policy/{summary['Id']}"
    )
    assert (summary["Name"], summary["Type"], summary["AwsManaged"]) == ("no-users", SCP, False)
    assert answer["Policy"]["Content"] == DENY_CREATE_USER
    described = orgs.describe_policy(PolicyId=summary["Id"])
    assert_boto3_shape("DescribePolicy", described)
    assert described["Policy"] == answer["Policy"]


def test_aws_managed_full_access(orgs: Any, org: dict[str, Any]) -> None:
    policy = orgs.describe_policy(PolicyId="p-FullAWSAccess")["Policy"]
    assert policy["PolicySummary"]["Arn"] == "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess"
    assert policy["PolicySummary"]["AwsManaged"] is True
    assert json.loads(policy["Content"])["Statement"] == [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
    for call in (
        lambda: orgs.update_policy(PolicyId="p-FullAWSAccess", Name="mine"),
        lambda: orgs.delete_policy(PolicyId="p-FullAWSAccess"),
    ):
        with pytest.raises(ClientError) as raised:
            call()
        assert (error_code(raised), error_reason(raised)) == ("InvalidInputException", "IMMUTABLE_POLICY")


def test_malformed_documents(orgs: Any, org: dict[str, Any]) -> None:
    bad = [
        ("{not json", SCP),
        (policy_text({"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}), SCP),
        (policy_text({"Effect": "deny", "Action": "s3:*", "Resource": "*"}), SCP),
        (json.dumps({"Version": "2012-10-17", "Statement": [allow("s3:*")]}), RCP),
        (json.dumps({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}), RCP),
        (json.dumps({"Version": "2012-10-17", "Statement": [deny("s3:*")]}), RCP),
    ]
    for content, kind in bad:
        with pytest.raises(ClientError) as raised:
            create(orgs, content, kind=kind)
        assert error_code(raised) == "MalformedPolicyDocumentException", content


def test_size_name_and_type_limits(sim: Simulation, orgs: Any, org: dict[str, Any]) -> None:
    padded = json.dumps(json.loads(DENY_CREATE_USER), indent=1) + " " * 5121
    counter = sim.ids.counter
    with pytest.raises(ClientError) as raised:
        create(orgs, padded)
    assert (error_code(raised), error_reason(raised)) == (
        "ConstraintViolationException",
        "POLICY_CONTENT_LIMIT_EXCEEDED",
    )
    assert sim.ids.counter == counter  # a refused call leaves the id sequence alone
    create(orgs)
    with pytest.raises(ClientError) as raised:
        create(orgs)
    assert error_code(raised) == "DuplicatePolicyException"
    create(orgs, RCP_DENY, kind=RCP)  # the same name for another type is fine
    with pytest.raises(ClientError) as raised:
        create(orgs, kind="TAG_POLICY")
    assert error_code(raised) == "InvalidInputException"


def test_update(orgs: Any, org: dict[str, Any]) -> None:
    policy_id = create(orgs)["PolicySummary"]["Id"]
    content = policy_text(deny(["iam:CreateUser", "iam:DeleteUser"]))
    answer = orgs.update_policy(PolicyId=policy_id, Name="no-user-changes", Description="d", Content=content)
    assert_boto3_shape("UpdatePolicy", answer)
    assert answer["Policy"]["PolicySummary"]["Name"] == "no-user-changes"
    assert orgs.describe_policy(PolicyId=policy_id)["Policy"]["Content"] == content
    with pytest.raises(ClientError) as raised:
        orgs.update_policy(PolicyId=policy_id, Content="{")
    assert error_code(raised) == "MalformedPolicyDocumentException"
    with pytest.raises(ClientError) as raised:
        orgs.update_policy(PolicyId="p-zzzzzzzz", Name="x")
    assert error_code(raised) == "PolicyNotFoundException"


def test_delete(orgs: Any, org: dict[str, Any], root_id: str) -> None:
    policy_id = create(orgs)["PolicySummary"]["Id"]
    orgs.attach_policy(PolicyId=policy_id, TargetId=root_id)
    with pytest.raises(ClientError) as raised:
        orgs.delete_policy(PolicyId=policy_id)
    assert error_code(raised) == "PolicyInUseException"
    orgs.detach_policy(PolicyId=policy_id, TargetId=root_id)
    assert_boto3_shape("DeletePolicy", orgs.delete_policy(PolicyId=policy_id))
    with pytest.raises(ClientError) as raised:
        orgs.describe_policy(PolicyId=policy_id)
    assert error_code(raised) == "PolicyNotFoundException"


def test_list_policies(orgs: Any, org: dict[str, Any], root_id: str) -> None:
    create(orgs)
    create(orgs, RCP_DENY, "no-s3", RCP)
    answer = orgs.list_policies(Filter=SCP)
    assert_boto3_shape("ListPolicies", answer)
    assert [p["Name"] for p in answer["Policies"]] == ["FullAWSAccess", "no-users"]
    assert [p["Name"] for p in orgs.list_policies(Filter=RCP)["Policies"]] == ["no-s3"]
    orgs.enable_policy_type(RootId=root_id, PolicyType=RCP)
    assert [p["Name"] for p in orgs.list_policies(Filter=RCP)["Policies"]] == ["no-s3", "RCPFullAWSAccess"]
