"""IAM operations on a role's inline policies and tags (PutRolePolicy, GetRolePolicy, TagRole, ListRoleTags, …)."""

from __future__ import annotations

from typing import Any

from workbench.account.authorization import Target
from workbench.account.iam.base import IamBase
from workbench.account.iam.roles_service_linked import check_modifiable
from workbench.account.iam.rules import (
    INLINE_QUOTA,
    check_inline_policy_name,
    check_policy_document,
    check_tags,
    size_without_whitespace,
    tag_list,
    tags_from,
)
from workbench.account.model import Role
from workbench.account.service import operation
from workbench.policy.model import PolicyType


def boundary_context(role: Role) -> dict[str, str]:
    """``iam:PermissionsBoundary`` for an operation on an existing role: the boundary it has now."""
    return {"iam:PermissionsBoundary": role.permissions_boundary} if role.permissions_boundary else {}


def role_target(role: Role, account_id: str) -> Target:
    return Target(role.arn, account_id, tags=role.tags)


class RoleInlinePolicyOperations(IamBase):
    @operation("PutRolePolicy")
    def put_role_policy(self, *, RoleName: str, PolicyName: str, PolicyDocument: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        role = self.find_role(account, RoleName)
        check_inline_policy_name(PolicyName, self._operation)
        self.authorize(caller, "iam:PutRolePolicy", role_target(role, account.account_id), boundary_context(role))
        check_modifiable(role, self._operation)
        check_policy_document(PolicyDocument, PolicyType.IDENTITY, self._operation)
        inline = {**role.inline_policies, PolicyName: PolicyDocument}
        total = sum(size_without_whitespace(text) for text in inline.values())
        if total > INLINE_QUOTA["role"]:
            raise self.error(
                "LimitExceeded",
                f"Maximum policy size of {INLINE_QUOTA['role']} bytes exceeded for role {role.name} "
                f"(inline policies would total {total} characters without whitespace).",
            )
        self.save_role(account, role.model_copy(update={"inline_policies": inline}))
        return {}

    @operation("GetRolePolicy")
    def get_role_policy(self, *, RoleName: str, PolicyName: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        role = self.find_role(account, RoleName)
        self.authorize(caller, "iam:GetRolePolicy", role_target(role, account.account_id))
        if PolicyName not in role.inline_policies:
            raise self.error("NoSuchEntity", f"The role policy with name {PolicyName} cannot be found.")
        return {
            "RoleName": role.name,
            "PolicyName": PolicyName,
            "PolicyDocument": self.document_out(role.inline_policies[PolicyName]),
        }

    @operation("DeleteRolePolicy")
    def delete_role_policy(self, *, RoleName: str, PolicyName: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        role = self.find_role(account, RoleName)
        self.authorize(caller, "iam:DeleteRolePolicy", role_target(role, account.account_id), boundary_context(role))
        check_modifiable(role, self._operation)
        if PolicyName not in role.inline_policies:
            raise self.error("NoSuchEntity", f"The role policy with name {PolicyName} cannot be found.")
        inline = {k: v for k, v in role.inline_policies.items() if k != PolicyName}
        self.save_role(account, role.model_copy(update={"inline_policies": inline}))
        return {}

    @operation("ListRolePolicies")
    def list_role_policies(
        self, *, RoleName: str, Marker: str | None = None, MaxItems: int | None = None
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        role = self.find_role(account, RoleName)
        self.authorize(caller, "iam:ListRolePolicies", role_target(role, account.account_id))
        return self.page("PolicyNames", sorted(role.inline_policies), Marker, MaxItems)

    @operation("TagRole")
    def tag_role(self, *, RoleName: str, Tags: Any) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        role = self.find_role(account, RoleName)
        new = tags_from(Tags)
        check_tags(new, self._operation)
        self.authorize(caller, "iam:TagRole", role_target(role, account.account_id), self.request_tag_context(new))
        replaced = {key.lower() for key in new}
        merged = {k: v for k, v in role.tags.items() if k.lower() not in replaced} | new
        check_tags(merged, self._operation)
        self.save_role(account, role.model_copy(update={"tags": merged}))
        return {}

    @operation("UntagRole")
    def untag_role(self, *, RoleName: str, TagKeys: list[str]) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        role = self.find_role(account, RoleName)
        self.authorize(caller, "iam:UntagRole", role_target(role, account.account_id), {"aws:TagKeys": list(TagKeys)})
        removed = {key.lower() for key in TagKeys}
        kept = {k: v for k, v in role.tags.items() if k.lower() not in removed}
        self.save_role(account, role.model_copy(update={"tags": kept}))
        return {}

    @operation("ListRoleTags")
    def list_role_tags(
        self, *, RoleName: str, Marker: str | None = None, MaxItems: int | None = None
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        role = self.find_role(account, RoleName)
        self.authorize(caller, "iam:ListRoleTags", role_target(role, account.account_id))
        return self.page("Tags", tag_list(role.tags), Marker, MaxItems)
