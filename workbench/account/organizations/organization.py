"""Organizations: the organization and its root (CreateOrganization, DescribeOrganization, ListRoots, policy types).

CreateOrganization makes the caller's account the management account, with all features and
SCPs enabled: the AWS managed SCP FullAWSAccess is attached to the root and to the management
account. RCPFullAWSAccess is never stored: ``organization_paths`` adds it to every RCP level.
The simulation holds one organization; a second CreateOrganization from an outside account is refused.
"""

from __future__ import annotations

from typing import Any

from workbench.account.authorization import Target
from workbench.account.model import Organization
from workbench.account.organizations.base import SCP, OrganizationsBase
from workbench.account.organizations.records import Membership, OrganizationRecords, target_attachments
from workbench.account.organizations.shapes import (
    FULL_AWS_ACCESS,
    FULL_AWS_ACCESS_ID,
    organization_response,
    root_arn,
    root_response,
)
from workbench.account.service import operation

ROOT_NOT_FOUND = "We can't find a root with the RootId that you specified."


class OrganizationOperations(OrganizationsBase):
    @operation("CreateOrganization")
    def create_organization(self, *, FeatureSet: str = "ALL") -> dict[str, Any]:
        caller = self.caller()
        self.authorize(caller, "organizations:CreateOrganization", Target("*", caller.account_id))
        if FeatureSet != "ALL":
            raise self.org_error(
                "InvalidInputException",
                "The simulation models organizations with all features (FeatureSet ALL) only: "
                "consolidated billing alone has no SCPs or RCPs.",
                "INVALID_ENUM",
            )
        existing = self.sim.state.organization
        if existing is not None:
            if caller.account_id in existing.parents:
                raise self.org_error(
                    "AlreadyInOrganizationException", "The AWS account is already a member of an organization."
                )
            raise self.org_error(
                "ConstraintViolationException",
                f"This simulation already holds organization {existing.org_id}; it models one organization. "
                f"Invite account {caller.account_id} to it instead.",
            )
        management = caller.account_id
        org_id = "o-" + self.sim.ids.next("", 10).lower()
        root_id = "r-" + self.sim.ids.next("", 4).lower()
        organization = Organization(
            org_id=org_id,
            arn=f"arn:aws:organizations::{management}:organization/{org_id}",
            management_account_id=management,
            root_id=root_id,
            parents={management: root_id},
            policies={FULL_AWS_ACCESS_ID: FULL_AWS_ACCESS},
            attachments={root_id: (FULL_AWS_ACCESS_ID,), management: (FULL_AWS_ACCESS_ID,)},
        )
        records = OrganizationRecords(
            memberships={management: Membership(joined_method="INVITED", joined_timestamp=self.now)}
        )
        self.save(organization, records)
        email = self.sim.account(management).email
        return {"Organization": organization_response(organization, records, email)}

    @operation("DescribeOrganization")
    def describe_organization(self) -> dict[str, Any]:
        _, organization, records = self.begin("organizations:DescribeOrganization", management_only=False)
        email = self.sim.account(organization.management_account_id).email
        return {"Organization": organization_response(organization, records, email)}

    @operation("ListRoots")
    def list_roots(self, *, NextToken: str | None = None, MaxResults: int | None = None) -> dict[str, Any]:
        _, organization, records = self.begin("organizations:ListRoots")
        return self.page("Roots", [root_response(organization, records)], NextToken, MaxResults)

    @operation("EnablePolicyType")
    def enable_policy_type(self, *, RootId: str, PolicyType: str) -> dict[str, Any]:
        self.require_policy_type(PolicyType)
        _, organization, records = self.begin(
            "organizations:EnablePolicyType", root_arn, {"organizations:PolicyType": PolicyType}
        )
        if RootId != organization.root_id:
            raise self.org_error("RootNotFoundException", ROOT_NOT_FOUND)
        if PolicyType in records.enabled_policy_types:
            raise self.org_error("PolicyTypeAlreadyEnabledException", "The specified policy type is already enabled.")
        records = records.model_copy(update={"enabled_policy_types": (*records.enabled_policy_types, PolicyType)})
        if PolicyType == SCP:  # FullAWSAccess goes (back) onto every root, OU and account
            attachments = target_attachments(organization)
            for target in (organization.root_id, *organization.ous, *organization.parents):
                if FULL_AWS_ACCESS_ID not in attachments.get(target, ()):
                    attachments[target] = (*attachments.get(target, ()), FULL_AWS_ACCESS_ID)
            organization = organization.model_copy(update={"attachments": attachments})
        self.save(organization, records)
        return {"Root": root_response(organization, records)}

    @operation("DisablePolicyType")
    def disable_policy_type(self, *, RootId: str, PolicyType: str) -> dict[str, Any]:
        self.require_policy_type(PolicyType)
        _, organization, records = self.begin(
            "organizations:DisablePolicyType", root_arn, {"organizations:PolicyType": PolicyType}
        )
        if RootId != organization.root_id:
            raise self.org_error("RootNotFoundException", ROOT_NOT_FOUND)
        if PolicyType not in records.enabled_policy_types:
            raise self.org_error(
                "PolicyTypeNotEnabledException", "This operation can be performed only for enabled policy types."
            )
        # Every policy of the type is detached. FullAWSAccess stays stored, hidden, so that SCP
        # evaluation keeps allowing everything (see OrganizationsBase.attached).
        kept = {FULL_AWS_ACCESS_ID} if PolicyType == SCP else set()
        attachments = {
            target: tuple(
                policy_id
                for policy_id in ids
                if policy_id in kept
                or (policy := organization.policies.get(policy_id)) is None
                or policy.type != PolicyType
            )
            for target, ids in target_attachments(organization).items()
        }
        enabled = tuple(kind for kind in records.enabled_policy_types if kind != PolicyType)
        records = records.model_copy(update={"enabled_policy_types": enabled})
        organization = organization.model_copy(update={"attachments": attachments})
        self.save(organization, records)
        return {"Root": root_response(organization, records)}
