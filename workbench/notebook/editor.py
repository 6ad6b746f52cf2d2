"""Notebook front-end: a policy editor, a Textarea validated live through ``api.validate_policy``.

On every change the text is validated and the findings are listed under the editor (severity,
line:column, message, hint), or "✔ no findings", or where the JSON breaks. Other widgets (the
exercise) listen for changes through :meth:`PolicyEditor.on_change`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from workbench.api import validate_policy
from workbench.notebook.style import FONT, STYLESHEET, badge, e
from workbench.policy.findings import Finding, Severity, ValidationReport
from workbench.policy.model import PolicyType

_SEVERITY_TONE = {
    Severity.ERROR: "explicitDeny",
    Severity.SECURITY_WARNING: "explicitDeny",
    Severity.WARNING: "implicitDeny",
    Severity.SUGGESTION: "neutral",
}


def parse_failure(report: ValidationReport) -> Finding | None:
    """The finding that says the text is not a policy document at all (bad JSON…), if any."""
    return next((f for f in report.findings if f.code.startswith("parse_")), None)


def findings_summary(report: ValidationReport) -> str:
    """``2 findings (1 ERROR, 1 WARNING)``, ``no findings`` or ``does not parse (line 3, column 5)``."""
    broken = parse_failure(report)
    if broken is not None:
        return f"does not parse (line {broken.line}, column {broken.column})"
    if not report.findings:
        return "no findings"
    counts = {severity: 0 for severity in Severity}
    for finding in report.findings:
        counts[finding.severity] += 1
    parts = ", ".join(f"{count} {severity.value}" for severity, count in counts.items() if count)
    noun = "finding" if len(report.findings) == 1 else "findings"
    return f"{len(report.findings)} {noun} ({parts})"


def _finding_html(finding: Finding) -> str:
    tone = _SEVERITY_TONE[finding.severity]
    hint = f'<div style="margin-left:1.2em;color:#444">{e(finding.hint)}</div>' if finding.hint else ""
    return (
        f'<li class="iamwb-finding iamwb-severity-{e(finding.severity.value)}" style="margin:0.15em 0">'
        f"{badge(finding.severity.value, tone)} <code>{finding.line}:{finding.column}</code> "
        f"{e(finding.message)}{hint}</li>"
    )


def findings_html(report: ValidationReport) -> str:
    """The findings list shown under an editor (everything escaped)."""
    broken = parse_failure(report)
    style = f"margin:0.2em 0;{FONT}"
    if broken is not None:
        text = f"✘ Does not parse: line {broken.line}, column {broken.column}: {broken.message}"
        hint = f'<div style="color:#444">{e(broken.hint)}</div>' if broken.hint else ""
        return f'<div class="iamwb-parse-failure" style="{style};font-weight:bold">{e(text)}{hint}</div>'
    if not report.findings:
        return f'<div class="iamwb-no-findings" style="{style}">✔ no findings</div>'
    items = "".join(_finding_html(f) for f in report.findings)
    return f'<ul style="{style};padding-left:1em;list-style:none">{items}</ul>'


class PolicyEditor:
    """A titled Textarea (monospace, full width) whose findings update on every change."""

    def __init__(self, text: str = "", *, policy_type: str = "identity", title: str = "Policy") -> None:
        self.policy_type = PolicyType(policy_type)
        self.title = title
        self._listeners: list[Callable[[str], None]] = []
        heading = f'<div style="font-weight:bold;margin-top:0.4em;{FONT}">{e(title)}</div>'
        self.heading = widgets.HTML(STYLESHEET + heading)
        self.textarea = widgets.Textarea(
            value=text, rows=14, layout=widgets.Layout(width="100%"), continuous_update=True
        )
        self.textarea.add_class("iamwb-editor")
        self.findings = widgets.HTML()
        self.findings.add_class("iamwb-findings")
        self.widget = widgets.VBox([self.heading, self.textarea, self.findings])
        self.widget.add_class("iamwb-root")
        self._report = self._validate()
        self.textarea.observe(self._changed, names="value")

    # -- what lessons and other widgets use -------------------------------------------------------
    @property
    def value(self) -> str:
        return self.textarea.value

    @value.setter
    def value(self, text: str) -> None:
        self.textarea.value = text

    @property
    def report(self) -> ValidationReport:
        """The findings for the current text."""
        return self._report

    def on_change(self, listener: Callable[[str], None]) -> None:
        """Call ``listener(text)`` after every change (validation is already up to date)."""
        self._listeners.append(listener)

    # -- internals --------------------------------------------------------------------------------
    def _validate(self) -> ValidationReport:
        report = validate_policy(self.textarea.value, self.policy_type)
        if self.textarea.value.strip():
            self.findings.value = findings_html(report)
        else:
            self.findings.value = f'<div style="{FONT};color:#444">Type or paste a policy document (JSON).</div>'
        return report

    def _changed(self, change: dict[str, Any]) -> None:
        self._report = self._validate()
        for listener in self._listeners:
            listener(change["new"])

    # -- display ----------------------------------------------------------------------------------
    def __repr__(self) -> str:
        summary = findings_summary(self._report) if self.textarea.value.strip() else "empty"
        return f"PolicyEditor: {summary}"

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        bundle["text/plain"] = repr(self)
        return bundle


def policy_editor(text: str = "", *, policy_type: str = "identity", title: str = "Policy") -> PolicyEditor:
    """A policy editor with live validation; display it as a cell's last expression."""
    return PolicyEditor(text, policy_type=policy_type, title=title)
