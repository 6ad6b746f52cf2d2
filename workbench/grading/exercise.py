"""Grading input: an exercise (scenario, slots a learner edits, checks, hints) as a versioned model.

An exercise is one YAML file, ``<id>.yaml``. Hidden checks live beside it in ``<id>.hidden.yaml``
and the reference solution in ``<id>.solution.yaml``; the release step leaves both out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal, Self, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from workbench.errors import WorkbenchError

SCHEMA_VERSION = 1
Decision = Literal["allowed", "explicitDeny", "implicitDeny", "denied"]
"""What a request check expects; ``denied`` accepts either kind of deny (when how is not the point)."""
SlotType = Literal["identity", "resource", "trust", "boundary", "session", "scp", "rcp"]


class ExerciseError(WorkbenchError):
    """An exercise file that cannot be loaded: says which file and what is wrong where."""

    code = "exercise_invalid"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


Policy = dict[str, Any] | str
"""A policy document as a YAML/JSON object, or its text."""


class ScenarioPrincipal(_Model):
    """A caller. ``policies`` are its identity policies (a user's own, or a role's)."""

    arn: str
    tags: dict[str, str] = Field(default_factory=dict)
    groups: tuple[str, ...] = ()
    policies: tuple[Policy, ...] = ()
    boundary: Policy | None = None
    session_policy: Policy | None = None
    role_arn: str | None = None
    source_user_arn: str | None = None


class ScenarioGroup(_Model):
    policies: tuple[Policy, ...] = ()


class ScenarioResource(_Model):
    """A resource and its resource-based policy (a bucket policy, a role's trust policy, a key policy)."""

    arn: str
    account: str | None = None
    policy: Policy | None = None


class Scenario(_Model):
    """The accounts, callers and resources an exercise runs in."""

    principals: dict[str, ScenarioPrincipal]
    groups: dict[str, ScenarioGroup] = Field(default_factory=dict)
    resources: dict[str, ScenarioResource] = Field(default_factory=dict)
    scps: dict[str, tuple[tuple[Policy, ...], ...]] = Field(default_factory=dict)
    """Per account id: SCP levels from the organization root down to the account."""
    rcps: dict[str, tuple[tuple[Policy, ...], ...]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _groups_exist(self) -> Scenario:
        for name, principal in self.principals.items():
            for group in principal.groups:
                if group not in self.groups:
                    raise ValueError(f"principal {name!r} is in group {group!r}, which the scenario does not define")
        return self


class SlotTarget(_Model):
    """Where the learner's document goes: exactly one of principal, group, resource or account."""

    principal: str | None = None
    group: str | None = None
    resource: str | None = None
    account: str | None = None
    level: int = 0
    """For SCP/RCP slots: the organization level the policy is attached at (0 = root)."""

    @model_validator(mode="after")
    def _exactly_one(self) -> SlotTarget:
        chosen = [n for n in ("principal", "group", "resource", "account") if getattr(self, n) is not None]
        if len(chosen) != 1:
            raise ValueError("a slot attaches to exactly one of principal, group, resource or account")
        return self


class Slot(_Model):
    """A document the learner writes."""

    id: str
    title: str
    type: SlotType
    attach: SlotTarget
    starter: str = ""


class RequestCheck(_Model):
    """``principal`` does ``action`` on ``resource`` and AWS should decide ``expect``."""

    kind: Literal["request"] = "request"
    id: str
    principal: str
    action: str
    resource: str = "*"
    target: str | None = None
    """The scenario resource whose policy applies; by default the one whose ARN is or holds ``resource``."""
    context: dict[str, Any] = Field(default_factory=dict)
    expect: Decision
    points: int = 1
    description: str = ""


class NoFindingsCheck(_Model):
    """No validation finding of the given severity in any slot (``ERROR`` or ``SECURITY_WARNING``)."""

    kind: Literal["no_errors", "no_security_warnings"]
    id: str
    points: int = 1
    description: str = ""


class NeverAllowsCheck(_Model):
    """Least privilege: none of ``principals`` may be allowed ``actions`` on any of ``resources``."""

    kind: Literal["never_allows"] = "never_allows"
    id: str
    principals: tuple[str, ...]
    actions: tuple[str, ...]
    resources: tuple[str, ...] = ("*",)
    context: dict[str, Any] = Field(default_factory=dict)
    points: int = 1
    description: str = ""


class MaxStatementsCheck(_Model):
    kind: Literal["max_statements"] = "max_statements"
    id: str
    slot: str
    max: int
    points: int = 1
    description: str = ""


Check = Annotated[RequestCheck | NoFindingsCheck | NeverAllowsCheck | MaxStatementsCheck, Field(discriminator="kind")]


class ExerciseBase(_Model):
    """What every kind of exercise has: its identity, the prompt and hints, and the YAML rules for checks."""

    schema_version: Literal[1]
    id: str
    title: str
    lesson: str
    prompt: str
    hints: tuple[str, ...] = ()

    @field_validator("checks", "hidden_checks", mode="before", check_fields=False)
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
    def _check_ids_are_unique(self) -> Self:
        check_ids = [check.id for check in self.all_checks]
        if len(set(check_ids)) != len(check_ids):
            raise ValueError("check ids must be unique (visible and hidden together)")
        return self

    @property
    def all_checks(self) -> tuple[Any, ...]:
        checks: tuple[Any, ...] = getattr(self, "checks", ())
        return (*checks, *getattr(self, "hidden_checks", ()))

    def for_learners(self) -> Self:
        """The exercise as released: without hidden checks and solution."""
        return self.model_copy(update={"hidden_checks": (), "solution": None})


class Exercise(ExerciseBase):
    """An exercise graded on the policy documents the learner writes into its slots."""

    scenario: Scenario
    slots: tuple[Slot, ...]
    checks: tuple[Check, ...]
    hidden_checks: tuple[Check, ...] = ()
    solution: dict[str, str] | None = None
    """Slot id → the reference document text (from the ``.solution.yaml`` file; instructors only)."""

    @model_validator(mode="after")
    def _references_resolve(self) -> Exercise:
        slot_ids = [slot.id for slot in self.slots]
        if len(set(slot_ids)) != len(slot_ids):
            raise ValueError("slot ids must be unique")
        scenario = self.scenario
        for slot in self.slots:
            target = slot.attach
            if target.principal is not None and target.principal not in scenario.principals:
                raise ValueError(f"slot {slot.id!r} attaches to unknown principal {target.principal!r}")
            if target.group is not None and target.group not in scenario.groups:
                raise ValueError(f"slot {slot.id!r} attaches to unknown group {target.group!r}")
            if target.resource is not None and target.resource not in scenario.resources:
                raise ValueError(f"slot {slot.id!r} attaches to unknown resource {target.resource!r}")
        for check in (*self.checks, *self.hidden_checks):
            names = (
                (check.principal,)
                if isinstance(check, RequestCheck)
                else check.principals
                if isinstance(check, NeverAllowsCheck)
                else ()
            )
            for name in names:
                if name not in scenario.principals:
                    raise ValueError(f"check {check.id!r} names unknown principal {name!r}")
            if isinstance(check, MaxStatementsCheck) and check.slot not in slot_ids:
                raise ValueError(f"check {check.id!r} names unknown slot {check.slot!r}")
            if isinstance(check, RequestCheck) and check.target and check.target not in scenario.resources:
                raise ValueError(f"check {check.id!r} names unknown resource {check.target!r}")
        if self.solution is not None:
            unknown = set(self.solution) - set(slot_ids)
            if unknown:
                raise ValueError(f"the solution fills unknown slots: {sorted(unknown)}")
        return self

    @property
    def all_checks(self) -> tuple[Check, ...]:
        return (*self.checks, *self.hidden_checks)

    @property
    def starter_documents(self) -> dict[str, str]:
        return {slot.id: slot.starter for slot in self.slots}


def read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ExerciseError(f"{path}: cannot read it ({error.strerror})", code="exercise_unreadable") from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise ExerciseError(f"{path}: not valid YAML{where}: {problem}", code="exercise_yaml") from error


def companion_paths(path: Path) -> tuple[Path, Path]:
    """``<id>.hidden.yaml`` and ``<id>.solution.yaml`` beside ``<id>.yaml``."""
    stem = path.name.removesuffix(".yaml")
    return path.with_name(f"{stem}.hidden.yaml"), path.with_name(f"{stem}.solution.yaml")


def is_exercise_file(path: Path) -> bool:
    return path.suffix == ".yaml" and not path.name.endswith((".hidden.yaml", ".solution.yaml"))


def load_exercise(path: Path) -> Exercise:
    """Load an exercise with its hidden checks and solution when those files are present."""
    return load_with_companions(path, read_yaml(path), Exercise, solution_key="slots")


Model = TypeVar("Model", bound=ExerciseBase)


def load_with_companions(path: Path, data: Any, model: type[Model], *, solution_key: str) -> Model:
    """``data`` (read from ``path``) plus its hidden checks and solution files → ``model``, every problem located."""
    if not isinstance(data, dict):
        raise ExerciseError(f"{path}: an exercise file is a YAML mapping", code="exercise_shape")
    hidden_path, solution_path = companion_paths(path)
    if hidden_path.exists():
        hidden = read_yaml(hidden_path) or {}
        data["hidden_checks"] = hidden.get("checks", []) if isinstance(hidden, dict) else hidden
    if solution_path.exists():
        solution = read_yaml(solution_path) or {}
        data["solution"] = solution.get(solution_key, solution) if isinstance(solution, dict) else solution
    try:
        exercise = model.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in problem['loc']) or 'top level'}: {problem['msg']}"
            for problem in error.errors()[:8]
        )
        raise ExerciseError(f"{path}: {problems}", code="exercise_schema") from error
    if exercise.id != path.name.removesuffix(".yaml"):
        raise ExerciseError(f"{path}: the id {exercise.id!r} must match the file name", code="exercise_id")
    return exercise


def find_exercises(folder: Path) -> list[Path]:
    """Every exercise file below ``folder``, in a stable order."""
    return sorted(p for p in folder.rglob("*.yaml") if is_exercise_file(p))
