"""Conformance runs: evaluate each case of a file against ``expected``; one bad case never stops a run."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.conformance.cases import BrokenCase, Case, CaseBuilder, read_case_file
from workbench.engine.authorize import authorize
from workbench.engine.decision import Decision
from workbench.errors import WorkbenchError
from workbench.explain.summary import summarize
from workbench.policy.validate import validate_policy


@dataclass(frozen=True, slots=True)
class CaseResult:
    id: str
    expected: str | None
    decision: Decision | None = None
    error: WorkbenchError | None = None
    findings: tuple[dict[str, Any], ...] = field(default=())

    @property
    def passed(self) -> bool:
        if self.error is not None or self.decision is None:
            return False
        return self.expected is None or self.decision.decision == self.expected

    def to_json(self) -> dict[str, Any]:
        line: dict[str, Any] = {"id": self.id}
        if self.error is not None:
            line["error"] = self.error.to_dict()
        if self.decision is not None:
            decision = self.decision
            line["decision"] = decision.decision
            line["explanation"] = summarize(decision)
            line["reason"] = decision.reason
            if decision.blocked_by:
                line["blocked_by"] = decision.blocked_by
            line["decisive"] = [
                {
                    "layer": ref.layer,
                    "policy": ref.policy,
                    "index": ref.index,
                    "sid": ref.sid,
                    "effect": ref.effect,
                }
                for ref in decision.decisive
            ]
            if decision.missing_context_keys:
                line["missing_context_keys"] = list(decision.missing_context_keys)
        if self.expected is not None:
            line["expected"] = self.expected
        if self.findings:
            line["findings"] = list(self.findings)
        return line


class CaseRunner:
    """Evaluates case files; validation findings are computed once per distinct document."""

    def __init__(self, *, with_findings: bool = True) -> None:
        self.with_findings = with_findings
        self._findings: dict[tuple[int, str], tuple[dict[str, Any], ...]] = {}

    def run_file(self, path: Path) -> Iterator[CaseResult]:
        builder = CaseBuilder()
        for case in builder.build_all(read_case_file(path)):
            yield self.run_case(case)

    def run_case(self, case: Case | BrokenCase) -> CaseResult:
        if isinstance(case, BrokenCase):
            return CaseResult(case.id, case.expected, error=case.error)
        try:
            decision = authorize(case.request, case.policies)
        except WorkbenchError as error:
            return CaseResult(case.id, case.expected, error=error)
        return CaseResult(case.id, case.expected, decision=decision, findings=self.findings_of(case))

    def findings_of(self, case: Case) -> tuple[dict[str, Any], ...]:
        if not self.with_findings:
            return ()
        collected: list[dict[str, Any]] = []
        for document, policy_type in case.documents:
            key = (id(document), policy_type.value)
            found = self._findings.get(key)
            if found is None:
                report = validate_policy(document, policy_type)
                found = tuple(
                    {
                        "policy": document.name,
                        "code": f.code,
                        "severity": f.severity.value,
                        "line": f.line,
                        "column": f.column,
                        "message": f.message,
                    }
                    for f in report.findings
                )
                self._findings[key] = found
            collected.extend(found)
        return tuple(collected)
