"""Notebook front-end: an exercise's Markdown prompt and hints → safe HTML (a small, escaping subset).

Everything is HTML-escaped first, then a few constructs become markup: paragraphs, ``#`` headings,
``-``/``1.`` lists, ``| a | b |`` tables, fenced code blocks, `` `code` ``, ``**bold**``, ``*emphasis*`` and
``[links](https://…)`` (http and https only). Raw HTML in the source is shown as text, never run.
"""

from __future__ import annotations

import re

from workbench.notebook.style import e

_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^\s)]+)\)")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_UNDERSCORE_EMPHASIS = re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|(\s*:?-+:?\s*\|)+\s*$")
_CELL_STYLE = "border:1px solid #ddd;padding:0.2em 0.5em;text-align:left"
_CODE_STYLE = "background:#f2f2f2;padding:0 0.25em;border-radius:3px;font-size:0.95em"


def _inline_text(text: str) -> str:
    """Escape, then links, bold and emphasis (outside code spans only)."""
    html = e(text)
    html = _LINK.sub(lambda m: f'<a href="{m.group(2)}" target="_blank" rel="noopener">{m.group(1)}</a>', html)
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    html = _EMPHASIS.sub(r"<em>\1</em>", html)
    return _UNDERSCORE_EMPHASIS.sub(r"<em>\1</em>", html)


def render_inline(text: str) -> str:
    """One line or paragraph of Markdown → escaped HTML with inline markup.

    Code spans are set aside as placeholders first, so markup may surround them
    (``**the `s3:*` actions**``) while nothing inside them is ever read as markup.
    """
    spans: list[str] = []

    def keep(match: re.Match[str]) -> str:
        spans.append(f'<code style="{_CODE_STYLE}">{e(match.group(1))}</code>')
        return f"\ue000{len(spans) - 1}\ue001"

    html = _inline_text(_CODE_SPAN.sub(keep, text))
    return re.sub("\ue000(\\d+)\ue001", lambda m: spans[int(m.group(1))], html)


def _list_html(tag: str, items: list[str]) -> str:
    lis = "".join(f"<li>{render_inline(item)}</li>" for item in items)
    return f'<{tag} style="margin:0.3em 0 0.3em 1.4em;padding:0">{lis}</{tag}>'


def _cells(row: str) -> list[str]:
    """``| a | `b|c` |`` → ["a", "`b|c`"]: a pipe inside a code span is not a cell border."""
    cells, current, in_code = [], "", False
    for char in row.strip()[1:-1]:
        if char == "`":
            in_code = not in_code
        if char == "|" and not in_code:
            cells.append(current.strip())
            current = ""
        else:
            current += char
    return [*cells, current.strip()]


def _table_html(rows: list[str]) -> str:
    """A header row, a ``| --- |`` rule, body rows; a table without the rule has no header."""
    has_header = len(rows) > 1 and _TABLE_RULE.match(rows[1]) is not None
    head, body = (rows[:1], rows[2:]) if has_header else ([], rows)

    def row_html(row: str, tag: str) -> str:
        return (
            "<tr>" + "".join(f'<{tag} style="{_CELL_STYLE}">{render_inline(c)}</{tag}>' for c in _cells(row)) + "</tr>"
        )

    thead = f"<thead>{''.join(row_html(r, 'th') for r in head)}</thead>" if head else ""
    tbody = f"<tbody>{''.join(row_html(r, 'td') for r in body)}</tbody>"
    return f'<table style="border-collapse:collapse;margin:0.4em 0">{thead}{tbody}</table>'


def render_markdown(text: str) -> str:
    """A Markdown document → an HTML fragment; the same text always gives the same HTML."""
    blocks: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    list_tag = ""
    code: list[str] | None = None
    table: list[str] = []

    def flush() -> None:
        nonlocal list_tag
        if table:
            blocks.append(_table_html(table))
            table.clear()
        if paragraph:
            blocks.append(f'<p style="margin:0.4em 0">{render_inline(" ".join(paragraph))}</p>')
            paragraph.clear()
        if items:
            blocks.append(_list_html(list_tag, items))
            items.clear()
            list_tag = ""

    for line in text.splitlines():
        if code is not None:
            if line.strip().startswith("```"):
                style = "background:#f2f2f2;padding:0.5em;border-radius:4px;overflow-x:auto;font-size:0.95em"
                blocks.append(f'<pre style="{style}"><code>{e(chr(10).join(code))}</code></pre>')
                code = None
            else:
                code.append(line)
            continue
        stripped = line.strip()
        if table and not _TABLE_ROW.match(line):
            flush()  # a table ends at its first line that is not a row
        heading = _HEADING.match(stripped)
        bullet, numbered = _BULLET.match(line), _NUMBERED.match(line)
        if stripped.startswith("```"):
            flush()
            code = []
        elif _TABLE_ROW.match(line):
            if not table:
                flush()
            table.append(line)
        elif not stripped:
            flush()
        elif heading:
            flush()
            level = min(len(heading.group(1)) + 2, 6)  # a prompt's "#" sits below the exercise title
            blocks.append(f'<h{level} style="margin:0.5em 0 0.2em 0">{render_inline(heading.group(2))}</h{level}>')
        elif bullet or numbered:
            tag = "ul" if bullet else "ol"
            if paragraph or (items and tag != list_tag):
                flush()
            list_tag = tag
            items.append((bullet or numbered).group(1))  # type: ignore[union-attr]
        elif items and line[:1].isspace():
            items[-1] += " " + stripped  # a list item continued on the next, indented line
        else:
            if items:
                flush()
            paragraph.append(stripped)
    if code is not None:  # an unclosed fence: show what there is
        blocks.append(f"<pre><code>{e(chr(10).join(code))}</code></pre>")
    flush()
    return "".join(blocks)
