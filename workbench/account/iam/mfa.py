"""IAM operations on virtual MFA devices with real TOTP codes (CreateVirtualMFADevice, EnableMFADevice, …)."""

from __future__ import annotations

from workbench.account.iam.base import IamBase


class MfaOperations(IamBase):
    """Operations are added here (see users.py for the pattern every operation follows)."""
