"""Grading output: a GradeReport (score, one result per check with its explanation) as frozen data."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CheckResult(_Frozen):
    """One check: what was asked, what was expected, what happened, and why."""

    id: str
    kind: str
    title: str
    """The request or property checked, in one line (``alice → s3:GetObject on arn:…``)."""
    expected: str
    got: str
    passed: bool
    points: int
    why: str
    """The engine's explanation (or the validator's findings) behind ``got``."""
    hidden: bool = False


class SlotError(_Frozen):
    """A learner's document that does not parse."""

    slot: str
    title: str
    message: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.title}: line {self.line}, column {self.column}: {self.message}"


class GradeReport(_Frozen):
    exercise: str
    title: str
    score: int
    max_score: int
    results: tuple[CheckResult, ...]
    slot_errors: tuple[SlotError, ...] = ()
    note: str = ""
    """Why nothing could be graded (a missing or malformed submission), when that is the case."""

    @property
    def complete(self) -> bool:
        return self.max_score > 0 and self.score == self.max_score

    @property
    def percent(self) -> float:
        return 100.0 * self.score / self.max_score if self.max_score else 0.0

    def visible(self) -> GradeReport:
        """The report a learner may see: hidden checks count in the score but show no details."""
        shown = tuple(
            r if not r.hidden else r.model_copy(update={"title": "hidden check", "expected": "", "got": "", "why": ""})
            for r in self.results
        )
        return self.model_copy(update={"results": shown})

    def as_text(self) -> str:
        """Plain text for feedback files and terminals (stable: nbval may compare it)."""
        lines = [f"{self.title} ({self.exercise}): {self.score}/{self.max_score}"]
        if self.note:
            lines.append(f"  {self.note}")
        for error in self.slot_errors:
            lines.append(f"  does not parse: {error}")
        for result in self.results:
            mark = "PASS" if result.passed else "FAIL"
            if result.hidden and not result.expected:  # details withheld from learners (visible())
                lines.append(f"  [{mark}] hidden check")
                continue
            lines.append(f"  [{mark}] {result.title}: expected {result.expected}, got {result.got}")
            if not result.passed and result.why:
                lines.append(f"         {result.why}")
        return "\n".join(lines)
