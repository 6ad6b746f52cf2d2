"""The request simulator, ``show`` and ``decision_table``: right decisions, friendly errors, stable text."""

from __future__ import annotations

import json
import re

import pytest
from notebook_fixtures import ACCOUNT, ALICE, OTHER

from workbench.api import authorize, explain_decision, make_policy_set, make_request
from workbench.explain import render_text
from workbench.notebook import DecisionTable, RequestSimulator, decision_table, show, simulate

REPORT = "arn:aws:s3:::reports/q1.csv"
CAROL = f"arn:aws:iam::{OTHER}:user/carol"
POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "ReadWrite", "Effect": "Allow", "Action": ["s3:GetObject", "s3:DeleteObject"], "Resource": "*"},
            {"Sid": "NeverDelete", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"},
        ],
    },
    indent=2,
)


@pytest.mark.parametrize(
    ("action", "decision", "label"),
    [
        ("s3:GetObject", "allowed", "✔ ALLOWED"),
        ("s3:DeleteObject", "explicitDeny", "✘ EXPLICIT DENY"),
        ("s3:PutObject", "implicitDeny", "✘ IMPLICIT DENY"),
    ],
)
def test_the_decision_label_layers_and_explanation(action: str, decision: str, label: str) -> None:
    simulator = simulate([POLICY], principal=ALICE, action=action, resource=REPORT)
    assert isinstance(simulator, RequestSimulator)
    assert simulator.decision is not None and simulator.decision.decision == decision
    assert label in simulator.label.value and f"iamwb-decision-{decision}" in simulator.label.value
    result = simulator.result.value
    assert 'class="iamwb-layer-table"' in result and 'class="iamwb-explanation' in result
    assert "iamwb-flowchart" in result
    assert repr(simulator) == f"RequestSimulator: {decision} ({simulator.decision.reason})"


def test_decisive_statements_are_highlighted() -> None:
    simulator = simulate([POLICY], principal=ALICE, action="s3:DeleteObject", resource=REPORT)
    table = re.search(r'<table class="iamwb-layer-table".*?</table>', simulator.result.value)
    assert table is not None
    assert re.search(r'class="iamwb-decisive"[^>]*>&quot;NeverDelete&quot; of identity policy 1 ◀ decisive', table[0])
    assert "ReadWrite" not in re.findall(r'class="iamwb-decisive"[^>]*>([^<]*)', table[0])[0]


def test_decide_button_and_fields() -> None:
    simulator = simulate([POLICY])
    assert "iamwb-simulator" in simulator.widget._dom_classes
    assert "iamwb-decide" in simulator.decide_button._dom_classes
    assert "iamwb-decision-label" in simulator.label._dom_classes
    assert "iamwb-editor" not in simulator.context_input._dom_classes  # .iamwb-editor means a policy editor
    assert simulator.decision is None and repr(simulator) == "RequestSimulator: not decided yet"
    simulator.set_request(principal=ALICE, action="s3:GetObject", resource=REPORT)
    simulator.decide_button.click()
    assert simulator.decision is not None and simulator.decision.allowed
    simulator.set_request(context={"aws:SourceIp": "203.0.113.5"})
    assert simulator.decide() is not None
    assert simulator.decision.request.context == {"aws:SourceIp": "203.0.113.5"}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"principal": "arn:aws:iam::1234:user"}, "is not a principal ARN"),
        ({"principal": "alice"}, "'alice' is not an ARN: write the caller's ARN"),
        ({"principal": ""}, "enter the caller's ARN"),
        ({"resource": "arn:aws:s3"}, "resource: 'arn:aws:s3' is not an ARN"),
        ({"action": ""}, "enter an action"),
        ({"action": "GetObject"}, "must look like service:ActionName"),
        ({"context": "{bad"}, "the context is not valid JSON: line 1, column 2"),
        ({"context": "[1, 2]"}, "the context must be a JSON object"),
    ],
)
def test_bad_input_gives_a_message_never_a_traceback(fields: dict[str, str], message: str) -> None:
    simulator = simulate([POLICY], principal=ALICE, action="s3:GetObject", resource=REPORT)
    simulator.set_request(**fields)
    simulator.decide_button.click()  # must not raise
    assert simulator.decide() is None and simulator.decision is None
    assert simulator.error is not None and message in simulator.error
    assert "CANNOT DECIDE" in simulator.label.value
    assert 'class="iamwb-input-error"' in simulator.result.value and "Traceback" not in simulator.result.value
    assert repr(simulator).startswith("RequestSimulator: cannot decide: ")


