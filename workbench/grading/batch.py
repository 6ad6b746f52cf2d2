"""Grading a workshop: every learner × every exercise from submission files alone → CSV + feedback files.

An account exercise's submission is the learner's saved account, ``<learner>/<exercise>.account.json``
(``Sandbox.save``), graded on its final state.

Only the submission files are read — never notebooks or their outputs — so nothing a learner runs
in a kernel can change a grade. A missing or malformed submission scores 0 with the reason; one bad
file never stops the batch.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from workbench.account.facade import Sandbox
from workbench.errors import WorkbenchError
from workbench.files import write_atomically
from workbench.grading.account_exercise import AccountExercise
from workbench.grading.account_grade import grade_account
from workbench.grading.exercise import Exercise
from workbench.grading.grade import grade
from workbench.grading.report import GradeReport
from workbench.grading.submissions import read_submission

CSV_COLUMNS = ("learner", "exercise", "score", "max_score", "percent", "status", "note")


@dataclass(frozen=True, slots=True)
class BatchRow:
    learner: str
    exercise: Exercise | AccountExercise
    report: GradeReport
    status: str
    """``graded``, ``missing`` or ``invalid``."""


def _zero(exercise: Exercise | AccountExercise, note: str) -> GradeReport:
    max_score = sum(check.points for check in exercise.all_checks)
    return GradeReport(exercise=exercise.id, title=exercise.title, score=0, max_score=max_score, results=(), note=note)


def learners_in(submissions: Path) -> list[str]:
    return sorted(p.name for p in submissions.iterdir() if p.is_dir() and not p.name.startswith("."))


def grade_batch(
    exercises: Sequence[Exercise | AccountExercise],
    submissions: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[BatchRow]:
    learners = learners_in(submissions)
    total, done = len(learners) * len(exercises), 0
    for learner in learners:
        for exercise in exercises:
            if isinstance(exercise, AccountExercise):
                yield _account_row(learner, exercise, submissions / learner / f"{exercise.id}.account.json")
                done += 1
                if progress is not None:
                    progress(done, total)
                continue
            path = submissions / learner / f"{exercise.id}.json"
            if not path.exists():
                yield BatchRow(learner, exercise, _zero(exercise, "no submission"), "missing")
            else:
                try:
                    submission = read_submission(path)
                    if submission.exercise != exercise.id:
                        raise WorkbenchError(f"{path}: it is a submission for {submission.exercise!r}")
                    yield BatchRow(learner, exercise, grade(exercise, submission.slots), "graded")
                except WorkbenchError as error:
                    yield BatchRow(learner, exercise, _zero(exercise, error.message), "invalid")
            done += 1
            if progress is not None:
                progress(done, total)


def _account_row(learner: str, exercise: AccountExercise, path: Path) -> BatchRow:
    """A saved account (``Sandbox.save``) graded on its final state."""
    if not path.exists():
        return BatchRow(learner, exercise, _zero(exercise, "no saved account"), "missing")
    try:
        return BatchRow(learner, exercise, grade_account(exercise, Sandbox.load(path)), "graded")
    except WorkbenchError as error:
        return BatchRow(learner, exercise, _zero(exercise, error.message), "invalid")


def write_results(rows: list[BatchRow], csv_path: Path, feedback_folder: Path) -> None:
    """``grades.csv`` (one row per learner × exercise) and ``feedback/<learner>.txt`` (details)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        report = row.report
        writer.writerow(
            (
                row.learner,
                report.exercise,
                report.score,
                report.max_score,
                f"{report.percent:.0f}",
                row.status,
                report.note,
            )
        )
    write_atomically(csv_path, buffer.getvalue())
    by_learner: dict[str, list[BatchRow]] = {}
    for row in rows:
        by_learner.setdefault(row.learner, []).append(row)
    for learner, learner_rows in by_learner.items():
        score = sum(r.report.score for r in learner_rows)
        max_score = sum(r.report.max_score for r in learner_rows)
        parts = [f"Feedback for {learner}: {score}/{max_score} points", ""]
        parts += [row.report.visible().as_text() + "\n" for row in learner_rows]
        write_atomically(feedback_folder / f"{learner}.txt", "\n".join(parts))
