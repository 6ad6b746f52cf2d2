"""Shared helpers for the table-driven validation tests: a row type and the assertion every table uses."""

from __future__ import annotations

from typing import NamedTuple

from workbench.policy.findings import Severity
from workbench.policy.validate import validate_policy

ERROR = Severity.ERROR
SECURITY = Severity.SECURITY_WARNING
WARNING = Severity.WARNING
SUGGESTION = Severity.SUGGESTION


class Row(NamedTuple):
    """One check: a minimal policy, the finding it must produce, and any other codes it also produces."""

    code: str
    severity: Severity
    line: int
    column: int
    text: str
    policy_type: str = "identity"
    others: tuple[str, ...] = ()


def text(block: str) -> str:
    """A policy written in a triple-quoted block: line 1 is the line after the opening quotes."""
    return block.removeprefix("\n")


def assert_row(row: Row) -> None:
    report = validate_policy(text(row.text), row.policy_type)
    located = [(f.code, f.severity, f.line, f.column) for f in report.findings]
    assert (row.code, row.severity, row.line, row.column) in located, "\n".join(map(str, report.findings))
    # Exactly the expected codes: a check that fires where it should not makes the row fail too.
    assert sorted(report.codes()) == sorted([row.code, *row.others]), "\n".join(map(str, report.findings))
    finding = next(f for f in report.findings if f.code == row.code and f.line == row.line)
    assert finding.message and finding.hint
