"""Who-can-assume-what and escalation paths: drawn as given, conditional edges dashed and labelled, a legend."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from workbench.diagrams import DiagramGraph, accessors, assume_graph, escalation_diagram, neighbourhood
from workbench.diagrams.graph import Edge
from workbench.diagrams.inputs import (
    AssumeGraph,
    EscalationPath,
    EscalationStep,
    GraphEdge,
    GraphNode,
    as_escalation,
    as_paths,
)
from workbench.diagrams.principal_graph import assume_diagram_graph, escalation_diagram_graph

A = "arn:aws:iam::111111111111:"
ALICE, BOB, CAROL = A + "user/alice", A + "user/bob", A + "user/carol"
DEPLOY, ADMIN, EC2_APP, OPS = A + "role/deploy", A + "role/admin", A + "role/ec2-app", A + "group/ops"
PARTNER = "arn:aws:iam::222222222222:root"

GRAPH = AssumeGraph(
    nodes=(
        GraphNode(ALICE),
        GraphNode(BOB),
        GraphNode(DEPLOY),
        GraphNode(ADMIN, admin=True),
        GraphNode(PARTNER),
        GraphNode("ec2.amazonaws.com"),
        GraphNode(EC2_APP),
    ),
    edges=(
        GraphEdge(ALICE, DEPLOY, ("MFA",)),
        GraphEdge(DEPLOY, ADMIN),
        GraphEdge(PARTNER, DEPLOY, ("ExternalId",)),
        GraphEdge("ec2.amazonaws.com", EC2_APP),
        GraphEdge(BOB, EC2_APP),
        GraphEdge(BOB, DEPLOY, ("MFA", "SourceIp")),
    ),
)
PATHS = (
    EscalationPath((EscalationStep(BOB, BOB, "iam:CreatePolicyVersion"),)),
    EscalationPath((EscalationStep(ALICE, DEPLOY, "sts:AssumeRole", conditions=("MFA",)),)),
    EscalationPath(
        (
            EscalationStep(CAROL, EC2_APP, "iam:PassRole + ec2:RunInstances"),
            EscalationStep(EC2_APP, ALICE, "iam:CreateAccessKey"),
            EscalationStep(ALICE, DEPLOY, "sts:AssumeRole", conditions=("MFA",)),
        )
    ),
    EscalationPath(
        (EscalationStep(CAROL, OPS, "iam:AddUserToGroup"), EscalationStep(OPS, "admin", "iam:AttachGroupPolicy"))
    ),
)


def names(graph: DiagramGraph, edge: Edge) -> tuple[str, str]:
    return graph.node(edge.source).label, graph.node(edge.target).label  # type: ignore[union-attr]


def test_assume_graph_keeps_every_edge_and_dashes_conditional_ones() -> None:
    graph = assume_diagram_graph(GRAPH)
    drawn = {(e.source.split("/")[-1], e.target.split("/")[-1]): e for e in graph.edges}
    assert len(drawn) == len(GRAPH.edges)
    assert drawn[("alice", "deploy")].conditional and drawn[("alice", "deploy")].label == "MFA"
    assert drawn[("bob", "deploy")].label == "MFA, SourceIp"
    assert not drawn[("bob", "ec2-app")].conditional
    admin = graph.find(ADMIN)
    assert admin is not None and (admin.kind, admin.tone, admin.detail) == ("role", "admin", "administrator")
    partner = graph.find(PARTNER)
    assert partner is not None and partner.kind == "account"
    source = assume_graph(GRAPH).source
    assert source.count("style=dashed") == 3
    assert "label=MFA" in source and "label=ExternalId" in source and '"MFA, SourceIp"' in source
    assert "can assume only under a condition" in source  # the legend


def test_assume_graph_is_deterministic_and_accepts_other_shapes() -> None:
    @dataclass(frozen=True)
    class TheirEdge:  # what an analysis module might return
        source: str
        target: str
        conditions: tuple[str, ...] = ()

    @dataclass(frozen=True)
    class Graph:
        nodes: tuple[str, ...]
        edges: tuple[TheirEdge, ...]

    theirs = Graph(
        nodes=tuple(sorted({e.source for e in GRAPH.edges} | {e.target for e in GRAPH.edges}, reverse=True)),
        edges=tuple(TheirEdge(e.source, e.target, e.conditions) for e in reversed(GRAPH.edges)),
    )
    mine = AssumeGraph(tuple(GraphNode(n.id) for n in GRAPH.nodes), GRAPH.edges)
    assert assume_graph(theirs).source == assume_graph(mine).source
    assert assume_graph(GRAPH).source == assume_graph(GRAPH).source


def test_assume_graph_scopes() -> None:
    around_alice = assume_graph(GRAPH, scope=neighbourhood("alice"))
    assert "alice" in around_alice.text and "bob" not in around_alice.text.split("\n", 1)[1]
    who = assume_graph(GRAPH, scope=accessors(DEPLOY))
    names = {line.split(" → ")[0].strip() for line in who.text.splitlines()[1:]}
    assert names == {"alice", "bob", "222222222222 (whole account)"}


def test_escalation_edges_are_coloured_by_family_with_a_legend() -> None:
    graph = escalation_diagram_graph(PATHS)
    kinds = {names(graph, e): e.kind for e in graph.edges}
    assert kinds == {
        ("bob", "bob"): "escalation-policy-edit",
        ("alice", "deploy"): "escalation-assume",
        ("carol", "ec2-app"): "escalation-pass-role",
        ("ec2-app", "alice"): "escalation-credentials",
        ("carol", "ops"): "escalation-policy-edit",
        ("ops", "Administrator"): "escalation-policy-edit",
    }
    source = escalation_diagram(PATHS).source
    for words in ("assume a role", "edit or attach a policy", "create credentials", "pass a role to compute"):
        assert words in source
    for colour in ("#0072B2", "#D55E00", "#CC79A7", "#009E73"):
        assert colour in source


def test_shortest_paths_to_administrator_are_highlighted() -> None:
    graph = escalation_diagram_graph(PATHS)
    thick = {names(graph, e) for e in graph.edges if e.highlight}
    # carol's two-step path beats her three-step one; alice's and bob's only paths are their shortest
    assert thick == {("bob", "bob"), ("alice", "deploy"), ("carol", "ops"), ("ops", "Administrator")}
    admin = graph.node("admin:admin")
    assert admin is not None and admin.label == "Administrator"
    ends = {n.label for n in graph.nodes if n.tone == "admin"}
    assert ends == {"Administrator", "deploy", "bob"}
    plain = escalation_diagram_graph(PATHS, highlight_shortest=False)
    assert not any(e.highlight for e in plain.edges)
    assert "(shortest)" in escalation_diagram(PATHS).text


def test_escalation_paths_in_other_shapes() -> None:
    raw = [
        {"steps": [{"source": CAROL, "target": OPS, "action": "iam:AddUserToGroup"}]},
        [{"principal": ALICE, "target": DEPLOY, "technique": "sts:AssumeRole", "conditions": ["MFA"]}],
    ]
    paths = as_paths(raw)
    assert [p.start for p in paths] == [CAROL, ALICE]
    assert paths[1].steps[0].conditions == ("MFA",)
    assert escalation_diagram({"paths": raw}).source == escalation_diagram(paths).source


def test_condition_objects_become_short_labels_with_full_tooltips() -> None:
    @dataclass(frozen=True)
    class Condition:  # the shape of workbench.analysis.verdicts.EdgeCondition
        key: str
        label: str

    @dataclass(frozen=True)
    class CanAssume:
        source: str
        target: str
        conditions: tuple[Condition, ...]

    edge = CanAssume(PARTNER, DEPLOY, (Condition("sts:ExternalId", "requires ExternalId partner-42"),))
    diagram = assume_graph({"nodes": [], "edges": [edge]})
    assert "label=ExternalId" in diagram.source
    assert 'tooltip="ExternalId; requires ExternalId partner-42"' in diagram.source
    assert "style=dashed" in diagram.source


def test_an_escalation_graph_marks_only_what_the_analysis_marked() -> None:
    graph = {
        "nodes": [GraphNode(CAROL), GraphNode(OPS), GraphNode(ADMIN, admin=True)],
        "edges": [
            {"source": CAROL, "target": OPS, "primitive": "iam:AddUserToGroup", "shortest": True},
            {"source": OPS, "target": ADMIN, "primitive": "iam:AttachGroupPolicy", "shortest": True},
            {"source": CAROL, "target": EC2_APP, "primitive": "iam:PassRole"},
        ],
    }
    diagram = escalation_diagram(graph)
    lines = diagram.text.splitlines()[1:]
    assert "  carol → edits a policy to become → ops [iam:AddUserToGroup] (shortest)" in lines
    assert "  carol → passes a role to compute to become → ec2-app [iam:PassRole]" in lines
    assert "ec2-app (administrator)" not in diagram.text  # an edge's end is not a path's end
    assert "admin (administrator)" in diagram.text


def test_isolated_principals_are_counted_not_drawn_unless_asked() -> None:
    lonely = AssumeGraph((*GRAPH.nodes, GraphNode(A + "user/zed"), GraphNode(A + "user/yan")), GRAPH.edges)
    drawn = assume_graph(lonely)
    assert drawn.text.startswith("Who can assume what (2 principals with no edge not drawn):")
    assert "zed" not in drawn.source
    assert "zed" in assume_graph(lonely, show_isolated=True).source
    assert "zed" in assume_graph(lonely, scope=neighbourhood("zed")).source  # a scope keeps its centre


def test_the_who_can_assume_analysis_is_drawn_as_it_is() -> None:
    analysis = pytest.importorskip("workbench.analysis.assume_graph")
    from diagrams_support import small_sandbox

    sandbox = small_sandbox()
    result = analysis.who_can_assume(sandbox)
    diagram = assume_graph(result, state=sandbox)
    lines = diagram.text.splitlines()
    assert "  alice → can assume → deploy [MFA] (conditional)" in lines
    assert "  ec2.amazonaws.com → can assume → ec2-app" in lines
    assert len(lines) - 1 == len(result.edges)  # every edge drawn, conditional ones too
    assert 'tooltip="MFA; ' in diagram.source  # the analysis's own words follow, on hover
    assert "account dev (111111111111)" in diagram.source


def test_the_escalation_analysis_is_drawn_with_its_shortest_paths_thick() -> None:
    analysis = pytest.importorskip("workbench.analysis.escalation")
    from workbench.account import Sandbox

    def allow(action: str, resource: str) -> dict[str, object]:
        return {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]}

    sandbox = Sandbox()
    dev = sandbox.create_account("dev", account_id="111111111111")
    dev.create_user("root-ish", policies=["AdministratorAccess"])
    dev.create_user("frank")
    dev.create_user("bob", inline={"keys": allow("iam:CreateAccessKey", A + "user/root-ish")})
    erin = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": A + "user/bob"},
            {"Effect": "Allow", "Action": "iam:CreateLoginProfile", "Resource": A + "user/frank"},
        ],
    }
    dev.create_user("erin", inline={"both": erin})
    dev.create_user("dave", inline={"self": allow("iam:PutUserPolicy", A + "user/dave")})
    report = analysis.escalation_paths(sandbox)
    paths, nodes, whole_paths = as_escalation(report)
    graph = escalation_diagram_graph(paths, nodes=nodes, whole_paths=whole_paths)
    drawn = {names(graph, e): (e.kind, e.highlight) for e in graph.edges}
    assert drawn[("erin", "bob")] == ("escalation-credentials", True)
    assert drawn[("bob", "root-ish")] == ("escalation-credentials", True)
    assert drawn[("erin", "frank")] == ("escalation-credentials", False)  # not on a shortest path
    assert drawn[("dave", "Administrator")] == ("escalation-policy-edit", True)
    admins = {n.label for n in graph.nodes if n.tone == "admin"}
    assert admins == {"root-ish", "Administrator"}
    diagram = escalation_diagram(report, state=sandbox)
    assert "  erin → creates credentials of → frank [iam:CreateLoginProfile]" in diagram.text.splitlines()
    assert diagram.source == escalation_diagram(report, state=sandbox).source
