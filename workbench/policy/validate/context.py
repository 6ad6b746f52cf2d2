"""Validate, shared by every check: the document, its type, the catalog, and how a finding is located.

A check is a function ``check(context) -> Iterator[Finding]``; it reads the parsed document and
yields findings. :class:`CheckContext` turns a JSON pointer into the line and column of the text
the learner wrote, so no check ever computes positions itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from workbench.policy.catalog import ServiceCatalog
from workbench.policy.findings import Finding, Severity
from workbench.policy.model import PolicyDocument, PolicyType, Statement

ListElement = Literal["Action", "NotAction", "Resource", "NotResource"]


@dataclass(frozen=True, slots=True)
class Entry:
    """One string of a "string or array" element, with the pointer of the text it came from."""

    value: str
    pointer: str


@dataclass(frozen=True, slots=True)
class CheckContext:
    """Everything a check may read: the document, how it is used, and the service catalog.

    ``_expansions`` remembers which actions a pattern such as ``ec2:Describe*`` matches for the
    length of one validation: several checks ask, often once per statement, and the answer
    never changes. It lives and dies with the context, never at module level.
    """

    document: PolicyDocument
    policy_type: PolicyType
    catalog: ServiceCatalog
    _expansions: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)

    def actions_matching(self, pattern: str) -> tuple[str, ...]:
        """The real actions an action pattern matches (case-insensitive), remembered per validation."""
        key = pattern.lower()
        found = self._expansions.get(key)
        if found is None:
            found = self._expansions[key] = self.catalog.actions_matching(pattern)
        return found

    def finding(
        self,
        code: str,
        severity: Severity,
        pointer: str,
        message: str,
        hint: str = "",
        *,
        at_key: bool = False,
    ) -> Finding:
        """A finding placed at the value at ``pointer`` (or at its key, for element names)."""
        document = self.document
        span = document.key_span_of(pointer) if at_key else document.span_of(pointer)
        line, column = (span.line, span.column) if span is not None else (1, 1)
        return Finding(
            code=code,
            severity=severity,
            pointer=pointer,
            line=line,
            column=column,
            message=message,
            hint=hint,
        )

    def entries(self, statement: Statement, element: ListElement) -> tuple[Entry, ...]:
        """The entries of Action/NotAction/Resource/NotResource, each with its own pointer."""
        values = {
            "Action": statement.action,
            "NotAction": statement.not_action,
            "Resource": statement.resource,
            "NotResource": statement.not_resource,
        }[element]
        if values is None:
            return ()
        base = f"{statement.pointer}/{element}"
        return tuple(Entry(value, self.item_pointer(base, index)) for index, value in enumerate(values))

    def item_pointer(self, base: str, index: int) -> str:
        """``base/index`` when the value was written as an array, else ``base`` (a lone string)."""
        candidate = f"{base}/{index}"
        return candidate if candidate in self.document.spans else base

    def statements(self) -> Iterator[Statement]:
        return iter(self.document.statements)


def describe(statement: Statement) -> str:
    """How a message names a statement: by its Sid when it has one, else by its position."""
    if statement.sid:
        return f'Statement "{statement.sid}"'
    return f"Statement {statement.index + 1}"


def quote(value: str, limit: int = 80) -> str:
    """A value as a message quotes it, shortened when very long so messages stay readable."""
    shown = value if len(value) <= limit else value[: limit - 1] + "…"
    return f'"{shown}"'


def has_wildcard(text: str) -> bool:
    return "*" in text or "?" in text
