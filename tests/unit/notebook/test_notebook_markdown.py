"""The small Markdown renderer for exercise prompts and hints: safe (everything escaped) and deterministic."""

from __future__ import annotations

from workbench.notebook.markdown import render_inline, render_markdown


def test_inline_markup() -> None:
    html = render_inline(
        "Use **read** on `arn:aws:s3:::reports/*`, *not* _write_ (see [docs](https://aws.amazon.com/iam/))."
    )
    assert "<strong>read</strong>" in html
    assert ">arn:aws:s3:::reports/*</code>" in html
    assert "<em>not</em>" in html and "<em>write</em>" in html
    assert '<a href="https://aws.amazon.com/iam/" target="_blank" rel="noopener">docs</a>' in html


def test_everything_is_escaped_and_only_web_links_become_links() -> None:
    html = render_markdown(
        '<img src=x onerror=alert(1)> `<b>` [x](javascript:alert(1)) [y](https://e.x/"onmouseover=1)'
    )
    assert "<img" not in html and "<b>" not in html and "javascript:" not in html.split("href=")[-1][:12]
    assert "&lt;img" in html and "&lt;b&gt;" in html
    assert '"onmouseover' not in html  # the quote stays escaped inside the link


def test_code_spans_are_not_marked_up_and_snake_case_stays_plain() -> None:
    html = render_inline("`**not bold**` and aws_source_ip_key")
    assert "<strong>" not in html and "**not bold**" in html
    assert "<em>" not in html


def test_blocks() -> None:
    html = render_markdown('# Task\n\nFirst line\ncontinues.\n\n- one\n- two\n  more\n1. first\n\n```\n{"a": 1}\n```\n')
    assert "<h3" in html and ">Task</h3>" in html
    assert ">First line continues.</p>" in html
    assert "<ul" in html and "<li>one</li><li>two more</li>" in html
    assert "<ol" in html and "<li>first</li>" in html
    assert "<pre" in html and "{&quot;a&quot;: 1}" in html
    assert render_markdown("same **text**") == render_markdown("same **text**")
