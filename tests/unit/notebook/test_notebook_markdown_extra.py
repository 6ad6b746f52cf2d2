"""Markdown corner cases found while writing lessons."""

from workbench.notebook.markdown import render_markdown


def test_bold_may_surround_a_code_span_and_code_stays_literal() -> None:
    html = render_markdown("**only Amazon S3 (`s3:**`) and Logs**")
    assert html.count("<strong>") == 1 and "**" not in html.replace("<code", "").split("</code>")[1]
    assert "s3:**</code>" in html


def test_fenced_code_keeps_its_padding() -> None:
    html = render_markdown("```\ncode\n```")
    assert "padding:0.5em" in html and "padding:0 0.25em" not in html
