"""Managed policies as state sees them: who uses a policy (attachments, boundaries), its ARN's parts, and its kind.

Pure functions of an :class:`Account`: ``AttachmentCount`` and ``PermissionsBoundaryUsageCount`` are
always computed from state, never stored, so they can never drift from the truth.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from workbench.account.errors import AwsError
from workbench.account.model import Account, Group, Role, User

AWS_MANAGED_PREFIX = "arn:aws:iam::aws:policy/"
SERVICE_ROLE_POLICY_PATH = "/aws-service-role/"
"""AWS managed policies under this path may be attached only to service-linked roles (R3)."""

_POLICY_ARN = re.compile(r"^arn:aws:iam::(aws|\d{12}):policy(/(?:[\x21-\x7e]*/)?)([\w+=,.@-]+)$")

EntityKind = Literal["user", "group", "role"]


@dataclass(frozen=True, slots=True)
class PolicyUse:
    """One entity that uses a managed policy, and how (as a permissions policy, or as its boundary)."""

    kind: EntityKind
    entity: User | Group | Role
    as_boundary: bool


def check_policy_arn(arn: str, operation: str) -> None:
    """``InvalidInput`` for text that is not a managed policy ARN (``arn:aws:iam::<acct|aws>:policy/<path><name>``)."""
    if not _POLICY_ARN.match(arn):
        raise AwsError("InvalidInput", f"ARN {arn} is not valid.", operation)


def policy_path(arn: str) -> str:
    """The path part of a policy ARN (``/`` when the policy sits at the root)."""
    match = _POLICY_ARN.match(arn)
    return match.group(2) if match else "/"


def policy_name(arn: str) -> str:
    return arn.rsplit("/", 1)[-1]


def is_aws_managed(arn: str) -> bool:
    return arn.startswith(AWS_MANAGED_PREFIX)


def is_service_role_policy(arn: str) -> bool:
    """An AWS managed policy reserved for service-linked roles (``arn:aws:iam::aws:policy/aws-service-role/…``)."""
    return is_aws_managed(arn) and policy_path(arn).startswith(SERVICE_ROLE_POLICY_PATH)


def policy_uses(account: Account, arn: str) -> Iterator[PolicyUse]:
    """Every group, user and role of the account that has ``arn`` attached or as its permissions boundary."""
    for group in account.groups.values():
        if arn in group.attached_policies:
            yield PolicyUse("group", group, as_boundary=False)
    for user in account.users.values():
        if arn in user.attached_policies:
            yield PolicyUse("user", user, as_boundary=False)
        if user.permissions_boundary == arn:
            yield PolicyUse("user", user, as_boundary=True)
    for role in account.roles.values():
        if arn in role.attached_policies:
            yield PolicyUse("role", role, as_boundary=False)
        if role.permissions_boundary == arn:
            yield PolicyUse("role", role, as_boundary=True)


def attachment_count(account: Account, arn: str) -> int:
    """How many users, groups and roles have the policy attached as a permissions policy."""
    return sum(1 for use in policy_uses(account, arn) if not use.as_boundary)


def boundary_usage_count(account: Account, arn: str) -> int:
    """How many users and roles use the policy as their permissions boundary."""
    return sum(1 for use in policy_uses(account, arn) if use.as_boundary)
