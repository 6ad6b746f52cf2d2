"""The simulated STS API: temporary credentials, role sessions and the caller's identity (iam-semantics.md §6)."""

from workbench.account.sts.web_identity_tokens import issue_web_identity_token

__all__ = ["issue_web_identity_token"]
