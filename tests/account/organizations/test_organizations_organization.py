"""CreateOrganization, DescribeOrganization, ListRoots, Enable/DisablePolicyType, and who may call Organizations."""

from __future__ import annotations

import re
from typing import Any

import pytest
from botocore.exceptions import ClientError
from organizations_support import (
    MANAGEMENT,
    MEMBER,
    OUTSIDER,
    RCP,
    SCP,
    allow,
    assert_boto3_shape,
    error_code,
    error_message,
    put_user,
)

from workbench.account.organization_paths import org_levels
from workbench.account.simulation import Simulation


def test_create_organization(sim: Simulation, orgs: Any) -> None:
    answer = orgs.create_organization(FeatureSet="ALL")
    assert_boto3_shape("CreateOrganization", answer)
    organization = answer["Organization"]
    assert re.fullmatch(r"o-[a-z0-9]{10}", organization["Id"])
    assert organization["Arn"] == f"arn:aws:organizations::{MANAGEMENT}:organization/{organization['Id']}"
    assert organization["MasterAccountId"] == MANAGEMENT
    assert organization["MasterAccountArn"] == (
        f"arn:aws:organizations::{MANAGEMENT}:account/{organization['Id']}/{MANAGEMENT}"
    )
    assert organization["MasterAccountEmail"] == "management@example.com"
    assert organization["FeatureSet"] == "ALL"
    assert organization["AvailablePolicyTypes"] == [{"Type": SCP, "Status": "ENABLED"}]
    stored = sim.state.organization
    assert stored is not None and stored.parents == {MANAGEMENT: stored.root_id}
    assert stored.attachments[stored.root_id] == ("p-FullAWSAccess",)
    assert stored.attachments[MANAGEMENT] == ("p-FullAWSAccess",)
    assert org_levels(stored, MANAGEMENT, "SERVICE_CONTROL_POLICY") is None  # never governed (E2)


def test_list_roots(orgs: Any, org: dict[str, Any]) -> None:
    answer = orgs.list_roots()
    assert_boto3_shape("ListRoots", answer)
    (root,) = answer["Roots"]
    assert re.fullmatch(r"r-[a-z0-9]{4}", root["Id"])
    assert root["Arn"] == f"arn:aws:organizations::{MANAGEMENT}:root/{org['Id']}/{root['Id']}"
    assert (root["Name"], root["PolicyTypes"]) == ("Root", [{"Type": SCP, "Status": "ENABLED"}])


