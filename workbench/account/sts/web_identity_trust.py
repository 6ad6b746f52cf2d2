"""STS AssumeRoleWithWebIdentity, the authorization step: may this web identity assume the role (E4, E7, E9)?

The engine's principals are AWS principals (users, sessions, root, services, anonymous); a web
identity caller is none of them, and none of the engine's types matches a ``Federated`` principal
correctly (a "service" or "assumed-role" stand-in would match the wrong statements, derive the
wrong K1 keys and pick up SCPs). So this one decision is made here, reusing the engine's compiled
statements and its condition layer rather than re-implementing them:

1. the role's trust policy and the RCP levels above the role's account are compiled with
   :func:`workbench.engine.compile.compile_policy`;
2. a statement applies when its action matches ``sts:AssumeRoleWithWebIdentity``, its principal
   names the caller — ``"*"``, or ``{"Federated": <provider ARN or provider host>}`` (for a ``Deny``
   with ``NotPrincipal``: the caller is not listed) — and every condition holds, evaluated by the
   compiled conditions (``<host>:aud``, ``<host>:sub``, ``sts:RoleSessionName``, …);
3. a ``Deny`` anywhere wins; every RCP level must hold an ``Allow`` (RCPFullAWSAccess is always
   there); then an ``Allow`` in the trust policy grants. There is no identity side: the caller has
   no AWS identity, so no identity policy, boundary, session policy or SCP applies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from workbench.account.authorization import document
from workbench.account.model import Organization
from workbench.account.organization_paths import org_levels
from workbench.arn import Arn
from workbench.engine.compile import CompiledPolicy, CompiledStatement, compile_policy
from workbench.engine.decision import DecisionValue, Layer, StatementRef
from workbench.engine.request import ContextValue, normalise_context_value
from workbench.policy.model import PrincipalEntry

ACTION = "sts:assumerolewithwebidentity"


@dataclass(frozen=True, slots=True)
class WebIdentityDecision:
    """The outcome, with the statements that decided it (like the engine's ``Decision``, for this one case)."""

    decision: DecisionValue
    reason: str
    blocked_by: Layer | None = None
    decisive: tuple[StatementRef, ...] = ()

    @property
    def allowed(self) -> bool:
        return self.decision == "allowed"


@dataclass(frozen=True, slots=True)
class WebIdentityCaller:
    """Who asks: the IAM OIDC provider that vouched for the token (by ARN and by host)."""

    provider_arn: str
    host: str

    def named_in(self, statement: CompiledStatement) -> bool:
        """Whether ``statement`` applies to this caller by its Principal/NotPrincipal (step 2)."""
        raw = statement.statement
        if raw.principal is not None:
            assert statement.principals is not None
            return statement.principals.everyone or self._listed(raw.principal.entries)
        if raw.not_principal is not None:  # only a Deny with NotPrincipal means anything (AMB-20)
            assert statement.not_principals is not None
            listed = statement.not_principals.everyone or self._listed(raw.not_principal.entries)
            return statement.deny and not listed
        return False

    def _listed(self, entries: tuple[PrincipalEntry, ...]) -> bool:
        names = {self.provider_arn, self.host, self.host.lower()}
        return any(entry.kind == "Federated" and entry.value in names for entry in entries)


class _Scan:
    def __init__(self, caller: WebIdentityCaller, role_arn: str, context: Mapping[str, Any]) -> None:
        self.caller = caller
        self.role_arn = role_arn
        self.arn = Arn.parse(role_arn)
        self.context: dict[str, ContextValue] = {k.lower(): normalise_context_value(k, v) for k, v in context.items()}
        self.denies: list[StatementRef] = []

    def allows(self, policy: CompiledPolicy) -> list[StatementRef]:
        """The policy's applicable Allows; its applicable Denies are collected on the side."""
        found: list[StatementRef] = []
        lookup = self.context.get
        for statement in policy.statements:
            if not statement.actions.matches(ACTION):
                continue
            if statement.resources is not None and not statement.resources.matches(self.role_arn, self.arn, lookup):
                continue
            if not self.caller.named_in(statement):
                continue
            if not all(c.outcome(self.context.get(c.key), lookup) for c in statement.conditions):
                continue
            (self.denies if statement.deny else found).append(statement.ref)
        return found


def decide_web_identity(
    trust_policy: str,
    role_arn: str,
    role_account_id: str,
    organization: Organization | None,
    caller: WebIdentityCaller,
    context: Mapping[str, Any],
) -> WebIdentityDecision:
    """Decide ``sts:AssumeRoleWithWebIdentity`` on ``role_arn`` for ``caller`` with the request ``context``."""
    scan = _Scan(caller, role_arn, context)
    trust = compile_policy(document(trust_policy, f"trust policy of {role_arn.rsplit('/', 1)[-1]}"), "resource")
    trust_allows = scan.allows(trust)
    rcp_blocked = False
    for level, documents in enumerate(org_levels(organization, role_account_id, "RESOURCE_CONTROL_POLICY") or ()):
        level_allows = [ref for doc in documents for ref in scan.allows(compile_policy(doc, "rcp", level))]
        rcp_blocked = rcp_blocked or not level_allows
    if scan.denies:
        return WebIdentityDecision("explicitDeny", "explicit_deny", scan.denies[0].layer, tuple(scan.denies))
    if rcp_blocked:
        return WebIdentityDecision("implicitDeny", "rcp_no_allow", "rcp")
    if not trust_allows:
        return WebIdentityDecision("implicitDeny", "resource_policy_required", "resource")
    return WebIdentityDecision("allowed", "resource_policy_grant", None, tuple(trust_allows))
