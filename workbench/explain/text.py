"""Explain, render: an :class:`Explanation` → stable plain text (no timestamps or ids; nbval compares it)."""

from __future__ import annotations

import textwrap

from workbench.explain.model import (
    ConditionNote,
    Explanation,
    ExplanationStep,
    StepVerdict,
    describe_statement,
)
from workbench.explain.wording import caller_phrase, value_text

WIDTH = 92


def verdict_marker(verdict: StepVerdict) -> str:
    """A symbol and a word, so the verdict never depends on colour or on the symbol alone."""
    match verdict:
        case "allowed":
            return "✔ [allowed]"
        case "passed":
            return "✔ [passed]"
        case "explicitDeny":
            return "✘ [explicit deny]"
        case "implicitDeny":
            return "✘ [not allowed]"
    return "· [not applicable]"


def decision_banner(decision: str) -> str:
    match decision:
        case "allowed":
            return "✔ ALLOWED"
        case "explicitDeny":
            return "✘ DENIED (explicit deny)"
    return "✘ DENIED (implicit deny)"


def other_condition_notes(explanation: Explanation) -> tuple[ConditionNote, ...]:
    """Condition failures not already told as a nearest statement's miss (to say each thing once)."""
    told = {near.statement for near in explanation.nearest if near.missed == "condition"}
    return tuple(note for note in explanation.condition_failures if note.statement not in told)


def _wrap(text: str, indent: str, first: str | None = None, width: int = WIDTH) -> list[str]:
    return textwrap.wrap(
        text,
        width=width,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _step_lines(number: int, step: ExplanationStep, decisive: frozenset[object]) -> list[str]:
    head = f"  {number}. {verdict_marker(step.verdict)} {step.title}"
    if step.decisive:
        head += "  ◀ decisive"
    lines = [head, *_wrap(step.text, "       ")]
    for ref in step.statements:
        tag = " (decisive)" if ref in decisive else ""
        lines += _wrap(f"{describe_statement(ref)}{tag}", "         ", first="       • ")
    return lines


def render_text(explanation: Explanation) -> str:
    """The explanation as plain text about 90 columns wide; the same input always gives the same text."""
    decision = explanation.decision
    request = decision.request
    principal = request.principal
    lines = [decision_banner(decision.decision), *_wrap(explanation.headline, ""), "", "Request"]
    who = principal.arn or "anonymous"
    lines += _wrap(f"{who} ({caller_phrase(principal)})", " " * 13, first="  principal  ")
    lines.append(f"  action     {request.action}")
    lines += _wrap(request.resource.arn, " " * 13, first="  resource   ")
    for index, key in enumerate(sorted(request.context, key=str.lower)):
        label = "  context    " if index == 0 else " " * 13
        shown = value_text(request.normalised_context.get(key.lower()))
        lines += _wrap(f"{key} = {shown}", " " * 15, first=label)
    lines += ["", "How AWS decided"]
    decisive = frozenset(decision.decisive)
    for number, step in enumerate(explanation.steps, start=1):
        lines += _step_lines(number, step, decisive)
    if explanation.nearest:
        lines += ["", "Nearest statement" + ("s" if len(explanation.nearest) > 1 else "")]
        for near in explanation.nearest:
            lines += _wrap(near.text, "    ", first="  • ")
    notes = other_condition_notes(explanation)
    if notes:
        lines += ["", "Conditions that did not hold"]
        for note in notes:
            lines += _wrap(f"{describe_statement(note.statement)}: {note.text}", "    ", first="  • ")
    if explanation.missing_context_keys:
        keys = ", ".join(explanation.missing_context_keys)
        lines += ["", *_wrap(f"Not in the request: {keys}", "    ", first="")]
    if explanation.fix_hint:
        lines += ["", *_wrap(f"Fix: {explanation.fix_hint}.", "     ", first="")]
    return "\n".join(lines) + "\n"


__all__ = ["decision_banner", "other_condition_notes", "render_text", "verdict_marker"]
