"""STS GetCallerIdentity: who the credentials belong to (K1's ``aws:userid``, the account and the caller's ARN).

It needs no permission and works even under ``Deny *`` (E14); the call is still authorized, so
that the engine's decision is on record like every other call's.
"""

from __future__ import annotations

from typing import Any

from workbench.account.authorization import Target
from workbench.account.callers import Caller
from workbench.account.service import operation
from workbench.account.sts.base import StsBase


def caller_user_id(caller: Caller) -> str:
    """``aws:userid`` as K1 defines it: user id, ``AROA…:session``, ``account:name``, or the account id for root."""
    if caller.is_root:
        return caller.account_id
    session = caller.session
    if caller.kind == "assumed-role" and caller.role is not None and session is not None:
        return f"{caller.role.role_id}:{session.instance_id or session.session_name}"
    if caller.kind == "federated-user" and session is not None:
        return f"{caller.account_id}:{session.arn.rsplit('/', 1)[-1]}"
    assert caller.user is not None
    return caller.user.user_id


class CallerIdentityOperations(StsBase):
    @operation("GetCallerIdentity")
    def get_caller_identity(self) -> dict[str, Any]:
        caller = self.caller()
        self.authorize(caller, "sts:GetCallerIdentity", Target("*", caller.account_id))
        return {"UserId": caller_user_id(caller), "Account": caller.account_id, "Arn": caller.arn}
