"""A learner's session in a real browser: open lesson 03 in JupyterLab, run it, get an exercise wrong, then right."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

WRONG = {
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "ReadReports", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports"}
    ],
}
RIGHT = {
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "ReadReports", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
    ],
}


def test_lesson_03_wrong_then_right_in_jupyterlab(
    open_and_run: Any, page: Any, working_folder: Path, artifacts: Path
) -> None:
    from playwright.sync_api import expect

    started = time.time()
    open_and_run("lessons/03-policy-documents.ipynb")

    widget = page.locator(".iamwb-exercise", has_text="Read the reports").first
    editor = widget.locator("textarea.iamwb-editor, .iamwb-editor textarea").first
    expect(editor).to_be_visible(timeout=60_000)
    widget.scroll_into_view_if_needed()

    editor.fill(json.dumps(WRONG, indent=2))
    widget.locator("button.iamwb-check").click()
    failing = widget.locator(".iamwb-result-row.iamwb-fail").first
    expect(failing).to_be_visible(timeout=30_000)
    expect(failing).to_contain_text("s3:GetObject")
    expect(failing).to_contain_text("no identity-based policy allows")
    expect(widget.locator(".iamwb-score")).not_to_contain_text("complete")
    widget.screenshot(path=str(artifacts / "lesson-03-wrong.png"))

    editor.fill(json.dumps(RIGHT, indent=2))
    widget.locator("button.iamwb-check").click()
    expect(widget.locator(".iamwb-score")).to_contain_text("3 / 3", timeout=30_000)
    expect(widget.locator(".iamwb-result-row.iamwb-fail")).to_have_count(0)
    widget.screenshot(path=str(artifacts / "lesson-03-right.png"))

    saved = json.loads((working_folder / "submissions").rglob("read-the-reports.json").__next__().read_text())
    assert json.loads(saved["slots"]["policy"]) == RIGHT  # Check saved the learner's work
    assert page.external == []  # nothing left the machine
    print(f"\nbrowser: lesson 03 wrong → right in {time.time() - started:.1f} s; screenshots in {artifacts}")
