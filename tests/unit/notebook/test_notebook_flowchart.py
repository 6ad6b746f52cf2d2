"""The flowchart: the path each reason code takes through AWS's flow, the DOT it becomes, and Diagram's fallback."""

from __future__ import annotations

import itertools
import json
import re
import shutil
from typing import Any

import graphviz
import pytest
from notebook_fixtures import ACCOUNT, ALICE, OTHER

from workbench.api import authorize, make_policy_set, make_request
from workbench.engine.decision import Decision
from workbench.notebook import Diagram, flowchart
from workbench.notebook.flow_path import trace_flow

REPORT = "arn:aws:s3:::reports/q1.csv"
CAROL = f"arn:aws:iam::{OTHER}:user/carol"
SESSION = f"arn:aws:sts::{ACCOUNT}:assumed-role/app/s1"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/app"
NODE_IDS = {
    "start",
    "deny",
    "scp",
    "rcp",
    "resource",
    "identity",
    "boundary",
    "session",
    "allowed",
    "explicit",
    "implicit",
}


def policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action: str) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": "*"}


def grant(principal: str) -> dict[str, Any]:
    return {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "s3:GetObject", "Resource": "*"}


def decide(principal: str | None, action: str, resource_account: str | None = None, **policies: Any) -> Decision:
    return authorize(
        make_request(principal, action, REPORT, resource_account=resource_account), make_policy_set(**policies)
    )


GATES = ["start", "deny", "scp", "rcp", "resource"]
SCENARIOS = {
    "identity_allows": (
        lambda: decide(ALICE, "s3:GetObject", identity=[policy(allow("s3:*"))]),
        [*GATES, "identity", "boundary", "session", "allowed"],
    ),
    "explicit_deny": (
        lambda: decide(
            ALICE, "s3:GetObject", identity=[policy(allow("s3:*"), {**allow("s3:GetObject"), "Effect": "Deny"})]
        ),
        ["start", "deny", "explicit"],
    ),
    "no_identity_allow": (
        lambda: decide(ALICE, "s3:PutObject", identity=[policy(allow("s3:GetObject"))]),
        [*GATES, "identity", "implicit"],
    ),
    "scp_no_allow": (
        lambda: decide(
            ALICE,
            "s3:GetObject",
            identity=[policy(allow("s3:*"))],
            scp_levels=[[policy(allow("*"))], [policy(allow("ec2:*"))]],
        ),
        ["start", "deny", "scp", "implicit"],
    ),
    "rcp_no_allow": (
        lambda: decide(
            ALICE,
            "s3:GetObject",
            identity=[policy(allow("s3:*"))],
            rcp_levels=[[policy({"Effect": "Allow", "Principal": "*", "Action": "sqs:*", "Resource": "*"})]],
        ),
        ["start", "deny", "scp", "rcp", "implicit"],
    ),
    "resource_policy_grant": (
        lambda: decide(ALICE, "s3:GetObject", resource=policy(grant(ALICE))),
        [*GATES, "allowed"],
    ),
    "cross_account_both_allow": (
        lambda: decide(CAROL, "s3:GetObject", ACCOUNT, identity=[policy(allow("s3:*"))], resource=policy(grant(CAROL))),
        [*GATES, "identity", "boundary", "session", "allowed"],
    ),
    "cross_account_no_resource_allow": (
        lambda: decide(CAROL, "s3:GetObject", ACCOUNT, identity=[policy(allow("s3:*"))]),
        [*GATES, "implicit"],
    ),
    "boundary_no_allow": (
        lambda: decide(ALICE, "s3:GetObject", identity=[policy(allow("s3:*"))], boundary=policy(allow("ec2:*"))),
        [*GATES, "identity", "boundary", "implicit"],
    ),
    "session_no_allow": (
        lambda: decide(SESSION, "s3:GetObject", identity=[policy(allow("s3:*"))], session=policy(allow("ec2:*"))),
        [*GATES, "identity", "boundary", "session", "implicit"],
    ),
    "get_caller_identity": (
        lambda: authorize(make_request(ALICE, "sts:GetCallerIdentity"), make_policy_set()),
        ["start", "allowed"],
    ),
}


@pytest.mark.parametrize("reason", sorted(SCENARIOS))
def test_each_reason_takes_its_path(reason: str) -> None:
    build, nodes = SCENARIOS[reason]
    decision = build()
    assert decision.reason == reason
    path = trace_flow(decision)
    assert list(path.nodes) == nodes
    assert (
        path.outcome
        == {"allowed": "allowed", "explicitDeny": "explicit", "implicitDeny": "implicit"}[decision.decision]
    )


def _edges(source: str) -> dict[tuple[str, str], str]:
    return {(a, b): attrs for a, b, attrs in re.findall(r"^\t(\w+) -> (\w+) \[(.*)\]$", source, re.M)}


