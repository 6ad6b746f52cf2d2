"""IAM operations that set or remove a permissions boundary on a role or a user (PutRolePermissionsBoundary, …).

A boundary is an existing managed policy (customer or AWS managed, never one reserved for
service-linked roles); an entity has at most one. The ``iam:PermissionsBoundary`` key carries the
boundary being set, or, when removing, the one in place — so an administrator can be allowed to
manage only entities held by a given boundary.
"""

from __future__ import annotations

from typing import Any

from workbench.account.authorization import Target
from workbench.account.iam.base import IamBase
from workbench.account.iam.policies_usage import check_policy_arn, is_service_role_policy
from workbench.account.iam.roles_inline import boundary_context, role_target
from workbench.account.iam.roles_service_linked import check_modifiable
from workbench.account.model import Account
from workbench.account.service import operation


class RoleBoundaryOperations(IamBase):
    def require_boundary_policy(self, account: Account, arn: str) -> None:
        """The policy exists and may serve as a boundary (else NoSuchEntity / PolicyNotAttachable)."""
        check_policy_arn(arn, self._operation)
        if self.find_managed_policy(account, arn) is None:
            raise self.error("NoSuchEntity", f"Scope ARN: {arn} does not exist or is not attachable.")
        if is_service_role_policy(arn):
            raise self.error(
                "PolicyNotAttachable", f"Policy {arn} is reserved for service-linked roles and cannot be a boundary."
            )

    @operation("PutRolePermissionsBoundary")
    def put_role_permissions_boundary(self, *, RoleName: str, PermissionsBoundary: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        role = self.find_role(account, RoleName)
        self.authorize(
            caller,
            "iam:PutRolePermissionsBoundary",
            role_target(role, account.account_id),
            {"iam:PermissionsBoundary": PermissionsBoundary},
        )
        check_modifiable(role, self._operation)
        self.require_boundary_policy(account, PermissionsBoundary)
        self.save_role(account, role.model_copy(update={"permissions_boundary": PermissionsBoundary}))
        return {}

    @operation("DeleteRolePermissionsBoundary")
    def delete_role_permissions_boundary(self, *, RoleName: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        role = self.find_role(account, RoleName)
        self.authorize(
            caller, "iam:DeleteRolePermissionsBoundary", role_target(role, account.account_id), boundary_context(role)
        )
        check_modifiable(role, self._operation)
        self.save_role(account, role.model_copy(update={"permissions_boundary": None}))
        return {}

    @operation("PutUserPermissionsBoundary")
    def put_user_permissions_boundary(self, *, UserName: str, PermissionsBoundary: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        user = self.find_user(account, UserName)
        self.authorize(
            caller,
            "iam:PutUserPermissionsBoundary",
            Target(user.arn, account.account_id, tags=user.tags),
            {"iam:PermissionsBoundary": PermissionsBoundary},
        )
        self.require_boundary_policy(account, PermissionsBoundary)
        self.save_user(account, user.model_copy(update={"permissions_boundary": PermissionsBoundary}))
        return {}

    @operation("DeleteUserPermissionsBoundary")
    def delete_user_permissions_boundary(self, *, UserName: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        user = self.find_user(account, UserName)
        current = {"iam:PermissionsBoundary": user.permissions_boundary} if user.permissions_boundary else {}
        self.authorize(
            caller, "iam:DeleteUserPermissionsBoundary", Target(user.arn, account.account_id, tags=user.tags), current
        )
        self.save_user(account, user.model_copy(update={"permissions_boundary": None}))
        return {}
