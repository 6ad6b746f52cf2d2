"""Grading input: an account exercise (a setup of API calls, checks on the account's final state) as a versioned model.

Where a slot exercise grades policy documents, an account exercise grades what the learner did to
an account. ``<id>.yaml`` holds ``kind: account``, the setup (calls that give a fresh account its
users, roles and history) and the checks; ``<id>.hidden.yaml`` hidden checks; ``<id>.solution.yaml``
the reference fix as ``calls:``, applied after the setup. The starter is the setup left unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, ValidationError, field_validator, model_validator

from workbench.grading.exercise import (
    Decision,
    Exercise,
    ExerciseError,
    _Model,
    _read_yaml,
    companion_paths,
    load_exercise,
)

ACCOUNT_KIND = "account"


class ApiCall(_Model):
    """One step of a setup or a solution: advance the clock ``after_days``, then (optionally) make a call.

    ``as`` names who calls: ``user/NAME`` (with the user's access key), ``role/NAME`` (a session
    of the role, assumed by ``by``, a ``user/NAME``), or nobody: the account's root.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    after_days: float = 0
    service: str | None = None
    operation: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    caller: str | None = Field(default=None, alias="as")
    by: str | None = None
    expect_error: str | None = None
    """An AWS error code this call is meant to fail with (a denied attempt still leaves history)."""

    @field_validator("caller", "by")
    @classmethod
    def _principal_path(cls, value: str | None) -> str | None:
        if value is not None and (value.partition("/")[0] not in ("user", "role") or not value.partition("/")[2]):
            raise ValueError(f"a caller is 'user/NAME' or 'role/NAME', not {value!r}")
        return value

    @model_validator(mode="after")
    def _a_call_or_a_wait(self) -> ApiCall:
        if (self.service is None) != (self.operation is None):
            raise ValueError("a call names both service and operation")
        if self.service is None and self.after_days <= 0:
            raise ValueError("a step is a call (service, operation), a wait (after_days > 0), or both")
        if self.after_days < 0:
            raise ValueError("after_days cannot be negative")
        if self.caller is not None and self.caller.startswith("role/") and self.by is None:
            raise ValueError("a call as a role says who assumes it: by: user/NAME")
        if self.by is not None and not self.by.startswith("user/"):
            raise ValueError("by: names the user who assumes the role (user/NAME)")
        return self


class AccountSetup(_Model):
    """The account the exercise starts from: its name and id, then every call that built it."""

    account: str
    account_id: str
    calls: tuple[ApiCall, ...] = ()

    @field_validator("account_id")
    @classmethod
    def _twelve_digits(cls, value: str) -> str:
        if len(value) != 12 or not value.isdigit():
            raise ValueError(f"an account id is 12 digits, not {value!r}")
        return value


class AccountRequestCheck(_Model):
    """``principal`` (an ARN in the account) asks for ``action`` on ``resource`` now; AWS should decide ``expect``."""

    kind: Literal["request"] = "request"
    id: str
    principal: str
    action: str
    resource: str = "*"
    context: dict[str, Any] = Field(default_factory=dict)
    expect: Decision
    points: int = 1
    description: str = ""


class AccountNeverAllowsCheck(_Model):
    """None of ``principals`` (ARNs) may be allowed any of ``actions`` on any of ``resources``."""

    kind: Literal["never_allows"] = "never_allows"
    id: str
    principals: tuple[str, ...]
    actions: tuple[str, ...]
    resources: tuple[str, ...] = ("*",)
    context: dict[str, Any] = Field(default_factory=dict)
    points: int = 1
    description: str = ""


class NoUnusedCheck(_Model):
    """No active access key, console password or role of the account unused for ``days`` (or never used)."""

    kind: Literal["no_unused"] = "no_unused"
    id: str
    what: Literal["access_keys", "passwords", "roles"]
    days: int = Field(default=90, ge=1)
    points: int = 1
    description: str = ""