def _nodes(source: str) -> dict[str, str]:
    found = dict(re.findall(r"^\t(\w+) \[(.*)\]$", source, re.M))
    return {name: attrs for name, attrs in found.items() if name not in ("node", "edge")}  # not the defaults


@pytest.mark.parametrize(
    ("reason", "colour"),
    [("identity_allows", "#0072B2"), ("explicit_deny", "#D55E00"), ("scp_no_allow", "#E69F00")],
)
def test_dot_source_highlights_the_path_and_greys_the_rest(reason: str, colour: str) -> None:
    build, nodes = SCENARIOS[reason]
    source = flowchart(build()).source
    edges, drawn = _edges(source), _nodes(source)
    assert set(drawn) == NODE_IDS  # synthetic ids only: never an ARN as a node name
    taken = set(itertools.pairwise(nodes))
    for pair, attrs in edges.items():
        if pair in taken:
            assert f'color="{colour}"' in attrs and "penwidth=2.5" in attrs and "style=bold" in attrs, pair
        else:
            assert 'color="#999999"' in attrs, pair
    for node, attrs in drawn.items():
        assert ("penwidth=2.5" in attrs) == (node in nodes), node
    assert "filled" in drawn[nodes[-1]]


def test_labels_name_the_level_and_layers_not_taking_part() -> None:
    build, _ = SCENARIOS["scp_no_allow"]
    chart = flowchart(build())
    assert 'label="no (level 1)"' in _edges(chart.source)[("scp", "implicit")]
    nodes = _nodes(flowchart(SCENARIOS["identity_allows"][0]()).source)
    for layer in ("scp", "rcp", "resource", "boundary", "session"):
        assert "dashed" in nodes[layer] and "(not applicable)" in nodes[layer], layer
    assert "dashed" not in nodes["identity"] and "(not applicable)" not in nodes["identity"]


def test_a_grant_to_the_role_behind_a_session_still_passes_the_guards() -> None:
    decision = decide(SESSION, "s3:GetObject", resource=policy(grant(ROLE)), boundary=policy(allow("ec2:*")))
    assert decision.reason == "boundary_no_allow"
    assert list(trace_flow(decision).nodes) == [*GATES, "boundary", "implicit"]


def test_source_is_deterministic_and_the_text_is_stable() -> None:
    build, _ = SCENARIOS["cross_account_both_allow"]
    first, second = flowchart(build()), flowchart(build())
    assert first.source == second.source
    assert repr(first) == repr(second) == first._repr_mimebundle_()["text/plain"]
    assert repr(first).startswith("Flowchart (allowed, cross_account_both_allow): Request s3:GetObject")
    assert "[yes, but cross-account] Identity-based policy allows?" in repr(first)
    assert not re.search(r"0x[0-9a-f]{6,}", repr(first))


def test_user_text_in_labels_cannot_break_the_dot() -> None:
    request = make_request(ALICE, "s3:GetObject", 'arn:aws:s3:::b/<x>"\\n')
    chart = flowchart(authorize(request, make_policy_set()))
    assert 'arn:aws:s3:::b/<x>\\"\\\\n"' in chart.source  # the quote escaped, the backslash doubled
    if shutil.which("dot"):
        assert chart.svg() is not None


@pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz's dot")
def test_diagram_shows_svg_when_dot_works() -> None:
    chart = flowchart(SCENARIOS["identity_allows"][0]())
    bundle = chart._repr_mimebundle_()
    assert bundle["image/svg+xml"].lstrip().startswith("<?xml") or "<svg" in bundle["image/svg+xml"]
    assert bundle["text/html"].startswith('<div class="iamwb-flowchart"><svg')


def test_diagram_falls_back_to_dot_text_without_graphviz(monkeypatch: pytest.MonkeyPatch) -> None:
    chart = flowchart(SCENARIOS["explicit_deny"][0]())
    text_with_dot = chart._repr_mimebundle_()["text/plain"]

    def missing(*args: Any, **kwargs: Any) -> str:
        raise graphviz.ExecutableNotFound(["dot", "-Tsvg"])

    monkeypatch.setattr(graphviz.Digraph, "pipe", missing)
    bundle = chart._repr_mimebundle_()
    assert "image/svg+xml" not in bundle
    assert bundle["text/plain"] == text_with_dot  # the same text with or without dot
    html = bundle["text/html"]
    assert 'class="iamwb-flowchart' in html and "apt-get install graphviz" in html and "brew install graphviz" in html
    assert "digraph iam_evaluation_flow {" in html and "deny -&gt; explicit" in html  # the DOT source, escaped
    assert chart.svg() is None


def test_diagram_wraps_any_graph() -> None:
    graph = graphviz.Digraph("tiny")
    graph.node("a", "arn:aws:s3:::b")
    diagram = Diagram(graph)
    assert repr(diagram) == "Diagram tiny" and diagram.source == graph.source
