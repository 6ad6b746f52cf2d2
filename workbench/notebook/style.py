"""Notebook front-end, shared look: a colour-blind-safe palette, decision labels and escaped HTML pieces.

Every verdict is told by a symbol and a word as well as a colour (Okabe–Ito colours, the same as
``workbench.explain.html``), so nothing depends on colour alone. CSS is inline: lessons work offline.
"""

from __future__ import annotations

from html import escape

BLUE, VERMILLION, ORANGE, GREY = "#0072B2", "#D55E00", "#E69F00", "#777777"
LIGHT_GREY = "#999999"

FONT = "font-family:system-ui,-apple-system,'Segoe UI',sans-serif;line-height:1.4"
MONOSPACE = "ui-monospace,SFMono-Regular,Menlo,Consolas,'DejaVu Sans Mono',monospace"

DECISION_WORDS = {"allowed": "allowed", "explicitDeny": "explicit deny", "implicitDeny": "implicit deny"}
"""The engine's decision values in a learner's words (the grader's words too)."""

_LABELS = {
    "allowed": "✔ ALLOWED",
    "explicitDeny": "✘ EXPLICIT DENY",
    "implicitDeny": "✘ IMPLICIT DENY (default deny)",
    "error": "⚠ CANNOT DECIDE",
}

STYLESHEET = (
    "<style>"
    f".iamwb-editor textarea,.iamwb-context textarea{{font-family:{MONOSPACE};font-size:13px;line-height:1.35}}"
    ".iamwb-root table{border-collapse:collapse}"
    ".iamwb-root th,.iamwb-root td{border:1px solid #ccc;padding:0.2em 0.5em;text-align:left;vertical-align:top}"
    "</style>"
)
"""Scoped rules no widget trait can express (a monospace Textarea); shown once per widget, inline."""


def e(text: object) -> str:
    """HTML-escape anything shown to a learner (quotes too: text may end up in attributes)."""
    return escape(str(text), quote=True)


def decision_colours(decision: str) -> tuple[str, str, str]:
    """(background, text colour on it, border style) for a decision or verdict."""
    match decision:
        case "allowed" | "passed" | "pass":
            return BLUE, "#ffffff", "solid"
        case "explicitDeny" | "fail":
            return VERMILLION, "#000000", "double"
        case "implicitDeny":
            return ORANGE, "#000000", "dashed"
    return GREY, "#ffffff", "dotted"


def decision_label_text(decision: str) -> str:
    """``✔ ALLOWED``, ``✘ EXPLICIT DENY`` or ``✘ IMPLICIT DENY (default deny)``."""
    return _LABELS.get(decision, decision)


def decision_label_html(decision: str, *, size: str = "1.5em") -> str:
    """The big coloured label; its text alone says the decision (colour only repeats it)."""
    background, ink, border = decision_colours(decision)
    style = (
        f"display:inline-block;background:{background};color:{ink};border:3px {border} #000;"
        f"border-radius:6px;padding:0.15em 0.6em;font-size:{size};font-weight:bold;{FONT}"
    )
    classes = f"iamwb-decision-text iamwb-decision-{e(decision)}"
    return f'<span class="{classes}" style="{style}">{e(_LABELS.get(decision, decision))}</span>'


def badge(text: str, decision: str) -> str:
    """A small coloured tag with its word inside (``✔ pass``, ``ERROR``…)."""
    background, ink, _ = decision_colours(decision)
    style = f"background:{background};color:{ink};padding:0 0.4em;border-radius:3px;font-weight:bold"
    style += ";white-space:nowrap"
    return f'<span class="iamwb-badge" style="{style}">{e(text)}</span>'


def message_html(text: str, css_class: str, *, tone: str = "fail") -> str:
    """A boxed one-paragraph message (``tone`` picks the colour: ``fail``, ``pass`` or neutral)."""
    colour, _, border = decision_colours(tone)
    style = f"border-left:5px {border} {colour};background:#f7f7f7;padding:0.4em 0.7em;margin:0.3em 0;{FONT}"
    return f'<div class="{css_class}" style="{style}">{e(text)}</div>'


def fixed_width_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """Plain-text columns, padded to the widest cell; the last column is never padded."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    lines = []
    for row in [header, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)] + [row[-1]]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
