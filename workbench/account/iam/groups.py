"""IAM operations on groups: membership and group policies (CreateGroup, AddUserToGroup, PutGroupPolicy, …).

A group is not a principal: it only lends its policies to its members, whose requests are then
authorized with them (E2). A user records the names of its groups; renaming a group renames it in
every member.
"""

from __future__ import annotations

from typing import Any

from workbench.account.authorization import Target
from workbench.account.iam.base import IamBase, group_response, list_target, user_response
from workbench.account.iam.rules import (
    INLINE_QUOTA,
    check_inline_policy_name,
    check_name,
    check_path,
    check_policy_document,
    size_without_whitespace,
)
from workbench.account.model import Account, Group, User
from workbench.account.service import operation
from workbench.policy.model import PolicyType

GROUPS_PER_USER = 10


def members(account: Account, group: Group) -> list[User]:
    """The group's users, by name."""
    name = group.name.lower()
    return sorted(
        (u for u in account.users.values() if name in (g.lower() for g in u.groups)), key=lambda u: u.name.lower()
    )


def group_target(group: Group, account_id: str) -> Target:
    return Target(group.arn, account_id)


class GroupOperations(IamBase):
    @operation("CreateGroup")
    def create_group(self, *, GroupName: str, Path: str = "/") -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        check_name("group", GroupName, self._operation)
        check_path(Path, self._operation)
        arn = f"arn:aws:iam::{account.account_id}:group{Path}{GroupName}"
        self.authorize(caller, "iam:CreateGroup", Target(arn, account.account_id))
        if GroupName.lower() in account.groups:
            raise self.error("EntityAlreadyExists", f"Group with name {GroupName} already exists.")
        group = Group(name=GroupName, path=Path, group_id=self.sim.ids.next("AGPA", 17), arn=arn, create_date=self.now)
        self.save_group(account, group)
        return {"Group": group_response(group)}

    @operation("GetGroup")
    def get_group(self, *, GroupName: str, Marker: str | None = None, MaxItems: int | None = None) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        group = self.find_group(account, GroupName)
        self.authorize(caller, "iam:GetGroup", group_target(group, account.account_id))
        users = [user_response(u) for u in members(account, group)]
        return {"Group": group_response(group), **self.page("Users", users, Marker, MaxItems)}

    @operation("ListGroups")
    def list_groups(
        self, *, PathPrefix: str = "/", Marker: str | None = None, MaxItems: int | None = None
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        self.authorize(caller, "iam:ListGroups", list_target(account.account_id, "group", PathPrefix))
        groups = sorted(
            (g for g in account.groups.values() if g.path.startswith(PathPrefix)), key=lambda g: g.name.lower()
        )
        return self.page("Groups", [group_response(g) for g in groups], Marker, MaxItems)

    @operation("DeleteGroup")
    def delete_group(self, *, GroupName: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        group = self.find_group(account, GroupName)
        self.authorize(caller, "iam:DeleteGroup", group_target(group, account.account_id))
        if members(account, group):
            raise self.error("DeleteConflict", "Cannot delete entity, must remove users from group first.")
        if group.attached_policies:
            raise self.error("DeleteConflict", "Cannot delete entity, must detach all policies first.")
        if group.inline_policies:
            raise self.error("DeleteConflict", "Cannot delete entity, must delete policies first.")
        groups = {k: v for k, v in account.groups.items() if k != group.name.lower()}
        self.save_account(account.model_copy(update={"groups": groups}))
        return {}

    @operation("UpdateGroup")
    def update_group(
        self, *, GroupName: str, NewPath: str | None = None, NewGroupName: str | None = None
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        group = self.find_group(account, GroupName)
        new_name = NewGroupName or group.name
        new_path = NewPath or group.path
        check_name("group", new_name, self._operation)
        check_path(new_path, self._operation)
        new_arn = f"arn:aws:iam::{account.account_id}:group{new_path}{new_name}"
        # The caller needs permission on the group under its old name and under its new one.
        self.authorize(caller, "iam:UpdateGroup", group_target(group, account.account_id))
        if new_arn != group.arn:
            self.authorize(caller, "iam:UpdateGroup", Target(new_arn, account.account_id))
        if new_name.lower() != group.name.lower() and new_name.lower() in account.groups:
            raise self.error("EntityAlreadyExists", f"Group with name {new_name} already exists.")
        renamed = group.model_copy(update={"name": new_name, "path": new_path, "arn": new_arn})
        groups = {k: v for k, v in account.groups.items() if k != group.name.lower()} | {new_name.lower(): renamed}
        renamed_members = {
            user.name.lower(): user.model_copy(
                update={"groups": tuple(new_name if g.lower() == group.name.lower() else g for g in user.groups)}
            )
            for user in members(account, group)
        }
        users = {**account.users, **renamed_members}
        self.save_account(account.model_copy(update={"groups": groups, "users": users}))
        return {}

    @operation("AddUserToGroup")
    def add_user_to_group(self, *, GroupName: str, UserName: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        group = self.find_group(account, GroupName)
        user = self.find_user(account, UserName)
        self.authorize(caller, "iam:AddUserToGroup", group_target(group, account.account_id))
        if group.name.lower() in (g.lower() for g in user.groups):
            return {}  # already a member: AWS answers success and changes nothing
        if len(user.groups) >= GROUPS_PER_USER:
            raise self.error("LimitExceeded", f"Cannot exceed quota for GroupsPerUser: {GROUPS_PER_USER}")
        self.save_user(account, user.model_copy(update={"groups": (*user.groups, group.name)}))
        return {}

    @operation("RemoveUserFromGroup")
    def remove_user_from_group(self, *, GroupName: str, UserName: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        group = self.find_group(account, GroupName)
        user = self.find_user(account, UserName)
        self.authorize(caller, "iam:RemoveUserFromGroup", group_target(group, account.account_id))
        kept = tuple(g for g in user.groups if g.lower() != group.name.lower())
        if len(kept) == len(user.groups):
            raise self.error("NoSuchEntity", f"The user with name {user.name} is not in group {group.name}.")
        self.save_user(account, user.model_copy(update={"groups": kept}))
        return {}

    @operation("ListGroupsForUser")
    def list_groups_for_user(
        self, *, UserName: str, Marker: str | None = None, MaxItems: int | None = None
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        user = self.find_user(account, UserName)
        self.authorize(caller, "iam:ListGroupsForUser", Target(user.arn, account.account_id, tags=user.tags))
        groups = [account.groups[g.lower()] for g in user.groups if g.lower() in account.groups]
        return self.page("Groups", [group_response(g) for g in groups], Marker, MaxItems)

    @operation("PutGroupPolicy")
    def put_group_policy(self, *, GroupName: str, PolicyName: str, PolicyDocument: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        group = self.find_group(account, GroupName)
        check_inline_policy_name(PolicyName, self._operation)
        self.authorize(caller, "iam:PutGroupPolicy", group_target(group, account.account_id))
        check_policy_document(PolicyDocument, PolicyType.IDENTITY, self._operation)
        inline = {**group.inline_policies, PolicyName: PolicyDocument}
        total = sum(size_without_whitespace(text) for text in inline.values())
        if total > INLINE_QUOTA["group"]:
            raise self.error(
                "LimitExceeded",
                f"Maximum policy size of {INLINE_QUOTA['group']} bytes exceeded for group {group.name} "
                f"(inline policies would total {total} characters without whitespace).",
            )
        self.save_group(account, group.model_copy(update={"inline_policies": inline}))
        return {}

    @operation("GetGroupPolicy")
    def get_group_policy(self, *, GroupName: str, PolicyName: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        group = self.find_group(account, GroupName)
        self.authorize(caller, "iam:GetGroupPolicy", group_target(group, account.account_id))
        if PolicyName not in group.inline_policies:
            raise self.error("NoSuchEntity", f"The group policy with name {PolicyName} cannot be found.")
        return {
            "GroupName": group.name,
            "PolicyName": PolicyName,
            "PolicyDocument": self.document_out(group.inline_policies[PolicyName]),
        }

    @operation("DeleteGroupPolicy")
    def delete_group_policy(self, *, GroupName: str, PolicyName: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        group = self.find_group(account, GroupName)
        self.authorize(caller, "iam:DeleteGroupPolicy", group_target(group, account.account_id))
        if PolicyName not in group.inline_policies:
            raise self.error("NoSuchEntity", f"The group policy with name {PolicyName} cannot be found.")
        inline = {k: v for k, v in group.inline_policies.items() if k != PolicyName}
        self.save_group(account, group.model_copy(update={"inline_policies": inline}))
        return {}

    @operation("ListGroupPolicies")
    def list_group_policies(
        self, *, GroupName: str, Marker: str | None = None, MaxItems: int | None = None
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        group = self.find_group(account, GroupName)
        self.authorize(caller, "iam:ListGroupPolicies", group_target(group, account.account_id))
        return self.page("PolicyNames", sorted(group.inline_policies), Marker, MaxItems)
