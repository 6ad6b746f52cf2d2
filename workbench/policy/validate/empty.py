"""Validate, empty values: ``[]`` and ``{}`` written for an element, principal or condition (R6)."""

from __future__ import annotations

from collections.abc import Iterator

from workbench.policy.findings import Finding, Severity
from workbench.policy.model import PolicyDocument
from workbench.policy.validate.context import CheckContext, describe
from workbench.policy.validate.rules import STATEMENT_ELEMENTS


def check(context: CheckContext) -> Iterator[Finding]:
    document = context.document
    by_pointer = {statement.pointer: statement for statement in document.statements}
    # One pass over every located value: an empty container is "[" or "{" with only blanks inside.
    for pointer, span in document.spans.items():
        if span.end_offset - span.offset > 64 or not _is_empty_container(document, span.offset, span.end_offset):
            continue
        tokens = pointer.split("/")[1:]
        depth = 2 if document.statement_is_list else 1
        if len(tokens) <= depth or tokens[0] != "Statement":
            continue  # the document, Statement itself, or an empty statement: other checks speak
        statement = by_pointer.get("/" + "/".join(tokens[:depth]))
        element = tokens[depth]
        if statement is None or element not in STATEMENT_ELEMENTS:
            continue
        inner = [t.replace("~1", "/").replace("~0", "~") for t in tokens[depth + 1 :]]
        what = element if not inner else f"{element} {' '.join(inner)}"
        kind = "array" if document.text[span.offset] == "[" else "object"
        yield context.finding(
            "validate_empty_element",
            Severity.SUGGESTION,
            pointer,
            f"{describe(statement)}: {what} is an empty {kind}, so it lists nothing and only makes the "
            "policy harder to read.",
            "Remove it, or write the values it should hold.",
        )


def _is_empty_container(document: PolicyDocument, start: int, end: int) -> bool:
    text = document.text
    if start >= len(text) or text[start] not in "[{":
        return False
    return text[start + 1 : end - 1].strip(" \t\r\n") == ""
