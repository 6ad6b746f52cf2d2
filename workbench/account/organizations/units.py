"""Organizations: organizational units — the tree under the root that SCPs and RCPs are attached along (E5, E7).

A new OU starts with FullAWSAccess attached, as AWS does while SCPs are enabled; OUs nest at
most five deep; an OU can be deleted only when it holds no accounts and no OUs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from workbench.account.model import Organization, OrganizationalUnit
from workbench.account.organizations.base import OrganizationsBase
from workbench.account.organizations.shapes import ou_arn, ou_response
from workbench.account.service import operation

MAX_OU_DEPTH = 5
OU_NOT_FOUND = "We can't find an OU with the OrganizationalUnitId that you specified."
CHILD_NOT_FOUND = "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified."


def ou_depth(organization: Organization, ou_id: str) -> int:
    """1 for an OU directly under the root, 2 below that, …"""
    depth = 0
    while ou_id != organization.root_id:
        depth += 1
        ou_id = organization.ous[ou_id].parent_id
    return depth


def _tag_context(tags: list[dict[str, str]] | None) -> dict[str, Any]:
    listed = {tag["Key"]: tag["Value"] for tag in tags or []}
    context: dict[str, Any] = {f"aws:RequestTag/{key}": value for key, value in listed.items()}
    if listed:
        context["aws:TagKeys"] = list(listed)
    return context


class UnitOperations(OrganizationsBase):
    @staticmethod
    def _ou_arn(ou_id: str) -> Callable[[Organization], str]:
        """The OU's ARN, formed from its id even when no such OU exists (authorization comes first)."""
        return lambda organization: ou_arn(organization.org_id, organization.management_account_id, ou_id)

    def _require_ou(self, organization: Organization, ou_id: str) -> OrganizationalUnit:
        ou = organization.ous.get(ou_id)
        if ou is None:
            raise self.org_error("OrganizationalUnitNotFoundException", OU_NOT_FOUND)
        return ou

    def _check_name(self, organization: Organization, parent_id: str, name: str, ignore: str | None = None) -> None:
        if len(name) > 128:
            raise self.org_error(
                "InvalidInputException", "An OU name can be at most 128 characters long.", "MAX_LENGTH_EXCEEDED"
            )
        for ou in organization.ous.values():
            if ou.parent_id == parent_id and ou.name == name and ou.ou_id != ignore:
                raise self.org_error("DuplicateOrganizationalUnitException", "An OU with the same name already exists.")

    @operation("CreateOrganizationalUnit")
    def create_organizational_unit(
        self, *, ParentId: str, Name: str, Tags: list[dict[str, str]] | None = None
    ) -> dict[str, Any]:
        _, organization, _ = self.begin(
            "organizations:CreateOrganizationalUnit",
            lambda org: self.target_arn(org, ParentId),
            _tag_context(Tags),
        )
        self.require_parent(organization, ParentId)
        self._check_name(organization, ParentId, Name)
        if ou_depth(organization, ParentId) + 1 > MAX_OU_DEPTH:
            raise self.org_error(
                "ConstraintViolationException",
                f"You have exceeded the maximum number of levels of OUs ({MAX_OU_DEPTH}) allowed in an organization.",
                "OU_DEPTH_LIMIT_EXCEEDED",
            )
        ou_id = f"ou-{organization.root_id[2:]}-{self.sim.ids.next('', 8).lower()}"
        ou = OrganizationalUnit(
            ou_id=ou_id,
            arn=ou_arn(organization.org_id, organization.management_account_id, ou_id),
            name=Name,
            parent_id=ParentId,
        )
        organization = organization.model_copy(
            update={
                "ous": {**organization.ous, ou_id: ou},
                "attachments": {**organization.attachments, **self.default_attachments(ou_id)},
            }
        )
        self.save(organization)
        return {"OrganizationalUnit": ou_response(ou)}

    @operation("DescribeOrganizationalUnit")
    def describe_organizational_unit(self, *, OrganizationalUnitId: str) -> dict[str, Any]:
        _, organization, _ = self.begin("organizations:DescribeOrganizationalUnit", self._ou_arn(OrganizationalUnitId))
        return {"OrganizationalUnit": ou_response(self._require_ou(organization, OrganizationalUnitId))}

    @operation("UpdateOrganizationalUnit")
    def update_organizational_unit(self, *, OrganizationalUnitId: str, Name: str | None = None) -> dict[str, Any]:
        _, organization, _ = self.begin("organizations:UpdateOrganizationalUnit", self._ou_arn(OrganizationalUnitId))
        ou = self._require_ou(organization, OrganizationalUnitId)
        if Name is not None:
            self._check_name(organization, ou.parent_id, Name, ignore=ou.ou_id)
            ou = ou.model_copy(update={"name": Name})
            self.save(organization.model_copy(update={"ous": {**organization.ous, ou.ou_id: ou}}))
        return {"OrganizationalUnit": ou_response(ou)}

    @operation("ListOrganizationalUnitsForParent")
    def list_organizational_units_for_parent(
        self, *, ParentId: str, NextToken: str | None = None, MaxResults: int | None = None
    ) -> dict[str, Any]:
        _, organization, _ = self.begin(
            "organizations:ListOrganizationalUnitsForParent", lambda org: self.target_arn(org, ParentId)
        )
        self.require_parent(organization, ParentId)
        units = [ou_response(ou) for ou in organization.ous.values() if ou.parent_id == ParentId]
        return self.page("OrganizationalUnits", units, NextToken, MaxResults)

    @operation("DeleteOrganizationalUnit")
    def delete_organizational_unit(self, *, OrganizationalUnitId: str) -> dict[str, Any]:
        _, organization, _ = self.begin("organizations:DeleteOrganizationalUnit", self._ou_arn(OrganizationalUnitId))
        self._require_ou(organization, OrganizationalUnitId)
        occupied = any(ou.parent_id == OrganizationalUnitId for ou in organization.ous.values()) or any(
            parent == OrganizationalUnitId for parent in organization.parents.values()
        )
        if occupied:
            raise self.org_error(
                "OrganizationalUnitNotEmptyException",
                "The specified OU is not empty. Move all accounts to another root or to other OUs, remove all "
                "child OUs, and try the operation again.",
            )
        ous = {k: v for k, v in organization.ous.items() if k != OrganizationalUnitId}
        attachments = {k: v for k, v in organization.attachments.items() if k != OrganizationalUnitId}
        self.save(organization.model_copy(update={"ous": ous, "attachments": attachments}))
        return {}

    @operation("ListParents")
    def list_parents(
        self, *, ChildId: str, NextToken: str | None = None, MaxResults: int | None = None
    ) -> dict[str, Any]:
        _, organization, _ = self.begin("organizations:ListParents", lambda org: self.target_arn(org, ChildId))
        if ChildId in organization.ous:
            parent = organization.ous[ChildId].parent_id
        elif ChildId in organization.parents:
            parent = organization.parents[ChildId]
        else:
            raise self.org_error("ChildNotFoundException", CHILD_NOT_FOUND)
        kind = "ROOT" if parent == organization.root_id else "ORGANIZATIONAL_UNIT"
        return self.page("Parents", [{"Id": parent, "Type": kind}], NextToken, MaxResults)

    @operation("ListChildren")
    def list_children(
        self, *, ParentId: str, ChildType: str, NextToken: str | None = None, MaxResults: int | None = None
    ) -> dict[str, Any]:
        _, organization, _ = self.begin("organizations:ListChildren", lambda org: self.target_arn(org, ParentId))
        self.require_parent(organization, ParentId)
        if ChildType == "ACCOUNT":
            children = [account for account, parent in organization.parents.items() if parent == ParentId]
        elif ChildType == "ORGANIZATIONAL_UNIT":
            children = [ou.ou_id for ou in organization.ous.values() if ou.parent_id == ParentId]
        else:
            raise self.org_error(
                "InvalidInputException", "ChildType must be ACCOUNT or ORGANIZATIONAL_UNIT.", "INVALID_ENUM"
            )
        return self.page("Children", [{"Id": child, "Type": ChildType} for child in children], NextToken, MaxResults)
