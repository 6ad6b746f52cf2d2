"""Attaching SCPs and RCPs: the rules AWS enforces, listing both ways, and what disabling a policy type does."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError
from organizations_support import (
    MANAGEMENT,
    MEMBER,
    RCP,
    SCP,
    allow,
    assert_boto3_shape,
    deny,
    error_code,
    error_reason,
    policy_text,
    put_user,
)

from workbench.account.simulation import Simulation

RCP_DENY = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}
)


def scp(orgs: Any, name: str, *statements: dict[str, Any]) -> str:
    content = policy_text(*(statements or (deny("iam:CreateUser"),)))
    return str(
        orgs.create_policy(Content=content, Description="", Name=name, Type=SCP)["Policy"]["PolicySummary"]["Id"]
    )


def test_attach_and_list_both_ways(orgs: Any, org: dict[str, Any], root_id: str) -> None:
    policy_id = scp(orgs, "no-users")
    assert_boto3_shape("AttachPolicy", orgs.attach_policy(PolicyId=policy_id, TargetId=MEMBER))
    listed = orgs.list_policies_for_target(TargetId=MEMBER, Filter=SCP)
    assert_boto3_shape("ListPoliciesForTarget", listed)
    assert [p["Id"] for p in listed["Policies"]] == ["p-FullAWSAccess", policy_id]
    targets = orgs.list_targets_for_policy(PolicyId=policy_id)
    assert_boto3_shape("ListTargetsForPolicy", targets)
    assert targets["Targets"] == [
        {
            "TargetId": MEMBER,
            "Arn": f"arn:aws:organizations::{MANAGEMENT}:account/{org['Id']}/{MEMBER}",
            "Name": "member",
            "Type": "ACCOUNT",
        }
    ]
    everywhere = orgs.list_targets_for_policy(PolicyId="p-FullAWSAccess")["Targets"]
    assert [(t["TargetId"], t["Type"]) for t in everywhere] == [
        (root_id, "ROOT"),
        (MANAGEMENT, "ACCOUNT"),
        (MEMBER, "ACCOUNT"),
    ]


def test_attach_errors(orgs: Any, org: dict[str, Any], root_id: str) -> None:
    policy_id = scp(orgs, "no-users")
    orgs.attach_policy(PolicyId=policy_id, TargetId=root_id)
    cases = [
        ({"PolicyId": policy_id, "TargetId": root_id}, "DuplicatePolicyAttachmentException"),
        ({"PolicyId": "p-FullAWSAccess", "TargetId": MEMBER}, "DuplicatePolicyAttachmentException"),
        ({"PolicyId": "p-zzzzzzzz", "TargetId": root_id}, "PolicyNotFoundException"),
        ({"PolicyId": policy_id, "TargetId": "999999999999"}, "TargetNotFoundException"),
    ]
    for params, code in cases:
        with pytest.raises(ClientError) as raised:
            orgs.attach_policy(**params)
        assert error_code(raised) == code, params
    more = [scp(orgs, f"extra-{i}") for i in range(4)]
    for policy in more[:3]:
        orgs.attach_policy(PolicyId=policy, TargetId=root_id)
    with pytest.raises(ClientError) as raised:
        orgs.attach_policy(PolicyId=more[3], TargetId=root_id)
    assert error_reason(raised) == "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED"


def test_rcps_must_be_enabled_before_attaching(orgs: Any, org: dict[str, Any], root_id: str) -> None:
    policy_id = orgs.create_policy(Content=RCP_DENY, Description="", Name="no-s3", Type=RCP)["Policy"]["PolicySummary"][
        "Id"
    ]
    with pytest.raises(ClientError) as raised:
        orgs.attach_policy(PolicyId=policy_id, TargetId=MEMBER)
    assert error_code(raised) == "PolicyTypeNotEnabledException"
    assert orgs.list_policies_for_target(TargetId=MEMBER, Filter=RCP)["Policies"] == []
    orgs.enable_policy_type(RootId=root_id, PolicyType=RCP)
    assert [p["Name"] for p in orgs.list_policies_for_target(TargetId=MEMBER, Filter=RCP)["Policies"]] == [
        "RCPFullAWSAccess"
    ]
    orgs.attach_policy(PolicyId=policy_id, TargetId=MEMBER)
    assert [p["Name"] for p in orgs.list_policies_for_target(TargetId=MEMBER, Filter=RCP)["Policies"]] == [
        "no-s3",
        "RCPFullAWSAccess",
    ]
    with pytest.raises(ClientError) as raised:
        orgs.detach_policy(PolicyId="p-RCPFullAWSAccess", TargetId=MEMBER)
    assert (error_code(raised), error_reason(raised)) == ("InvalidInputException", "NON_DETACHABLE_POLICY")
    orgs.disable_policy_type(RootId=root_id, PolicyType=RCP)  # every RCP is detached
    orgs.enable_policy_type(RootId=root_id, PolicyType=RCP)
    assert [p["Name"] for p in orgs.list_policies_for_target(TargetId=MEMBER, Filter=RCP)["Policies"]] == [
        "RCPFullAWSAccess"
    ]


def test_detach_rules(orgs: Any, org: dict[str, Any], root_id: str) -> None:
    policy_id = scp(orgs, "no-users")
    with pytest.raises(ClientError) as raised:
        orgs.detach_policy(PolicyId=policy_id, TargetId=MEMBER)
    assert error_code(raised) == "PolicyNotAttachedException"
    with pytest.raises(ClientError) as raised:
        orgs.detach_policy(PolicyId="p-FullAWSAccess", TargetId=MEMBER)
    assert (error_code(raised), error_reason(raised)) == (
        "ConstraintViolationException",
        "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED",
    )
    orgs.attach_policy(PolicyId=policy_id, TargetId=MEMBER)
    assert_boto3_shape("DetachPolicy", orgs.detach_policy(PolicyId="p-FullAWSAccess", TargetId=MEMBER))
    assert [p["Id"] for p in orgs.list_policies_for_target(TargetId=MEMBER, Filter=SCP)["Policies"]] == [policy_id]


def test_attachment_calls_are_authorized_on_policy_and_target(
    sim: Simulation, orgs: Any, org: dict[str, Any], root_id: str
) -> None:
    policy_id = scp(orgs, "no-users")
    only_root = allow(
        ["organizations:AttachPolicy", "organizations:DescribePolicy"],
        [f"arn:aws:organizations::{MANAGEMENT}:policy/*", f"arn:aws:organizations::{MANAGEMENT}:root/*"],
    )
    client = sim.client("organizations", put_user(sim, MANAGEMENT, "ops", only_root))
    client.attach_policy(PolicyId=policy_id, TargetId=root_id)
    with pytest.raises(ClientError) as raised:
        client.attach_policy(PolicyId=policy_id, TargetId=MEMBER)
    assert error_code(raised) == "AccessDeniedException"
    assert f"on resource: arn:aws:organizations::{MANAGEMENT}:account/{org['Id']}/{MEMBER}" in str(raised.value)


def test_disabling_scps_lifts_them(sim: Simulation, orgs: Any, org: dict[str, Any], root_id: str) -> None:
    keys = put_user(sim, MEMBER, "admin", allow("*"))
    policy_id = scp(orgs, "no-users")
    orgs.attach_policy(PolicyId=policy_id, TargetId=MEMBER)
    with pytest.raises(ClientError):
        sim.client("iam", keys).create_user(UserName="blocked")
    orgs.disable_policy_type(RootId=root_id, PolicyType=SCP)
    assert orgs.list_policies_for_target(TargetId=MEMBER, Filter=SCP)["Policies"] == []
    assert orgs.list_targets_for_policy(PolicyId=policy_id)["Targets"] == []
    sim.client("iam", keys).create_user(UserName="allowed")  # no SCP governs the member now
    with pytest.raises(ClientError) as raised:
        orgs.attach_policy(PolicyId=policy_id, TargetId=MEMBER)
    assert error_code(raised) == "PolicyTypeNotEnabledException"
    orgs.enable_policy_type(RootId=root_id, PolicyType=SCP)
    assert [p["Id"] for p in orgs.list_policies_for_target(TargetId=MEMBER, Filter=SCP)["Policies"]] == [
        "p-FullAWSAccess"
    ]
