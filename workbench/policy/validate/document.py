"""Validate, document level: Statement, Version and Id, and the characters of the text (G1–G3, G13)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from workbench.policy.findings import Finding, Severity
from workbench.policy.model import PolicyDocument
from workbench.policy.source import escape_pointer_token
from workbench.policy.validate.context import CheckContext, quote
from workbench.policy.validate.rules import (
    DOCUMENT_ELEMENTS,
    VALID_VERSIONS,
    closest_name,
    miscased,
    rules_for,
)

# IAM's API accepts only these characters in a policy document (G13).
_BAD_CHARACTER: Final = re.compile(r"[^\t\n\r\x20-\xff]")


def check(context: CheckContext) -> Iterator[Finding]:
    yield from _statement_element(context)
    yield from _unknown_elements(context)
    yield from _version(context)
    yield from _id(context)
    yield from _characters(context)


def _statement_element(context: CheckContext) -> Iterator[Finding]:
    document = context.document
    if not document.has_statement:
        if miscased("Statement", document.unknown_elements):
            return  # reported once, as an unknown element with a "write Statement" hint
        yield context.finding(
            "validate_missing_statement",
            Severity.ERROR,
            "",
            "The policy has no Statement element, so it says nothing: every policy needs at least one statement.",
            'Add "Statement": [{"Effect": "Allow", "Action": "...", "Resource": "..."}].',
        )
    elif not document.statements:
        yield context.finding(
            "validate_no_statements",
            Severity.WARNING,
            "/Statement",
            "The Statement array is empty: this policy neither allows nor denies anything.",
            "Add a statement, or remove the policy.",
        )


def _unknown_elements(context: CheckContext) -> Iterator[Finding]:
    for name in context.document.unknown_elements:
        meant = closest_name(name, DOCUMENT_ELEMENTS)
        hint = (
            f'Element names are case-sensitive: write "{meant}".'
            if meant is not None and meant.lower() == name.lower()
            else f'Did you mean "{meant}"?'
            if meant is not None
            else "A policy's top level may hold only Version, Id and Statement."
        )
        yield context.finding(
            "validate_unknown_element",
            Severity.ERROR,
            f"/{escape_pointer_token(name)}",
            f"The policy has an element {quote(name)} that IAM does not know; AWS rejects the whole policy.",
            hint,
            at_key=True,
        )


def _version(context: CheckContext) -> Iterator[Finding]:
    document = context.document
    version = document.version
    if version is None:
        if miscased("Version", document.unknown_elements):
            return
        required = rules_for(context.policy_type).version_required
        literal = (
            " Policy variables such as ${aws:username} in this policy will be read as literal text."
            if _uses_variables(document)
            else ""
        )
        yield context.finding(
            "validate_missing_version",
            Severity.ERROR if required else Severity.WARNING,
            "",
            (
                f"The policy has no Version; a {rules_for(context.policy_type).label} must state one."
                if required
                else "The policy has no Version, so it is read with the old 2008-10-17 language rules."
            )
            + literal,
            'Add "Version": "2012-10-17" as the first element.',
        )
    elif version not in VALID_VERSIONS:
        yield context.finding(
            "validate_invalid_version",
            Severity.ERROR,
            "/Version",
            f"Version {quote(version)} is not a policy language version; AWS rejects the policy. "
            'The only valid values are "2012-10-17" and "2008-10-17".',
            'Write "Version": "2012-10-17" (a fixed language version, not today\'s date).',
        )


def _id(context: CheckContext) -> Iterator[Finding]:
    rules = rules_for(context.policy_type)
    if context.document.id is not None and rules.id_discouraged:
        yield context.finding(
            "validate_id_not_expected",
            Severity.WARNING,
            "/Id",
            f"Id belongs in resource-based policies; {rules.a_label} should not have one. It does not "
            "change what the policy allows.",
            'Remove the "Id" element (use a Sid to label statements, or name the policy itself).',
            at_key=True,
        )


def _characters(context: CheckContext) -> Iterator[Finding]:
    document = context.document
    text = document.text
    seen_lines: dict[int, int] = {}
    first_on_line: list[tuple[int, int]] = []
    for match in _BAD_CHARACTER.finditer(text):
        offset = match.start()
        if offset == 0 and text.startswith("\ufeff"):
            continue  # a byte-order mark: the reader skips it, and so does AWS's console
        line = text.count("\n", 0, offset) + 1
        if line in seen_lines:
            seen_lines[line] += 1
            continue
        seen_lines[line] = 1
        first_on_line.append((line, offset))
    for line, offset in first_on_line:
        char = text[offset]
        more = seen_lines[line] - 1
        extra = f" ({more} more such character{'s' if more > 1 else ''} on this line)" if more else ""
        finding = context.finding(
            "validate_invalid_character",
            Severity.ERROR,
            _pointer_at(document, offset),
            f"The character {char!r} (U+{ord(char):04X}) is not allowed in policy text{extra}; IAM "
            "accepts only tab, line breaks and the characters U+0020 to U+00FF.",
            "Replace it with a plain character: straight quotes instead of curly ones, - instead of "
            "a dash, or remove it.",
        )
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        yield finding.model_copy(update={"line": line, "column": column})


def _pointer_at(document: PolicyDocument, offset: int) -> str:
    """The innermost JSON value whose text contains ``offset`` (the root when none does)."""
    best, best_width = "", -1
    for pointer, span in document.spans.items():
        if span.offset <= offset < span.end_offset:
            width = span.end_offset - span.offset
            if best_width < 0 or width < best_width:
                best, best_width = pointer, width
    return best


def _uses_variables(document: PolicyDocument) -> bool:
    for statement in document.statements:
        texts = [*(statement.resource or ()), *(statement.not_resource or ())]
        texts += [value for clause in statement.conditions or () for value in clause.values]
        if any("${" in text for text in texts):
            return True
    return False
