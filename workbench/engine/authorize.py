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

from workbench.conditions import condition_matches
from workbench.engine.compile import CompiledPolicy, CompiledStatement
from workbench.engine.decision import (
    ConditionFailure,
    Decision,
    DecisionValue,
    Layer,
    LayerVerdict,
    StatementRef,
    TraceEvent,
)
from workbench.engine.policy_set import CompiledPolicySet, PolicySet
from workbench.engine.principals import MatchKind
from workbench.engine.request import AuthorizationRequest, ContextValue
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

Allow = tuple[CompiledStatement, MatchKind | None, CompiledPolicy, int | None]
Deny = tuple[CompiledStatement, CompiledPolicy, Layer, int | None]


def authorize(request: AuthorizationRequest, policies: PolicySet, *, trace: bool = False) -> Decision:
    """Decide ``request`` under ``policies``: ``allowed``, ``explicitDeny`` or ``implicitDeny``, with reasons."""
    return _Evaluation(request, policies.compiled, trace).decide()


class _Evaluation:
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
        self.missing: dict[str, None] = {}
        self.failures: list[ConditionFailure] = []
        self.events: list[TraceEvent] | None = [] if tracing else None
        self.denies: list[Deny] = []
        self.layers: list[LayerVerdict] = []

    # -- scanning --------------------------------------------------------------------------------
    def scan(self, layer: Layer, policy: CompiledPolicy, level: int | None = None) -> list[Allow]:
        """Statements of ``policy`` that apply; Denies go to ``self.denies``, Allows are returned."""
        allows: list[Allow] = []
        events = self.events
        statements = policy.statements if events is not None else policy.candidates(self.action)
        for statement in statements:
            if events is not None and not statement.actions.matches(self.action):
                events.append(self.event(layer, policy, statement, level, "action"))
                continue
            if statement.resources is not None and not statement.resources.matches(
                self.arn_text, self.arn, self.lookup
            ):
                if events is not None:
                    events.append(self.event(layer, policy, statement, level, "resource"))
                continue
            kind: MatchKind | None = None
            if statement.principals is not None:
                kind = statement.principals.match(self.principal)
            elif statement.not_principals is not None and statement.deny:
                exempt = statement.not_principals.exempts(self.principal, has_boundary=self.has_boundary)
                kind = None if exempt else MatchKind.DIRECT
            elif statement.not_principals is None:
                kind = MatchKind.DIRECT  # identity-style statements name no principal
            # An Allow with NotPrincipal is unsupported by AWS (AMB-20): it grants nothing.
            if kind is None:
                if events is not None:
                    events.append(self.event(layer, policy, statement, level, "principal"))
                continue
            if statement.conditions and not self.conditions_hold(layer, policy, statement, level):
                continue
            if events is not None:
                events.append(self.event(layer, policy, statement, level, "matched"))
            if statement.deny:
                self.denies.append((statement, policy, layer, level))
            else:
                allows.append((statement, kind, policy, level))
        return allows

    def conditions_hold(
        self, layer: Layer, policy: CompiledPolicy, statement: CompiledStatement, level: int | None
    ) -> bool:
        context = self.context
        for position, condition in enumerate(statement.conditions):
            request_value = context.get(condition.key)
            if request_value is None:
                self.missing[condition.clause.key] = None
            if condition_matches(condition.operator, request_value, condition.values(self.lookup)):
                continue
            # Record the failing clause, and every other key this statement needed but lacked.
            for later in statement.conditions[position + 1 :]:
                if later.key not in context:
                    self.missing[later.clause.key] = None
            ref = self.ref(layer, policy, statement, level)
            self.failures.append(
                ConditionFailure.model_construct(
                    statement=ref,
                    operator=condition.clause.operator,
                    key=condition.clause.key,
                    policy_values=condition.clause.values,
                    request_value=request_value,
                )
            )
            if self.events is not None:
                detail = f"{condition.clause.operator} {condition.clause.key}"
                self.events.append(TraceEvent.model_construct(statement=ref, stage="condition", detail=detail))
            return False
        return True

    def ref(self, layer: Layer, policy: CompiledPolicy, statement: CompiledStatement, level: int | None) -> StatementRef:
        key = (statement.statement.index, layer, level)
        found = policy.refs.get(key)
        if found is None:
            span = policy.document.span_of(statement.statement.pointer)
            found = StatementRef(
                layer=layer,
                policy=policy.name,
                index=statement.statement.index,
                sid=statement.statement.sid,
                effect=statement.statement.effect or "",
                pointer=statement.statement.pointer,
                line=span.line if span else None,
                column=span.column if span else None,
                level=level,
            )
            policy.refs[key] = found
        assert isinstance(found, StatementRef)
        return found

    def event(
        self, layer: Layer, policy: CompiledPolicy, statement: CompiledStatement, level: int | None, stage: str
    ) -> TraceEvent:
        return TraceEvent.model_construct(statement=self.ref(layer, policy, statement, level), stage=stage, detail="")

    def refs(self, allows: list[Allow], layer: Layer) -> tuple[StatementRef, ...]:
        return tuple(self.ref(layer, policy, statement, level) for statement, _, policy, level in allows)

    def verdict(self, layer: Layer, allows: list[Allow], denies_before: int) -> bool:
        """Record this layer's verdict; return whether it allows (ignoring denies elsewhere)."""
        own_denies = [d for d in self.denies[denies_before:] if d[2] == layer]
        if own_denies:
            refs = tuple(self.ref(layer, p, s, lv) for s, p, _, lv in own_denies)
            self.layers.append(LayerVerdict.model_construct(layer=layer, verdict="explicitDeny", statements=refs))
        elif allows:
            self.layers.append(
                LayerVerdict.model_construct(layer=layer, verdict="allowed", statements=self.refs(allows, layer))
            )
        else:
            self.layers.append(LayerVerdict.model_construct(layer=layer, verdict="implicitDeny", statements=()))
        return bool(allows)

    def scan_layer(self, layer: Layer, policies: tuple[CompiledPolicy, ...]) -> tuple[bool, list[Allow]]:
        before = len(self.denies)
        allows: list[Allow] = []
        for policy in policies:
            allows.extend(self.scan(layer, policy))
        return self.verdict(layer, allows, before), allows

    def scan_levels(
        self, layer: Layer, levels: tuple[tuple[CompiledPolicy, ...], ...]
    ) -> tuple[int | None, list[Allow]]:
        """Scan organization levels; return the first level without an Allow (None if all allow)."""
        before = len(self.denies)
        all_allows: list[Allow] = []
        blocked: int | None = None
        for level, policies in enumerate(levels):
            level_allows: list[Allow] = []
            for policy in policies:
                level_allows.extend(self.scan(layer, policy, level))
            if not level_allows and blocked is None:
                blocked = level
            all_allows.extend(level_allows)
        self.verdict(layer, all_allows if blocked is None else [], before)
        return blocked, all_allows

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
            scp_block, _ = self.scan_levels("scp", compiled.scp_levels)
        rcp_block: int | None = None
        if compiled.rcp_levels is not None and self.rcps_apply():
            rcp_block, _ = self.scan_levels("rcp", compiled.rcp_levels)

        if self.denies:  # E4: an explicit deny anywhere wins
            refs = tuple(self.ref(layer, p, s, lv) for s, p, layer, lv in self.denies)
            return self.finish("explicitDeny", "explicit_deny", blocked_by=refs[0].layer, decisive=refs)
        if scp_block is not None:  # E5 (AMB-01: reported as an implicit deny)
            return self.finish("implicitDeny", "scp_no_allow", blocked_by="scp", level=scp_block)
        if rcp_block is not None:  # E7
            return self.finish("implicitDeny", "rcp_no_allow", blocked_by="rcp", level=rcp_block)

        strongest = max((kind for _, kind, _, _ in resource_allows if kind is not None), default=None)
        resource_refs = self.refs(resource_allows, "resource")
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

        identity_refs = self.refs(identity_allows, "identity")
        guard_refs = tuple(self.ref(layer_of(p, compiled), p, s, lv) for s, _, p, lv in guard_allows)
        guards_ok = boundary_ok and session_ok
        if self.request.is_cross_account:  # E10: both sides must allow
            if identity_ok and guards_ok and strongest is not None:
                return self.finish("allowed", "cross_account_both_allow", decisive=resource_refs + identity_refs)
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
        return Decision.model_construct(
            decision=decision,
            request=self.request,
            reason=reason,
            blocked_by=blocked_by,
            blocked_level=level,
            decisive=decisive,
            layers=tuple(self.layers),
            missing_context_keys=tuple(self.missing),
            condition_failures=tuple(self.failures),
            trace=tuple(self.events) if self.events is not None else None,
        )


def layer_of(policy: CompiledPolicy, compiled: CompiledPolicySet) -> Layer:
    return "boundary" if policy is compiled.boundary else "session"
