"""IAM operations on managed policies: versions, and attachment to users, groups and roles (CreatePolicy, …)."""

from __future__ import annotations

from workbench.account.iam.base import IamBase


class PolicyOperations(IamBase):
    """Operations are added here (see users.py for the pattern every operation follows)."""
