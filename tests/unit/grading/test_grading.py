"""Grading: exercises load strictly, grading is pure and honest, submissions are atomic, batches never stop."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from workbench.grading import (
    ExerciseError,
    SubmissionError,
    SubmissionStore,
    find_exercises,
    format_table,
    grade,
    grade_batch,
    load_exercise,
    read_submission,
    release,
    validate_bank,
    write_results,
)

EXAMPLE = Path(__file__).parents[3] / "exercises" / "03-policy-documents" / "read-the-reports.yaml"
SOLUTION = """{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}"""


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    folder = tmp_path / "exercises" / "03"
    folder.mkdir(parents=True)
    for path in EXAMPLE.parent.glob("read-the-reports.*"):
        shutil.copy(path, folder / path.name)
    return tmp_path / "exercises"


def test_the_solution_earns_full_marks_and_the_starter_does_not() -> None:
    exercise = load_exercise(EXAMPLE)
    assert grade(exercise, {"policy": SOLUTION}).complete
    starter = grade(exercise, exercise.starter_documents)
    assert not starter.complete
    failing = [r for r in starter.results if not r.passed]
    assert failing and failing[0].expected == "allowed" and "no identity-based policy allows" in failing[0].why


def test_an_over_broad_answer_is_caught_by_hidden_checks() -> None:
    exercise = load_exercise(EXAMPLE)
    everything = '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}'
    visible = grade(exercise, {"policy": everything}, include_hidden=False)
    full = grade(exercise, {"policy": everything})
    assert not visible.complete  # it can write: the visible check "cannot-write" fails
    hidden_failures = {r.id for r in full.results if r.hidden and not r.passed}
    assert hidden_failures == {"cannot-delete", "other-bucket"}


def test_a_policy_that_does_not_parse_earns_nothing_and_says_where() -> None:
    exercise = load_exercise(EXAMPLE)
    report = grade(exercise, {"policy": '{"Version": "2012-10-17",\n "Statement": ['})
    assert report.score == 0 and report.max_score == 5
    assert report.slot_errors[0].line == 2 and report.slot_errors[0].column == 16
    assert all(r.got == "not evaluated" and "line 2, column 16" in r.why for r in report.results)


def test_a_policy_aws_would_refuse_fails_its_checks_with_the_reason() -> None:
    exercise = load_exercise(EXAMPLE)
    typo = '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject",'
    typo += ' "Resource": "*", "Condition": {"StringEqualz": {"aws:username": "alice"}}}}'
    report = grade(exercise, {"policy": typo})
    refused = [r for r in report.results if r.got == "error"]
    assert refused and "StringEqualz" in refused[0].why


def test_grading_is_deterministic() -> None:
    exercise = load_exercise(EXAMPLE)
    assert grade(exercise, {"policy": SOLUTION}) == grade(exercise, {"policy": SOLUTION})


def test_visible_report_hides_hidden_check_details() -> None:
    report = grade(load_exercise(EXAMPLE), {"policy": SOLUTION}).visible()
    hidden = [r for r in report.results if r.hidden]
    assert hidden and all(r.title == "hidden check" and r.why == "" for r in hidden)
    assert report.score == 5


@pytest.mark.parametrize(
    ("mutation", "message"),
    [
        (lambda d: d.pop("schema_version"), "schema_version"),
        (lambda d: d.update(schema_version=2), "schema_version"),
        (lambda d: d["checks"][0].update(principal="nobody"), "unknown principal 'nobody'"),
        (lambda d: d["checks"][0].update(expect="maybe"), "checks.0.request.expect: Input should be"),
        (lambda d: d["slots"][0]["attach"].update(resource="reports"), "exactly one of"),
        (lambda d: d.update(surprise=1), "surprise"),
    ],
)
def test_a_malformed_exercise_is_a_clear_typed_error(tmp_path: Path, mutation, message: str) -> None:  # type: ignore[no-untyped-def]
    import yaml

    data = yaml.safe_load(EXAMPLE.read_text())
    mutation(data)
    path = tmp_path / "read-the-reports.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ExerciseError) as caught:
        load_exercise(path)
    assert message in caught.value.message and str(path) in caught.value.message


def test_bad_yaml_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: broken\nchecks: [\n  - oops: : :\n")
    with pytest.raises(ExerciseError) as caught:
        load_exercise(path)
    assert caught.value.code == "exercise_yaml" and "line 3" in caught.value.message


def test_submissions_are_written_atomically_and_read_back(tmp_path: Path) -> None:
    store = SubmissionStore(tmp_path)
    path = store.save("ana", "read-the-reports", {"policy": SOLUTION})
    assert store.load("ana", "read-the-reports").slots == {"policy": SOLUTION}  # type: ignore[union-attr]
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    assert store.load("ana", "another") is None
    with pytest.raises(SubmissionError):
        store.save("../escape", "read-the-reports", {})


def test_a_malformed_submission_is_a_typed_error(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text('{"learner": "ana", "exercise": "x", "slots": {"policy": 3}}')
    with pytest.raises(SubmissionError) as caught:
        read_submission(path)
    assert "slots.policy" in caught.value.message
    path.write_text("{not json")
    with pytest.raises(SubmissionError) as caught:
        read_submission(path)
    assert "line 1, column 2" in caught.value.message


def test_batch_grades_everyone_and_never_stops_on_a_bad_file(bank: Path, tmp_path: Path) -> None:
    submissions = tmp_path / "submissions"
    store = SubmissionStore(submissions)
    store.save("ana", "read-the-reports", {"policy": SOLUTION})
    store.save("ben", "read-the-reports", {"policy": "{"})
    (submissions / "cai").mkdir()
    (submissions / "cai" / "read-the-reports.json").write_text("garbage")
    (submissions / "dee").mkdir()  # submitted nothing
    exercises = [load_exercise(p) for p in find_exercises(bank)]
    seen: list[tuple[int, int]] = []
    rows = list(grade_batch(exercises, submissions, progress=lambda done, total: seen.append((done, total))))
    assert seen[-1] == (4, 4)
    by_learner = {row.learner: row for row in rows}
    assert by_learner["ana"].report.score == 5 and by_learner["ana"].status == "graded"
    assert by_learner["ben"].report.score == 0 and by_learner["ben"].status == "graded"
    assert by_learner["cai"].status == "invalid" and "not valid JSON" in by_learner["cai"].report.note
    assert by_learner["dee"].status == "missing"
    write_results(rows, tmp_path / "grades.csv", tmp_path / "feedback")
    table = list(csv.DictReader((tmp_path / "grades.csv").open()))
    assert [(r["learner"], r["score"], r["status"]) for r in table] == [
        ("ana", "5", "graded"),
        ("ben", "0", "graded"),
        ("cai", "0", "invalid"),
        ("dee", "0", "missing"),
    ]
    feedback = (tmp_path / "feedback" / "ben.txt").read_text()
    assert "does not parse" in feedback and "hidden check" in feedback


def test_validate_bank_accepts_good_exercises_and_reports_bad_ones(bank: Path) -> None:
    statuses = validate_bank(bank)
    assert [(s.exercise, s.ok) for s in statuses] == [("read-the-reports", True)]
    solution = bank / "03" / "read-the-reports.solution.yaml"
    solution.write_text("slots:\n  policy: '" + json.dumps({"Version": "2012-10-17", "Statement": []}) + "'\n")
    statuses = validate_bank(bank)
    assert not statuses[0].ok and "the solution fails reads-q1" in statuses[0].problem
    assert "PROBLEM" in format_table(statuses)


def test_release_leaves_hidden_checks_and_solutions_behind(bank: Path, tmp_path: Path) -> None:
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "03.ipynb").write_text("{}")
    out = tmp_path / "out"
    written = release(lessons, bank, out)
    names = sorted(p.name for p in written)
    assert names == ["03.ipynb", "read-the-reports.yaml"]
    with pytest.raises(Exception, match="not empty"):
        release(lessons, bank, out)


def test_expect_denied_accepts_either_kind_of_deny(tmp_path: Path) -> None:
    import yaml

    data = yaml.safe_load(EXAMPLE.read_text())
    data["checks"][1]["expect"] = "denied"  # cannot-write: a Deny or no Allow both satisfy it
    path = tmp_path / "read-the-reports.yaml"
    path.write_text(yaml.safe_dump(data))
    exercise = load_exercise(path)
    with_deny = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"},
                {"Effect": "Deny", "Action": "s3:PutObject", "Resource": "*"},
            ],
        }
    )
    results = {r.id: r for r in grade(exercise, {"policy": with_deny}, include_hidden=False).results}
    assert results["cannot-write"].passed and results["cannot-write"].got == "explicit deny"
    assert grade(exercise, {"policy": SOLUTION}, include_hidden=False).complete
    everything = '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}'
    assert not {r.id: r for r in grade(exercise, {"policy": everything}).results}["cannot-write"].passed
