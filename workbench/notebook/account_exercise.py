"""Notebook front-end: an account exercise widget (prompt, "Check my account", hints) over account grading.

The learner changes a Sandbox with the API (``widget.sandbox``: the exercise's account after its
setup, or one they pass in); "Check my account" grades its state now, without the hidden checks,
and saves it to ``<submissions>/<learner>/<exercise>.account.json`` — the file the instructor grades.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as widgets

from workbench import content
from workbench.account.facade import AccountView, Sandbox
from workbench.errors import WorkbenchError
from workbench.grading import AccountExercise, GradeReport, build_account, grade_account
from workbench.grading.submissions import safe_name
from workbench.notebook.grade_view import results_html
from workbench.notebook.markdown import render_inline, render_markdown
from workbench.notebook.style import FONT, STYLESHEET, e, message_html

NOT_CHECKED = "Change the account with the API, then press Check my account."


class AccountExerciseWidget:
    """One account exercise; ``check()`` does what the "Check my account" button does."""

    def __init__(
        self, exercise: AccountExercise, *, sandbox: Sandbox | None = None, learner: str, submissions: Path
    ) -> None:
        self.exercise = exercise
        self.learner = learner
        self.sandbox = sandbox if sandbox is not None else build_account(exercise)
        self._submissions = submissions
        self._opened = self.sandbox.snapshot()
        self._report: GradeReport | None = None
        self._hints_shown = 0

        prompt = f'<h3 style="margin:0.2em 0">{e(exercise.title)}</h3>{render_markdown(exercise.prompt)}'
        self.prompt = widgets.HTML(STYLESHEET + f'<div style="{FONT}">{prompt}</div>')
        self.check_button = widgets.Button(description="Check my account", button_style="primary")
        self.check_button.add_class("iamwb-check")
        self.check_button.on_click(lambda _: self.check())
        self.hint_button = widgets.Button(description="Show a hint", disabled=not exercise.hints)
        self.hint_button.add_class("iamwb-hint-button")
        self.hint_button.on_click(lambda _: self.reveal_hint())
        self.reset_button = widgets.Button(description="Start over", button_style="warning")
        self.reset_button.add_class("iamwb-reset")
        self.reset_button.on_click(lambda _: self.reset())
        self.hints = widgets.HTML()
        self.hints.add_class("iamwb-hint")
        self.status = widgets.HTML()
        self.status.add_class("iamwb-status")
        self.results = widgets.HTML(f'<div class="iamwb-not-checked" style="color:#444;{FONT}">{e(NOT_CHECKED)}</div>')
        self.results.add_class("iamwb-results")
        buttons = widgets.HBox([self.check_button, self.hint_button, self.reset_button])
        self.widget = widgets.VBox([self.prompt, buttons, self.hints, self.status, self.results])
        self.widget.add_class("iamwb-exercise")
        self.widget.add_class("iamwb-root")

    @property
    def account(self) -> AccountView:
        """The exercise's account in the sandbox (``account.admin.iam`` is its administrator's IAM client)."""
        return self.sandbox.account(self.exercise.setup.account_id)

    @property
    def report(self) -> GradeReport | None:
        return self._report

    def check(self) -> GradeReport:
        """Grade the account as it is now (as a learner may see it), save it, and show the results."""
        self._report = grade_account(self.exercise, self.sandbox, include_hidden=False)
        self.results.value = results_html(self._report, slot_count=0)
        self._save()
        return self._report

    def reveal_hint(self) -> str:
        hints = self.exercise.hints
        if self._hints_shown >= len(hints):
            return "No more hints." if hints else "No hints for this exercise."
        self._hints_shown += 1
        shown = [
            f'<p style="margin:0.2em 0"><strong>Hint {i + 1} of {len(hints)}:</strong> {render_inline(hints[i])}</p>'
            for i in range(self._hints_shown)
        ]
        self.hints.value = f'<div style="{FONT};background:#f4f8fb;padding:0.2em 0.6em">{"".join(shown)}</div>'
        self.hint_button.disabled = self._hints_shown == len(hints)
        return f"Hint {self._hints_shown} of {len(hints)}: {hints[self._hints_shown - 1]}"

    def reset(self) -> None:
        """Put the account back as it was when the exercise opened."""
        self.sandbox.restore(self._opened)
        self._report = None
        self.results.value = f'<div class="iamwb-not-checked" style="color:#444;{FONT}">{e(NOT_CHECKED)}</div>'

    def _save(self) -> None:
        try:
            folder = self._submissions / safe_name(self.learner, "learner")
            folder.mkdir(parents=True, exist_ok=True)
            self.sandbox.save(folder / f"{safe_name(self.exercise.id, 'exercise')}.account.json")
        except (WorkbenchError, OSError) as error:
            reason = error.message if isinstance(error, WorkbenchError) else str(error)
            self.status.value = message_html(f"Your account could not be saved: {reason}", "iamwb-warning")
        else:
            self.status.value = ""

    def __repr__(self) -> str:
        count = len(self.exercise.checks)
        state = "not checked yet" if self._report is None else f"score {self._report.score}/{self._report.max_score}"
        return f'Account exercise {self.exercise.id}: "{self.exercise.title}" ({count} checks; {state})'

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        bundle["text/plain"] = repr(self)
        return bundle


def account_exercise(
    exercise: AccountExercise, *, sandbox: Sandbox | None = None, learner: str | None = None
) -> AccountExerciseWidget:
    return AccountExerciseWidget(
        exercise,
        sandbox=sandbox,
        learner=learner or content.learner_name(),
        submissions=content.submissions_folder(),
    )
