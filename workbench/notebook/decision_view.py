"""Notebook front-end, render: decisions for lesson prose (a label and explanation; a table of several requests).

``show`` displays one decision as its big label plus the explanation; ``decision_table`` decides
several requests for one caller and lists them. Both have a stable text repr (nbval compares it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from workbench.api import authorize, explain_decision, make_request, summarize
from workbench.engine.decision import LAYER_ORDER, LAYER_TITLES, Decision
from workbench.engine.policy_set import PolicySet
from workbench.errors import WorkbenchError
from workbench.explain import Explanation, render_html, render_text
from workbench.notebook.inputs import account_of_arn, as_policy_set, normalise_expected
from workbench.notebook.style import (
    DECISION_WORDS,
    FONT,
    STYLESHEET,
    badge,
    decision_label_html,
    decision_label_text,
    e,
    fixed_width_table,
)

_VERDICT_WORDS = {
    "allowed": "✔ allowed",
    "explicitDeny": "✘ explicit deny",
    "implicitDeny": "✘ no Allow",
    "notApplicable": "· not applicable",
}


def layer_table_html(decision: Decision) -> str:
    """One row per layer in AWS's order: its verdict and statements, the decisive ones highlighted."""
    decisive = set(decision.decisive)
    rows = []
    for layer in LAYER_ORDER:
        verdict = decision.layer(layer)
        value = verdict.verdict if verdict is not None else "notApplicable"
        items = []
        for ref in verdict.statements if verdict is not None else ():
            if ref in decisive:
                style = "background:#fff3b0;font-weight:bold"
                items.append(f'<div class="iamwb-decisive" style="{style}">{e(ref.label)} ◀ decisive</div>')
            else:
                items.append(f"<div>{e(ref.label)}</div>")
        muted = ' style="color:#777"' if verdict is None else ""
        rows.append(
            f'<tr class="iamwb-layer-row iamwb-layer-{layer}"{muted}><td>{e(LAYER_TITLES[layer])}</td>'
            f"<td>{badge(_VERDICT_WORDS[value], value)}</td><td>{''.join(items) or '—'}</td></tr>"
        )
    header = "<tr><th>Layer</th><th>Verdict</th><th>Statements</th></tr>"
    return f'<table class="iamwb-layer-table" style="{FONT};margin:0.4em 0">{header}{"".join(rows)}</table>'


class DecisionView:
    """A decision's label and explanation (HTML in a notebook, ``render_text`` as text)."""

    def __init__(self, decision: Decision, policies: PolicySet | None = None) -> None:
        self.decision = decision
        self.explanation: Explanation | None = explain_decision(decision, policies) if policies is not None else None

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        label = decision_label_html(self.decision.decision)
        label = f'<div class="iamwb-decision-label" style="margin:0.3em 0">{label}</div>'
        if self.explanation is not None:
            body = render_html(self.explanation)
        else:
            body = f'<p style="{FONT}">{e(summarize(self.decision))}</p>'
        html = f'<div class="iamwb-root iamwb-decision-view">{STYLESHEET}{label}{body}</div>'
        return {"text/plain": repr(self), "text/html": html}

    def __repr__(self) -> str:
        if self.explanation is not None:
            return render_text(self.explanation)
        return f"{decision_label_text(self.decision.decision)}\n{summarize(self.decision)}"


def show(decision: Decision, policies: PolicySet | None = None) -> DecisionView:
    """Display a decision: its label, and with ``policies`` the full explanation (else the summary)."""
    return DecisionView(decision, policies)


@dataclass(frozen=True)
class TableRow:
    action: str
    resource: str
    decision: str
    """``allowed``, ``explicitDeny``, ``implicitDeny``, or ``error``."""
    why: str
    expected: str | None = None
    context: str = ""
    """The row's request context, as ``key=value`` pairs (shown when any row has one)."""
    principal: str = ""
    """Who asks: the table's caller unless the row names another (then a caller column is shown)."""


Row = tuple[str, ...] | Mapping[str, Any]


