"""Engine: decide one request against a policy set exactly as AWS does (iam-semantics.md E1–E15).

``authorize`` is a pure function of its inputs. It scans each applicable policy once (statements
pre-filtered by action, resource matches memoised), then combines the layers: explicit deny
anywhere → SCP and RCP level gates → anonymous/service callers → root → same-account principal
match kinds (E8, E9) or both sides for cross-account (E10). With ``trace=True`` every statement of
every policy is examined and the first test it fails is recorded, for explanations; off, tracing
costs nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from workbench.engine.compile import CompiledPolicy, CompiledStatement
from workbench.engine.decision import (
    Decision,
    DecisionValue,
    Layer,
    LayerVerdict,
    StatementRef,
    TraceEvent,
)
from workbench.engine.policy_set import CompiledPolicySet, PolicySet
from workbench.engine.principals import MatchKind
from workbench.engine.request import AuthorizationRequest, ContextValue, Principal
from workbench.policy.catalog import load_catalog

ROLE_ASSUMPTION_ACTIONS = frozenset(
    {
        "sts:assumerole",
        "sts:assumerolewithsaml",
        "sts:assumerolewithwebidentity",
        "sts:tagsession",
        "sts:setsourceidentity",
        "sts:setcontext",
    }
)

Allow = tuple[CompiledStatement, MatchKind]


def authorize(request: AuthorizationRequest, policies: PolicySet, *, trace: bool = False) -> Decision:
    """Decide ``request`` under ``policies``: allowed, explicitDeny or implicitDeny, with its reasons."""
    return _Evaluation(request, policies.compiled, trace).decide()


def _refs(allows: list[Allow]) -> tuple[StatementRef, ...]:
    return tuple(statement.ref for statement, _ in allows)


class _Evaluation:
    __slots__ = (
        "action",
        "arn",
        "arn_text",
        "compiled",
        "conditional",
        "context",
        "denies",
        "events",
        "has_boundary",
        "layers",
        "lookup",
        "principal",
        "request",
    )

    def __init__(self, request: AuthorizationRequest, compiled: CompiledPolicySet, tracing: bool) -> None:
        self.request = request
        self.compiled = compiled
        self.principal = request.principal
        self.context: Mapping[str, ContextValue] = request.normalised_context
        self.lookup = self.context.get
        self.action = request.action_lower
        self.arn_text = request.resource.arn
        self.arn = request.resource_arn
        self.has_boundary = compiled.boundary is not None
        self.conditional: list[CompiledStatement] = []
        self.events: list[TraceEvent] | None = [] if tracing else None
        self.denies: list[CompiledStatement] = []
        self.layers: list[LayerVerdict] = []

    # -- scanning --------------------------------------------------------------------------------
    def scan(self, policy: CompiledPolicy, allows: list[Allow]) -> None:
        """Add the applicable Allows of ``policy`` to ``allows``; Denies go to ``self.denies``."""
        if self.events is not None:
            return self.scan_traced(policy, allows)
        principal = self.principal
        prefiltered = policy.prefiltered.get((self.action, self.arn_text))
        if prefiltered is None:
            prefiltered = policy.prefilter(self.action, self.arn_text, self.arn)
        for statement, check_resource in prefiltered:
            if check_resource and not statement.resources.matches(  # type: ignore[union-attr]
                self.arn_text, self.arn, self.lookup
            ):
                continue
            kind = MatchKind.DIRECT if statement.names_no_principal else self.principal_match(statement, principal)
            if kind is None:
                continue
            if statement.conditions and not self.conditions_hold(statement):
                continue
            if statement.deny:
                self.denies.append(statement)
            else:
                allows.append((statement, kind))
        return None

    def principal_match(self, statement: CompiledStatement, principal: Principal) -> MatchKind | None:
        if statement.principals is not None:
            return statement.principals.match(principal)
        if statement.not_principals is None:
            return MatchKind.DIRECT  # identity-style statements name no principal
        if statement.deny:
            exempt = statement.not_principals.exempts(principal, has_boundary=self.has_boundary)
            return None if exempt else MatchKind.DIRECT
        return None  # an Allow with NotPrincipal is unsupported by AWS (AMB-20): it grants nothing

    def scan_traced(self, policy: CompiledPolicy, allows: list[Allow]) -> None:
        """The same as ``scan``, examining every statement and recording where each one stops."""
        events = self.events
        assert events is not None
        for statement in policy.statements:
            if not statement.actions.matches(self.action):
                events.append(TraceEvent(statement.ref, "action"))
                continue
            resources = statement.resources
            if resources is not None and not resources.matches(self.arn_text, self.arn, self.lookup):
                events.append(TraceEvent(statement.ref, "resource"))
                continue
            kind = self.principal_match(statement, self.principal)
            if kind is None:
                events.append(TraceEvent(statement.ref, "principal"))
                continue
            if statement.conditions and not self.conditions_hold(statement):
                continue  # conditions_hold records the condition event
            events.append(TraceEvent(statement.ref, "matched"))
            if statement.deny:
                self.denies.append(statement)
            else:
                allows.append((statement, kind))

    def conditions_hold(self, statement: CompiledStatement) -> bool:
        """All clauses true (C1: different operators and keys are ANDed).

        The statement is remembered so that the decision can name missing keys and failed
        clauses on demand; nothing more is recorded on this hot path.
        """
        self.conditional.append(statement)
        context, lookup = self.context, self.lookup
        for condition in statement.conditions:
            if not condition.outcome(context.get(condition.key), lookup):
                if self.events is not None:
                    detail = f"{condition.clause.operator} {condition.clause.key}"
                    self.events.append(TraceEvent(statement.ref, "condition", detail))
                return False
        return True

    def scan_layer(self, layer: Layer, policies: tuple[CompiledPolicy, ...]) -> tuple[bool, list[Allow]]:
        """Scan one layer's policies and record its verdict; return (allows?, the Allows)."""
        before = len(self.denies)
        allows: list[Allow] = []
        for policy in policies:
            self.scan(policy, allows)
        self.record(layer, allows, before)
        return bool(allows), allows

    def scan_levels(self, layer: Layer, levels: tuple[tuple[CompiledPolicy, ...], ...]) -> int | None:
        """Scan organization levels; return the first level without an Allow (None if all allow)."""
        before = len(self.denies)
        all_allows: list[Allow] = []
        blocked: int | None = None
        for level, policies in enumerate(levels):
            level_allows: list[Allow] = []
            for policy in policies:
                self.scan(policy, level_allows)
            if not level_allows and blocked is None:
                blocked = level
            all_allows += level_allows
        self.record(layer, all_allows if blocked is None else [], before)
        return blocked

    def record(self, layer: Layer, allows: list[Allow], denies_before: int) -> None:
        if len(self.denies) > denies_before:
            refs = tuple(statement.ref for statement in self.denies[denies_before:])
            self.layers.append(LayerVerdict(layer, "explicitDeny", refs))
        elif allows:
            self.layers.append(LayerVerdict(layer, "allowed", _refs(allows)))
        else:
            self.layers.append(LayerVerdict(layer, "implicitDeny", ()))

    # -- combining -------------------------------------------------------------------------------
    def decide(self) -> Decision:
        principal, action = self.principal, self.action
        if action == "sts:getcalleridentity":  # E14: needs no permission, ignores denies
            if principal.is_authenticated:
                return self.finish("allowed", "get_caller_identity")
            return self.finish("implicitDeny", "anonymous_not_authenticated")
        if action == "sts:getsessiontoken":
            if principal.type in ("user", "root"):
                return self.finish("allowed", "get_session_token")
            return self.finish("implicitDeny", "get_session_token_needs_long_term_credentials")

        compiled = self.compiled
        identity_applies = principal.has_identity_policies
        identity_ok = boundary_ok = session_ok = True
        identity_allows: list[Allow] = []
        guard_allows: list[Allow] = []
        if identity_applies:
            identity_ok, identity_allows = self.scan_layer("identity", compiled.identity)
            if compiled.boundary is not None:
                boundary_ok, allows = self.scan_layer("boundary", (compiled.boundary,))
                guard_allows += allows
            if principal.type == "assumed-role" and compiled.session is not None:
                session_ok, allows = self.scan_layer("session", (compiled.session,))
                guard_allows += allows
            elif principal.type == "federated-user":
                # A federated-user session without a session policy has no identity permissions (S4).
                if compiled.session is None:
                    session_ok = False
                else:
                    session_ok, allows = self.scan_layer("session", (compiled.session,))
                    guard_allows += allows
        resource_allows: list[Allow] = []
        if compiled.resource is not None:
            _, resource_allows = self.scan_layer("resource", (compiled.resource,))
        scp_block: int | None = None
        if compiled.scp_levels is not None and self.scps_apply():
            scp_block = self.scan_levels("scp", compiled.scp_levels)
        rcp_block: int | None = None
        if compiled.rcp_levels is not None and self.rcps_apply():
            rcp_block = self.scan_levels("rcp", compiled.rcp_levels)

        if self.denies:  # E4: an explicit deny anywhere wins
            refs = tuple(statement.ref for statement in self.denies)
            return self.finish("explicitDeny", "explicit_deny", blocked_by=refs[0].layer, decisive=refs)
        if scp_block is not None:  # E5 (AMB-01: reported as an implicit deny)
            return self.finish("implicitDeny", "scp_no_allow", blocked_by="scp", level=scp_block)
        if rcp_block is not None:  # E7
            return self.finish("implicitDeny", "rcp_no_allow", blocked_by="rcp", level=rcp_block)

        strongest = max((kind for _, kind in resource_allows), default=None)
        resource_refs = _refs(resource_allows)
        if principal.type == "anonymous":  # E12: only a grant to "*" admits anonymous callers
            if strongest == MatchKind.DIRECT:
                return self.finish("allowed", "public_grant", decisive=resource_refs)
            return self.finish("implicitDeny", "anonymous_no_public_grant", blocked_by="resource")
        if principal.type == "service":
            if strongest == MatchKind.DIRECT:
                return self.finish("allowed", "service_principal_granted", decisive=resource_refs)
            return self.finish("implicitDeny", "service_principal_not_granted", blocked_by="resource")

        is_trust = action in ROLE_ASSUMPTION_ACTIONS and self.resource_is("iam", "role/")
        is_key = self.resource_is("kms", "key/")
        if principal.type == "root":  # E3, E11
            if is_trust or action.startswith("sts:assumerole"):
                return self.finish("implicitDeny", "root_cannot_assume_roles", blocked_by="identity")
            if self.request.is_cross_account or is_key:
                if strongest is not None:
                    return self.finish("allowed", "resource_policy_grant", decisive=resource_refs)
                return self.finish("implicitDeny", "resource_policy_no_allow", blocked_by="resource")
            return self.finish("allowed", "root_user_own_account")

        identity_refs = _refs(identity_allows)
        guard_refs = _refs(guard_allows)
        guards_ok = boundary_ok and session_ok
        if self.request.is_cross_account:  # E10: both sides must allow
            if identity_ok and guards_ok and strongest is not None:
                decisive = resource_refs + identity_refs + guard_refs
                return self.finish("allowed", "cross_account_both_allow", decisive=decisive)
            if strongest is None:
                return self.finish("implicitDeny", "cross_account_no_resource_allow", blocked_by="resource")
            return self.identity_path_failure(identity_ok, boundary_ok, session_ok)

        # Same account (E8, E9).
        if strongest == MatchKind.DIRECT and not is_trust:
            return self.finish("allowed", "resource_policy_grant", decisive=resource_refs)
        if strongest is not None and strongest >= MatchKind.UNDERLYING and guards_ok:
            return self.finish("allowed", "resource_policy_grant", decisive=resource_refs + guard_refs)
        if (is_trust or is_key) and strongest is None:
            return self.finish("implicitDeny", "resource_policy_required", blocked_by="resource")
        if strongest is not None and strongest >= MatchKind.UNDERLYING:
            return self.identity_path_failure(True, boundary_ok, session_ok)
        if identity_ok and guards_ok:
            decisive = (resource_refs if is_trust or is_key else ()) + identity_refs + guard_refs
            return self.finish("allowed", "identity_allows", decisive=decisive)
        return self.identity_path_failure(identity_ok, boundary_ok, session_ok)

    def identity_path_failure(self, identity_ok: bool, boundary_ok: bool, session_ok: bool) -> Decision:
        if not identity_ok:
            return self.finish("implicitDeny", "no_identity_allow", blocked_by="identity")
        if not boundary_ok:
            return self.finish("implicitDeny", "boundary_no_allow", blocked_by="boundary")
        if self.principal.type == "federated-user" and self.compiled.session is None:
            return self.finish("implicitDeny", "federated_user_without_session_policy", blocked_by="session")
        return self.finish("implicitDeny", "session_no_allow", blocked_by="session")

    def scps_apply(self) -> bool:
        """E2: a member account's principals, root included; never service-linked roles (R3)."""
        principal = self.principal
        return principal.type in ("user", "assumed-role", "federated-user", "root") and not (
            principal.is_service_linked_role_session
        )

    def rcps_apply(self) -> bool:
        """E7: only services that support RCPs; a service assuming its service-linked role is exempt."""
        service = self.action.split(":", 1)[0]
        if not load_catalog().rcp_supported(service):
            return False
        if self.principal.type == "service" and self.action in ROLE_ASSUMPTION_ACTIONS:
            return ":role/aws-service-role/" not in self.arn_text
        return True

    def resource_is(self, service: str, resource_prefix: str) -> bool:
        arn = self.arn
        return arn is not None and arn.service == service and arn.resource.startswith(resource_prefix)

    def finish(
        self,
        decision: DecisionValue,
        reason: str,
        *,
        blocked_by: Layer | None = None,
        level: int | None = None,
        decisive: tuple[StatementRef, ...] = (),
    ) -> Decision:
        return Decision(
            decision,
            self.request,
            reason,
            blocked_by,
            level,
            decisive,
            tuple(self.layers),
            tuple(self.conditional),
            None if self.events is None else tuple(self.events),
        )
