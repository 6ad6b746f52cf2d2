"""IAM operations on passwords: login profiles, ChangePassword and the account password policy."""

from __future__ import annotations

from workbench.account.iam.base import IamBase


class LoginOperations(IamBase):
    """Operations are added here (see users.py for the pattern every operation follows)."""
