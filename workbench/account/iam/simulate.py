"""IAM's policy simulator API on the engine: SimulatePrincipalPolicy and SimulateCustomPolicy (API1, API2)."""

from __future__ import annotations

from workbench.account.iam.base import IamBase


class SimulateOperations(IamBase):
    """Operations are added here (see users.py for the pattern every operation follows)."""
