"""Layer 6, grading: exercises (YAML, versioned) + submitted documents → GradeReports; instructor tools."""

from workbench.grading.bank import ExerciseStatus, format_table, release, validate_bank
from workbench.grading.batch import BatchRow, grade_batch, write_results
from workbench.grading.exercise import Exercise, ExerciseError, find_exercises, load_exercise
from workbench.grading.grade import grade
from workbench.grading.report import CheckResult, GradeReport, SlotError
from workbench.grading.submissions import Submission, SubmissionError, SubmissionStore, read_submission

__all__ = [
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
    "find_exercises",
    "format_table",
    "grade",
    "grade_batch",
    "load_exercise",
    "read_submission",
    "release",
    "validate_bank",
    "write_results",
]
