"""Instructor tools over a folder of exercises: validate every one, and release a learner copy.

``validate``: every exercise loads; its reference solution passes every check, visible and hidden;
its starter fails at least one (or there would be nothing to do). ``release``: lessons and
exercises without hidden checks or solutions, ready to hand out.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.grading.account_exercise import AccountExercise, load_any_exercise
from workbench.grading.account_grade import grade_account
from workbench.grading.account_setup import build_account, build_solution
from workbench.grading.exercise import Exercise, find_exercises, is_exercise_file
from workbench.grading.grade import grade
from workbench.grading.report import GradeReport


@dataclass(frozen=True, slots=True)
class ExerciseStatus:
    path: Path
    exercise: str
    lesson: str
    checks: int
    hidden: int
    solution: str
    """``passes (7/7)``, ``FAILS (5/7): …`` or ``missing``."""
    starter: str
    """``fails (2/7)`` as it should, or ``PASSES`` (nothing to do: a defect)."""
    ok: bool
    problem: str = ""


def validate_bank(folder: Path) -> list[ExerciseStatus]:
    statuses: list[ExerciseStatus] = []
    for path in find_exercises(folder):
        try:
            exercise = load_any_exercise(path)
            solution, starter = _solution_and_starter(exercise)
        except WorkbenchError as error:
            statuses.append(ExerciseStatus(path, path.stem, "?", 0, 0, "-", "-", False, error.message))
            continue
        problems: list[str] = []
        if solution is None:
            solution_text = "missing"
            problems.append("no reference solution (.solution.yaml)")
        else:
            report = solution
            solution_text = f"passes ({report.score}/{report.max_score})"
            if not report.complete:
                failing = next(r for r in report.results if not r.passed)
                solution_text = f"FAILS ({report.score}/{report.max_score})"
                problems.append(f"the solution fails {failing.id}: expected {failing.expected}, got {failing.got}")
        starter_text = f"fails ({starter.score}/{starter.max_score})"
        if starter.complete:
            starter_text = "PASSES"
            problems.append("the starter already passes every check")
        statuses.append(
            ExerciseStatus(
                path,
                exercise.id,
                exercise.lesson,
                len(exercise.checks),
                len(exercise.hidden_checks),
                solution_text,
                starter_text,
                not problems,
                "; ".join(problems),
            )
        )
    return statuses


def _solution_and_starter(exercise: Exercise | AccountExercise) -> tuple[GradeReport | None, GradeReport]:
    """The reference solution's grade (None without one) and the starter's: documents, or an account's state."""
    if isinstance(exercise, AccountExercise):
        solution = grade_account(exercise, build_solution(exercise)) if exercise.solution is not None else None
        return solution, grade_account(exercise, build_account(exercise))
    solution = grade(exercise, exercise.solution) if exercise.solution is not None else None
    return solution, grade(exercise, exercise.starter_documents)


def format_table(statuses: list[ExerciseStatus]) -> str:
    headers = ("exercise", "lesson", "checks", "hidden", "solution", "starter", "status")
    rows = [
        (
            s.exercise,
            s.lesson,
            str(s.checks),
            str(s.hidden),
            s.solution,
            s.starter,
            "ok" if s.ok else "PROBLEM",
        )
        for s in statuses
    ]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    out += [f"{s.exercise}: {s.problem}" for s in statuses if not s.ok]
    passed = sum(s.ok for s in statuses)
    out.append(f"{passed} of {len(statuses)} exercises valid")
    return "\n".join(out)


def copy_for_learners(lessons: Path, exercises: Path, out: Path, *, keep_existing: bool = False) -> list[Path]:
    """Copy lessons and exercises into ``out``, leaving hidden checks and solutions behind.

    With ``keep_existing``, files already in ``out`` are left as they are (a learner's own work).
    """
    written: list[Path] = []
    for source, name in ((lessons, "lessons"), (exercises, "exercises")):
        for path in sorted(source.rglob("*")):
            if path.is_dir() or "__pycache__" in path.parts or ".ipynb_checkpoints" in path.parts:
                continue
            if path.suffix == ".yaml" and not is_exercise_file(path):
                continue  # <id>.hidden.yaml and <id>.solution.yaml are for instructors only
            target = out / name / path.relative_to(source)
            if keep_existing and target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            written.append(target)
    return written


def release(lessons: Path, exercises: Path, out: Path) -> list[Path]:
    """A learner copy in a new (or empty) folder ``out``."""
    if out.exists() and any(out.iterdir()):
        raise WorkbenchError(f"{out} is not empty; release into a new folder", code="release_target_not_empty")
    return copy_for_learners(lessons, exercises, out)
