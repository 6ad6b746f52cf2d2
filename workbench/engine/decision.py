"""Engine output: a :class:`Decision` that carries its reasons (decisive statements, layer verdicts).

The records built per decision are immutable ``NamedTuple``s rather than pydantic models: they
are created on the engine's hot path, where pydantic's (and even a frozen dataclass's)
construction would cost more than the evaluation itself. ``StatementRef`` is built once per
compiled statement. All of them serialise with pydantic's ``TypeAdapter`` or ``_asdict()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, NamedTuple

from workbench.engine.request import AuthorizationRequest

if TYPE_CHECKING:
    from workbench.engine.compile import CompiledStatement

DecisionValue = Literal["allowed", "explicitDeny", "implicitDeny"]
VerdictValue = Literal["allowed", "explicitDeny", "implicitDeny", "notApplicable"]
Layer = Literal["identity", "resource", "boundary", "session", "scp", "rcp"]

LAYER_ORDER: tuple[Layer, ...] = ("scp", "rcp", "resource", "identity", "boundary", "session")
"""The order in which AWS's flowchart (and our explanations) walk the layers."""

LAYER_TITLES: dict[str, str] = {
    "identity": "identity-based policies",
    "resource": "resource-based policy",
    "boundary": "permissions boundary",
    "session": "session policy",
    "scp": "service control policies (SCPs)",
    "rcp": "resource control policies (RCPs)",
}


@dataclass(frozen=True, slots=True)
class StatementRef:
    """Points at one statement: which layer, which policy, which statement, where in its text."""

    layer: Layer
    policy: str
    index: int
    sid: str | None
    effect: str
    pointer: str
    line: int | None = None
    column: int | None = None
    level: int | None = None
    """For SCPs/RCPs: the organization level (0 = root) the policy is attached at."""

    @property
    def label(self) -> str:
        name = f'"{self.sid}"' if self.sid else f"statement {self.index + 1}"
        return f"{name} of {self.policy}"


class LayerVerdict(NamedTuple):
    layer: Layer
    verdict: VerdictValue
    statements: tuple[StatementRef, ...] = ()
    """The statements that decided this layer's verdict (the Denies, else the Allows)."""


class ConditionFailure(NamedTuple):
    """Why a statement's Condition block was false: the first clause that failed."""

    statement: StatementRef
    operator: str
    key: str
    policy_values: tuple[str, ...]
    request_value: str | tuple[str, ...] | None


class TraceEvent(NamedTuple):
    """One statement examined, and the first test it failed (``stage``) or ``matched``."""

    statement: StatementRef
    stage: Literal["action", "resource", "principal", "condition", "matched"]
    detail: str = ""


class Decision(NamedTuple):
    """The answer to one request, with everything needed to explain it."""

    decision: DecisionValue
    request: AuthorizationRequest
    reason: str
    """A stable code: ``explicit_deny``, ``scp_no_allow``, ``boundary_no_allow``, ``identity_allows``…"""
    blocked_by: Layer | None = None
    """The layer that stopped the request (None when allowed, or when nothing granted it at all)."""
    blocked_level: int | None = None
    decisive: tuple[StatementRef, ...] = ()
    layers: tuple[LayerVerdict, ...] = ()
    conditional: tuple[CompiledStatement, ...] = ()
    """Statements that matched action, resource and principal and had a Condition block to test."""
    trace: tuple[TraceEvent, ...] | None = None

    @property
    def allowed(self) -> bool:
        return self.decision == "allowed"

    @property
    def missing_context_keys(self) -> tuple[str, ...]:
        """Condition keys of the statements that could apply, absent from the request (as written)."""
        context = self.request.normalised_context
        missing: dict[str, None] = {}
        for statement in self.conditional:
            for condition in statement.conditions:
                if condition.key not in context:
                    missing[condition.clause.key] = None
        return tuple(missing)

    @property
    def condition_failures(self) -> tuple[ConditionFailure, ...]:
        """For each statement stopped by its Condition block, the first clause that was false.

        Computed on demand (conditions are pure), so deciding never pays for explanations.
        """
        context = self.request.normalised_context
        failures: list[ConditionFailure] = []
        for statement in self.conditional:
            for condition in statement.conditions:
                value = context.get(condition.key)
                if not condition.outcome(value, context.get):
                    clause = condition.clause
                    failures.append(ConditionFailure(statement.ref, clause.operator, clause.key, clause.values, value))
                    break
        return tuple(failures)

    def layer(self, name: Layer) -> LayerVerdict | None:
        for verdict in self.layers:
            if verdict.layer == name:
                return verdict
        return None

    def __str__(self) -> str:
        return str(self.decision)