class NoEscalationCheck(_Model):
    """``principal`` (an ARN) has no path to administrator (``workbench.analysis.escalation``)."""

    kind: Literal["no_escalation_path"] = "no_escalation_path"
    id: str
    principal: str
    points: int = 1
    description: str = ""


AccountCheck = Annotated[
    AccountRequestCheck | AccountNeverAllowsCheck | NoUnusedCheck | NoEscalationCheck, Field(discriminator="kind")
]


class AccountExercise(_Model):
    """An exercise graded on an account's final state."""

    schema_version: Literal[1]
    kind: Literal["account"]
    id: str
    title: str
    lesson: str
    prompt: str
    setup: AccountSetup
    checks: tuple[AccountCheck, ...]
    hints: tuple[str, ...] = ()
    hidden_checks: tuple[AccountCheck, ...] = ()
    solution: tuple[ApiCall, ...] | None = None
    """The reference fix (from ``.solution.yaml``; instructors only), applied after the setup."""

    @field_validator("checks", "hidden_checks", mode="before")
    @classmethod
    def _request_is_the_default_kind(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return [{"kind": "request", **c} if isinstance(c, dict) and "kind" not in c else c for c in value]
        return value

    @field_validator("id")
    @classmethod
    def _id_is_a_file_name(cls, value: str) -> str:
        if not value or not all(c.isalnum() or c in "-_" for c in value):
            raise ValueError("an exercise id uses letters, digits, '-' and '_' only")
        return value

    @model_validator(mode="after")
    def _principals_are_in_the_account(self) -> AccountExercise:
        ids = [check.id for check in (*self.checks, *self.hidden_checks)]
        if len(set(ids)) != len(ids):
            raise ValueError("check ids must be unique (visible and hidden together)")
        for check in (*self.checks, *self.hidden_checks):
            arns = (
                (check.principal,)
                if isinstance(check, AccountRequestCheck | NoEscalationCheck)
                else check.principals
                if isinstance(check, AccountNeverAllowsCheck)
                else ()
            )
            for arn in arns:
                if not arn.startswith(f"arn:aws:iam::{self.setup.account_id}:") or not (
                    ":user/" in arn or ":role/" in arn
                ):
                    raise ValueError(
                        f"check {check.id!r}: principal {arn!r} is not a user or role ARN of account "
                        f"{self.setup.account_id}"
                    )
        return self

    @property
    def all_checks(self) -> tuple[AccountCheck, ...]:
        return (*self.checks, *self.hidden_checks)

    def for_learners(self) -> AccountExercise:
        return self.model_copy(update={"hidden_checks": (), "solution": None})


def load_account_exercise(path: Path) -> AccountExercise:
    """Load an account exercise with its hidden checks and solution; every schema problem, with its location."""
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise ExerciseError(f"{path}: an exercise file is a YAML mapping", code="exercise_shape")
    hidden_path, solution_path = companion_paths(path)
    if hidden_path.exists():
        hidden = _read_yaml(hidden_path) or {}
        data["hidden_checks"] = hidden.get("checks", []) if isinstance(hidden, dict) else hidden
    if solution_path.exists():
        solution = _read_yaml(solution_path) or {}
        data["solution"] = solution.get("calls", solution) if isinstance(solution, dict) else solution
    try:
        exercise = AccountExercise.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in problem['loc']) or 'top level'}: {problem['msg']}"
            for problem in error.errors()[:8]
        )
        raise ExerciseError(f"{path}: {problems}", code="exercise_schema") from error
    if exercise.id != path.name.removesuffix(".yaml"):
        raise ExerciseError(f"{path}: the id {exercise.id!r} must match the file name", code="exercise_id")
    return exercise


def is_account_exercise(path: Path) -> bool:
    data = _read_yaml(path)
    return isinstance(data, dict) and data.get("kind") == ACCOUNT_KIND


def load_any_exercise(path: Path) -> Exercise | AccountExercise:
    """A slot exercise or an account exercise, by the file's ``kind``."""
    return load_account_exercise(path) if is_account_exercise(path) else load_exercise(path)
