"""IAM operations on roles: trust policies, role policies, boundaries and service-linked roles (CreateRole, …).

This module holds a role's life cycle (create, read, list, update, delete); the mixins it combines
hold inline policies and tags (``roles_inline``), boundaries (``roles_boundaries``) and
service-linked roles (``roles_service_linked``).
"""

from __future__ import annotations

from typing import Any

from workbench.account.authorization import Target
from workbench.account.iam.base import list_target, role_response
from workbench.account.iam.orphans import forget_principal
from workbench.account.iam.roles_boundaries import RoleBoundaryOperations
from workbench.account.iam.roles_inline import RoleInlinePolicyOperations, boundary_context, role_target
from workbench.account.iam.roles_service_linked import ServiceLinkedRoleOperations, check_modifiable, unmodifiable
from workbench.account.iam.roles_trust import check_description, check_session_duration, check_trust_policy
from workbench.account.iam.rules import check_name, check_path, check_tags, tags_from
from workbench.account.model import Role
from workbench.account.service import operation

RESERVED_PATH = "/aws-service-role/"


class RoleOperations(RoleInlinePolicyOperations, RoleBoundaryOperations, ServiceLinkedRoleOperations):
    @operation("CreateRole")
    def create_role(
        self,
        *,
        RoleName: str,
        AssumeRolePolicyDocument: str,
        Path: str = "/",
        Description: str | None = None,
        MaxSessionDuration: int = 3600,
        MaxSigninSessionDuration: int | None = None,
        PermissionsBoundary: str | None = None,
        Tags: Any = None,
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        check_name("role", RoleName, self._operation)
        check_path(Path, self._operation)
        check_description(Description, self._operation)
        check_session_duration(MaxSessionDuration, self._operation)
        tags = tags_from(Tags)
        check_tags(tags, self._operation)
        arn = f"arn:aws:iam::{account.account_id}:role{Path}{RoleName}"
        extra = self.request_tag_context(tags)
        if PermissionsBoundary:
            extra["iam:PermissionsBoundary"] = PermissionsBoundary
        self.authorize(caller, "iam:CreateRole", Target(arn, account.account_id), extra)
        if Path.startswith(RESERVED_PATH):
            raise self.error(
                "InvalidInput",
                f"The path {RESERVED_PATH} is reserved for service-linked roles: create those with "
                "CreateServiceLinkedRole.",
            )
        if RoleName.lower() in account.roles:
            raise self.error("EntityAlreadyExists", f"Role with name {RoleName} already exists.")
        check_trust_policy(self.sim.state, AssumeRolePolicyDocument, self._operation)
        if PermissionsBoundary:
            self.require_boundary_policy(account, PermissionsBoundary)
        role = Role(
            name=RoleName,
            path=Path,
            role_id=self.sim.ids.next("AROA", 17),
            arn=arn,
            create_date=self.now,
            trust_policy=AssumeRolePolicyDocument,
            description=Description or "",
            max_session_duration=MaxSessionDuration,
            permissions_boundary=PermissionsBoundary,
            tags=tags,
        )
        self.save_role(account, role)
        answer = role_response(role)
        answer.pop("RoleLastUsed", None)  # CreateRole's answer carries no last-used information
        return {"Role": answer}

    @operation("GetRole")
    def get_role(self, *, RoleName: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        role = self.find_role(account, RoleName)
        self.authorize(caller, "iam:GetRole", role_target(role, account.account_id), boundary_context(role))
        return {"Role": role_response(role)}

    @operation("ListRoles")
    def list_roles(
        self, *, PathPrefix: str = "/", Marker: str | None = None, MaxItems: int | None = None
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        self.authorize(caller, "iam:ListRoles", list_target(account.account_id, "role", PathPrefix))
        roles = sorted(
            (r for r in account.roles.values() if r.path.startswith(PathPrefix)), key=lambda r: r.name.lower()
        )
        # Listing operations return a subset of attributes: no tags, boundary or last-used details.
        listed = [
            {k: v for k, v in role_response(r).items() if k not in ("Tags", "PermissionsBoundary", "RoleLastUsed")}
            for r in roles
        ]
        return self.page("Roles", listed, Marker, MaxItems)

    @operation("DeleteRole")
    def delete_role(self, *, RoleName: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        role = self.find_role(account, RoleName)
        self.authorize(caller, "iam:DeleteRole", role_target(role, account.account_id), boundary_context(role))
        check_modifiable(role, self._operation)
        if role.attached_policies:
            raise self.error("DeleteConflict", "Cannot delete entity, must detach all policies first.")
        if role.inline_policies:
            raise self.error("DeleteConflict", "Cannot delete entity, must delete policies first.")
        if any(role.name.lower() in {r.lower() for r in p.roles} for p in account.instance_profiles.values()):
            raise self.error("DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.")
        self.remove_role(account, role)
        self.sim.update(lambda state: forget_principal(state, role.arn, role.role_id))
        return {}

    @operation("UpdateRole")
    def update_role(
        self,
        *,
        RoleName: str,
        Description: str | None = None,
        MaxSessionDuration: int | None = None,
        MaxSigninSessionDuration: int | None = None,
        ResetMaxSigninSessionDuration: bool | None = None,
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        role = self.find_role(account, RoleName)
        check_description(Description, self._operation)
        if MaxSessionDuration is not None:
            check_session_duration(MaxSessionDuration, self._operation)
        self.authorize(caller, "iam:UpdateRole", role_target(role, account.account_id), boundary_context(role))
        if role.service_linked and MaxSessionDuration is not None:
            raise unmodifiable(role, self._operation)  # AWS lets customers edit only the description (R3)
        update: dict[str, Any] = {}
        if Description is not None:
            update["description"] = Description
        if MaxSessionDuration is not None:
            update["max_session_duration"] = MaxSessionDuration
        self.save_role(account, role.model_copy(update=update))
        return {}

    @operation("UpdateRoleDescription")
    def update_role_description(self, *, RoleName: str, Description: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        role = self.find_role(account, RoleName)
        check_description(Description, self._operation)
        self.authorize(
            caller, "iam:UpdateRoleDescription", role_target(role, account.account_id), boundary_context(role)
        )
        updated = role.model_copy(update={"description": Description})
        self.save_role(account, updated)
        return {"Role": role_response(updated)}

    @operation("UpdateAssumeRolePolicy")
    def update_assume_role_policy(self, *, RoleName: str, PolicyDocument: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        role = self.find_role(account, RoleName)
        self.authorize(
            caller, "iam:UpdateAssumeRolePolicy", role_target(role, account.account_id), boundary_context(role)
        )
        check_modifiable(role, self._operation)
        check_trust_policy(self.sim.state, PolicyDocument, self._operation)
        self.save_role(account, role.model_copy(update={"trust_policy": PolicyDocument}))
        return {}
