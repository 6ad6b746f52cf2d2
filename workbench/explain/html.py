"""Explain, render: an :class:`Explanation` → a self-contained HTML fragment (inline CSS, no scripts)."""

from __future__ import annotations

from html import escape

from workbench.engine.decision import StatementRef
from workbench.explain.model import Explanation, ExplanationStep, StepVerdict, describe_statement
from workbench.explain.text import decision_banner, other_condition_notes, verdict_marker
from workbench.explain.wording import caller_phrase, value_text

# Okabe–Ito colours (safe for the common colour-vision deficiencies); every verdict also carries a
# symbol, a word and a border style, so colour is never the only signal.
_BLUE, _VERMILLION, _ORANGE, _GREY = "#0072B2", "#D55E00", "#E69F00", "#777777"


def _palette(verdict: str) -> tuple[str, str, str]:
    """(colour, text colour on it, border style) for a verdict or decision."""
    match verdict:
        case "allowed" | "passed":
            return _BLUE, "#ffffff", "solid"
        case "explicitDeny":
            return _VERMILLION, "#000000", "double"
        case "implicitDeny":
            return _ORANGE, "#000000", "dashed"
    return _GREY, "#ffffff", "dotted"


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _badge(label: str, verdict: str) -> str:
    colour, ink, _ = _palette(verdict)
    style = f"background:{colour};color:{ink};padding:0 0.4em;border-radius:3px;font-weight:bold"
    style += ";white-space:nowrap"
    return f'<span class="iamwb-badge" style="{style}">{_e(label)}</span>'


def _statement(ref: StatementRef, decisive: bool) -> str:
    classes = "iamwb-statement iamwb-decisive" if decisive else "iamwb-statement"
    tag = ' <em style="font-style:normal;font-weight:bold">(decisive)</em>' if decisive else ""
    return f'<li class="{classes}"><code>{_e(describe_statement(ref))}</code>{tag}</li>'


def _step(step: ExplanationStep, decisive_refs: frozenset[StatementRef]) -> str:
    colour, _, border = _palette(step.verdict)
    classes = f"iamwb-step iamwb-step-{step.layer} iamwb-verdict-{step.verdict}"
    if step.decisive:
        classes += " iamwb-decisive"
    style = f"border-left:4px {border} {colour};padding:0.2em 0.6em;margin:0.4em 0"
    marker = _badge(verdict_marker(step.verdict), step.verdict)
    flag = ' <span class="iamwb-flag" style="font-weight:bold">◀ decisive</span>' if step.decisive else ""
    parts = [
        f'<li class="{classes}" style="{style}">',
        f"<div>{marker} <strong>{_e(step.title)}</strong>{flag}</div>",
        f'<div class="iamwb-step-text">{_e(step.text)}</div>',
    ]
    if step.statements:
        items = "".join(_statement(ref, ref in decisive_refs) for ref in step.statements)
        parts.append(f'<ul style="margin:0.2em 0 0 1.2em;padding:0">{items}</ul>')
    parts.append("</li>")
    return "".join(parts)


def _request(explanation: Explanation) -> str:
    request = explanation.decision.request
    principal = request.principal
    rows = [
        ("principal", f"{principal.arn or 'anonymous'} ({caller_phrase(principal)})"),
        ("action", request.action),
        ("resource", request.resource.arn),
    ]
    for key in sorted(request.context, key=str.lower):
        rows.append(("context", f"{key} = {value_text(request.normalised_context.get(key.lower()))}"))
    cells = "".join(
        f'<tr><th style="text-align:left;padding-right:1em;font-weight:normal">{_e(name)}</th>'
        f"<td><code>{_e(value)}</code></td></tr>"
        for name, value in rows
    )
    return f'<table class="iamwb-request" style="border-collapse:collapse;margin:0.4em 0">{cells}</table>'


def _near_class(missed: str) -> str:
    return "iamwb-nearest iamwb-condition-failure" if missed == "condition" else "iamwb-nearest"


def _section(title: str, css_class: str, items: list[tuple[str, str]]) -> str:
    """A titled list; ``items`` are (CSS classes, HTML already escaped)."""
    lis = "".join(f'<li class="{classes}">{item}</li>' for classes, item in items)
    style = "margin:0.2em 0 0.4em 1.2em;padding:0"
    return f'<div class="{css_class}"><strong>{_e(title)}</strong><ul style="{style}">{lis}</ul></div>'


def render_html(explanation: Explanation) -> str:
    """The explanation as an HTML fragment with ``iamwb-*`` classes; every user-provided string is escaped."""
    decision = explanation.decision
    verdict: StepVerdict = decision.decision
    colour, _, border = _palette(verdict)
    style = (
        f"border:2px {border} {colour};border-radius:6px;padding:0.6em 0.9em;margin:0.4em 0;"
        "font-family:system-ui,-apple-system,'Segoe UI',sans-serif;line-height:1.4;max-width:60em"
    )
    banner = _badge(decision_banner(decision.decision), verdict)
    parts = [
        f'<div class="iamwb-explanation iamwb-decision-{_e(decision.decision)}" style="{style}">',
        f'<p class="iamwb-headline" style="margin:0 0 0.4em 0">{banner} {_e(explanation.headline)}</p>',
        _request(explanation),
        '<div style="font-weight:bold;margin-top:0.4em">How AWS decided</div>',
        '<ol class="iamwb-steps" style="margin:0.2em 0 0.4em 1.4em;padding:0">',
    ]
    decisive_refs = frozenset(decision.decisive)
    parts += [_step(step, decisive_refs) for step in explanation.steps]
    parts.append("</ol>")
    if explanation.nearest:
        items = [(_near_class(n.missed), _e(n.text)) for n in explanation.nearest]
        parts.append(_section("Nearest statements", "iamwb-nearest-list", items))
    notes = other_condition_notes(explanation)
    if notes:
        items = [
            ("iamwb-condition-failure", f"<code>{_e(describe_statement(n.statement))}</code>: {_e(n.text)}")
            for n in notes
        ]
        parts.append(_section("Conditions that did not hold", "iamwb-condition-failures", items))
    if explanation.missing_context_keys:
        keys = ", ".join(f"<code>{_e(key)}</code>" for key in explanation.missing_context_keys)
        parts.append(f'<p class="iamwb-missing-keys" style="margin:0.2em 0">Not in the request: {keys}</p>')
    if explanation.fix_hint:
        fix = _e(explanation.fix_hint)
        parts.append(f'<p class="iamwb-fix" style="margin:0.4em 0 0 0"><strong>Fix:</strong> {fix}.</p>')
    parts.append("</div>")
    return "".join(parts)


__all__ = ["render_html"]
