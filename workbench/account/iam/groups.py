"""IAM operations on groups: membership and group policies (CreateGroup, AddUserToGroup, PutGroupPolicy, …)."""

from __future__ import annotations

from workbench.account.iam.base import IamBase


class GroupOperations(IamBase):
    """Operations are added here (see users.py for the pattern every operation follows)."""
