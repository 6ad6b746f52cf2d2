"""Saving and loading a simulation: lossless, atomic, deterministic, and typed errors for every bad file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.account import persistence
from workbench.account.facade import Sandbox
from workbench.account.persistence import SimulationFileError
from workbench.account.simulation import Simulation

ACCOUNT = "111122223333"


def _world() -> Simulation:
    sandbox = Sandbox()
    dev = sandbox.create_account("dev", account_id=ACCOUNT)
    alice = dev.create_user("alice", policies=["ReadOnlyAccess"], groups=["devs"], tags={"team": "blue"})
    app = dev.create_role("app", trusted=[alice], policies=["AmazonS3FullAccess"])
    alice.assume(app)
    dev.create_policy(
        "reports",
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}],
        },
    )
    sandbox.advance(minutes=5)
    return sandbox.sim


def test_round_trip_is_lossless_and_byte_identical(tmp_path: Path) -> None:
    sim = _world()
    first = persistence.save(sim, tmp_path / "world.json")
    loaded = persistence.load(first)
    assert loaded.state == sim.snapshot()
    assert loaded.clock.now() == sim.clock.now()
    assert (loaded.ids.seed, loaded.ids.counter) == (sim.ids.seed, sim.ids.counter)
    second = persistence.save(loaded, tmp_path / "again.json")
    assert first.read_bytes() == second.read_bytes()


def test_file_names_its_format_version_clock_and_ids(tmp_path: Path) -> None:
    sim = _world()
    raw = json.loads(persistence.save(sim, tmp_path / "w.json").read_text(encoding="utf-8"))
    assert raw["format"] == "iam-workbench/simulation"
    assert raw["schema_version"] == 1
    assert raw["clock"] == "2026-01-05T09:05:00Z"
    assert raw["seed"] == "iam-workbench" and raw["id_counter"] == sim.ids.counter
    assert ACCOUNT in raw["state"]["accounts"]


def test_loaded_world_continues_the_same_id_sequence(tmp_path: Path) -> None:
    sim = _world()
    loaded = persistence.load(persistence.save(sim, tmp_path / "w.json"))
    for world in (sim, loaded):
        world.client("iam", world.root_credentials(ACCOUNT)).create_user(UserName="carol")
    assert loaded.state.accounts[ACCOUNT].users["carol"] == sim.state.accounts[ACCOUNT].users["carol"]


def test_sessions_and_keys_still_work_after_loading(tmp_path: Path) -> None:
    sandbox = Sandbox(persistence.load(persistence.save(_world(), tmp_path / "w.json")))
    dev = sandbox.account("dev")
    alice = dev.user("alice")
    assert alice.client("iam").get_user()["User"]["UserName"] == "alice"
    session = alice.assume(dev.role("app"))
    assert session.can("s3:PutObject", "arn:aws:s3:::b1/k").allowed


def test_save_is_atomic_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "nested" / "world.json"
    persistence.save(_world(), target)
    persistence.save(_world(), target)
    assert sorted(p.name for p in target.parent.iterdir()) == ["world.json"]


def _fails(path: Path, code: str, *words: str) -> SimulationFileError:
    with pytest.raises(SimulationFileError) as caught:
        persistence.load(path)
    error = caught.value
    assert error.code == code
    assert str(path) in error.message
    for word in words:
        assert word in error.message
    return error


def test_missing_file(tmp_path: Path) -> None:
    _fails(tmp_path / "nope.json", "persistence_unreadable", "no such file")


def test_folder_instead_of_file(tmp_path: Path) -> None:
    _fails(tmp_path, "persistence_unreadable", "folder")


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    path.write_bytes(b"\xff\xfe{}")
    _fails(path, "persistence_unreadable", "UTF-8")


def test_not_json(tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    path.write_text('{"format": ', encoding="utf-8")
    _fails(path, "persistence_json", "line 1")


@pytest.mark.parametrize("content", ["[]", "{}", '{"format": "something-else"}'])
def test_wrong_format(tmp_path: Path, content: str) -> None:
    path = tmp_path / "w.json"
    path.write_text(content, encoding="utf-8")
    _fails(path, "persistence_format", "not an iam-workbench simulation file")


def test_newer_version_asks_for_an_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    raw = json.loads(persistence.dumps(_world()))
    raw["schema_version"] = 2
    path.write_text(json.dumps(raw), encoding="utf-8")
    _fails(path, "persistence_version", "newer", "upgrade")


def test_invalid_content_names_the_field(tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    raw = json.loads(persistence.dumps(_world()))
    raw["state"]["accounts"][ACCOUNT]["users"]["alice"]["create_date"] = "yesterday"
    path.write_text(json.dumps(raw), encoding="utf-8")
    _fails(path, "persistence_invalid", "state.accounts.111122223333.users.alice.create_date")


def test_inconsistent_keys_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    raw = json.loads(persistence.dumps(_world()))
    users = raw["state"]["accounts"][ACCOUNT]["users"]
    users["mallory"] = users.pop("alice")
    path.write_text(json.dumps(raw), encoding="utf-8")
    _fails(path, "persistence_invalid", "keyed 'mallory' but named 'alice'")


def test_sandbox_save_and_load(tmp_path: Path) -> None:
    sandbox = Sandbox(_world())
    sandbox.save(tmp_path / "w.json")
    again = Sandbox.load(tmp_path / "w.json")
    assert repr(again) == repr(sandbox)
    assert repr(again.account("dev").user("alice")) == "<user alice in dev>"
