"""Explain, the output: an :class:`Explanation` of one decision, as data for the text and HTML renderers."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, InstanceOf

from workbench.engine.decision import Decision, StatementRef

StepLayer = Literal["bypass", "deny", "scp", "rcp", "resource", "identity", "boundary", "session"]
"""Where a step sits in AWS's flow: ``bypass`` for actions that need no permission (E14), ``deny``
for the explicit-deny check, then the policy layers in the order AWS walks them."""

StepVerdict = Literal["allowed", "passed", "explicitDeny", "implicitDeny", "notApplicable"]
"""What a step said: ``passed`` is the explicit-deny check finding no Deny; ``notApplicable`` marks a
layer that took no part, shown because a learner might wonder about it."""

NearMiss = Literal["condition", "principal", "resource", "action"]
"""The one test a nearest statement failed."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)


class ExplanationStep(_Frozen):
    """What one layer of the evaluation flow said about the request, in plain words."""

    layer: StepLayer
    verdict: StepVerdict
    title: str
    text: str
    statements: tuple[StatementRef, ...] = ()
    """The statements behind the verdict: the Denies, else the Allows."""
    decisive: bool = False
    """True for the step that settled the decision."""


class NearestStatement(_Frozen):
    """An Allow that came close to applying to an implicitly denied request."""

    statement: StatementRef
    missed: NearMiss
    text: str


class ConditionNote(_Frozen):
    """A statement that did not apply because a condition clause was false, in words."""

    statement: StatementRef
    operator: str
    key: str
    text: str
    """E.g. ``aws:SourceIp was 198.51.100.7, which is not in 203.0.113.0/24``."""


class Explanation(_Frozen):
    """Why a request was allowed or denied, step by step along AWS's evaluation flow."""

    decision: InstanceOf[Decision]
    """The decision explained, with its trace (kept as the engine's object, not copied)."""
    headline: str
    steps: tuple[ExplanationStep, ...]
    nearest: tuple[NearestStatement, ...] = ()
    condition_failures: tuple[ConditionNote, ...] = ()
    missing_context_keys: tuple[str, ...] = ()
    fix_hint: str | None = None

    # Display hooks: ``print(explanation)`` and a notebook cell show the rendered explanation.
    # Imported on use: the renderers import this module.
    def __str__(self) -> str:
        from workbench.explain.text import render_text

        return render_text(self)

    def _repr_html_(self) -> str:
        from workbench.explain.html import render_html

        return render_html(self)


def describe_statement(ref: StatementRef) -> str:
    """``"ReadReports" of identity policy 1 (line 4:5)``: Sid (or position), policy, where it is written."""
    where = f" (line {ref.line}:{ref.column})" if ref.line is not None else ""
    return f"{ref.label}{where}"


__all__ = [
    "ConditionNote",
    "Explanation",
    "ExplanationStep",
    "NearMiss",
    "NearestStatement",
    "StepLayer",
    "StepVerdict",
    "describe_statement",
]
