"""IAM operations that attach managed policies to users, groups and roles, and list who uses a policy.

An attached policy's default version joins the entity's identity policies at once (E2). Quotas
(G13): ``account.managed_policy_quota`` policies per user or role (AMB-15), 10 per group. AWS
managed policies reserved for service-linked roles attach nowhere else (``PolicyNotAttachable``),
and a service-linked role's own attachments cannot be changed (``UnmodifiableEntity``).
"""

from __future__ import annotations

from typing import Any

from workbench.account.authorization import Target
from workbench.account.callers import Caller
from workbench.account.iam.base import IamBase
from workbench.account.iam.policies_usage import (
    EntityKind,
    check_policy_arn,
    is_aws_managed,
    is_service_role_policy,
    policy_name,
    policy_path,
    policy_uses,
)
from workbench.account.iam.policies_versions import policy_target
from workbench.account.iam.roles_inline import boundary_context, role_target
from workbench.account.iam.roles_service_linked import check_modifiable
from workbench.account.iam.users import user_boundary_context
from workbench.account.model import Account, Group, Role, User
from workbench.account.service import operation

POLICIES_PER_GROUP = 10
_QUOTA_NAMES: dict[EntityKind, str] = {
    "user": "PoliciesPerUser",
    "group": "PoliciesPerGroup",
    "role": "PoliciesPerRole",
}


def attached_response(arns: tuple[str, ...], path_prefix: str) -> list[dict[str, str]]:
    return [
        {"PolicyName": policy_name(arn), "PolicyArn": arn} for arn in arns if policy_path(arn).startswith(path_prefix)
    ]