def test_create_organization_twice(sim: Simulation, orgs: Any, org: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as raised:
        orgs.create_organization()
    assert error_code(raised) == "AlreadyInOrganizationException"
    with pytest.raises(ClientError) as raised:
        sim.client("organizations", sim.root_credentials(MEMBER)).create_organization()
    assert error_code(raised) == "AlreadyInOrganizationException"
    with pytest.raises(ClientError) as raised:
        sim.client("organizations", sim.root_credentials(OUTSIDER)).create_organization()
    assert error_code(raised) == "ConstraintViolationException"
    assert "one organization" in error_message(raised)


def test_create_organization_needs_permission(sim: Simulation) -> None:
    keys = put_user(sim, MANAGEMENT, "alice")
    with pytest.raises(ClientError) as raised:
        sim.client("organizations", keys).create_organization()
    assert error_code(raised) == "AccessDeniedException"
    assert error_message(raised) == (
        f"User: arn:aws:iam::{MANAGEMENT}:user/alice is not authorized to perform: organizations:CreateOrganization "
        "on resource: * because no identity-based policy allows the organizations:CreateOrganization action"
    )
    admin = put_user(sim, MANAGEMENT, "admin", allow("organizations:*"))
    assert sim.client("organizations", admin).create_organization()["Organization"]["MasterAccountId"] == MANAGEMENT


def test_only_all_features(orgs: Any) -> None:
    with pytest.raises(ClientError) as raised:
        orgs.create_organization(FeatureSet="CONSOLIDATED_BILLING")
    assert error_code(raised) == "InvalidInputException"


def test_describe_organization_for_management_and_members(sim: Simulation, orgs: Any, org: dict[str, Any]) -> None:
    answer = orgs.describe_organization()
    assert_boto3_shape("DescribeOrganization", answer)
    assert answer["Organization"] == org
    member = sim.client("organizations", sim.root_credentials(MEMBER))
    assert member.describe_organization()["Organization"]["Id"] == org["Id"]


def test_outside_callers(sim: Simulation, orgs: Any) -> None:
    with pytest.raises(ClientError) as raised:
        orgs.describe_organization()
    assert (error_code(raised), error_message(raised)) == (
        "AWSOrganizationsNotInUseException",
        "Your account is not a member of an organization.",
    )
    orgs.create_organization()
    outsider = sim.client("organizations", sim.root_credentials(OUTSIDER))
    for call in (outsider.describe_organization, outsider.list_roots, outsider.list_accounts):
        with pytest.raises(ClientError) as raised:
            call()
        assert error_code(raised) == "AWSOrganizationsNotInUseException"


def test_members_may_not_manage_the_organization(sim: Simulation, org: dict[str, Any], root_id: str) -> None:
    member = sim.client("organizations", sim.root_credentials(MEMBER))
    calls = [
        member.list_roots,
        member.list_accounts,
        lambda: member.create_organizational_unit(ParentId=root_id, Name="x"),
        lambda: member.list_policies(Filter=SCP),
        lambda: member.enable_policy_type(RootId=root_id, PolicyType=RCP),
    ]
    for call in calls:
        with pytest.raises(ClientError) as raised:
            call()
        assert (error_code(raised), error_message(raised)) == (
            "AccessDeniedException",
            "You don't have permissions to access this resource.",
        )
        assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_every_call_is_authorized_with_its_action(sim: Simulation, org: dict[str, Any], root_id: str) -> None:
    reader = sim.client("organizations", put_user(sim, MANAGEMENT, "reader", allow(["organizations:List*"])))
    assert reader.list_roots()["Roots"]
    with pytest.raises(ClientError) as raised:
        reader.enable_policy_type(RootId=root_id, PolicyType=RCP)
    assert error_code(raised) == "AccessDeniedException"
    assert "organizations:EnablePolicyType on resource: arn:aws:organizations::" in error_message(raised)
    scoped = sim.client(
        "organizations",
        put_user(
            sim,
            MANAGEMENT,
            "scoped",
            allow(
                "organizations:EnablePolicyType",
                Condition={"StringEquals": {"organizations:PolicyType": SCP}},
            ),
        ),
    )
    with pytest.raises(ClientError) as raised:
        scoped.enable_policy_type(RootId=root_id, PolicyType=RCP)
    assert error_code(raised) == "AccessDeniedException"


def test_enable_and_disable_policy_types(orgs: Any, root_id: str) -> None:
    answer = orgs.enable_policy_type(RootId=root_id, PolicyType=RCP)
    assert_boto3_shape("EnablePolicyType", answer)
    assert answer["Root"]["PolicyTypes"] == [
        {"Type": SCP, "Status": "ENABLED"},
        {"Type": RCP, "Status": "ENABLED"},
    ]
    with pytest.raises(ClientError) as raised:
        orgs.enable_policy_type(RootId=root_id, PolicyType=RCP)
    assert error_code(raised) == "PolicyTypeAlreadyEnabledException"
    answer = orgs.disable_policy_type(RootId=root_id, PolicyType=RCP)
    assert answer["Root"]["PolicyTypes"] == [{"Type": SCP, "Status": "ENABLED"}]
    with pytest.raises(ClientError) as raised:
        orgs.disable_policy_type(RootId=root_id, PolicyType=RCP)
    assert error_code(raised) == "PolicyTypeNotEnabledException"
    for call in (orgs.enable_policy_type, orgs.disable_policy_type):
        with pytest.raises(ClientError) as raised:
            call(RootId="r-zzzz", PolicyType=RCP)
        assert error_code(raised) == "RootNotFoundException"
        with pytest.raises(ClientError) as raised:
            call(RootId=root_id, PolicyType="TAG_POLICY")
        assert error_code(raised) == "InvalidInputException"
