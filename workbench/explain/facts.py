"""Explain, step 0: the facts an explanation needs, gathered once from a traced decision and its policies."""

from __future__ import annotations

from workbench.engine.authorize import ROLE_ASSUMPTION_ACTIONS
from workbench.engine.compile import CompiledPolicy, CompiledStatement
from workbench.engine.decision import (
    ConditionFailure,
    Decision,
    Layer,
    LayerVerdict,
    StatementRef,
    TraceEvent,
)
from workbench.engine.policy_set import PolicySet
from workbench.engine.principals import MatchKind
from workbench.explain.wording import resource_policy_noun


class Facts:
    """Read-only view of one decision: its trace indexed by statement, the policies, the request's shape."""

    def __init__(self, decision: Decision, policies: PolicySet) -> None:
        request = decision.request
        self.decision = decision
        self.policies = policies
        self.request = request
        self.principal = request.principal
        self.action = request.action
        self.cross_account = request.is_cross_account
        arn = request.resource_arn
        self.is_trust = (
            request.action_lower in ROLE_ASSUMPTION_ACTIONS
            and arn is not None
            and arn.service == "iam"
            and arn.resource.startswith("role/")
        )
        self.is_key = arn is not None and arn.service == "kms" and arn.resource.startswith("key/")
        self.noun = resource_policy_noun(request, is_trust=self.is_trust)
        compiled = policies.compiled
        every: list[CompiledPolicy] = [*compiled.identity]
        every += [p for p in (compiled.resource, compiled.boundary, compiled.session) if p is not None]
        for levels in (compiled.scp_levels, compiled.rcp_levels):
            every += [p for level in levels or () for p in level]
        self._statements: dict[StatementRef, CompiledStatement] = {s.ref: s for p in every for s in p.statements}
        self.events: tuple[TraceEvent, ...] = decision.trace or ()
        self._stage: dict[StatementRef, str] = {e.statement: e.stage for e in self.events}
        self.failures: tuple[ConditionFailure, ...] = decision.condition_failures  # computed on each access
        self._failures: dict[StatementRef, ConditionFailure] = {}
        for failure in self.failures:
            self._failures.setdefault(failure.statement, failure)

    # -- layers and statements ---------------------------------------------------------------------
    def verdict(self, layer: Layer) -> LayerVerdict | None:
        return self.decision.layer(layer)

    def matched(self, layer: Layer, effect: str = "Allow", level: int | None = None) -> tuple[StatementRef, ...]:
        """Statements of ``layer`` (at ``level``) that applied to the request, in trace order."""
        return tuple(
            e.statement
            for e in self.events
            if e.stage == "matched"
            and e.statement.layer == layer
            and e.statement.effect == effect
            and (level is None or e.statement.level == level)
        )

    def failed_conditions(self, effect: str) -> tuple[ConditionFailure, ...]:
        return tuple(f for f in self.failures if f.statement.effect == effect)

    def failure_of(self, ref: StatementRef) -> ConditionFailure | None:
        return self._failures.get(ref)

    def statement(self, ref: StatementRef) -> CompiledStatement | None:
        return self._statements.get(ref)

    def resource_matches(self, ref: StatementRef) -> bool:
        """Whether the statement's Resource/NotResource covers the request (even past the trace)."""
        compiled = self._statements.get(ref)
        if compiled is None or compiled.resources is None:
            return compiled is not None
        request = self.request
        lookup = request.normalised_context.get
        return compiled.resources.matches(request.resource.arn, request.resource_arn, lookup)

    def kind(self, ref: StatementRef) -> MatchKind | None:
        """How a resource-policy statement names the caller (E8 match kinds)."""
        compiled = self._statements.get(ref)
        if compiled is None:
            return None
        if compiled.principals is None:
            return MatchKind.DIRECT if compiled.names_no_principal else None
        return compiled.principals.match(self.principal)

    def strongest_resource_kind(self) -> MatchKind | None:
        kinds = [k for ref in self.matched("resource") if (k := self.kind(ref)) is not None]
        return max(kinds, default=None)

    # -- organization levels -----------------------------------------------------------------------
    def level_count(self, layer: Layer) -> int:
        levels = self.policies.scp_levels if layer == "scp" else self.policies.rcp_levels
        return len(levels or ())

    def level_policies(self, layer: Layer, level: int) -> tuple[str, ...]:
        levels = (self.policies.scp_levels if layer == "scp" else self.policies.rcp_levels) or ()
        return tuple(p.name for p in levels[level]) if level < len(levels) else ()

    def level_name(self, layer: Layer, level: int) -> str:
        """``the organization root (level 0)``, ``level 1 (an OU)``, ``level 2 (the account)``."""
        count = self.level_count(layer)
        if level == 0:
            return "the organization root (level 0)"
        if level == count - 1:
            whose = "the caller's account" if layer == "scp" else "the resource's account"
            return f"level {level} ({whose})"
        return f"level {level} (an organizational unit)"

    def blocked_levels(self, layer: Layer) -> tuple[int, ...]:
        """Levels where no attached policy has a matching Allow."""
        allowed = {ref.level for ref in self.matched(layer)}
        return tuple(i for i in range(self.level_count(layer)) if i not in allowed)

    def policy_count(self, layer: Layer) -> int:
        compiled = self.policies.compiled
        if layer == "identity":
            return len(compiled.identity)
        return int(getattr(compiled, layer) is not None)


__all__ = ["Facts"]
