"""STS AssumeRole: a user or role session becomes a role for a while (S1–S8, M2, M6, AMB-09, AMB-23, AMB-26).

Order, as AWS answers: parameters (ValidationError, MalformedPolicyDocument), root refused, MFA
proven, then one authorization per action the request needs — ``sts:AssumeRole``, plus
``sts:TagSession`` when tags are passed (S6) and ``sts:SetSourceIdentity`` when a source identity
is (S7). Each is decided by the engine with the role's trust policy as the mandatory resource
policy (E9); the role may live in another account (E10). Then the duration limits (role chaining:
one hour), the packed size, and the new session is saved with the role's "last used" time.

MFA (AMB-09): a session created with a valid ``SerialNumber``/``TokenCode`` — or by a caller
whose own temporary credentials were MFA-authenticated — carries ``aws:MultiFactorAuthPresent``
``true`` and the age of that MFA into its requests. Web-identity sessions never do (M2).
"""

from __future__ import annotations

from typing import Any

from workbench.account.authorization import Target
from workbench.account.callers import Caller
from workbench.account.errors import AwsError
from workbench.account.model import Account, Role
from workbench.account.service import operation
from workbench.account.sts.base import StsBase, credentials_response, role_session_arn
from workbench.account.sts.mfa import UNKNOWN_DEVICE, prove_mfa
from workbench.account.sts.rules import (
    ASSUME_ROLE_DURATION,
    CHAINED_SESSION_LIMIT,
    check_external_id,
    check_role_session_name,
    check_source_identity,
    duration,
    mfa_pair,
    parse_role_arn,
    session_tags,
    transitive_keys,
)
from workbench.account.sts.session_policies import packed_policy_size, resolve_session_policies


def request_tag_context(tags: dict[str, str], transitive: tuple[str, ...]) -> dict[str, Any]:
    """``aws:RequestTag/<k>``, ``aws:TagKeys`` and ``sts:TransitiveTagKeys`` for a request that passes tags."""
    context: dict[str, Any] = {f"aws:RequestTag/{key}": value for key, value in tags.items()}
    if tags:
        context["aws:TagKeys"] = list(tags)
    if transitive:
        context["sts:TransitiveTagKeys"] = list(transitive)
    return context


def inherited_tags(caller: Caller, passed: dict[str, str], operation: str) -> tuple[dict[str, str], tuple[str, ...]]:
    """The transitive session tags a chained session inherits (S6); passing one with another value fails."""
    session = caller.session
    if session is None or session.kind != "assumed-role" or not session.transitive_tag_keys:
        return {}, ()
    keys = {key.lower() for key in session.transitive_tag_keys}
    inherited = {key: value for key, value in session.session_tags.items() if key.lower() in keys}
    for key, value in passed.items():
        clash = next((k for k in inherited if k.lower() == key.lower()), None)
        if clash is not None and inherited[clash] != value:
            raise AwsError(
                "ValidationError",
                f"The session tag {key!r} was set as transitive by an earlier session in this role chain "
                f"({clash}={inherited[clash]}); a chained session cannot change it.",
                operation,
            )
    return inherited, tuple(session.transitive_tag_keys)


def inherited_source_identity(caller: Caller, requested: str | None, operation: str) -> str | None:
    """The source identity of the new session: the caller's, which cannot change (S7), or the one requested."""
    current = caller.session.source_identity if caller.session is not None else None
    if current is not None and requested is not None and requested != current:
        raise AwsError(
            "AccessDenied",
            f"User: {caller.arn} cannot change the source identity {current!r} of its role chain to {requested!r}: "
            "a source identity, once set, stays the same for every chained session.",
            operation,
        )
    return current if current is not None else requested


def assumption_actions(passes_tags: bool, sets_source_identity: bool) -> tuple[str, ...]:
    """Every action one AssumeRole request must be allowed (S1, S6, S7), each decided with the trust policy."""
    return (
        "sts:AssumeRole",
        *(("sts:TagSession",) if passes_tags else ()),
        *(("sts:SetSourceIdentity",) if sets_source_identity else ()),
    )


def merged_keys(inherited: tuple[str, ...], passed: tuple[str, ...]) -> tuple[str, ...]:
    """Transitive tag keys of a chained session: the inherited ones, then new ones (one per case-folded key)."""
    seen = {key.lower() for key in inherited}
    return (*inherited, *(key for key in passed if key.lower() not in seen))


