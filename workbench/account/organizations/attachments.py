"""Organizations: attaching SCPs and RCPs to the root, OUs and accounts — the levels the engine gates on (E5, E7).

Rules AWS enforces: the policy's type must be enabled (``PolicyTypeNotEnabledException``); a policy
is attached once per target (``DuplicatePolicyAttachmentException``); at most five of a type per
target; a target keeps at least one SCP, so detaching the last one is refused
(``ConstraintViolationException``, ``MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED``); RCPFullAWSAccess
is attached everywhere and cannot be detached.
"""

from __future__ import annotations

from typing import Any

from workbench.account.authorization import Target
from workbench.account.model import Organization, OrganizationPolicy
from workbench.account.organizations.base import SCP, OrganizationsBase
from workbench.account.organizations.records import OrganizationRecords, target_attachments
from workbench.account.organizations.shapes import RCP_FULL_AWS_ACCESS_ID, policy_summary
from workbench.account.service import operation

MAX_PER_TARGET = 5


class AttachmentOperations(OrganizationsBase):
    def _attachment_call(
        self, action: str, policy_id: str, target_id: str
    ) -> tuple[Organization, OrganizationRecords, OrganizationPolicy]:
        """Authorize ``action`` on the policy and on the target (the action names both), then find both."""
        caller, organization, records, policy = self.begin_on_policy(action, policy_id)
        self.authorize(
            caller,
            action,
            Target(self.target_arn(organization, target_id), organization.management_account_id),
            {"organizations:PolicyType": policy.type},
        )
        self.require_target(organization, target_id)
        return organization, records, policy

    @operation("AttachPolicy")
    def attach_policy(self, *, PolicyId: str, TargetId: str) -> dict[str, Any]:
        organization, records, policy = self._attachment_call("organizations:AttachPolicy", PolicyId, TargetId)
        if policy.type not in records.enabled_policy_types:
            raise self.org_error(
                "PolicyTypeNotEnabledException",
                "The specified policy type isn't currently enabled in this root. You can't attach policies of the "
                "specified type to entities in a root until you enable that type in the root.",
            )
        attached = self.attached(organization, records, TargetId)
        if PolicyId in attached:
            raise self.org_error(
                "DuplicatePolicyAttachmentException", "The selected policy is already attached to the specified target."
            )
        same_type = [p for p in attached if self.all_policies(organization, records)[p].type == policy.type]
        if len(same_type) >= MAX_PER_TARGET:
            raise self.org_error(
                "ConstraintViolationException",
                f"You attempted to attach more than {MAX_PER_TARGET} policies of type {policy.type} to one target.",
                "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED",
            )
        attachments = target_attachments(organization)
        attachments[TargetId] = (*attachments.get(TargetId, ()), PolicyId)
        self.save(organization.model_copy(update={"attachments": attachments}), records)
        return {}

    @operation("DetachPolicy")
    def detach_policy(self, *, PolicyId: str, TargetId: str) -> dict[str, Any]:
        organization, records, policy = self._attachment_call("organizations:DetachPolicy", PolicyId, TargetId)
        if PolicyId == RCP_FULL_AWS_ACCESS_ID:
            raise self.org_error(
                "InvalidInputException",
                "RCPFullAWSAccess is attached to every root, OU and account while RCPs are enabled, and cannot be "
                "detached.",
                "NON_DETACHABLE_POLICY",
            )
        attached = self.attached(organization, records, TargetId)
        if PolicyId not in attached:
            raise self.org_error(
                "PolicyNotAttachedException", "The policy isn't attached to the specified target in the specified root."
            )
        if policy.type == SCP:
            scps = [p for p in attached if self.all_policies(organization, records)[p].type == SCP]
            if len(scps) <= 1:
                raise self.org_error(
                    "ConstraintViolationException",
                    "You attempted to detach a policy from an entity that would leave the entity with fewer than the "
                    "minimum number of policies of that type required (every root, OU and account keeps at least "
                    "one SCP; attach another, such as FullAWSAccess, first).",
                    "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED",
                )
        attachments = target_attachments(organization)
        attachments[TargetId] = tuple(p for p in attachments.get(TargetId, ()) if p != PolicyId)
        self.save(organization.model_copy(update={"attachments": attachments}), records)
        return {}

    @operation("ListPoliciesForTarget")
    def list_policies_for_target(
        self, *, TargetId: str, Filter: str, NextToken: str | None = None, MaxResults: int | None = None
    ) -> dict[str, Any]:
        self.require_policy_type(Filter)
        _, organization, records = self.begin(
            "organizations:ListPoliciesForTarget",
            lambda org: self.target_arn(org, TargetId),
            {"organizations:PolicyType": Filter},
        )
        self.require_target(organization, TargetId)
        policies = self.all_policies(organization, records)
        found = [
            policy_summary(policies[p])
            for p in self.attached(organization, records, TargetId)
            if policies[p].type == Filter
        ]
        return self.page("Policies", found, NextToken, MaxResults)

    @operation("ListTargetsForPolicy")
    def list_targets_for_policy(
        self, *, PolicyId: str, NextToken: str | None = None, MaxResults: int | None = None
    ) -> dict[str, Any]:
        _, organization, records, _ = self.begin_on_policy("organizations:ListTargetsForPolicy", PolicyId)
        targets = []
        for target_id in (organization.root_id, *organization.ous, *organization.parents):
            if PolicyId not in self.attached(organization, records, target_id):
                continue
            kind = self.target_kind(organization, target_id)
            name = self.target_name(organization, target_id)
            if kind == "ACCOUNT":
                account = self.sim.state.accounts.get(target_id)
                name = account.name if account is not None else ""
            targets.append(
                {"TargetId": target_id, "Arn": self.target_arn(organization, target_id), "Name": name, "Type": kind}
            )
        return self.page("Targets", targets, NextToken, MaxResults)
