"""STS GetSessionToken and GetFederationToken: temporary credentials for a user's (or root's) long-term keys (S2–S4).

GetSessionToken needs no permission (E14) and may prove MFA (M2), which is what lets its
credentials reach IAM (AMB-18). GetFederationToken names a federated user whose permissions are
the user's intersected with the session policy it passes — without one it has none (S4, the
engine applies it). Both refuse temporary credentials, as AWS does.
"""

from __future__ import annotations

from typing import Any

from workbench.account.authorization import Target
from workbench.account.callers import Caller
from workbench.account.model import Account
from workbench.account.service import operation
from workbench.account.sts.assume_role import request_tag_context
from workbench.account.sts.base import StsBase, credentials_response
from workbench.account.sts.mfa import UNKNOWN_DEVICE, prove_mfa
from workbench.account.sts.rules import (
    ROOT_SESSION_LIMIT,
    USER_TOKEN_DURATION,
    check_federated_name,
    duration,
    mfa_pair,
    session_tags,
)
from workbench.account.sts.session_policies import packed_policy_size, resolve_session_policies


def token_duration(requested: int | None, caller: Caller, operation: str) -> int:
    """Users: 900 s to 36 h, default 12 h; root: cut to one hour (S2)."""
    seconds = duration(requested, USER_TOKEN_DURATION, operation)
    return min(seconds, ROOT_SESSION_LIMIT) if caller.is_root else seconds


class TokenOperations(StsBase):
    @operation("GetSessionToken")
    def get_session_token(
        self,
        *,
        DurationSeconds: int | None = None,
        SerialNumber: str | None = None,
        TokenCode: str | None = None,
        MinimumSessionTokenSize: Any = None,
    ) -> dict[str, Any]:
        caller = self.caller()
        if caller.temporary:
            raise self.error("AccessDenied", "Cannot call GetSessionToken with session credentials")
        mfa = mfa_pair(SerialNumber, TokenCode, self._operation)
        seconds = token_duration(DurationSeconds, caller, self._operation)
        self.authorize(caller, "sts:GetSessionToken", Target("*", caller.account_id))
        changed: list[Account] = []
        mfa_at = None
        if mfa is not None:
            if caller.user is None:  # M2: MFA-protected API access is not available with root credentials
                raise self.error("AccessDenied", f"{UNKNOWN_DEVICE} (root credentials cannot prove MFA to the API)")
            changed.append(
                prove_mfa(self.caller_account(caller), caller.user.name, mfa[0], mfa[1], self.now, self._operation)
            )
            mfa_at = self.now
        session = self.new_session(
            "session-token",
            caller.account_id,
            caller.arn,
            seconds,
            user_name=caller.user.name if caller.user is not None else None,
            mfa_authenticated_at=mfa_at,
        )
        self.save_session(session, changed)
        return {"Credentials": credentials_response(session)}

    @operation("GetFederationToken")
    def get_federation_token(
        self,
        *,
        Name: str,
        Policy: str | None = None,
        PolicyArns: list[dict[str, str]] | None = None,
        DurationSeconds: int | None = None,
        Tags: list[dict[str, str]] | None = None,
        MinimumSessionTokenSize: Any = None,
    ) -> dict[str, Any]:
        name = self._operation
        caller = self.caller()
        if caller.temporary:
            raise self.error("AccessDenied", "Cannot call GetFederationToken with session credentials")
        check_federated_name(Name, name)
        tags = session_tags(Tags, name)
        seconds = token_duration(DurationSeconds, caller, name)
        if caller.user is None:
            raise self.error(
                "AccessDenied",
                "The simulation does not model GetFederationToken for the root user (AWS allows it but "
                "advises against it); call it with an IAM user's access keys.",
            )
        account = self.caller_account(caller)
        policies, arns = resolve_session_policies(account, Policy, PolicyArns, name)
        arn = f"arn:aws:sts::{account.account_id}:federated-user/{Name}"
        target = Target(arn, account.account_id)
        context = request_tag_context(tags, ())
        self.authorize(caller, "sts:GetFederationToken", target, context)
        if tags:
            self.authorize(caller, "sts:TagSession", target, context)
        packed = packed_policy_size([Policy] if Policy is not None else [], arns, tags, name)
        session = self.new_session(
            "federated-user",
            account.account_id,
            arn,
            seconds,
            user_name=caller.user.name,
            session_name=Name,
            session_policies=policies,
            session_tags=tags,
        )
        self.save_session(session)
        answer: dict[str, Any] = {
            "Credentials": credentials_response(session),
            "FederatedUser": {"FederatedUserId": f"{account.account_id}:{Name}", "Arn": arn},
        }
        if packed is not None:
            answer["PackedPolicySize"] = packed
        return answer