def session_duration(requested: int | None, role: Role, chained: bool, operation: str) -> int:
    """The new session's length: at most the role's MaxSessionDuration, and one hour when chaining (S2)."""
    seconds = duration(requested, ASSUME_ROLE_DURATION, operation)
    if chained and seconds > CHAINED_SESSION_LIMIT:
        raise AwsError(
            "ValidationError",
            "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
            operation,
        )
    if seconds > role.max_session_duration:
        raise AwsError(
            "ValidationError",
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
            operation,
        )
    return seconds


class AssumeRoleOperations(StsBase):
    @operation("AssumeRole")
    def assume_role(
        self,
        *,
        RoleArn: str,
        RoleSessionName: str,
        PolicyArns: list[dict[str, str]] | None = None,
        Policy: str | None = None,
        DurationSeconds: int | None = None,
        Tags: list[dict[str, str]] | None = None,
        TransitiveTagKeys: list[str] | None = None,
        ExternalId: str | None = None,
        SerialNumber: str | None = None,
        TokenCode: str | None = None,
        SourceIdentity: str | None = None,
        ProvidedContexts: Any = None,
        MinimumSessionTokenSize: Any = None,
    ) -> dict[str, Any]:
        name = self._operation
        caller = self.caller()
        role_account_id, _, role_name = parse_role_arn(RoleArn, name)
        check_role_session_name(RoleSessionName, name)
        if ExternalId is not None:
            check_external_id(ExternalId, name)
        if SourceIdentity is not None:
            check_source_identity(SourceIdentity, name)
        duration(DurationSeconds, ASSUME_ROLE_DURATION, name)
        tags = session_tags(Tags, name)
        transitive = transitive_keys(TransitiveTagKeys, tags, name)
        mfa = mfa_pair(SerialNumber, TokenCode, name)
        if caller.is_root:
            raise self.error("AccessDenied", "Roles may not be assumed by root accounts.")
        found = self.find_role(role_account_id, role_name)
        if found is None:
            raise self.error(
                "AccessDenied",
                f"User: {caller.arn} is not authorized to perform: sts:AssumeRole on resource: {RoleArn}",
            )
        role_account, role = found
        inherited, inherited_keys = inherited_tags(caller, tags, name)
        source_identity = inherited_source_identity(caller, SourceIdentity, name)
        policies, arns = resolve_session_policies(role_account, Policy, PolicyArns, name)

        changed: dict[str, Account] = {}
        mfa_at = caller.session.mfa_authenticated_at if caller.session is not None else None
        if mfa is not None:
            if caller.user is None:
                raise self.error("AccessDenied", UNKNOWN_DEVICE)
            proven = prove_mfa(self.caller_account(caller), caller.user.name, mfa[0], mfa[1], self.now, name)
            changed[proven.account_id] = proven
            mfa_at = self.now

        context: dict[str, Any] = {"sts:RoleSessionName": RoleSessionName, **request_tag_context(tags, transitive)}
        if ExternalId is not None:
            context["sts:ExternalId"] = ExternalId
        if SourceIdentity is not None:
            context["sts:SourceIdentity"] = SourceIdentity
        if mfa_at is not None:
            context["aws:MultiFactorAuthPresent"] = "true"
            context["aws:MultiFactorAuthAge"] = str(int((self.now - mfa_at).total_seconds()))
        target = Target(role.arn, role_account_id, role.trust_policy, role.tags)
        for action in assumption_actions(bool(tags), SourceIdentity is not None):
            self.authorize(caller, action, target, context)

        chained = caller.kind == "assumed-role" and not (caller.session and caller.session.instance_id)
        seconds = session_duration(DurationSeconds, role, chained, name)
        all_tags = {**inherited, **tags}
        packed = packed_policy_size([Policy] if Policy is not None else [], arns, all_tags, name)
        session = self.new_session(
            "assumed-role",
            role_account_id,
            role_session_arn(role_account_id, role, RoleSessionName),
            seconds,
            role_name=role.name,
            session_name=RoleSessionName,
            session_policies=policies,
            session_tags=all_tags,
            transitive_tag_keys=merged_keys(inherited_keys, transitive),
            source_identity=source_identity,
            mfa_authenticated_at=mfa_at,
            chained=chained,
        )
        account = changed.get(role_account_id, role_account)
        used = role.model_copy(update={"last_used_date": self.now, "last_used_region": self.connection.region})
        changed[role_account_id] = account.model_copy(update={"roles": {**account.roles, role.name.lower(): used}})
        self.save_session(session, changed.values())

        answer: dict[str, Any] = {
            "Credentials": credentials_response(session),
            "AssumedRoleUser": {"AssumedRoleId": f"{role.role_id}:{RoleSessionName}", "Arn": session.arn},
        }
        if packed is not None:
            answer["PackedPolicySize"] = packed
        if source_identity is not None:
            answer["SourceIdentity"] = source_identity
        return answer
