"""Validate, redundancy: entries and statements that add nothing, and Allows a Deny always overrides (R6)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from workbench.policy.findings import Finding, Severity
from workbench.policy.model import Statement
from workbench.policy.validate.context import CheckContext, Entry, ListElement, describe, quote
from workbench.policy.validate.coverage import action_covers, resource_covers, statement_covers

_LISTS: tuple[tuple[ListElement, str, Callable[[str, str], bool]], ...] = (
    ("Action", "validate_redundant_action", action_covers),
    ("NotAction", "validate_redundant_action", action_covers),
    ("Resource", "validate_redundant_resource", resource_covers),
    ("NotResource", "validate_redundant_resource", resource_covers),
)


def check(context: CheckContext) -> Iterator[Finding]:
    for statement in context.statements():
        for element, code, covers in _LISTS:
            yield from _entries(context, statement, element, code, covers)
    yield from _statements(context)


def _entries(
    context: CheckContext,
    statement: Statement,
    element: ListElement,
    code: str,
    covers: Callable[[str, str], bool],
) -> Iterator[Finding]:
    entries = context.entries(statement, element)
    for index, entry in enumerate(entries):
        wider = _covering(entries, index, covers)
        if wider is not None:
            same = covers(entry.value, wider.value)
            yield context.finding(
                code,
                Severity.SUGGESTION,
                entry.pointer,
                f"{describe(statement)}: {element} lists {quote(entry.value)}, "
                + ("which is listed twice." if same else f"which {quote(wider.value)} already covers."),
                f"Remove {quote(entry.value)}.",
            )


def _covering(entries: tuple[Entry, ...], index: int, covers: Callable[[str, str], bool]) -> Entry | None:
    """Another entry that covers ``entries[index]``; of two equal entries only the later is redundant."""
    narrow = entries[index].value
    for other_index, other in enumerate(entries):
        if other_index == index or not covers(other.value, narrow):
            continue
        if covers(narrow, other.value) and other_index > index:
            continue  # equal patterns: keep the first, report the second
        return other
    return None


def _statements(context: CheckContext) -> Iterator[Finding]:
    statements = [s for s in context.document.statements if s.effect in ("Allow", "Deny")]
    policy_type = context.policy_type
    for narrow in statements:
        covering = [w for w in statements if w is not narrow and statement_covers(policy_type, w, narrow)]
        deny = next((w for w in covering if w.effect == "Deny"), None)
        if narrow.effect == "Allow" and deny is not None:
            yield context.finding(
                "validate_unreachable_allow",
                Severity.WARNING,
                narrow.pointer,
                f"Unreachable: {describe(narrow)} can never take effect, because {describe(deny)} denies "
                "every action on every resource it allows, without conditions (a Deny always wins).",
                f"Narrow the Deny in {describe(deny)}, or remove {describe(narrow)}.",
            )
            continue
        for wide in covering:
            if wide.effect != narrow.effect:
                continue
            if wide.index > narrow.index and statement_covers(policy_type, narrow, wide):
                continue  # two equivalent statements: report only the later one
            verb = "allows" if narrow.effect == "Allow" else "denies"
            yield context.finding(
                "validate_redundant_statement",
                Severity.SUGGESTION,
                narrow.pointer,
                f"{describe(narrow)} is redundant: {describe(wide)} already {verb} every action on every "
                "resource it names, without conditions.",
                f"Remove {describe(narrow)}, or merge what differs into {describe(wide)}.",
            )
            break
