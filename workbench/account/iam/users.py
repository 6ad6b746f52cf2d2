"""IAM operations on users and their inline policies (CreateUser, GetUser, ListUsers, DeleteUser, PutUserPolicy, …)."""

from __future__ import annotations

from typing import Any

from workbench.account.authorization import Target
from workbench.account.iam.base import IamBase, list_target, user_response
from workbench.account.iam.orphans import forget_principal
from workbench.account.iam.rules import (
    INLINE_QUOTA,
    check_inline_policy_name,
    check_name,
    check_path,
    check_policy_document,
    check_tags,
    size_without_whitespace,
    tag_list,
    tags_from,
)
from workbench.account.model import User
from workbench.account.service import operation
from workbench.policy.model import PolicyType


def user_boundary_context(user: User) -> dict[str, str]:
    """``iam:PermissionsBoundary`` for an operation on an existing user: the boundary it has now."""
    return {"iam:PermissionsBoundary": user.permissions_boundary} if user.permissions_boundary else {}


class UserOperations(IamBase):
    @operation("CreateUser")
    def create_user(
        self, *, UserName: str, Path: str = "/", PermissionsBoundary: str | None = None, Tags: Any = None
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        check_name("user", UserName, self._operation)
        check_path(Path, self._operation)
        tags = tags_from(Tags)
        check_tags(tags, self._operation)
        arn = f"arn:aws:iam::{account.account_id}:user{Path}{UserName}"
        extra = self.request_tag_context(tags)
        if PermissionsBoundary:
            extra["iam:PermissionsBoundary"] = PermissionsBoundary
        self.authorize(caller, "iam:CreateUser", Target(arn, account.account_id), extra)
        if UserName.lower() in account.users:
            raise self.error("EntityAlreadyExists", f"User with name {UserName} already exists.")
        if PermissionsBoundary:
            self.require_managed_policy(account, PermissionsBoundary)
        user = User(
            name=UserName,
            path=Path,
            user_id=self.sim.ids.next("AIDA", 17),
            arn=arn,
            create_date=self.now,
            tags=tags,
            permissions_boundary=PermissionsBoundary,
        )
        self.save_account(account.model_copy(update={"users": {**account.users, UserName.lower(): user}}))
        return {"User": user_response(user)}

    @operation("GetUser")
    def get_user(self, *, UserName: str | None = None) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        if UserName is None:  # no name: the calling user itself
            if caller.user is None:
                if caller.is_root:
                    return {"User": self.root_user_response(account)}
                raise self.error("ValidationError", "Must specify userName when calling with non-User credentials")
            UserName = caller.user.name
        user = self.find_user(account, UserName)
        self.authorize(caller, "iam:GetUser", Target(user.arn, account.account_id, tags=user.tags))
        return {"User": user_response(user)}

    @operation("ListUsers")
    def list_users(
        self, *, PathPrefix: str = "/", Marker: str | None = None, MaxItems: int | None = None
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        self.authorize(caller, "iam:ListUsers", list_target(account.account_id, "user", PathPrefix))
        users = sorted(
            (u for u in account.users.values() if u.path.startswith(PathPrefix)), key=lambda u: u.name.lower()
        )
        return self.page("Users", [user_response(u) for u in users], Marker, MaxItems)

    @operation("DeleteUser")
    def delete_user(self, *, UserName: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        user = self.find_user(account, UserName)
        self.authorize(caller, "iam:DeleteUser", Target(user.arn, account.account_id, tags=user.tags))
        leftovers = [
            what
            for what, present in (
                ("access keys", user.access_keys),
                ("a login profile (password)", user.login_profile),
                ("MFA devices", user.mfa_serials),
                ("inline policies", user.inline_policies),
                ("attached managed policies", user.attached_policies),
                ("group memberships", user.groups),
            )
            if present
        ]
        if leftovers:
            raise self.error(
                "DeleteConflict",
                f"Cannot delete entity, must remove {', '.join(leftovers)} first.",
            )
        users = {k: v for k, v in account.users.items() if k != UserName.lower()}
        self.save_account(account.model_copy(update={"users": users}))
        self.sim.update(lambda state: forget_principal(state, user.arn, user.user_id))
        return {}

    @operation("PutUserPolicy")
    def put_user_policy(self, *, UserName: str, PolicyName: str, PolicyDocument: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        user = self.find_user(account, UserName)
        check_inline_policy_name(PolicyName, self._operation)
        self.authorize(
            caller,
            "iam:PutUserPolicy",
            Target(user.arn, account.account_id, tags=user.tags),
            user_boundary_context(user),
        )
        check_policy_document(PolicyDocument, PolicyType.IDENTITY, self._operation)
        inline = {**user.inline_policies, PolicyName: PolicyDocument}
        total = sum(size_without_whitespace(text) for text in inline.values())
        if total > INLINE_QUOTA["user"]:
            raise self.error(
                "LimitExceeded",
                f"Maximum policy size of {INLINE_QUOTA['user']} bytes exceeded for user {user.name} "
                f"(inline policies would total {total} characters without whitespace).",
            )
        self.save_user(account, user.model_copy(update={"inline_policies": inline}))
        return {}

    @operation("GetUserPolicy")
    def get_user_policy(self, *, UserName: str, PolicyName: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        user = self.find_user(account, UserName)
        self.authorize(caller, "iam:GetUserPolicy", Target(user.arn, account.account_id, tags=user.tags))
        if PolicyName not in user.inline_policies:
            raise self.error("NoSuchEntity", f"The user policy with name {PolicyName} cannot be found.")
        return {
            "UserName": user.name,
            "PolicyName": PolicyName,
            "PolicyDocument": self.document_out(user.inline_policies[PolicyName]),
        }

    @operation("DeleteUserPolicy")
    def delete_user_policy(self, *, UserName: str, PolicyName: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        user = self.find_user(account, UserName)
        self.authorize(
            caller,
            "iam:DeleteUserPolicy",
            Target(user.arn, account.account_id, tags=user.tags),
            user_boundary_context(user),
        )
        if PolicyName not in user.inline_policies:
            raise self.error("NoSuchEntity", f"The user policy with name {PolicyName} cannot be found.")
        inline = {k: v for k, v in user.inline_policies.items() if k != PolicyName}
        self.save_user(account, user.model_copy(update={"inline_policies": inline}))
        return {}

    @operation("ListUserPolicies")
    def list_user_policies(
        self, *, UserName: str, Marker: str | None = None, MaxItems: int | None = None
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        user = self.find_user(account, UserName)
        self.authorize(caller, "iam:ListUserPolicies", Target(user.arn, account.account_id, tags=user.tags))
        return self.page("PolicyNames", sorted(user.inline_policies), Marker, MaxItems)

    @operation("TagUser")
    def tag_user(self, *, UserName: str, Tags: Any) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        user = self.find_user(account, UserName)
        new = tags_from(Tags)
        self.authorize(
            caller, "iam:TagUser", Target(user.arn, account.account_id, tags=user.tags), self.request_tag_context(new)
        )
        merged = {k: v for k, v in user.tags.items() if k.lower() not in {n.lower() for n in new}} | new
        check_tags(merged, self._operation)
        self.save_user(account, user.model_copy(update={"tags": merged}))
        return {}

    @operation("UntagUser")
    def untag_user(self, *, UserName: str, TagKeys: list[str]) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        user = self.find_user(account, UserName)
        self.authorize(
            caller,
            "iam:UntagUser",
            Target(user.arn, account.account_id, tags=user.tags),
            {"aws:TagKeys": list(TagKeys)},
        )
        removed = {k.lower() for k in TagKeys}
        self.save_user(
            account, user.model_copy(update={"tags": {k: v for k, v in user.tags.items() if k.lower() not in removed}})
        )
        return {}

    @operation("ListUserTags")
    def list_user_tags(
        self, *, UserName: str, Marker: str | None = None, MaxItems: int | None = None
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        user = self.find_user(account, UserName)
        self.authorize(caller, "iam:ListUserTags", Target(user.arn, account.account_id, tags=user.tags))
        return self.page("Tags", tag_list(user.tags), Marker, MaxItems)
