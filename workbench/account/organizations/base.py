"""Helpers every Organizations operation shares: who may call (management account), targets, policies, errors, pages.

Every call goes through :meth:`OrganizationsBase.begin`: resolve the caller, require an
organization (``AWSOrganizationsNotInUseException``) and, for everything but DescribeOrganization,
the management account (``AccessDeniedException``, as AWS answers member accounts), then authorize
the operation's ``organizations:*`` action on its resource. Organizations speaks the JSON protocol,
so its error codes are the exception names (``AccessDeniedException``, not ``AccessDenied``), and
some carry a ``Reason``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

from workbench.account.authorization import Target
from workbench.account.callers import Caller
from workbench.account.errors import AwsError
from workbench.account.model import Organization, OrganizationPolicy
from workbench.account.organizations.records import OrganizationRecords, records_of, target_attachments, with_records
from workbench.account.organizations.shapes import (
    FULL_AWS_ACCESS_ID,
    POLICY_TYPES,
    RCP,
    RCP_FULL_AWS_ACCESS_ID,
    RCP_FULL_AWS_ACCESS_POLICY,
    SCP,
    account_arn,
    policy_arn,
    root_arn,
)
from workbench.account.service import ServiceClient
from workbench.engine.decision import Decision

TargetKind = Literal["ROOT", "ORGANIZATIONAL_UNIT", "ACCOUNT"]

NOT_IN_USE = "Your account is not a member of an organization."
NOT_MANAGEMENT = "You don't have permissions to access this resource."
TARGET_NOT_FOUND = "We can't find a root, OU, account, or policy with the TargetId that you specified."
POLICY_NOT_FOUND = "We can't find a policy with the PolicyId that you specified."
PARENT_NOT_FOUND = {
    "ParentNotFoundException": "We can't find a root or OU with the ParentId that you specified.",
    "SourceParentNotFoundException": "We can't find a source root or OU with the ParentId that you specified.",
    "DestinationParentNotFoundException": "We can't find a destination root or OU with the ParentId that you "
    "specified.",
}


class OrganizationsBase(ServiceClient):
    service = "organizations"

    # -- errors, callers ----------------------------------------------------------------------------
    def org_error(self, code: str, message: str, reason: str | None = None) -> AwsError:
        error = AwsError(code, message, self._operation)
        if reason is not None:
            error.response["Reason"] = reason  # a modeled field of the exception: botocore puts it at the top level
        return error

    def authorize(
        self, caller: Caller, action: str, target: Target, extra_context: Mapping[str, Any] | None = None
    ) -> Decision:
        """As every client authorizes, answering with Organizations' own error code."""
        try:
            return super().authorize(caller, action, target, extra_context)
        except AwsError as error:
            if error.aws_code != "AccessDenied":
                raise
            raise self.org_error("AccessDeniedException", error.message) from None

    def existing_organization(self) -> Organization:
        organization = self.sim.state.organization
        if organization is None:
            raise self.org_error("AWSOrganizationsNotInUseException", NOT_IN_USE)
        return organization

    def begin(
        self,
        action: str,
        resource: str | Callable[[Organization], str] = "*",
        extra_context: Mapping[str, Any] | None = None,
        *,
        management_only: bool = True,
    ) -> tuple[Caller, Organization, OrganizationRecords]:
        """Caller, organization and its records, once the caller may make this call (see the module docstring).

        ``resource`` is the ARN the action is authorized on, or a function of the organization giving it.
        """
        caller = self.caller()
        organization = self.existing_organization()
        if caller.account_id not in organization.parents:
            raise self.org_error("AWSOrganizationsNotInUseException", NOT_IN_USE)
        if management_only and caller.account_id != organization.management_account_id:
            raise self.org_error("AccessDeniedException", NOT_MANAGEMENT)
        owner = organization.management_account_id if management_only else caller.account_id
        arn = resource(organization) if callable(resource) else resource
        self.authorize(caller, action, Target(arn, owner), extra_context)
        return caller, organization, records_of(organization)

    def begin_on_policy(
        self, action: str, policy_id: str
    ) -> tuple[Caller, Organization, OrganizationRecords, OrganizationPolicy]:
        """``begin`` for a call on one policy: authorized on its ARN with ``organizations:PolicyType``, then found."""
        self.caller()  # credentials are checked before anything else
        organization = self.existing_organization()
        known = self.all_policies(organization, records_of(organization)).get(policy_id)
        kind = known.type if known is not None else SCP
        arn = known.arn if known is not None else policy_arn(organization, policy_id, kind)
        caller, organization, records = self.begin(action, arn, {"organizations:PolicyType": kind})
        return caller, organization, records, self.require_policy(organization, records, policy_id)

    def save(self, organization: Organization, records: OrganizationRecords | None = None) -> None:
        updated = organization if records is None else with_records(organization, records)
        self.sim.update(lambda state: state.model_copy(update={"organization": updated}))

    # -- targets ------------------------------------------------------------------------------------
    @staticmethod
    def target_kind(organization: Organization, target_id: str) -> TargetKind | None:
        if target_id == organization.root_id:
            return "ROOT"
        if target_id in organization.ous:
            return "ORGANIZATIONAL_UNIT"
        if target_id in organization.parents:
            return "ACCOUNT"
        return None

    def require_target(self, organization: Organization, target_id: str) -> TargetKind:
        kind = self.target_kind(organization, target_id)
        if kind is None:
            raise self.org_error("TargetNotFoundException", TARGET_NOT_FOUND)
        return kind

    def require_parent(self, organization: Organization, parent_id: str, code: str = "ParentNotFoundException") -> str:
        """``parent_id`` names the root or an OU; ``code`` is the error to answer otherwise."""
        if parent_id != organization.root_id and parent_id not in organization.ous:
            raise self.org_error(code, PARENT_NOT_FOUND[code])
        return parent_id

    @staticmethod
    def target_arn(organization: Organization, target_id: str) -> str:
        if target_id == organization.root_id:
            return root_arn(organization)
        if target_id in organization.ous:
            return organization.ous[target_id].arn
        return account_arn(organization, target_id)

    @staticmethod
    def target_name(organization: Organization, target_id: str) -> str:
        if target_id == organization.root_id:
            return "Root"
        if target_id in organization.ous:
            return organization.ous[target_id].name
        return ""

    # -- policies -------------------------------------------------------------------------------------
    def require_policy_type(self, kind: str) -> str:
        if kind not in POLICY_TYPES:
            raise self.org_error(
                "InvalidInputException",
                f"The simulation supports the policy types {', '.join(POLICY_TYPES)}, not {kind}.",
                "INVALID_ENUM_POLICY_TYPE",
            )
        return kind

    @staticmethod
    def all_policies(organization: Organization, records: OrganizationRecords) -> dict[str, OrganizationPolicy]:
        """Stored policies, plus RCPFullAWSAccess while RCPs are enabled."""
        found = dict(organization.policies)
        if RCP in records.enabled_policy_types:
            found[RCP_FULL_AWS_ACCESS_ID] = RCP_FULL_AWS_ACCESS_POLICY
        return found

    def require_policy(
        self, organization: Organization, records: OrganizationRecords, policy_id: str
    ) -> OrganizationPolicy:
        policy = self.all_policies(organization, records).get(policy_id)
        if policy is None:
            raise self.org_error("PolicyNotFoundException", POLICY_NOT_FOUND)
        return policy

    @staticmethod
    def attached(organization: Organization, records: OrganizationRecords, target_id: str) -> tuple[str, ...]:
        """The policy ids attached to a target, as AWS shows them.

        While SCPs are disabled FullAWSAccess stays stored on every target, hidden: the SCP levels
        of ``organization_paths`` then allow everything, which is what "SCPs disabled" means, until
        that module reads the enabled policy types itself (see the report on this module).
        """
        stored = target_attachments(organization).get(target_id, ())
        enabled = records.enabled_policy_types
        visible = tuple(
            policy_id
            for policy_id in stored
            if (policy := organization.policies.get(policy_id)) is not None and policy.type in enabled
        )
        if RCP in enabled:
            visible = (*visible, RCP_FULL_AWS_ACCESS_ID)
        return visible

    @staticmethod
    def default_attachments(target_id: str) -> dict[str, tuple[str, ...]]:
        """What a new OU or account starts with: FullAWSAccess (stored even while SCPs are disabled)."""
        return {target_id: (FULL_AWS_ACCESS_ID,)}

    # -- pages ----------------------------------------------------------------------------------------
    @staticmethod
    def page(key: str, items: list[Any], next_token: str | None, max_results: int | None) -> dict[str, Any]:
        """One page, with an opaque ``NextToken`` while more remain (as Organizations answers)."""
        start = int(next_token) if next_token and next_token.isdigit() else 0
        size = max_results or 20
        answer: dict[str, Any] = {key: items[start : start + size]}
        if start + size < len(items):
            answer["NextToken"] = str(start + size)
        return answer


__all__ = ["RCP", "SCP", "OrganizationsBase", "TargetKind"]
