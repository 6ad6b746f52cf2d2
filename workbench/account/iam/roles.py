"""IAM operations on roles: trust policies, role policies, boundaries and service-linked roles (CreateRole, …)."""

from __future__ import annotations

from workbench.account.iam.base import IamBase


class RoleOperations(IamBase):
    """Operations are added here (see users.py for the pattern every operation follows)."""