def _decide_row(row: Row, policies: PolicySet, principal: str) -> TableRow:
    """``(action, resource[, expected])`` or ``{"action", "resource", "expected", "context", "principal",
    "resource_account"}`` → its decision and one-line why."""
    spec: dict[str, Any] = (
        dict(row) if isinstance(row, Mapping) else dict(zip(("action", "resource", "expected"), row, strict=False))
    )
    action, resource = str(spec["action"]), str(spec.get("resource", "*"))
    expected = normalise_expected(spec["expected"]) if spec.get("expected") else None
    context_text = ", ".join(f"{k}={v}" for k, v in (spec.get("context") or {}).items())
    caller = str(spec.get("principal") or principal)
    try:
        request = make_request(
            caller,
            action,
            resource,
            resource_account=spec.get("resource_account") or account_of_arn(resource),
            context=spec.get("context"),
        )
        decision = authorize(request, policies)
        explanation = explain_decision(decision, policies)
        why = explanation.headline
        if explanation.condition_failures:  # a condition decided it (a skipped Deny, a failed Allow): say which
            why += f"; {explanation.condition_failures[0].text}"
    except WorkbenchError as error:
        return TableRow(action, resource, "error", error.message, expected, context_text, caller)
    return TableRow(action, resource, decision.decision, why, expected, context_text, caller)


class DecisionTable:
    """Several requests by one caller, decided under one policy set (HTML table; fixed-width text)."""

    def __init__(self, rows: Iterable[Row], policies: Any, *, principal: str) -> None:
        self.principal = principal
        self.policies = as_policy_set(policies)
        self.rows = tuple(_decide_row(row, self.policies, principal) for row in rows)

    @property
    def has_expected(self) -> bool:
        return any(row.expected is not None for row in self.rows)

    @property
    def has_context(self) -> bool:
        return any(row.context for row in self.rows)

    @property
    def has_callers(self) -> bool:
        """Some row is asked by someone other than the table's caller: each row then says who."""
        return any(row.principal != self.principal for row in self.rows)

    @property
    def caption(self) -> str:
        return "Requests (the caller is on each row)" if self.has_callers else f"Requests by {self.principal}"

    def _cells(self, row: TableRow) -> tuple[str, ...]:
        decision = DECISION_WORDS.get(row.decision, row.decision)
        cells = [*([row.principal] if self.has_callers else []), row.action, row.resource]
        if self.has_context:
            cells.append(row.context)
        cells.append(decision)
        if self.has_expected:
            expected = DECISION_WORDS[row.expected] if row.expected else ""
            mark = "" if row.expected is None else ("✔" if row.expected == row.decision else "✘")
            cells.append(f"{mark} {expected}".strip())
        cells.append(row.why)
        return tuple(cells)

    def _header(self) -> tuple[str, ...]:
        header = [
            *(["caller"] if self.has_callers else []),
            "action",
            "resource",
            *(["context"] if self.has_context else []),
            "decision",
        ]
        return (*header, *(["expected"] if self.has_expected else []), "why")

    def __repr__(self) -> str:
        return f"{self.caption}\n" + fixed_width_table(self._header(), [self._cells(r) for r in self.rows])

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        header = "".join(f"<th>{e(name)}</th>" for name in self._header())
        body = []
        for row in self.rows:
            cells = list(self._cells(row))
            cells = [e(cell) for cell in cells]
            first = 1 if self.has_callers else 0  # the action's column
            decision_column = first + (3 if self.has_context else 2)
            cells[decision_column] = badge(DECISION_WORDS.get(row.decision, row.decision), row.decision)
            for column in range(first + 2):  # caller, action and resource are code
                cells[column] = f"<code>{cells[column]}</code>"
            body.append(
                f'<tr class="iamwb-decision-row iamwb-decision-{e(row.decision)}">'
                + "".join(f"<td>{cell}</td>" for cell in cells)
                + "</tr>"
            )
        who = "(the caller is on each row)" if self.has_callers else f"by <code>{e(self.principal)}</code>"
        caption = f'<caption style="text-align:left">Requests {who}</caption>'
        table = f'<table class="iamwb-decision-table" style="{FONT}">{caption}<tr>{header}</tr>{"".join(body)}</table>'
        return {"text/plain": repr(self), "text/html": f'<div class="iamwb-root">{STYLESHEET}{table}</div>'}


def decision_table(rows: Iterable[Row], policies: Any, *, principal: str) -> DecisionTable:
    """Decide each ``(action, resource[, expected])`` row (or dict) for ``principal`` and list the results."""
    return DecisionTable(rows, policies, principal=principal)
