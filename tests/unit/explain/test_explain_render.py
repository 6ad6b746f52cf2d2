"""Rendering explanations: stable plain text (golden), and a safe, self-contained HTML fragment."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable

import pytest
from explain_scenarios import (
    ACCOUNT,
    ALICE,
    REPORT,
    allow,
    deny,
    explain,
    grant,
    ip_policies,
    policy,
    reports_policies,
)

from workbench.api import make_policy_set
from workbench.explain import Explanation, render_html, render_text

GOLDEN_PUT_OBJECT = """\
✘ DENIED (implicit deny)
Denied: no identity-based policy allows s3:PutObject

Request
  principal  arn:aws:iam::111122223333:user/alice (IAM user alice)
  action     s3:PutObject
  resource   arn:aws:s3:::reports/q1.csv

How AWS decided
  1. ✔ [passed] Explicit deny check
       No Deny statement in any applicable policy matches this request.
  2. · [not applicable] Service control policies (SCPs)
       No SCPs: the caller's account is not in an organization.
  3. ✘ [not allowed] Identity-based policies  ◀ decisive
       No identity-based policy allows s3:PutObject on arn:aws:s3:::reports/q1.csv.

Nearest statement
  • the nearest statement, "ReadReports" of identity policy 1 (line 4:5), matches the
    resource but not the action (its Action is s3:GetObject)

