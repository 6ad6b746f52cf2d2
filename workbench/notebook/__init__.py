"""Layer 8, notebook front-end: widgets and displays for the lessons (exercises, editors, simulator, flowchart).

Thin over ``workbench.api`` and ``workbench.grading``: widgets call them and render; nothing here
decides or grades. Every widget carries ``iamwb-*`` CSS classes for browser tests, inline CSS only,
and a stable text repr (no ids, addresses, times or paths) for nbval.
"""

from __future__ import annotations

from workbench.notebook.account_exercise import AccountExerciseWidget
from workbench.notebook.decision_view import DecisionTable, DecisionView, decision_table, show
from workbench.notebook.diagram import Diagram
from workbench.notebook.editor import PolicyEditor, policy_editor
from workbench.notebook.exercise import ExerciseWidget, exercise
from workbench.notebook.flowchart import flowchart
from workbench.notebook.simulator import RequestSimulator, simulate

__all__ = [
    "AccountExerciseWidget",
    "DecisionTable",
    "DecisionView",
    "Diagram",
    "ExerciseWidget",
    "PolicyEditor",
    "RequestSimulator",
    "decision_table",
    "exercise",
    "flowchart",
    "policy_editor",
    "show",
    "simulate",
]
