"""Notebook front-end: an exercise widget (prompt, one editor per slot, Check, hints, reset) over grading.

Thin by design: loading, saving and grading are ``workbench.grading``'s; this module wires buttons
to them and renders. The learner's draft is saved (atomically) on every edit and on Check, to the
same file the instructor grades; learners are graded without the hidden checks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as widgets

from workbench import content
from workbench.account.facade import Sandbox
from workbench.errors import WorkbenchError
from workbench.grading import (
    AccountExercise,
    Exercise,
    ExerciseError,
    GradeReport,
    SubmissionStore,
    find_exercises,
    grade,
    load_any_exercise,
)
from workbench.notebook.account_exercise import AccountExerciseWidget, account_exercise
from workbench.notebook.editor import PolicyEditor
from workbench.notebook.grade_view import not_checked_html, results_html
from workbench.notebook.markdown import render_inline, render_markdown
from workbench.notebook.style import FONT, STYLESHEET, e, message_html


def find_exercise_file(exercise_id: str, folder: Path) -> Path:
    """``<exercise_id>.yaml`` anywhere below ``folder``; a clear error when there is none (or several)."""
    matches = [path for path in find_exercises(folder) if path.name == f"{exercise_id}.yaml"]
    if not matches:
        raise ExerciseError(f"no exercise {exercise_id!r} below {folder}", code="exercise_not_found")
    if len(matches) > 1:
        places = ", ".join(str(path.relative_to(folder)) for path in matches)
        raise ExerciseError(f"exercise {exercise_id!r} is defined twice: {places}", code="exercise_ambiguous")
    return matches[0]


def hint_text(hints: tuple[str, ...], index: int) -> str:
    """``Hint 1 of 3: …`` (the Markdown source, unrendered)."""
    return f"Hint {index + 1} of {len(hints)}: {hints[index]}"


class ExerciseWidget:
    """One exercise as a learner sees it; ``check()`` does what the Check button does."""

    def __init__(self, exercise: Exercise, *, store: SubmissionStore, learner: str) -> None:
        self.exercise = exercise
        self.learner = learner
        self._store = store
        self._report: GradeReport | None = None
        self._hints_shown = 0
        self._warnings: list[str] = []
        drafts = self._load_draft()

        prompt = f'<h3 style="margin:0.2em 0">{e(exercise.title)}</h3>{render_markdown(exercise.prompt)}'
        self.prompt = widgets.HTML(STYLESHEET + f'<div style="{FONT}">{prompt}</div>')
        self.editors: dict[str, PolicyEditor] = {
            slot.id: PolicyEditor(drafts.get(slot.id, slot.starter), policy_type=slot.type, title=slot.title)
            for slot in exercise.slots
        }
        for editor in self.editors.values():
            editor.on_change(self._autosave)

        self.check_button = widgets.Button(description="Check", button_style="primary")
        self.check_button.add_class("iamwb-check")
        self.check_button.on_click(lambda _: self.check())
        self.hint_button = widgets.Button(description="Show a hint")
        self.hint_button.add_class("iamwb-hint-button")
        self.hint_button.on_click(lambda _: self.reveal_hint())
        self.reset_button = widgets.Button(description="Reset to starter", button_style="warning")
        self.reset_button.add_class("iamwb-reset")
        self.reset_button.on_click(lambda _: self.reset())
        if not exercise.hints:
            self.hint_button.description = "No hints for this exercise"
            self.hint_button.disabled = True

        self.hints = widgets.HTML()
        self.hints.add_class("iamwb-hint")
        self.status = widgets.HTML()
        self.status.add_class("iamwb-status")
        self.results = widgets.HTML(not_checked_html())
        self.results.add_class("iamwb-results")
        buttons = widgets.HBox([self.check_button, self.hint_button, self.reset_button])
        self.widget = widgets.VBox(
            [self.prompt, *(ed.widget for ed in self.editors.values()), buttons, self.hints, self.status, self.results]
        )
        self.widget.add_class("iamwb-exercise")
        self.widget.add_class("iamwb-root")
        self._show_status()

    # -- what lessons and tests use -----------------------------------------------------------------
    @property
    def slot_ids(self) -> tuple[str, ...]:
        return tuple(self.editors)

    def set_policy(self, slot_id: str, text: str) -> None:
        """Replace a slot's text, as if the learner typed it (validated and saved)."""
        self._editor(slot_id).value = text

    def policy(self, slot_id: str) -> str:
        return self._editor(slot_id).value

    @property
    def report(self) -> GradeReport | None:
        """The last grade (without hidden checks), or None before the first Check."""
        return self._report

    def check(self) -> GradeReport:
        """Save the submission, grade it as the learner may see it, and show the results."""
        slots = self._slots()
        self._save(slots)
        self._report = grade(self.exercise, slots, include_hidden=False)
        self.results.value = results_html(self._report, slot_count=len(self.editors))
        return self._report

    def reveal_hint(self) -> str:
        """Show the next hint; returns its text (``Hint 1 of 3: …``), or a note that none are left."""
        hints = self.exercise.hints
        if self._hints_shown >= len(hints):
            return "No more hints." if hints else "No hints for this exercise."
        self._hints_shown += 1
        shown = [
            f'<p style="margin:0.2em 0"><strong>Hint {i + 1} of {len(hints)}:</strong> {render_inline(hints[i])}</p>'
            for i in range(self._hints_shown)
        ]
        self.hints.value = f'<div style="{FONT};background:#f4f8fb;padding:0.2em 0.6em">{"".join(shown)}</div>'
        if self._hints_shown == len(hints):
            self.hint_button.description = "No more hints"
            self.hint_button.disabled = True
        return hint_text(hints, self._hints_shown - 1)

    def reset(self) -> None:
        """Put every slot's starter back (saved as the draft) and clear the results."""
        for slot in self.exercise.slots:
            self.editors[slot.id].value = slot.starter
        self._report = None
        self.results.value = not_checked_html()

    # -- internals ----------------------------------------------------------------------------------
    def _editor(self, slot_id: str) -> PolicyEditor:
        if slot_id not in self.editors:
            raise KeyError(f"exercise {self.exercise.id!r} has no slot {slot_id!r}; its slots: {list(self.editors)}")
        return self.editors[slot_id]

    def _slots(self) -> dict[str, str]:
        return {slot_id: editor.value for slot_id, editor in self.editors.items()}

    def _load_draft(self) -> dict[str, str]:
        try:
            saved = self._store.load(self.learner, self.exercise.id)
        except (WorkbenchError, OSError) as error:
            self._warnings.append(f"Your saved draft could not be read, so the starter is shown: {_reason(error)}")
            return {}
        return dict(saved.slots) if saved is not None else {}

    def _save(self, slots: dict[str, str]) -> None:
        try:
            self._store.save(self.learner, self.exercise.id, slots)
        except (WorkbenchError, OSError) as error:
            warning = f"Your work could not be saved: {_reason(error)}"
            if warning not in self._warnings:
                self._warnings.append(warning)
        else:
            self._warnings = [w for w in self._warnings if not w.startswith("Your work could not be saved")]
        self._show_status()

    def _autosave(self, _text: str) -> None:
        self._save(self._slots())

    def _show_status(self) -> None:
        self.status.value = "".join(message_html(w, "iamwb-warning", tone="implicitDeny") for w in self._warnings)

    # -- display ------------------------------------------------------------------------------------
    def __repr__(self) -> str:
        count = len(self.exercise.checks)
        state = "not checked yet" if self._report is None else f"score {self._report.score}/{self._report.max_score}"
        noun = "check" if count == 1 else "checks"
        return f'Exercise {self.exercise.id}: "{self.exercise.title}" ({count} {noun}; {state})'

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        bundle["text/plain"] = repr(self)
        return bundle


def _reason(error: Exception) -> str:
    return error.message if isinstance(error, WorkbenchError) else (getattr(error, "strerror", None) or str(error))


def exercise(
    exercise_id: str, *, folder: Path | None = None, learner: str | None = None, sandbox: Sandbox | None = None
) -> ExerciseWidget | AccountExerciseWidget:
    """The exercise ``<exercise_id>.yaml`` (searched below ``folder``) as a widget, with the learner's draft.

    An account exercise gets the "Check my account" widget over ``sandbox`` (by default, a new sandbox
    holding the exercise's account after its setup: ``widget.sandbox``).
    """
    root = folder if folder is not None else content.exercises_folder()
    loaded = load_any_exercise(find_exercise_file(exercise_id, root))
    if isinstance(loaded, AccountExercise):
        return account_exercise(loaded, sandbox=sandbox, learner=learner)
    store = SubmissionStore(content.submissions_folder())
    return ExerciseWidget(loaded, store=store, learner=learner or content.learner_name())