Fix: add an Allow for s3:PutObject on arn:aws:s3:::reports/q1.csv to an identity policy.
"""


def test_golden_text_for_an_implicit_deny_with_a_nearest_statement() -> None:
    assert render_text(explain(ALICE, "s3:PutObject", REPORT, reports_policies())) == GOLDEN_PUT_OBJECT


def test_render_text_is_deterministic() -> None:
    def build() -> str:
        return render_text(
            explain(ALICE, "s3:GetObject", REPORT, ip_policies(), context={"aws:SourceIp": "198.51.100.7"})
        )

    first, second = build(), build()
    assert first == second
    assert "aws:SourceIp was 198.51.100.7, which is not in 203.0.113.0/24" in " ".join(first.split())


def test_text_marks_every_step_and_quotes_decisive_statements_with_their_location() -> None:
    policies = make_policy_set([policy(allow("s3:*", "*", "AllowS3"), deny("s3:DeleteObject", "*", "NeverDelete"))])
    text = render_text(explain(ALICE, "s3:DeleteObject", REPORT, policies))
    assert text.startswith("✘ DENIED (explicit deny)\n")
    steps = re.findall(r"^  \d\. (\S) \[([a-z ]+)\] (.+?)(  ◀ decisive)?$", text, flags=re.MULTILINE)
    assert steps == [
        ("✘", "explicit deny", "Explicit deny check", "  ◀ decisive"),
        ("·", "not applicable", "Service control policies (SCPs)", ""),
        ("✘", "explicit deny", "Identity-based policies", "  ◀ decisive"),
    ]
    assert '• "NeverDelete" of identity policy 1 (line 10:5) (decisive)' in text
    assert all(len(line) <= 100 for line in text.splitlines())


def _scenarios() -> dict[str, Callable[[], Explanation]]:
    bucket = policy(grant("*", "s3:GetObject", "arn:aws:s3:::site/*", "PublicRead"))
    return {
        "allowed": lambda: explain(ALICE, "s3:GetObject", REPORT, reports_policies()),
        "explicit": lambda: explain(ALICE, "s3:DeleteObject", REPORT, reports_policies()),
        "nearest": lambda: explain(ALICE, "s3:PutObject", REPORT, reports_policies()),
        "condition": lambda: explain(
            ALICE, "s3:GetObject", REPORT, ip_policies(), context={"aws:SourceIp": "198.51.100.7"}
        ),
        "anonymous": lambda: explain(
            None,
            "s3:GetObject",
            "arn:aws:s3:::site/a",
            make_policy_set([], resource=bucket),
            resource_account=ACCOUNT,
        ),
    }


@pytest.mark.parametrize(
    ("name", "decision", "present", "absent"),
    [
        (
            "allowed",
            "allowed",
            ["iamwb-step-deny", "iamwb-step-scp", "iamwb-step-identity"],
            ["iamwb-nearest"],
        ),
        ("explicit", "explicitDeny", ["iamwb-step-deny", "iamwb-step-identity"], ["iamwb-nearest"]),
        ("nearest", "implicitDeny", ["iamwb-step-identity", "iamwb-nearest"], ["iamwb-condition-failure"]),
        ("condition", "implicitDeny", ["iamwb-nearest", "iamwb-condition-failure"], ["iamwb-step-boundary"]),
        ("anonymous", "allowed", ["iamwb-step-resource", "iamwb-step-identity"], ["iamwb-nearest"]),
    ],
)
def test_html_classes(name: str, decision: str, present: list[str], absent: list[str]) -> None:
    explanation = _scenarios()[name]()
    html = render_html(explanation)
    classes = set(" ".join(re.findall(r'class="([^"]*)"', html)).split())
    assert html.startswith(f'<div class="iamwb-explanation iamwb-decision-{decision}"')
    assert {"iamwb-explanation", "iamwb-step", "iamwb-decisive", *present} <= classes
    assert not set(absent) & classes
    assert {f"iamwb-step-{step.layer}" for step in explanation.steps} <= classes
    others = {"allowed", "explicitDeny", "implicitDeny"} - {decision}
    assert not {f"iamwb-decision-{other}" for other in others} & classes


def test_html_is_self_contained_and_never_relies_on_colour_alone() -> None:
    html = render_html(_scenarios()["condition"]())
    for forbidden in ("<script", "<link", "<style", "src=", "href=", "url(", "@import", "http"):
        assert forbidden not in html
    assert "✘ DENIED (implicit deny)" in html and "✘ [not allowed]" in html and "✔ [passed]" in html
    assert html.count("<div") == html.count("</div>") and html.count("<li") == html.count("</li>")


def test_html_escapes_sids_and_arns() -> None:
    sid = "<script>alert(1)</script>"
    bucket = policy(grant({"AWS": ALICE}, "s3:GetObject", "arn:aws:s3:::b/*", sid))
    resource = 'arn:aws:s3:::b/<script>x"</script>'
    explanation = explain(ALICE, "s3:GetObject", resource, make_policy_set([], resource=bucket))
    assert explanation.decision.reason == "resource_policy_grant"
    assert sid in explanation.headline  # the data keeps the raw text; only the HTML escapes it
    html = render_html(explanation)
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;script&gt;x&quot;&lt;/script&gt;" in html


def test_html_escapes_a_nearest_statement_sid() -> None:
    sid = 'Read<script>"&'
    policies = make_policy_set([policy(allow("s3:GetObject", "arn:aws:s3:::reports/*", sid))])
    explanation = explain(ALICE, "s3:PutObject", REPORT, policies)
    assert explanation.nearest[0].statement.sid == sid
    html = render_html(explanation)
    assert "<script" not in html
    assert "Read&lt;script&gt;&quot;&amp;" in html


def test_public_api() -> None:
    # Not ``import workbench.explain``: the top-level package also exports a function named ``explain``.
    package = importlib.import_module("workbench.explain")
    assert sorted(package.__all__) == sorted(
        [
            "ConditionNote",
            "Explanation",
            "ExplanationStep",
            "NearestStatement",
            "explain_decision",
            "render_html",
            "render_text",
            "summarize",
        ]
    )
    explanation = explain(ALICE, "s3:GetObject", REPORT, reports_policies())
    with pytest.raises(ValueError):
        explanation.headline = "changed"  # type: ignore[misc]
    assert package.summarize(explanation.decision).endswith(".")
