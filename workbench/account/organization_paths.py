"""Organization geometry: an account's path from the root, and the SCP/RCP levels along it (E5, E7)."""

from __future__ import annotations

import json
from typing import Literal

from workbench.account.model import Organization
from workbench.policy.model import PolicyDocument
from workbench.policy.parse import parse_policy

RCP_FULL_AWS_ACCESS = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}],
    },
    indent=2,
)
"""AWS's RCPFullAWSAccess: attached at every level and impossible to detach."""

PolicyKind = Literal["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"]


def ancestry(organization: Organization, account_id: str) -> list[str]:
    """Target ids from the root down to the account: ``[r-…, ou-…, …, <account id>]``."""
    chain = [account_id]
    parent = organization.parents[account_id]
    while True:
        chain.append(parent)
        if parent == organization.root_id:
            break
        parent = organization.ous[parent].parent_id
    return list(reversed(chain))


def org_path(organization: Organization, account_id: str) -> str:
    """The ``aws:PrincipalOrgPaths`` value: ``o-…/r-…/ou-…/`` (the account itself is not in it)."""
    return "/".join([organization.org_id, *ancestry(organization, account_id)[:-1]]) + "/"


def org_levels(
    organization: Organization | None, account_id: str | None, kind: PolicyKind
) -> tuple[tuple[PolicyDocument, ...], ...] | None:
    """The policy levels that govern ``account_id``, or None when no organization governs it.

    The management account is never governed by SCPs or RCPs (E2).
    """
    if organization is None or account_id is None or account_id not in organization.parents:
        return None
    if account_id == organization.management_account_id:
        return None
    if kind not in organization.records.enabled_policy_types:
        return None  # a policy type that is not enabled governs nothing
    levels: list[tuple[PolicyDocument, ...]] = []
    for depth, target in enumerate(ancestry(organization, account_id)):
        documents = [
            parse_policy(policy.content, name=f"{policy.name} (attached to {target})")
            for policy_id in organization.attachments.get(target, ())
            if (policy := organization.policies.get(policy_id)) is not None and policy.type == kind
        ]
        if kind == "RESOURCE_CONTROL_POLICY":
            documents.insert(0, parse_policy(RCP_FULL_AWS_ACCESS, name=f"RCPFullAWSAccess (level {depth})"))
        levels.append(tuple(documents))
    return tuple(levels)
