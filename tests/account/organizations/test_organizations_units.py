"""Organizational units: create, describe, rename, list, delete, parents and children."""

from __future__ import annotations

import re
from typing import Any

import pytest
from botocore.exceptions import ClientError
from organizations_support import MANAGEMENT, MEMBER, SCP, assert_boto3_shape, error_code, error_reason

from workbench.account.simulation import Simulation


def test_create_and_describe(orgs: Any, org: dict[str, Any], root_id: str) -> None:
    answer = orgs.create_organizational_unit(ParentId=root_id, Name="Workloads")
    assert_boto3_shape("CreateOrganizationalUnit", answer)
    ou = answer["OrganizationalUnit"]
    assert re.fullmatch(rf"ou-{root_id[2:]}-[a-z0-9]{{8}}", ou["Id"])
    assert ou["Arn"] == f"arn:aws:organizations::{MANAGEMENT}:ou/{org['Id']}/{ou['Id']}"
    described = orgs.describe_organizational_unit(OrganizationalUnitId=ou["Id"])
    assert_boto3_shape("DescribeOrganizationalUnit", described)
    assert described["OrganizationalUnit"] == ou
    attached = orgs.list_policies_for_target(TargetId=ou["Id"], Filter=SCP)["Policies"]
    assert [p["Name"] for p in attached] == ["FullAWSAccess"]


def test_nested_units_and_listing(orgs: Any, root_id: str) -> None:
    prod = orgs.create_organizational_unit(ParentId=root_id, Name="Prod")["OrganizationalUnit"]
    dev = orgs.create_organizational_unit(ParentId=root_id, Name="Dev")["OrganizationalUnit"]
    web = orgs.create_organizational_unit(ParentId=prod["Id"], Name="Web")["OrganizationalUnit"]
    listed = orgs.list_organizational_units_for_parent(ParentId=root_id)
    assert_boto3_shape("ListOrganizationalUnitsForParent", listed)
    assert [u["Name"] for u in listed["OrganizationalUnits"]] == ["Prod", "Dev"]
    assert orgs.list_organizational_units_for_parent(ParentId=prod["Id"])["OrganizationalUnits"] == [web]
    assert orgs.list_parents(ChildId=web["Id"])["Parents"] == [{"Id": prod["Id"], "Type": "ORGANIZATIONAL_UNIT"}]
    assert orgs.list_parents(ChildId=dev["Id"])["Parents"] == [{"Id": root_id, "Type": "ROOT"}]
    assert orgs.list_parents(ChildId=MEMBER)["Parents"] == [{"Id": root_id, "Type": "ROOT"}]
    children = orgs.list_children(ParentId=root_id, ChildType="ACCOUNT")
    assert_boto3_shape("ListChildren", children)
    assert {c["Id"] for c in children["Children"]} == {MANAGEMENT, MEMBER}
    assert [c["Id"] for c in orgs.list_children(ParentId=root_id, ChildType="ORGANIZATIONAL_UNIT")["Children"]] == [
        prod["Id"],
        dev["Id"],
    ]
    page = orgs.list_organizational_units_for_parent(ParentId=root_id, MaxResults=1)
    assert len(page["OrganizationalUnits"]) == 1 and page["NextToken"]
    rest = orgs.list_organizational_units_for_parent(ParentId=root_id, NextToken=page["NextToken"])
    assert [u["Name"] for u in rest["OrganizationalUnits"]] == ["Dev"] and "NextToken" not in rest


def test_names_are_unique_under_one_parent(orgs: Any, root_id: str) -> None:
    prod = orgs.create_organizational_unit(ParentId=root_id, Name="Prod")["OrganizationalUnit"]
    with pytest.raises(ClientError) as raised:
        orgs.create_organizational_unit(ParentId=root_id, Name="Prod")
    assert error_code(raised) == "DuplicateOrganizationalUnitException"
    orgs.create_organizational_unit(ParentId=prod["Id"], Name="Prod")  # another parent: fine
    dev = orgs.create_organizational_unit(ParentId=root_id, Name="Dev")["OrganizationalUnit"]
    with pytest.raises(ClientError) as raised:
        orgs.update_organizational_unit(OrganizationalUnitId=dev["Id"], Name="Prod")
    assert error_code(raised) == "DuplicateOrganizationalUnitException"
    renamed = orgs.update_organizational_unit(OrganizationalUnitId=dev["Id"], Name="Development")
    assert renamed["OrganizationalUnit"]["Name"] == "Development"


def test_at_most_five_levels(orgs: Any, root_id: str) -> None:
    parent = root_id
    for level in range(5):
        parent = orgs.create_organizational_unit(ParentId=parent, Name=f"L{level}")["OrganizationalUnit"]["Id"]
    with pytest.raises(ClientError) as raised:
        orgs.create_organizational_unit(ParentId=parent, Name="L5")
    assert (error_code(raised), error_reason(raised)) == ("ConstraintViolationException", "OU_DEPTH_LIMIT_EXCEEDED")


def test_delete(sim: Simulation, orgs: Any, root_id: str) -> None:
    prod = orgs.create_organizational_unit(ParentId=root_id, Name="Prod")["OrganizationalUnit"]
    web = orgs.create_organizational_unit(ParentId=prod["Id"], Name="Web")["OrganizationalUnit"]
    with pytest.raises(ClientError) as raised:
        orgs.delete_organizational_unit(OrganizationalUnitId=prod["Id"])
    assert error_code(raised) == "OrganizationalUnitNotEmptyException"
    orgs.move_account(AccountId=MEMBER, SourceParentId=root_id, DestinationParentId=web["Id"])
    with pytest.raises(ClientError) as raised:
        orgs.delete_organizational_unit(OrganizationalUnitId=web["Id"])
    assert error_code(raised) == "OrganizationalUnitNotEmptyException"
    orgs.move_account(AccountId=MEMBER, SourceParentId=web["Id"], DestinationParentId=root_id)
    assert_boto3_shape("DeleteOrganizationalUnit", orgs.delete_organizational_unit(OrganizationalUnitId=web["Id"]))
    orgs.delete_organizational_unit(OrganizationalUnitId=prod["Id"])
    organization = sim.state.organization
    assert organization is not None and organization.ous == {} and web["Id"] not in organization.attachments


def test_not_found(orgs: Any, root_id: str) -> None:
    missing = f"ou-{root_id[2:]}-zzzzzzzz"
    for call, code in (
        (
            lambda: orgs.describe_organizational_unit(OrganizationalUnitId=missing),
            "OrganizationalUnitNotFoundException",
        ),
        (lambda: orgs.delete_organizational_unit(OrganizationalUnitId=missing), "OrganizationalUnitNotFoundException"),
        (lambda: orgs.create_organizational_unit(ParentId=missing, Name="x"), "ParentNotFoundException"),
        (lambda: orgs.list_organizational_units_for_parent(ParentId=missing), "ParentNotFoundException"),
        (lambda: orgs.list_parents(ChildId="999999999999"), "ChildNotFoundException"),
    ):
        with pytest.raises(ClientError) as raised:
            call()
        assert error_code(raised) == code
