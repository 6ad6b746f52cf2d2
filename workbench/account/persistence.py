"""Saving a simulation: the whole world (state, clock, id sequence and seed) ⇄ one versioned JSON file.

The file is ``{"format": "iam-workbench/simulation", "schema_version": 1, "clock", "seed",
"id_counter", "request_counter", "state", "activity"}``: ``state`` is the immutable :class:`State`
dumped as JSON and ``activity`` the activity log, one event per call. Writing is
atomic (a temporary file renamed over the target), so a crash never leaves half a world; reading
checks the format, the version and every field, and fails with a :class:`SimulationFileError`
naming the file and what is wrong — never a traceback. Saving a loaded world gives the same bytes.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from workbench.account.activity import ActivityEvent, ActivityLog
from workbench.account.model import State
from workbench.account.simulation import Simulation
from workbench.errors import WorkbenchError
from workbench.files import write_atomically

FORMAT: Literal["iam-workbench/simulation"] = "iam-workbench/simulation"
SCHEMA_VERSION: Literal[1] = 1


class SimulationFileError(WorkbenchError):
    """A simulation file that cannot be loaded: unreadable, not ours, a newer version, or invalid."""

    code = "persistence_invalid"

    def __init__(self, path: Path, problem: str, *, code: str) -> None:
        super().__init__(f"{path}: {problem}", code=code)
        self.path = path


class SimulationFile(BaseModel):
    """What a saved simulation holds, checked field by field when it is read back."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["iam-workbench/simulation"] = FORMAT
    schema_version: Literal[1] = SCHEMA_VERSION
    clock: datetime
    """The simulated time when the world was saved (UTC)."""
    seed: str
    """The seed every id (and every web identity signing key) is derived from."""
    id_counter: int
    """How many ids had been issued: a loaded world continues the same sequence."""
    request_counter: int = 0
    """How many API requests had been answered (request ids continue the same sequence)."""
    state: State
    activity: tuple[ActivityEvent, ...] = ()
    """The activity log, oldest first."""

    @field_validator("clock")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("the clock must carry a time zone (UTC)")
        return value


def dumps(sim: Simulation) -> str:
    """The simulation as the text of a simulation file (deterministic: same world, same text)."""
    record = SimulationFile(
        clock=sim.clock.now(),
        seed=sim.ids.seed,
        id_counter=sim.ids.counter,
        request_counter=_request_counter(sim),
        state=sim.snapshot(),
        activity=tuple(sim.activity),
    )
    return json.dumps(record.model_dump(mode="json"), indent=1, ensure_ascii=False) + "\n"


def save(sim: Simulation, path: str | os.PathLike[str]) -> Path:
    """Write the whole simulation to ``path`` atomically; returns the path written."""
    target = Path(path)
    write_atomically(target, dumps(sim))
    return target


def load(path: str | os.PathLike[str]) -> Simulation:
    """Read a simulation file back into a new :class:`Simulation` (raises :class:`SimulationFileError`)."""
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SimulationFileError(source, "no such file", code="persistence_unreadable") from None
    except IsADirectoryError:
        raise SimulationFileError(source, "is a folder, not a simulation file", code="persistence_unreadable") from None
    except UnicodeDecodeError as error:
        raise SimulationFileError(
            source, f"is not UTF-8 text (byte {error.start})", code="persistence_unreadable"
        ) from None
    except OSError as error:
        raise SimulationFileError(
            source, f"cannot read it ({error.strerror or error})", code="persistence_unreadable"
        ) from None
    return loads(text, source=source)


def loads(text: str, *, source: Path = Path("<text>")) -> Simulation:
    """A simulation from the text of a simulation file; ``source`` names it in error messages."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise SimulationFileError(
            source, f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})", code="persistence_json"
        ) from None
    record = _checked(raw, source)
    sim = Simulation(seed=record.seed, start=record.clock)
    sim.activity = ActivityLog(record.activity)
    sim.request_counter = record.request_counter
    sim.restore(
        record.state.model_copy(
            update={"now": sim.clock.now(), "id_counter": record.id_counter, "activity_count": len(record.activity)}
        )
    )
    return sim


def _request_counter(sim: Simulation) -> int:
    return sim.request_counter


def _checked(raw: Any, source: Path) -> SimulationFile:
    if not isinstance(raw, dict) or "format" not in raw:
        raise SimulationFileError(
            source, f'not an iam-workbench simulation file (no "format": "{FORMAT}")', code="persistence_format"
        )
    if raw["format"] != FORMAT:
        raise SimulationFileError(
            source, f"not an iam-workbench simulation file (its format is {raw['format']!r})", code="persistence_format"
        )
    version = raw.get("schema_version")
    if version != SCHEMA_VERSION:
        newer = isinstance(version, int) and version > SCHEMA_VERSION
        why = "written by a newer iam-workbench; upgrade to read it" if newer else "not a version this release reads"
        raise SimulationFileError(
            source, f"schema_version {version!r} is {why} (it reads {SCHEMA_VERSION})", code="persistence_version"
        )
    try:
        record = SimulationFile.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "top level"
        more = f" (and {error.error_count() - 1} more problems)" if error.error_count() > 1 else ""
        raise SimulationFileError(source, f"{where}: {first['msg']}{more}", code="persistence_invalid") from None
    problems = _inconsistencies(record.state)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise SimulationFileError(source, problems[0] + more, code="persistence_invalid")
    return record


def _inconsistencies(state: State) -> list[str]:
    """Keys that disagree with what they key: a hand-edited file that the simulation would misread."""
    problems: list[str] = []
    for key, account in state.accounts.items():
        where = f"state.accounts.{key}"
        if key != account.account_id:
            problems.append(f"{where}: keyed {key!r} but its account_id is {account.account_id!r}")
        for kind, entities in (
            ("users", account.users),
            ("groups", account.groups),
            ("roles", account.roles),
            ("instance_profiles", account.instance_profiles),
        ):
            for name, entity in entities.items():
                if name != entity.name.lower():
                    problems.append(f"{where}.{kind}.{name}: keyed {name!r} but named {entity.name!r}")
    for key, session in state.sessions.items():
        if key != session.access_key_id:
            problems.append(f"state.sessions.{key}: keyed {key!r} but its access key is {session.access_key_id!r}")
    return problems
