"""Layer 4, explain: decision → explanation (steps along AWS's flow, nearest misses, a fix) → text or HTML."""

from __future__ import annotations

from workbench.explain.explain import explain_decision
from workbench.explain.html import render_html
from workbench.explain.model import ConditionNote, Explanation, ExplanationStep, NearestStatement
from workbench.explain.summary import summarize
from workbench.explain.text import render_text

__all__ = [
    "ConditionNote",
    "Explanation",
    "ExplanationStep",
    "NearestStatement",
    "explain_decision",
    "render_html",
    "render_text",
    "summarize",
]
