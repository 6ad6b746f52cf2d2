"""Layer 6, grading: exercises (YAML, versioned) + submitted documents → GradeReports; instructor tools."""

from workbench.grading.account_exercise import AccountExercise, ApiCall, load_account_exercise, load_any_exercise
from workbench.grading.account_grade import grade_account
from workbench.grading.account_setup import AccountSetupError, apply_calls, build_account, build_solution
from workbench.grading.bank import ExerciseStatus, format_table, release, validate_bank
from workbench.grading.batch import BatchRow, grade_batch, write_results
from workbench.grading.exercise import Exercise, ExerciseError, find_exercises, load_exercise
from workbench.grading.grade import grade
from workbench.grading.report import CheckResult, GradeReport, SlotError
from workbench.grading.submissions import Submission, SubmissionError, SubmissionStore, read_submission

__all__ = [
    "AccountExercise",
    "AccountSetupError",
    "ApiCall",
    "BatchRow",
    "CheckResult",
    "Exercise",
    "ExerciseError",
    "ExerciseStatus",
    "GradeReport",
    "SlotError",
    "Submission",
    "SubmissionError",
    "SubmissionStore",
    "apply_calls",
    "build_account",
    "build_solution",
    "find_exercises",
    "format_table",
    "grade",
    "grade_account",
    "grade_batch",
    "load_account_exercise",
    "load_any_exercise",
    "load_exercise",
    "read_submission",
    "release",
    "validate_bank",
    "write_results",
]
