"""Grading input: an account exercise (a setup of API calls, checks on the account's final state) as a versioned model.

Where a slot exercise grades policy documents, an account exercise grades what the learner did to
an account. ``<id>.yaml`` holds ``kind: account``, the setup (calls that give a fresh account its
users, roles and history) and the checks; ``<id>.hidden.yaml`` hidden checks; ``<id>.solution.yaml``
the reference fix as ``calls:``, applied after the setup. The starter is the setup left unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from workbench.grading.exercise import (
    Decision,
    Exercise,
    ExerciseBase,
    NeverAllowsCheck,
    _Model,
    load_with_companions,
    read_yaml,
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
    AccountRequestCheck | NeverAllowsCheck | NoUnusedCheck | NoEscalationCheck, Field(discriminator="kind")
]


class AccountExercise(ExerciseBase):
    """An exercise graded on an account's final state."""

    kind: Literal["account"]
    setup: AccountSetup
    checks: tuple[AccountCheck, ...]
    hidden_checks: tuple[AccountCheck, ...] = ()
    solution: tuple[ApiCall, ...] | None = None
    """The reference fix (from ``.solution.yaml``; instructors only), applied after the setup."""

    @model_validator(mode="after")
    def _principals_are_in_the_account(self) -> AccountExercise:
        for check in (*self.checks, *self.hidden_checks):
            arns = (
                (check.principal,)
                if isinstance(check, AccountRequestCheck | NoEscalationCheck)
                else check.principals
                if isinstance(check, NeverAllowsCheck)
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


def load_account_exercise(path: Path) -> AccountExercise:
    """Load an account exercise with its hidden checks and solution; every schema problem, with its location."""
    return load_with_companions(path, read_yaml(path), AccountExercise, solution_key="calls")


def load_any_exercise(path: Path) -> Exercise | AccountExercise:
    """A slot exercise or an account exercise, by the file's ``kind`` (the file is read once)."""
    data = read_yaml(path)
    if isinstance(data, dict) and data.get("kind") == ACCOUNT_KIND:
        return load_with_companions(path, data, AccountExercise, solution_key="calls")
    return load_with_companions(path, data, Exercise, solution_key="slots")
