"""Who is calling: credentials (long-term ``AKIA…`` keys or temporary ``ASIA…`` + token) → a resolved :class:`Caller`.

Resolution fails as AWS does, before any policy is evaluated: an unknown key gives
``InvalidClientTokenId``, a wrong secret ``SignatureDoesNotMatch``, an inactive key
``InvalidClientTokenId``, temporary credentials past their expiration ``ExpiredToken``.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from workbench.account.errors import AwsError
from workbench.account.model import Account, Role, Session, State, User

CallerKind = Literal["root", "user", "assumed-role", "federated-user", "session-token", "console", "anonymous"]


class Credentials(BaseModel):
    """What a client signs its requests with (``boto3.Session(aws_access_key_id=…, …)``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    access_key_id: str
    secret_access_key: str
    session_token: str | None = None
    expiration: datetime | None = None

    @property
    def temporary(self) -> bool:
        return self.session_token is not None

    @classmethod
    def from_response(cls, response_credentials: dict[str, object]) -> Credentials:
        """From an STS response's ``Credentials`` dict."""
        return cls(
            access_key_id=str(response_credentials["AccessKeyId"]),
            secret_access_key=str(response_credentials["SecretAccessKey"]),
            # STS answers "SessionToken"; the EC2 instance metadata service answers "Token".
            session_token=str(response_credentials.get("SessionToken") or response_credentials["Token"]),
            expiration=response_credentials.get("Expiration"),  # type: ignore[arg-type]
        )


@dataclass(frozen=True, slots=True)
class Caller:
    """The identity behind a request, resolved from its credentials."""

    kind: CallerKind
    account_id: str
    arn: str
    """The caller's own ARN: user ARN, ``…:root``, or the session ARN (``…:assumed-role/R/S``)."""
    access_key_id: str
    user: User | None = None
    """The IAM user (for user keys, session-token and federated-user sessions)."""
    role: Role | None = None
    session: Session | None = None

    @property
    def is_root(self) -> bool:
        return self.kind == "root" or (self.kind in ("session-token", "console") and self.user is None)

    @property
    def temporary(self) -> bool:
        return self.session is not None


def _same(secret: str, expected: str) -> bool:
    return hmac.compare_digest(secret.encode(), expected.encode())


ANONYMOUS = Caller("anonymous", "", "anonymous", "")
"""An unsigned request (S3 and a few other services accept them; policies must grant ``*``)."""


def resolve_caller(
    state: State, credentials: Credentials | None, now: datetime, operation: str, *, anonymous_ok: bool = False
) -> Caller:
    if credentials is None and anonymous_ok:
        return ANONYMOUS
    if credentials is None:
        raise AwsError(
            "MissingAuthenticationToken",
            "Request is missing Authentication Token: pass credentials (an access key, or temporary credentials).",
            operation,
            status=403,
        )
    key = credentials.access_key_id
    if key.startswith("ASIA") or credentials.session_token is not None:
        return _resolve_session(state, credentials, now, operation)
    for account in state.accounts.values():
        for access_key in account.root.access_keys:
            if access_key.access_key_id == key:
                _check_long_term(access_key.secret_access_key, access_key.status, credentials, operation)
                return Caller("root", account.account_id, _root_arn(account), key)
        for user in account.users.values():
            for access_key in user.access_keys:
                if access_key.access_key_id == key:
                    _check_long_term(access_key.secret_access_key, access_key.status, credentials, operation)
                    return Caller("user", account.account_id, user.arn, key, user=user)
    raise AwsError("InvalidClientTokenId", "The security token included in the request is invalid.", operation)


def _check_long_term(secret: str, status: str, credentials: Credentials, operation: str) -> None:
    if not _same(credentials.secret_access_key, secret):
        raise AwsError(
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. "
            "Check your AWS Secret Access Key and signing method.",
            operation,
        )
    if status != "Active":
        raise AwsError("InvalidClientTokenId", "The security token included in the request is invalid.", operation)


def _resolve_session(state: State, credentials: Credentials, now: datetime, operation: str) -> Caller:
    session = state.sessions.get(credentials.access_key_id)
    if session is None or credentials.session_token != session.session_token:
        raise AwsError("InvalidClientTokenId", "The security token included in the request is invalid.", operation)
    if not _same(credentials.secret_access_key, session.secret_access_key):
        raise AwsError(
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided.",
            operation,
        )
    if now >= session.expiration:
        raise AwsError("ExpiredToken", "The security token included in the request is expired", operation)
    account = state.accounts.get(session.account_id)
    if account is None:
        raise AwsError("InvalidClientTokenId", "The security token included in the request is invalid.", operation)
    user = account.users.get(session.user_name.lower()) if session.user_name else None
    role = account.roles.get(session.role_name.lower()) if session.role_name else None
    if session.kind == "assumed-role" and role is None:
        # The role was deleted: its sessions stop working.
        raise AwsError("InvalidClientTokenId", "The security token included in the request is invalid.", operation)
    return Caller(session.kind, session.account_id, session.arn, session.access_key_id, user, role, session)


def _root_arn(account: Account) -> str:
    return f"arn:aws:iam::{account.account_id}:root"
