"""The instructor's commands as an instructor runs them: validate the bank, release a learner copy, grade a batch."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from workbench.cli.main import main
from workbench.grading import SubmissionStore

ROOT = Path(__file__).parents[1]
SOLUTION = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"},
    }
)


def test_exercises_validate_prints_a_table_and_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exercises", "validate"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:3] == ["exercise", "lesson", "checks"]
    assert "read-the-reports" in out and out.rstrip().endswith("exercises valid")


def test_exercises_validate_fails_on_a_broken_bank(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "broken.yaml").write_text("schema_version: 1\nid: broken\n")
    assert main(["exercises", "validate", str(tmp_path)]) == 1
    assert "PROBLEM" in capsys.readouterr().out


def test_release_writes_a_learner_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "release"
    assert main(["exercises", "release", str(out)]) == 0
    files = [p.name for p in out.rglob("*") if p.is_file()]
    assert "03-policy-documents.ipynb" in files and "read-the-reports.yaml" in files
    assert not [f for f in files if f.endswith((".hidden.yaml", ".solution.yaml"))]
    assert main(["exercises", "release", str(out)]) == 2  # never over an existing release
    assert "not empty" in capsys.readouterr().err


def test_grade_writes_csv_and_feedback_and_survives_bad_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    submissions = tmp_path / "submissions"
    SubmissionStore(submissions).save("ana", "read-the-reports", {"policy": SOLUTION})
    (submissions / "bob").mkdir()
    (submissions / "bob" / "read-the-reports.json").write_text("{broken")
    out = tmp_path / "grades.csv"
    assert main(["grade", str(submissions), "--out", str(out), "--quiet"]) == 0
    rows = {(r["learner"], r["exercise"]): r for r in csv.DictReader(out.open())}
    assert rows[("ana", "read-the-reports")]["score"] == "5"
    assert rows[("bob", "read-the-reports")]["status"] == "invalid"
    assert rows[("ana", "home-folders-username")]["status"] == "missing"
    assert (tmp_path / "feedback" / "ana.txt").exists()
    assert "missing or invalid" in capsys.readouterr().out


def test_grade_refuses_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["grade", str(tmp_path / "nope")]) == 2
    assert "is not a folder" in capsys.readouterr().err
