"""What temporary credentials cannot do, whatever the policies say (S2, AMB-18, AMB-25).

Checked before policies: GetSessionToken credentials reach IAM only when MFA was supplied, and
among STS only AssumeRole and GetCallerIdentity; GetFederationToken credentials reach no IAM API
and, among STS, only GetCallerIdentity; role sessions cannot call GetFederationToken.
"""

from __future__ import annotations

from workbench.account.callers import Caller

_SESSION_TOKEN_STS = frozenset({"sts:assumerole", "sts:getcalleridentity"})


def restriction(caller: Caller, action: str) -> str | None:
    """Why ``caller``'s credentials may not call ``action`` at all, or None when policies decide."""
    session = caller.session
    if session is None:
        return None
    lowered = action.lower()
    service = lowered.split(":", 1)[0]
    if session.kind == "session-token":
        if service == "iam" and session.mfa_authenticated_at is None:
            return "credentials from GetSessionToken without MFA cannot call IAM"
        if service == "sts" and lowered not in _SESSION_TOKEN_STS:
            return "credentials from GetSessionToken can call only AssumeRole and GetCallerIdentity among STS APIs"
    if session.kind == "federated-user":
        if service == "iam":
            return "credentials from GetFederationToken cannot call IAM"
        if service == "sts" and lowered != "sts:getcalleridentity":
            return "credentials from GetFederationToken can call only GetCallerIdentity among STS APIs"
    if session.kind == "assumed-role" and lowered == "sts:getfederationtoken":
        return "role sessions cannot call GetFederationToken"
    return None
