"""IAM read-outs of a whole account: GetAccountAuthorizationDetails, the credential report, account aliases."""

from __future__ import annotations

from workbench.account.iam.base import IamBase


class ReportOperations(IamBase):
    """Operations are added here (see users.py for the pattern every operation follows)."""
