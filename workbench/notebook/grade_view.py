"""Notebook front-end, render: a GradeReport → the results an exercise shows (score, banner, one row per check).

A renderer only: it is given the report the grader made and never grades. Every string from the
exercise or the learner is escaped.
"""

from __future__ import annotations

from workbench.grading import CheckResult, GradeReport, SlotError
from workbench.notebook.style import FONT, badge, e, message_html

NOT_CHECKED = "Press Check to grade your policy. Your work is saved as you type."


def parse_error_text(error: SlotError, *, only_slot: bool) -> str:
    """``Your policy does not parse: line L, column C: message`` (naming the slot when there are several)."""
    which = "Your policy" if only_slot else f"Your policy “{error.title}”"
    return f"{which} does not parse: line {error.line}, column {error.column}: {error.message}"


def score_text(report: GradeReport) -> str:
    noun = "point" if report.max_score == 1 else "points"
    return f"{report.score} / {report.max_score} {noun}"


def _row(result: CheckResult) -> str:
    outcome = "pass" if result.passed else "fail"
    mark = badge("✔ pass" if result.passed else "✘ fail", outcome)
    return (
        f'<tr class="iamwb-result-row iamwb-{outcome}">'
        f"<td>{e(result.title)}</td><td>{e(result.expected)}</td><td>{e(result.got)}</td>"
        f"<td>{mark}</td><td>{e(result.why)}</td></tr>"
    )


def results_html(report: GradeReport, *, slot_count: int) -> str:
    """Parse errors first, then the score (and a banner at full marks), then the table of checks."""
    parts = [
        message_html(parse_error_text(error, only_slot=slot_count == 1), "iamwb-parse-error")
        for error in report.slot_errors
    ]
    if report.note:
        parts.append(message_html(report.note, "iamwb-note", tone="neutral"))
    parts.append(
        f'<div class="iamwb-score" style="font-size:1.2em;font-weight:bold;{FONT}">{e(score_text(report))}</div>'
    )
    if report.complete:
        text = "✔ Complete: every check passes. Well done!"
        parts.append(message_html(text, "iamwb-complete", tone="pass"))
    header = "".join(f"<th>{name}</th>" for name in ("Check", "Expected", "Got", "Result", "Why"))
    rows = "".join(_row(result) for result in report.results)
    parts.append(
        f'<table class="iamwb-results-table" style="margin-top:0.4em;{FONT}">'
        f"<thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table>"
    )
    return "".join(parts)


def not_checked_html() -> str:
    return f'<div class="iamwb-not-checked" style="color:#444;{FONT}">{e(NOT_CHECKED)}</div>'
