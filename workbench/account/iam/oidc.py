"""IAM operations on OpenID Connect identity providers (CreateOpenIDConnectProvider, …)."""

from __future__ import annotations

from workbench.account.iam.base import IamBase


class OidcOperations(IamBase):
    """Operations are added here (see users.py for the pattern every operation follows)."""
