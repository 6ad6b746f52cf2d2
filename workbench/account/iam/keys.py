"""IAM operations on access keys of users and the root user (CreateAccessKey, UpdateAccessKey, …)."""

from __future__ import annotations

from workbench.account.iam.base import IamBase


class AccessKeyOperations(IamBase):
    """Operations are added here (see users.py for the pattern every operation follows)."""
