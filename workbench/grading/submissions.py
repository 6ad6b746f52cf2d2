"""Grading input: learners' submissions as JSON files, written atomically so nothing typed is ever half-saved.

Layout: ``<folder>/<learner>/<exercise>.json`` holding
``{"schema_version": 1, "learner", "exercise", "slots": {slot id: text}, "saved_at"}``. The same
file is the learner's draft (restored when the notebook is reopened) and what the instructor grades.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from workbench.errors import WorkbenchError
from workbench.files import write_atomically

SUBMISSION_SCHEMA_VERSION = 1
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$")


class SubmissionError(WorkbenchError):
    code = "submission_invalid"


class Submission(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int = SUBMISSION_SCHEMA_VERSION
    learner: str
    exercise: str
    slots: dict[str, str] = Field(default_factory=dict)
    saved_at: str = ""


def safe_name(name: str, what: str) -> str:
    """Learner and exercise names become file names: refuse anything that could escape the folder."""
    if not _SAFE_NAME.match(name) or name in (".", ".."):
        raise SubmissionError(
            f"{what} {name!r} must start with a letter or digit and use only letters, digits and . _ @ + -",
            code="submission_name",
        )
    return name


class SubmissionStore:
    """Submissions below one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, learner: str, exercise: str) -> Path:
        return self.folder / safe_name(learner, "learner") / f"{safe_name(exercise, 'exercise')}.json"

    def save(self, learner: str, exercise: str, slots: dict[str, str], *, now: datetime | None = None) -> Path:
        moment = (now or datetime.now(UTC)).isoformat(timespec="seconds")
        submission = Submission(learner=learner, exercise=exercise, slots=dict(slots), saved_at=moment)
        path = self.path(learner, exercise)
        write_atomically(path, json.dumps(submission.model_dump(), indent=2, ensure_ascii=False) + "\n")
        return path

    def load(self, learner: str, exercise: str) -> Submission | None:
        """The saved submission, or None if there is none yet."""
        path = self.path(learner, exercise)
        if not path.exists():
            return None
        return read_submission(path)


def read_submission(path: Path) -> Submission:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise SubmissionError(f"{path}: cannot read it ({error.strerror})", code="submission_unreadable") from error
    except json.JSONDecodeError as error:
        raise SubmissionError(
            f"{path}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})",
            code="submission_json",
        ) from error
    try:
        submission = Submission.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "top level"
        raise SubmissionError(f"{path}: {where}: {first['msg']}", code="submission_shape") from error
    if submission.schema_version != SUBMISSION_SCHEMA_VERSION:
        raise SubmissionError(
            f"{path}: schema_version {submission.schema_version} is not {SUBMISSION_SCHEMA_VERSION}",
            code="submission_version",
        )
    return submission
