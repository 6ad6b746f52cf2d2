"""Helpers every STS operation shares: finding the role, minting a session, saving it, answering with credentials."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from workbench.account.model import Account, Role, Session, SessionKind, State
from workbench.account.service import ServiceClient


def credentials_response(session: Session) -> dict[str, Any]:
    """The ``Credentials`` structure of every STS answer (S3)."""
    return {
        "AccessKeyId": session.access_key_id,
        "SecretAccessKey": session.secret_access_key,
        "SessionToken": session.session_token,
        "Expiration": session.expiration,
    }


def role_session_arn(account_id: str, role: Role, session_name: str) -> str:
    """``arn:aws:sts::A:assumed-role/ROLE/SESSION``: the role's name only, never its path (AMB-23)."""
    return f"arn:aws:sts::{account_id}:assumed-role/{role.name}/{session_name}"


class StsBase(ServiceClient):
    service = "sts"

    def find_role(self, account_id: str, name: str) -> tuple[Account, Role] | None:
        """The role and its account, or None when either does not exist."""
        account = self.sim.state.accounts.get(account_id)
        if account is None:
            return None
        role = account.roles.get(name.lower())
        return (account, role) if role is not None else None

    def new_session(self, kind: SessionKind, account_id: str, arn: str, seconds: int, **fields: Any) -> Session:
        """Fresh temporary credentials (``ASIA…`` key, secret, token) valid for ``seconds`` from now."""
        issued: datetime = self.now
        return Session(
            access_key_id=self.sim.ids.access_key_id(temporary=True),
            secret_access_key=self.sim.ids.secret(),
            session_token=self.sim.ids.session_token(),
            kind=kind,
            account_id=account_id,
            arn=arn,
            issued=issued,
            expiration=issued + timedelta(seconds=seconds),
            **fields,
        )

    def save_session(self, session: Session, changed_accounts: Iterable[Account] = ()) -> None:
        """Store the session, and any account changed by the same call, in one step (a failed call changes nothing)."""
        accounts = {account.account_id: account for account in changed_accounts}

        def change(state: State) -> State:
            return state.model_copy(
                update={
                    "sessions": {**state.sessions, session.access_key_id: session},
                    "accounts": {**state.accounts, **accounts},
                }
            )

        self.sim.update(change)