def test_policy_set_keywords_and_cross_account() -> None:
    bucket_policy = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"AWS": CAROL}, "Action": "s3:GetObject", "Resource": "*"}],
        }
    )
    carol_policy = json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
    )
    simulator = simulate(
        identity=[carol_policy],
        resource_policy=bucket_policy,
        principal=CAROL,
        action="s3:GetObject",
        resource=REPORT,
        resource_account=ACCOUNT,
    )
    assert simulator.decision is not None and simulator.decision.reason == "cross_account_both_allow"
    simulator.set_request(resource_account="")  # blank: the caller's own account (S3 ARNs carry none)
    assert simulator.decide() is not None and simulator.decision.reason == "resource_policy_grant"
    with pytest.raises(TypeError):
        simulate(make_policy_set([POLICY]), boundary=POLICY)


def test_user_text_is_escaped() -> None:
    simulator = simulate([POLICY], principal=ALICE, action="s3:<b>Get", resource=REPORT)
    assert simulator.decision is not None
    assert "<b>Get" not in simulator.result.value and "&lt;b&gt;Get" in simulator.result.value


def test_show_displays_the_label_and_the_explanation() -> None:
    policies = make_policy_set([POLICY])
    decision = authorize(make_request(ALICE, "s3:DeleteObject", REPORT), policies)
    view = show(decision, policies)
    assert repr(view) == render_text(explain_decision(decision, policies))
    bundle = view._repr_mimebundle_()
    assert bundle["text/plain"] == repr(view)
    assert 'class="iamwb-decision-label"' in bundle["text/html"] and "✘ EXPLICIT DENY" in bundle["text/html"]
    assert "iamwb-explanation" in bundle["text/html"]
    bare = show(decision)  # without policies: the label and the one-line summary
    assert repr(bare).splitlines()[0] == "✘ EXPLICIT DENY" and "NeverDelete" in repr(bare)


def test_decision_table_for_several_requests() -> None:
    rows = [
        ("s3:GetObject", REPORT),
        ("s3:DeleteObject", REPORT, "explicit deny"),
        {"action": "s3:PutObject", "resource": REPORT, "expected": "allowed"},
        ("s3:GetObject", "not-an-arn"),
    ]
    table = decision_table(rows, [POLICY], principal=ALICE)
    assert isinstance(table, DecisionTable)
    assert [row.decision for row in table.rows] == ["allowed", "explicitDeny", "implicitDeny", "error"]
    text = repr(table)
    assert text == repr(decision_table(rows, make_policy_set([POLICY]), principal=ALICE))  # stable
    lines = text.splitlines()
    assert lines[0] == f"Requests by {ALICE}"
    assert lines[1].split() == ["action", "resource", "decision", "expected", "why"]
    assert lines[3].index("explicit deny") == lines[1].index("decision")  # fixed-width columns
    assert "✔ explicit deny" in lines[3] and "✘ allowed" in lines[4]
    assert "is not an ARN" in lines[5]
    html = table._repr_mimebundle_()["text/html"]
    assert html.count('class="iamwb-decision-row') == 4 and "iamwb-decision-explicitDeny" in html
    assert not re.search(r"0x[0-9a-f]{6,}", text + html)


def test_a_row_asked_by_someone_else_names_its_caller() -> None:
    bob = ALICE.replace("alice", "bob")
    rows = [("s3:GetObject", REPORT), {"action": "s3:GetObject", "resource": REPORT, "principal": bob}]
    table = decision_table(rows, [POLICY], principal=ALICE)
    lines = repr(table).splitlines()
    assert lines[0] == "Requests (the caller is on each row)"
    assert lines[1].split() == ["caller", "action", "resource", "decision", "why"]
    assert lines[2].startswith(ALICE) and lines[3].startswith(bob)
    html = table._repr_mimebundle_()["text/html"]
    assert f"<code>{bob}</code>" in html and "Requests (the caller is on each row)" in html
    assert html.count("iamwb-badge") == 2  # the decision column moved right, with the others


def test_decision_table_without_expectations_has_four_columns() -> None:
    table = decision_table([("s3:GetObject", REPORT)], [POLICY], principal=ALICE)
    header, row = repr(table).splitlines()[1:]
    assert header.split() == ["action", "resource", "decision", "why"]
    assert row.startswith("s3:GetObject") and "Allowed:" in row
