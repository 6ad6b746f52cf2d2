"""Packaging promises: every lesson and exercise folder ships with the package; `lab` prepares a working folder."""

from __future__ import annotations

import tomllib
from pathlib import Path

from workbench import content
from workbench.cli import lab

ROOT = Path(__file__).parents[1]


def test_every_exercise_folder_is_listed_as_package_data() -> None:
    data_files = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["data-files"]
    listed = {key.removeprefix("share/iam-workbench/") for key in data_files}
    folders = {f"exercises/{p.name}" for p in (ROOT / "exercises").iterdir() if p.is_dir()}
    assert folders <= listed, f"add to [tool.setuptools.data-files]: {sorted(folders - listed)}"
    assert "lessons" in listed


def test_lab_prepares_a_working_folder_once_and_keeps_the_learners_work(tmp_path: Path) -> None:
    copied = content.prepare_working_folder(tmp_path)
    names = {p.name for p in copied}
    assert "read-the-reports.yaml" in names
    assert not any(n.endswith((".hidden.yaml", ".solution.yaml")) for n in names)  # learners never get them
    edited = tmp_path / "exercises" / "03-policy-documents" / "read-the-reports.yaml"
    edited.write_text("my own notes")
    assert content.prepare_working_folder(tmp_path) == []  # a second run copies nothing over
    assert edited.read_text() == "my own notes"


def test_lab_opens_the_first_lesson(tmp_path: Path) -> None:
    content.prepare_working_folder(tmp_path)
    lesson = lab.first_lesson(tmp_path)
    arguments = lab.command(tmp_path, lesson, port=9999, open_browser=False)
    assert lesson.name == sorted(p.name for p in (tmp_path / "lessons").glob("[0-9]*.ipynb"))[0]
    assert f"--LabApp.default_url=/lab/tree/lessons/{lesson.name}" in arguments
    assert "--no-browser" in arguments and f"--ServerApp.root_dir={tmp_path}" in arguments
