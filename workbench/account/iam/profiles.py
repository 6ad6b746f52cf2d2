"""IAM operations on instance profiles, the containers that hand a role to EC2 (CreateInstanceProfile, …)."""

from __future__ import annotations

from workbench.account.iam.base import IamBase


class InstanceProfileOperations(IamBase):
    """Operations are added here (see users.py for the pattern every operation follows)."""
