"""Helpers every IAM operation shares: finding entities (``NoSuchEntity``), saving changes, pages, response shapes."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from workbench.account.authorization import Target
from workbench.account.managed import aws_managed_policy
from workbench.account.model import Account, Group, ManagedPolicy, Role, User
from workbench.account.service import ServiceClient


def list_target(account_id: str, kind: str, path_prefix: str) -> Target:
    """List operations have no resource-level permissions (authorized on ``*``), but AWS's
    AccessDenied names the path listed, e.g. ``arn:aws:iam::111122223333:user/``."""
    return Target("*", account_id, display=f"arn:aws:iam::{account_id}:{kind}{path_prefix}")


def user_response(user: User) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "Path": user.path,
        "UserName": user.name,
        "UserId": user.user_id,
        "Arn": user.arn,
        "CreateDate": user.create_date,
    }
    if user.password_last_used is not None:
        answer["PasswordLastUsed"] = user.password_last_used
    if user.permissions_boundary:
        answer["PermissionsBoundary"] = {
            "PermissionsBoundaryType": "PermissionsBoundaryPolicy",
            "PermissionsBoundaryArn": user.permissions_boundary,
        }
    if user.tags:
        answer["Tags"] = [{"Key": k, "Value": v} for k, v in user.tags.items()]
    return answer


def group_response(group: Group) -> dict[str, Any]:
    return {
        "Path": group.path,
        "GroupName": group.name,
        "GroupId": group.group_id,
        "Arn": group.arn,
        "CreateDate": group.create_date,
    }


def role_response(role: Role) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "Path": role.path,
        "RoleName": role.name,
        "RoleId": role.role_id,
        "Arn": role.arn,
        "CreateDate": role.create_date,
        "AssumeRolePolicyDocument": quote(role.trust_policy),
        "MaxSessionDuration": role.max_session_duration,
    }
    if role.description:
        answer["Description"] = role.description
    if role.permissions_boundary:
        answer["PermissionsBoundary"] = {
            "PermissionsBoundaryType": "PermissionsBoundaryPolicy",
            "PermissionsBoundaryArn": role.permissions_boundary,
        }
    if role.tags:
        answer["Tags"] = [{"Key": k, "Value": v} for k, v in role.tags.items()]
    last_used: dict[str, Any] = {}
    if role.last_used_date is not None:
        last_used = {"LastUsedDate": role.last_used_date, "Region": role.last_used_region or "us-east-1"}
    answer["RoleLastUsed"] = last_used
    return answer


def policy_response(policy: ManagedPolicy, attachments: int) -> dict[str, Any]:
    return {
        "PolicyName": policy.name,
        "PolicyId": policy.policy_id,
        "Arn": policy.arn,
        "Path": policy.path,
        "DefaultVersionId": policy.default_version_id,
        "AttachmentCount": attachments,
        "PermissionsBoundaryUsageCount": 0,
        "IsAttachable": True,
        "Description": policy.description,
        "CreateDate": policy.create_date,
        "UpdateDate": policy.update_date,
        **({"Tags": [{"Key": k, "Value": v} for k, v in policy.tags.items()]} if policy.tags else {}),
    }


class IamBase(ServiceClient):
    service = "iam"

    # -- finding things ---------------------------------------------------------------------------
    def find_user(self, account: Account, name: str) -> User:
        user = account.users.get(name.lower())
        if user is None:
            raise self.error("NoSuchEntity", f"The user with name {name} cannot be found.")
        return user

    def find_group(self, account: Account, name: str) -> Group:
        group = account.groups.get(name.lower())
        if group is None:
            raise self.error("NoSuchEntity", f"The group with name {name} cannot be found.")
        return group

    def find_role(self, account: Account, name: str) -> Role:
        role = account.roles.get(name.lower())
        if role is None:
            raise self.error("NoSuchEntity", f"The role with name {name} cannot be found.")
        return role

    def find_managed_policy(self, account: Account, arn: str) -> ManagedPolicy | None:
        if arn.startswith("arn:aws:iam::aws:policy/"):
            return account.policies.get(arn) or aws_managed_policy(arn)
        return next((p for p in account.policies.values() if p.arn == arn), None)

    def require_managed_policy(self, account: Account, arn: str) -> ManagedPolicy:
        policy = self.find_managed_policy(account, arn)
        if policy is None:
            raise self.error("NoSuchEntity", f"Policy {arn} does not exist or is not attachable.")
        return policy

    # -- saving -----------------------------------------------------------------------------------
    def save_account(self, account: Account) -> None:
        self.sim.put_account(account)

    def save_user(self, account: Account, user: User) -> None:
        self.save_account(account.model_copy(update={"users": {**account.users, user.name.lower(): user}}))

    def save_group(self, account: Account, group: Group) -> None:
        self.save_account(account.model_copy(update={"groups": {**account.groups, group.name.lower(): group}}))

    def save_role(self, account: Account, role: Role) -> None:
        self.save_account(account.model_copy(update={"roles": {**account.roles, role.name.lower(): role}}))

    # -- shapes -----------------------------------------------------------------------------------
    @staticmethod
    def request_tag_context(tags: dict[str, str]) -> dict[str, Any]:
        """``aws:RequestTag/<k>`` and ``aws:TagKeys`` for an operation that carries tags (K2)."""
        if not tags:
            return {}
        context: dict[str, Any] = {f"aws:RequestTag/{k}": v for k, v in tags.items()}
        context["aws:TagKeys"] = list(tags)
        return context

    @staticmethod
    def document_out(text: str) -> str:
        """IAM returns policy documents URL-encoded (boto3 hands that text to the caller as is)."""
        return quote(text)

    @staticmethod
    def page(key: str, items: list[Any], marker: str | None, max_items: int | None) -> dict[str, Any]:
        """One page of a list, with ``IsTruncated`` and an opaque ``Marker`` as IAM answers."""
        start = int(marker) if marker and marker.isdigit() else 0
        size = max_items or 100
        chunk = items[start : start + size]
        answer: dict[str, Any] = {key: chunk, "IsTruncated": start + size < len(items)}
        if answer["IsTruncated"]:
            answer["Marker"] = str(start + size)
        return answer

    def root_user_response(self, account: Account) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "UserId": account.account_id,
            "Arn": f"arn:aws:iam::{account.account_id}:root",
            "CreateDate": account.create_date,
        }
        if account.root.password_last_used is not None:
            answer["PasswordLastUsed"] = account.root.password_last_used
        return answer
