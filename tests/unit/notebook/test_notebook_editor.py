"""The policy editor: live validation on every change, findings as HTML, a stable text repr."""

from __future__ import annotations

import json

from notebook_fixtures import SOLUTION

from workbench.api import validate_policy
from workbench.notebook import PolicyEditor, policy_editor


def _policy(action: str, **extra: object) -> str:
    statement = {"Effect": "Allow", "Action": action, "Resource": "*", **extra}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]}, indent=2)


def test_findings_update_on_every_change() -> None:
    editor = policy_editor(SOLUTION)
    assert isinstance(editor, PolicyEditor)
    assert repr(editor) == "PolicyEditor: no findings"
    assert "✔ no findings" in editor.findings.value

    editor.value = _policy("s3:GetObjec")
    assert editor.report == validate_policy(editor.value, "identity")
    finding = editor.report.findings[0]
    assert finding.code == "validate_unknown_action"
    assert repr(editor) == "PolicyEditor: 1 finding (1 ERROR)"
    html = editor.findings.value
    assert f"<code>{finding.line}:{finding.column}</code>" in html
    assert "ERROR" in html and "Did you mean s3:GetObject" in html  # message and hint

    editor.textarea.value = '{"Version": "2012-10-17",\n  "Statement": [,]}'  # as the browser sets it
    assert repr(editor) == "PolicyEditor: does not parse (line 2, column 17)"
    assert "✘ Does not parse: line 2, column 17:" in editor.findings.value

    editor.value = SOLUTION
    assert repr(editor) == "PolicyEditor: no findings"


def test_counts_by_severity_in_the_repr() -> None:
    no_version = json.dumps({"Statement": [{"Effect": "Allow", "Action": "s3:GetObjec", "Resource": "*"}]}, indent=2)
    editor = policy_editor(no_version)
    assert sorted(f.severity.value for f in editor.report.findings) == ["ERROR", "WARNING"]
    assert repr(editor) == "PolicyEditor: 2 findings (1 ERROR, 1 WARNING)"
    assert editor.findings.value.count('class="iamwb-finding ') == 2


def test_policy_type_is_passed_to_validation() -> None:
    text = _policy("s3:GetObject", Principal={"AWS": "arn:aws:iam::111122223333:user/bob"})
    as_identity = policy_editor(text, policy_type="identity")
    as_resource = policy_editor(text, policy_type="resource")
    assert as_identity.report.codes() == validate_policy(text, "identity").codes()
    assert as_resource.report.codes() == validate_policy(text, "resource").codes()
    assert as_identity.report.codes() != as_resource.report.codes()


def test_listeners_hear_every_change_and_user_text_is_escaped() -> None:
    heard: list[str] = []
    editor = policy_editor("", title="<b>bob's</b> policy")
    assert repr(editor) == "PolicyEditor: empty"
    editor.on_change(heard.append)
    editor.value = _policy("s3:<script>")
    assert heard == [editor.value]
    assert "<script>" not in editor.findings.value
    assert "<b>bob" not in editor.heading.value and "&lt;b&gt;bob" in editor.heading.value


def test_widget_shape_and_classes() -> None:
    editor = policy_editor(SOLUTION)
    assert editor.textarea.rows == 14 and editor.textarea.layout.width == "100%"
    assert "iamwb-editor" in editor.textarea._dom_classes
    assert "iamwb-findings" in editor.findings._dom_classes
    assert "monospace" in editor.heading.value  # the inline stylesheet that makes the Textarea monospace
    bundle = editor._repr_mimebundle_()
    assert bundle["text/plain"] == "PolicyEditor: no findings"
