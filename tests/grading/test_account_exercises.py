"""Account exercises, graded on an account's final state: solution passes, starter fails, half a fix scores half."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from workbench.grading import (
    AccountExercise,
    AccountSetupError,
    ExerciseError,
    build_account,
    build_solution,
    grade_account,
    grade_batch,
    load_any_exercise,
    validate_bank,
    write_results,
)

CAPSTONE = (
    Path(__file__).parents[2] / "exercises" / "13-least-privilege-and-audit" / "capstone-clean-up-the-account.yaml"
)

SMALL = """\
schema_version: 1
kind: account
id: small
title: Retire bob's key
lesson: test
prompt: Deactivate what bob no longer uses.
setup:
  account: acme
  account_id: "111122223333"
  calls:
    - {service: iam, operation: create_user, params: {UserName: bob}}
    - {service: iam, operation: create_access_key, params: {UserName: bob}}
    - {service: iam, operation: create_login_profile, params: {UserName: bob, Password: "Correct-Horse-Battery-9"}}
    - service: iam
      operation: attach_user_policy
      params: {UserName: bob, PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess"}
    - {as: user/bob, service: iam, operation: list_users}
    - {after_days: 100}
checks:
  - {id: keys, kind: no_unused, what: access_keys, days: 90}
  - {id: passwords, kind: no_unused, what: passwords, days: 90}
  - id: bob-cannot-write
    kind: never_allows
    principals: ["arn:aws:iam::111122223333:user/bob"]
    actions: [iam:CreateUser]
"""
SOLUTION = """\
calls:
  - {service: iam, operation: delete_login_profile, params: {UserName: bob}}
  - service: iam
    operation: update_access_key
    params: {UserName: bob, AccessKeyId: {access_key_of: bob}, Status: Inactive}
"""


@pytest.fixture
def small(tmp_path: Path) -> Path:
    folder = tmp_path / "exercises" / "test"
    folder.mkdir(parents=True)
    (folder / "small.yaml").write_text(SMALL)
    (folder / "small.solution.yaml").write_text(SOLUTION)
    return folder / "small.yaml"


def _load(path: Path) -> AccountExercise:
    exercise = load_any_exercise(path)
    assert isinstance(exercise, AccountExercise)
    return exercise


def test_the_reference_solution_passes_and_the_starter_fails(small: Path) -> None:
    exercise = _load(small)
    assert grade_account(exercise, build_solution(exercise)).complete
    starter = grade_account(exercise, build_account(exercise))
    assert (starter.score, starter.max_score) == (1, 3)
    assert [r.id for r in starter.results if not r.passed] == ["keys", "passwords"]


def test_half_a_fix_gets_part_of_the_score(small: Path) -> None:
    exercise = _load(small)
    sandbox = build_account(exercise)
    sandbox.account("acme").admin.iam.delete_login_profile(UserName="bob")
    report = grade_account(exercise, sandbox)
    assert (report.score, report.max_score) == (2, 3)
    failed = next(r for r in report.results if not r.passed)
    assert failed.id == "keys" and "Deactivate it" in failed.why


def test_deleting_everything_fails_the_must_still_work_checks() -> None:
    exercise = _load(CAPSTONE)
    sandbox = build_account(exercise)
    iam = sandbox.account("acme").admin.iam
    for user in ("alice", "bob", "intern"):
        for key in iam.list_access_keys(UserName=user)["AccessKeyMetadata"]:
            iam.delete_access_key(UserName=user, AccessKeyId=key["AccessKeyId"])
        for policy in iam.list_user_policies(UserName=user)["PolicyNames"]:
            iam.delete_user_policy(UserName=user, PolicyName=policy)
        for policy in iam.list_attached_user_policies(UserName=user)["AttachedPolicies"]:
            iam.detach_user_policy(UserName=user, PolicyArn=policy["PolicyArn"])
    iam.delete_login_profile(UserName="bob")
    report = grade_account(exercise, sandbox)
    failed = {r.id for r in report.results if not r.passed}
    assert failed == {"no-unused-roles", "alice-still-writes", "intern-still-reads", "alice-still-reads"}


def test_the_capstone_solution_passes_and_its_starter_fails() -> None:
    exercise = _load(CAPSTONE)
    assert grade_account(exercise, build_solution(exercise)).complete
    starter = grade_account(exercise, build_account(exercise))
    assert not starter.complete
    assert {r.id for r in starter.results if not r.passed} == {
        "no-unused-keys",
        "no-unused-passwords",
        "no-unused-roles",
        "intern-no-escalation",
        "intern-cannot-change-policies",
    }


def test_learners_do_not_see_hidden_checks() -> None:
    exercise = _load(CAPSTONE)
    report = grade_account(exercise, build_account(exercise), include_hidden=False)
    assert len(report.results) == len(exercise.checks)


def test_bad_yaml_gives_a_typed_error_with_the_location(tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL.replace("operation: create_access_key,", "operation: create_access_key, after_days: -1,"))
    with pytest.raises(ExerciseError) as caught:
        load_any_exercise(path)
    assert caught.value.code == "exercise_schema"
    assert "setup.calls.1" in caught.value.message and "after_days" in caught.value.message

    path.write_text(SMALL.replace("as: user/bob", "as: bob"))
    with pytest.raises(ExerciseError, match=r"setup\.calls\.4\.as: .*'user/NAME' or 'role/NAME'"):
        load_any_exercise(path)

    path.write_text(SMALL.replace('user/bob"]', 'user/bob"]\n    nonsense: 1'))
    with pytest.raises(ExerciseError, match=r"checks\.2\.never_allows\.nonsense"):
        load_any_exercise(path)

    path.write_text(
        SMALL + "  - {id: x, principal: 'arn:aws:iam::999999999999:user/eve', action: s3:GetObject, expect: allowed}\n"
    )
    with pytest.raises(ExerciseError, match="not a user or role ARN of account 111122223333"):
        load_any_exercise(path)

    path.write_text("schema_version: 1\nkind: account\nid: [unclosed\n")
    with pytest.raises(ExerciseError) as caught:
        load_any_exercise(path)
    assert caught.value.code == "exercise_yaml" and "line 4, column 1" in caught.value.message


def test_a_setup_call_that_fails_says_which_step(small: Path) -> None:
    small.write_text(SMALL.replace("{UserName: bob, PolicyArn", "{UserName: nobody, PolicyArn"))
    exercise = _load(small)
    with pytest.raises(AccountSetupError, match=r"setup call 4 \(iam.attach_user_policy\): NoSuchEntity"):
        build_account(exercise)
    statuses = validate_bank(small.parents[1])
    assert not statuses[0].ok and "setup call 4" in statuses[0].problem


def test_validate_bank_runs_account_exercises(small: Path) -> None:
    (status,) = validate_bank(small.parents[1])
    assert status.ok, status.problem
    assert (status.solution, status.starter) == ("passes (3/3)", "fails (1/3)")


def test_batch_grades_saved_accounts(small: Path, tmp_path: Path) -> None:
    exercise = _load(small)
    submissions = tmp_path / "submissions"
    (submissions / "ann").mkdir(parents=True)
    (submissions / "ben").mkdir()
    (submissions / "cal").mkdir()
    build_solution(exercise).save(submissions / "ann" / "small.account.json")
    build_account(exercise).save(submissions / "ben" / "small.account.json")
    (submissions / "cal" / "small.account.json").write_text("{not json")
    rows = list(grade_batch([exercise], submissions))
    assert [(r.learner, r.status, r.report.score) for r in rows] == [
        ("ann", "graded", 3),
        ("ben", "graded", 1),
        ("cal", "invalid", 0),
    ]
    write_results(rows, tmp_path / "grades.csv", tmp_path / "feedback")
    table = list(csv.DictReader((tmp_path / "grades.csv").open()))
    assert [row["percent"] for row in table] == ["100", "33", "0"]


def test_the_widget_checks_the_learners_sandbox(small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench import content
    from workbench.notebook import AccountExerciseWidget, exercise

    monkeypatch.setenv(content.SUBMISSIONS_VARIABLE, str(tmp_path / "work"))
    widget = exercise("small", folder=small.parents[1], learner="ann")
    assert isinstance(widget, AccountExerciseWidget)
    assert widget.check().score == 1
    widget.account.admin.iam.delete_login_profile(UserName="bob")
    assert widget.check().score == 2
    assert (tmp_path / "work" / "ann" / "small.account.json").exists()
    widget.reset()
    assert widget.check().score == 1
    shutil.rmtree(tmp_path / "work")
