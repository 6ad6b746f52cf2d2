"""Fixtures for the notebook widget tests: a throwaway submissions folder and a small exercise bank."""

from __future__ import annotations

from pathlib import Path

import pytest
from notebook_fixtures import EXERCISE_YAML, HIDDEN_YAML, STARTER, indented

from workbench import content


@pytest.fixture(autouse=True)
def submissions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test saves into its own folder, as a learner called ``tester``."""
    folder = tmp_path / "submissions"
    monkeypatch.setenv(content.SUBMISSIONS_VARIABLE, str(folder))
    monkeypatch.setenv(content.LEARNER_VARIABLE, "tester")
    return folder


@pytest.fixture
def exercise_folder(tmp_path: Path) -> Path:
    """A bank with one exercise (``mini-read``) in a lesson subfolder, with a hidden check."""
    folder = tmp_path / "exercises"
    lesson = folder / "99-tests"
    lesson.mkdir(parents=True)
    (lesson / "mini-read.yaml").write_text(EXERCISE_YAML.replace("STARTER", indented(STARTER, 6)), encoding="utf-8")
    (lesson / "mini-read.hidden.yaml").write_text(HIDDEN_YAML, encoding="utf-8")
    return folder
