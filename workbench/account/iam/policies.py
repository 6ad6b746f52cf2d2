"""IAM operations on managed policies: versions, and attachment to users, groups and roles (CreatePolicy, …).

This module holds a customer managed policy's life cycle (create, read, list, delete); the mixins
it combines hold versions (``policies_versions``) and attachments (``policies_attachments``).
Attachment and boundary counts in every answer are computed from state (``policies_usage``).
"""

from __future__ import annotations

from typing import Any

from workbench.account import managed
from workbench.account.authorization import Target
from workbench.account.iam.base import list_target, policy_response
from workbench.account.iam.policies_attachments import PolicyAttachmentOperations
from workbench.account.iam.policies_usage import attachment_count, boundary_usage_count
from workbench.account.iam.policies_versions import PolicyVersionOperations, aws_managed_read_only
from workbench.account.iam.rules import (
    MANAGED_POLICY_QUOTA,
    check_name,
    check_path,
    check_policy_document,
    check_tags,
    tags_from,
)
from workbench.account.model import Account, ManagedPolicy, PolicyVersion
from workbench.account.service import operation
from workbench.policy.model import PolicyType

POLICIES_PER_ACCOUNT = 1500
MAX_DESCRIPTION = 1000


def full_policy_response(account: Account, policy: ManagedPolicy) -> dict[str, Any]:
    """``policy_response`` with its usage counted in ``account``; no empty Description (AWS omits it)."""
    answer = policy_response(policy, attachment_count(account, policy.arn))
    answer["PermissionsBoundaryUsageCount"] = boundary_usage_count(account, policy.arn)
    if not policy.description:
        answer.pop("Description", None)
    return answer


class PolicyOperations(PolicyVersionOperations, PolicyAttachmentOperations):
    @operation("CreatePolicy")
    def create_policy(
        self,
        *,
        PolicyName: str,
        PolicyDocument: str,
        Path: str = "/",
        Description: str | None = None,
        Tags: Any = None,
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        check_name("policy", PolicyName, self._operation)
        check_path(Path, self._operation)
        if Description is not None and len(Description) > MAX_DESCRIPTION:
            raise self.error(
                "ValidationError",
                "1 validation error detected: Value at 'description' failed to satisfy constraint: "
                f"Member must have length less than or equal to {MAX_DESCRIPTION}",
            )
        tags = tags_from(Tags)
        check_tags(tags, self._operation)
        arn = f"arn:aws:iam::{account.account_id}:policy{Path}{PolicyName}"
        self.authorize(caller, "iam:CreatePolicy", Target(arn, account.account_id), self.request_tag_context(tags))
        if PolicyName.lower() in account.policies:
            raise self.error(
                "EntityAlreadyExists", f"A policy called {PolicyName} already exists. Duplicate names are not allowed."
            )
        if len(account.policies) >= POLICIES_PER_ACCOUNT:
            raise self.error("LimitExceeded", f"Cannot exceed quota for PoliciesPerAccount: {POLICIES_PER_ACCOUNT}")
        check_policy_document(PolicyDocument, PolicyType.IDENTITY, self._operation, quota=MANAGED_POLICY_QUOTA)
        policy = ManagedPolicy(
            arn=arn,
            name=PolicyName,
            path=Path,
            policy_id=self.sim.ids.next("ANPA", 17),
            create_date=self.now,
            update_date=self.now,
            description=Description or "",
            versions=(PolicyVersion(version_id="v1", document=PolicyDocument, create_date=self.now),),
            tags=tags,
        )
        self.save_policy(account, policy)
        return {"Policy": full_policy_response(account, policy)}

    @operation("GetPolicy")
    def get_policy(self, *, PolicyArn: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        policy = self.policy_to_read(caller, account, PolicyArn, "iam:GetPolicy")
        return {"Policy": full_policy_response(account, policy)}

    @operation("ListPolicies")
    def list_policies(
        self,
        *,
        Scope: str = "All",
        OnlyAttached: bool = False,
        PathPrefix: str = "/",
        PolicyUsageFilter: str | None = None,
        Marker: str | None = None,
        MaxItems: int | None = None,
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        self.authorize(
            caller,
            "iam:ListPolicies",
            list_target(account.account_id, "policy", PathPrefix),
        )
        candidates: list[ManagedPolicy] = []
        if Scope in ("All", "AWS"):
            candidates += sorted(managed.aws_managed_policies().values(), key=lambda p: p.name.lower())
        if Scope in ("All", "Local"):
            candidates += sorted(account.policies.values(), key=lambda p: p.name.lower())
        listed = []
        for policy in candidates:
            if not policy.path.startswith(PathPrefix):
                continue
            if PolicyUsageFilter == "PermissionsBoundary":
                if not boundary_usage_count(account, policy.arn):
                    continue  # only policies that serve as some entity's boundary
            elif OnlyAttached and not attachment_count(account, policy.arn):
                continue
            # Listing operations return a subset of attributes: no description, no tags.
            answer = full_policy_response(account, policy)
            listed.append({k: v for k, v in answer.items() if k not in ("Description", "Tags")})
        return self.page("Policies", listed, Marker, MaxItems)

    @operation("DeletePolicy")
    def delete_policy(self, *, PolicyArn: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        policy = self.policy_to_read(caller, account, PolicyArn, "iam:DeletePolicy")
        if policy.aws_managed:
            raise aws_managed_read_only(caller, "iam:DeletePolicy", PolicyArn, self._operation)
        if attachment_count(account, policy.arn) or boundary_usage_count(account, policy.arn):
            raise self.error("DeleteConflict", "Cannot delete a policy attached to entities.")
        if len(policy.versions) > 1:
            raise self.error(
                "DeleteConflict",
                "This policy has more than one version. Before you delete a policy, you must delete the policy's "
                "versions. The default version is deleted with the policy.",
            )
        policies = {k: v for k, v in account.policies.items() if k != policy.name.lower()}
        self.save_account(account.model_copy(update={"policies": policies}))
        return {}
