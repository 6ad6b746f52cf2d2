"""Validation output: every problem found in a policy, as data (code, severity, where, why, what to do)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from workbench.policy.model import PolicyType


class Severity(StrEnum):
    """IAM Access Analyzer's finding types, most serious first (R6)."""

    ERROR = "ERROR"
    SECURITY_WARNING = "SECURITY_WARNING"
    WARNING = "WARNING"
    SUGGESTION = "SUGGESTION"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


class Finding(BaseModel):
    """One problem. ``code`` is stable (``validate_unknown_action``); ``line``/``column`` are 1-based."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    severity: Severity
    pointer: str
    line: int
    column: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        return f"{self.line}:{self.column} {self.severity.value} {self.code}: {self.message}"


class ValidationReport(BaseModel):
    """All findings for one document, ordered by position then severity."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    policy_type: PolicyType
    findings: tuple[Finding, ...] = ()

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def security_warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.SECURITY_WARNING)

    @property
    def ok(self) -> bool:
        """True when nothing would make AWS reject the policy."""
        return not self.errors

    def codes(self) -> list[str]:
        return [f.code for f in self.findings]