class PolicyAttachmentOperations(IamBase):
    # -- the shared steps ----------------------------------------------------------------------------
    def _authorize_attachment(
        self, caller: Caller, action: str, target: Target, arn: str, context: dict[str, str]
    ) -> None:
        check_policy_arn(arn, self._operation)
        self.authorize(caller, action, target, {"iam:PolicyARN": arn, **context})

    def _attach(
        self, account: Account, kind: EntityKind, attached: tuple[str, ...], arn: str, quota: int
    ) -> tuple[str, ...]:
        """The entity's attachments with ``arn`` added (unchanged when already there), after every check."""
        if self.find_managed_policy(account, arn) is None:
            raise self.error("NoSuchEntity", f"Policy {arn} does not exist or is not attachable.")
        if is_service_role_policy(arn):
            raise self.error("PolicyNotAttachable", "Cannot attach a Service Role Policy to a Customer Role.")
        if arn in attached:
            return attached  # attaching again is a success that changes nothing
        if len(attached) >= quota:
            raise self.error("LimitExceeded", f"Cannot exceed quota for {_QUOTA_NAMES[kind]}: {quota}")
        return (*attached, arn)

    def _detach(self, attached: tuple[str, ...], arn: str) -> tuple[str, ...]:
        if arn not in attached:
            raise self.error("NoSuchEntity", f"Policy {arn} was not found.")
        return tuple(a for a in attached if a != arn)

    # -- users ---------------------------------------------------------------------------------------
    @operation("AttachUserPolicy")
    def attach_user_policy(self, *, UserName: str, PolicyArn: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        user = self.find_user(account, UserName)
        target = Target(user.arn, account.account_id, tags=user.tags)
        self._authorize_attachment(caller, "iam:AttachUserPolicy", target, PolicyArn, user_boundary_context(user))
        attached = self._attach(account, "user", user.attached_policies, PolicyArn, account.managed_policy_quota)
        self.save_user(account, user.model_copy(update={"attached_policies": attached}))
        return {}

    @operation("DetachUserPolicy")
    def detach_user_policy(self, *, UserName: str, PolicyArn: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        user = self.find_user(account, UserName)
        target = Target(user.arn, account.account_id, tags=user.tags)
        self._authorize_attachment(caller, "iam:DetachUserPolicy", target, PolicyArn, user_boundary_context(user))
        attached = self._detach(user.attached_policies, PolicyArn)
        self.save_user(account, user.model_copy(update={"attached_policies": attached}))
        return {}

    @operation("ListAttachedUserPolicies")
    def list_attached_user_policies(
        self, *, UserName: str, PathPrefix: str = "/", Marker: str | None = None, MaxItems: int | None = None
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        user = self.find_user(account, UserName)
        self.authorize(caller, "iam:ListAttachedUserPolicies", Target(user.arn, account.account_id, tags=user.tags))
        return self.page("AttachedPolicies", attached_response(user.attached_policies, PathPrefix), Marker, MaxItems)

    # -- groups --------------------------------------------------------------------------------------
    @operation("AttachGroupPolicy")
    def attach_group_policy(self, *, GroupName: str, PolicyArn: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        group = self.find_group(account, GroupName)
        self._authorize_attachment(
            caller, "iam:AttachGroupPolicy", Target(group.arn, account.account_id), PolicyArn, {}
        )
        attached = self._attach(account, "group", group.attached_policies, PolicyArn, POLICIES_PER_GROUP)
        self.save_group(account, group.model_copy(update={"attached_policies": attached}))
        return {}

    @operation("DetachGroupPolicy")
    def detach_group_policy(self, *, GroupName: str, PolicyArn: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        group = self.find_group(account, GroupName)
        self._authorize_attachment(
            caller, "iam:DetachGroupPolicy", Target(group.arn, account.account_id), PolicyArn, {}
        )
        attached = self._detach(group.attached_policies, PolicyArn)
        self.save_group(account, group.model_copy(update={"attached_policies": attached}))
        return {}

    @operation("ListAttachedGroupPolicies")
    def list_attached_group_policies(
        self, *, GroupName: str, PathPrefix: str = "/", Marker: str | None = None, MaxItems: int | None = None
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        group = self.find_group(account, GroupName)
        self.authorize(caller, "iam:ListAttachedGroupPolicies", Target(group.arn, account.account_id))
        return self.page("AttachedPolicies", attached_response(group.attached_policies, PathPrefix), Marker, MaxItems)

    # -- roles ---------------------------------------------------------------------------------------
    @operation("AttachRolePolicy")
    def attach_role_policy(self, *, RoleName: str, PolicyArn: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        role = self.find_role(account, RoleName)
        target = role_target(role, account.account_id)
        self._authorize_attachment(caller, "iam:AttachRolePolicy", target, PolicyArn, boundary_context(role))
        check_modifiable(role, self._operation)
        attached = self._attach(account, "role", role.attached_policies, PolicyArn, account.managed_policy_quota)
        self.save_role(account, role.model_copy(update={"attached_policies": attached}))
        return {}

    @operation("DetachRolePolicy")
    def detach_role_policy(self, *, RoleName: str, PolicyArn: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        role = self.find_role(account, RoleName)
        target = role_target(role, account.account_id)
        self._authorize_attachment(caller, "iam:DetachRolePolicy", target, PolicyArn, boundary_context(role))
        check_modifiable(role, self._operation)
        attached = self._detach(role.attached_policies, PolicyArn)
        self.save_role(account, role.model_copy(update={"attached_policies": attached}))
        return {}

    @operation("ListAttachedRolePolicies")
    def list_attached_role_policies(
        self, *, RoleName: str, PathPrefix: str = "/", Marker: str | None = None, MaxItems: int | None = None
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        role = self.find_role(account, RoleName)
        self.authorize(caller, "iam:ListAttachedRolePolicies", role_target(role, account.account_id))
        return self.page("AttachedPolicies", attached_response(role.attached_policies, PathPrefix), Marker, MaxItems)

    # -- who uses a policy ---------------------------------------------------------------------------
    @operation("ListEntitiesForPolicy")
    def list_entities_for_policy(
        self,
        *,
        PolicyArn: str,
        EntityFilter: str | None = None,
        PathPrefix: str = "/",
        PolicyUsageFilter: str | None = None,
        Marker: str | None = None,
        MaxItems: int | None = None,
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        check_policy_arn(PolicyArn, self._operation)
        policy = self.require_managed_policy(account, PolicyArn)
        self.authorize(caller, "iam:ListEntitiesForPolicy", policy_target(policy, account))
        wanted_kinds = _kinds_for(EntityFilter, aws_managed=is_aws_managed(PolicyArn))
        seen: set[tuple[str, str]] = set()
        rows: list[tuple[str, dict[str, str]]] = []
        for use in policy_uses(account, PolicyArn):
            if use.kind not in wanted_kinds or not use.entity.path.startswith(PathPrefix):
                continue
            if PolicyUsageFilter and (PolicyUsageFilter == "PermissionsBoundary") != use.as_boundary:
                continue
            if (use.kind, use.entity.name) not in seen:
                seen.add((use.kind, use.entity.name))
                rows.append((use.kind, _entity_row(use.entity)))
        page = self.page("Rows", rows, Marker, MaxItems)
        chunk: list[tuple[str, dict[str, str]]] = page.pop("Rows")
        listed = {kind: [row for k, row in chunk if k == kind] for kind in ("group", "user", "role")}
        return {"PolicyGroups": listed["group"], "PolicyUsers": listed["user"], "PolicyRoles": listed["role"], **page}


def _kinds_for(entity_filter: str | None, *, aws_managed: bool) -> set[str]:
    """EntityFilter → the entity kinds listed (a policy-type filter keeps all kinds if the policy is of that type)."""
    if entity_filter in ("User", "Group", "Role"):
        return {entity_filter.lower()}
    if entity_filter in (None, "AWSManagedPolicy" if aws_managed else "LocalManagedPolicy"):
        return {"user", "group", "role"}
    return set()


def _entity_row(entity: User | Group | Role) -> dict[str, str]:
    if isinstance(entity, User):
        return {"UserName": entity.name, "UserId": entity.user_id}
    if isinstance(entity, Group):
        return {"GroupName": entity.name, "GroupId": entity.group_id}
    return {"RoleName": entity.name, "RoleId": entity.role_id}
