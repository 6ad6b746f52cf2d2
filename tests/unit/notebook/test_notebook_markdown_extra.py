"""Markdown corner cases found while writing lessons."""

from workbench.notebook.markdown import render_markdown


def test_bold_may_surround_a_code_span_and_code_stays_literal() -> None:
    html = render_markdown("**only Amazon S3 (`s3:**`) and Logs**")
    assert html.count("<strong>") == 1 and "**" not in html.replace("<code", "").split("</code>")[1]
    assert "s3:**</code>" in html


def test_fenced_code_keeps_its_padding() -> None:
    html = render_markdown("```\ncode\n```")
    assert "padding:0.5em" in html and "padding:0 0.25em" not in html


def test_tables_with_a_header_rule_escape_cells_and_keep_pipes_inside_code() -> None:
    html = render_markdown("Where:\n\n| where | range |\n| --- | :--: |\n| office | `a|b` |\n| <b>x</b> | 2 |\n- next")
    assert html.count("<table") == 1 and html.count("<th ") == 2 and html.count("<td ") == 4
    assert "a|b</code>" in html and "&lt;b&gt;x&lt;/b&gt;" in html and "<b>" not in html
    assert html.index("</table>") < html.index("<ul")  # a list right after a table is a list


def test_a_table_without_a_rule_has_no_header() -> None:
    html = render_markdown("| a | b |\n| c | d |")
    assert "<thead>" not in html and html.count("<td ") == 4
