"""The exercise widget driven from Python, as a learner's clicks would drive it (no browser)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from notebook_fixtures import SOLUTION, STARTER

from workbench.grading import ExerciseError, SubmissionStore
from workbench.notebook import ExerciseWidget, exercise

REPO = Path(__file__).resolve().parents[3]


def open_mini(folder: Path, learner: str | None = None) -> ExerciseWidget:
    return exercise("mini-read", folder=folder, learner=learner)


def test_starter_check_scores_below_max_with_a_failing_row_and_its_why(exercise_folder: Path) -> None:
    widget = open_mini(exercise_folder)
    assert widget.policy("policy") == STARTER + "\n"
    report = widget.check()
    assert report.max_score == 3  # the hidden check (5 points) is never graded for a learner
    assert report.score < report.max_score
    assert all(not result.hidden for result in report.results)
    html = widget.results.value
    assert "secret-hidden-check" not in html and "DeleteObject" not in html
    assert 'class="iamwb-score"' in html and f"{report.score} / 3 points" in html
    rows = re.findall(r'<tr class="iamwb-result-row (iamwb-pass|iamwb-fail)">(.*?)</tr>', html)
    assert len(rows) == 3
    failing = [body for outcome, body in rows if outcome == "iamwb-fail"]
    assert failing and "✘ fail" in failing[0]
    assert "no identity-based policy allows s3:GetObject" in failing[0]  # the engine's one-line why
    assert "iamwb-complete" not in html and "iamwb-parse-error" not in html
    assert widget.report is report


def test_solution_gets_full_marks_and_the_complete_banner(exercise_folder: Path) -> None:
    widget = open_mini(exercise_folder)
    widget.set_policy("policy", SOLUTION)
    report = widget.check()
    assert (report.score, report.max_score, report.complete) == (3, 3, True)
    assert "iamwb-complete" in widget.results.value and "Complete" in widget.results.value
    assert "iamwb-fail" not in widget.results.value
    assert repr(widget) == 'Exercise mini-read: "Read the <docs>" (3 checks; score 3/3)'


def test_malformed_json_shows_where_it_breaks_and_scores_zero(exercise_folder: Path) -> None:
    widget = open_mini(exercise_folder)
    widget.set_policy("policy", '{\n  "Version": "2012-10-17",\n  "Statement": [ }\n')
    report = widget.check()
    assert report.score == 0 and report.slot_errors
    error = report.slot_errors[0]
    expected = f"Your policy does not parse: line {error.line}, column {error.column}: "
    assert (error.line, error.column) == (3, 18)
    html = widget.results.value
    match = re.search(r'<div class="iamwb-parse-error"[^>]*>(.*?)</div>', html)
    assert match and match.group(1).startswith(expected)
    assert html.index("iamwb-parse-error") < html.index("iamwb-score")  # the message comes first
    assert "0 / 3 points" in html
    # the editor itself says so too, as the learner types
    assert "Does not parse: line 3, column 18" in widget.editors["policy"].findings.value


def test_the_check_button_does_what_check_does(exercise_folder: Path, submissions: Path) -> None:
    widget = open_mini(exercise_folder)
    widget.check_button.click()
    assert widget.report is not None and widget.report.score < 3
    saved = SubmissionStore(submissions).load("tester", "mini-read")
    assert saved is not None and saved.slots == {"policy": STARTER + "\n"}


def test_every_edit_is_saved_and_a_new_widget_restores_the_draft(exercise_folder: Path, submissions: Path) -> None:
    widget = open_mini(exercise_folder)
    path = SubmissionStore(submissions).path("tester", "mini-read")
    assert not path.exists()  # opening saves nothing
    widget.set_policy("policy", '{"Version": "2012-10-17", "Statement": [')  # half typed: still saved
    assert json.loads(path.read_text())["slots"] == {"policy": '{"Version": "2012-10-17", "Statement": ['}
    widget.editors["policy"].textarea.value = SOLUTION  # as the browser sets it
    assert json.loads(path.read_text())["slots"]["policy"] == SOLUTION
    assert not list(path.parent.glob(".*.tmp"))  # atomic writes leave no temporary files

    reopened = open_mini(exercise_folder)
    assert reopened.policy("policy") == SOLUTION
    assert open_mini(exercise_folder, learner="someone-else").policy("policy") == STARTER + "\n"


def test_an_unreadable_draft_falls_back_to_the_starter_with_a_warning(exercise_folder: Path, submissions: Path) -> None:
    path = SubmissionStore(submissions).path("tester", "mini-read")
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    widget = open_mini(exercise_folder)
    assert widget.policy("policy") == STARTER + "\n"
    assert "could not be read" in widget.status.value


def test_hints_are_revealed_one_at_a_time(exercise_folder: Path) -> None:
    widget = open_mini(exercise_folder)
    assert widget.hints.value == ""
    assert widget.reveal_hint() == "Hint 1 of 2: Reading is `s3:GetObject`."
    assert "Hint 1 of 2:" in widget.hints.value and "Hint 2 of 2" not in widget.hints.value
    assert "<code" in widget.hints.value  # the hint's Markdown is rendered
    assert not widget.hint_button.disabled
    widget.hint_button.click()
    assert "Hint 2 of 2:" in widget.hints.value and "arn:aws:s3:::docs/*" in widget.hints.value
    assert widget.hint_button.disabled and widget.hint_button.description == "No more hints"
    assert widget.reveal_hint() == "No more hints."


def test_reset_puts_the_starter_back_and_saves_it(exercise_folder: Path, submissions: Path) -> None:
    widget = open_mini(exercise_folder)
    widget.set_policy("policy", SOLUTION)
    widget.check()
    widget.reset_button.click()
    assert widget.policy("policy") == STARTER + "\n"
    assert widget.report is None and "Press Check" in widget.results.value
    saved = SubmissionStore(submissions).load("tester", "mini-read")
    assert saved is not None and saved.slots["policy"] == STARTER + "\n"


def test_text_repr_is_stable_and_free_of_addresses_and_paths(exercise_folder: Path) -> None:
    first, second = open_mini(exercise_folder), open_mini(exercise_folder)
    text = repr(first)
    assert text == 'Exercise mini-read: "Read the <docs>" (3 checks; not checked yet)'
    assert text == repr(second)
    bundle = first._repr_mimebundle_()
    assert bundle["text/plain"] == text
    assert "application/vnd.jupyter.widget-view+json" in bundle
    first.check()
    for shown in (repr(first), first.results.value, first.prompt.value):
        assert not re.search(r"0x[0-9a-f]{6,}", shown)
        assert str(exercise_folder) not in shown and "tmp" not in shown


def test_css_classes_for_browser_tests(exercise_folder: Path) -> None:
    widget = open_mini(exercise_folder)
    assert "iamwb-exercise" in widget.widget._dom_classes
    assert "iamwb-editor" in widget.editors["policy"].textarea._dom_classes
    assert "iamwb-findings" in widget.editors["policy"].findings._dom_classes
    assert "iamwb-check" in widget.check_button._dom_classes
    assert "iamwb-hint-button" in widget.hint_button._dom_classes
    assert "iamwb-hint" in widget.hints._dom_classes
    assert "iamwb-reset" in widget.reset_button._dom_classes
    assert "iamwb-results" in widget.results._dom_classes


def test_prompt_markdown_is_rendered_and_raw_html_escaped(exercise_folder: Path) -> None:
    prompt = open_mini(exercise_folder).prompt.value
    assert "<strong>read</strong>" in prompt and "<code" in prompt and "<li>nothing else</li>" in prompt
    assert "<script>" not in prompt and "&lt;script&gt;" in prompt
    assert "Read the &lt;docs&gt;" in prompt


def test_unknown_exercise_and_unknown_slot_say_so(exercise_folder: Path) -> None:
    with pytest.raises(ExerciseError) as raised:
        exercise("no-such-exercise", folder=exercise_folder)
    assert raised.value.code == "exercise_not_found"
    with pytest.raises(KeyError, match="has no slot 'nope'"):
        open_mini(exercise_folder).set_policy("nope", "{}")


def test_the_real_read_the_reports_exercise() -> None:
    folder = REPO / "exercises"
    widget = exercise("read-the-reports", folder=folder)
    assert repr(widget).startswith('Exercise read-the-reports: "Read the reports, and nothing more" (')
    starter = widget.check()
    assert starter.score < starter.max_score
    assert starter.max_score == len(widget.exercise.checks)  # visible checks only
    solution_file = folder / "03-policy-documents" / "read-the-reports.solution.yaml"
    solution = yaml.safe_load(solution_file.read_text(encoding="utf-8"))["slots"]
    for slot_id, text in solution.items():
        widget.set_policy(slot_id, text)
    assert widget.check().complete
    assert "iamwb-complete" in widget.results.value
