"""Notebook front-end, step 2 of a flowchart: a FlowPath → a graphviz drawing of AWS's evaluation flow.

Draws only (the path comes from ``flow_path.trace_flow``): the taken path bold and coloured by the
decision, untaken parts grey, layers that took no part dashed and marked "not applicable". Node ids
are synthetic (``deny``, ``scp``…); ARNs only ever appear inside escaped labels (jupyter-stack §1).
"""

from __future__ import annotations

import graphviz

from workbench.engine.decision import Decision
from workbench.notebook.diagram import Diagram
from workbench.notebook.flow_path import STEPS, FlowEdge, FlowPath, trace_flow
from workbench.notebook.style import BLUE, LIGHT_GREY, ORANGE, VERMILLION

QUESTIONS: dict[str, tuple[str, ...]] = {
    "deny": ("Explicit Deny", "in any policy?"),
    "scp": ("SCPs allow?", "(every level)"),
    "rcp": ("RCPs allow?", "(every level)"),
    "resource": ("Resource-based", "policy allows?"),
    "identity": ("Identity-based", "policy allows?"),
    "boundary": ("Permissions", "boundary allows?"),
    "session": ("Session policy", "allows?"),
}
OUTCOME_LABELS: dict[str, tuple[str, ...]] = {
    "allowed": ("✔ Allowed",),
    "explicit": ("✘ Explicit deny",),
    "implicit": ("✘ Implicit deny", "(default deny)"),
}
_PATH_COLOUR = {"allowed": BLUE, "explicitDeny": VERMILLION, "implicitDeny": ORANGE}
_OUTCOME_INK = {"allowed": "#ffffff", "explicit": "#000000", "implicit": "#000000"}
_OUTCOME_FILL = {"allowed": BLUE, "explicit": VERMILLION, "implicit": ORANGE}

CANONICAL_EDGES = (
    FlowEdge("start", "deny"),
    FlowEdge("deny", "explicit", "yes"),
    FlowEdge("deny", "scp", "no"),
    FlowEdge("scp", "implicit", "no"),
    FlowEdge("scp", "rcp", "yes"),
    FlowEdge("rcp", "implicit", "no"),
    FlowEdge("rcp", "resource", "yes"),
    FlowEdge("resource", "allowed", "yes"),
    FlowEdge("resource", "identity", "no"),
    FlowEdge("identity", "implicit", "no"),
    FlowEdge("identity", "boundary", "yes"),
    FlowEdge("boundary", "implicit", "no"),
    FlowEdge("boundary", "session", "yes"),
    FlowEdge("session", "implicit", "no"),
    FlowEdge("session", "allowed", "yes"),
)
"""AWS's flowchart as drawn when nothing is highlighted (the taken edges replace these)."""


def _label(*lines: str) -> str:
    """A multi-line label with every backslash and ``<…>`` taken literally (user text is safe in it)."""
    return graphviz.nohtml("\\n".join(line.replace("\\", "\\\\") for line in lines))


def _edge_label(edge: FlowEdge) -> str | None:
    return _label(edge.label) if edge.label else None


def _start_lines(decision: Decision) -> tuple[str, ...]:
    request = decision.request
    lines = ["Request", request.action]
    if request.resource.arn != "*":
        lines.append(request.resource.arn)
    return tuple(lines)


def node_text(node: str, path: FlowPath, decision: Decision) -> tuple[str, ...]:
    """The lines of a node's label (shared by the drawing and the text description)."""
    if node == "start":
        return _start_lines(decision)
    if node in OUTCOME_LABELS:
        return OUTCOME_LABELS[node]
    lines = QUESTIONS[node]
    if node in path.not_applicable:  # "(every level)" says nothing about a layer that took no part
        lines = (*(line for line in lines if not line.startswith("(")), "(not applicable)")
    return lines


def build_graph(path: FlowPath, decision: Decision) -> graphviz.Digraph:
    """The whole flow, with ``path`` highlighted; the same path always gives the same DOT source."""
    colour = _PATH_COLOUR[path.decision]
    graph = graphviz.Digraph("iam_evaluation_flow")
    graph.attr(rankdir="TB", nodesep="0.35", ranksep="0.3", fontname="Helvetica")
    graph.attr("node", fontname="Helvetica", fontsize="11")
    graph.attr("edge", fontname="Helvetica", fontsize="10")
    visited = set(path.nodes)
    for node in ("start", *STEPS, *OUTCOME_LABELS):
        taken = node in visited
        shape = "box" if node == "start" or node in OUTCOME_LABELS else "diamond"
        styles = ["rounded"] if shape == "box" else []
        attrs = {"shape": shape, "color": colour if taken else LIGHT_GREY}
        if node in path.not_applicable:
            styles.append("dashed")
        if taken:
            styles.append("bold")
            attrs["penwidth"] = "2.5"
        else:
            attrs["fontcolor"] = LIGHT_GREY
        if taken and node == path.outcome:
            styles.append("filled")
            attrs.update(fillcolor=_OUTCOME_FILL[node], fontcolor=_OUTCOME_INK[node], color="#000000")
        if styles:
            attrs["style"] = ",".join(styles)
        graph.node(node, _label(*node_text(node, path, decision)), **attrs)
    taken_pairs = {(edge.source, edge.target) for edge in path.edges}
    for edge in CANONICAL_EDGES:
        if (edge.source, edge.target) not in taken_pairs:
            graph.edge(edge.source, edge.target, _edge_label(edge), color=LIGHT_GREY, fontcolor=LIGHT_GREY)
    for edge in path.edges:
        graph.edge(edge.source, edge.target, _edge_label(edge), color=colour, penwidth="2.5", style="bold")
    return graph


def describe_path(path: FlowPath, decision: Decision) -> str:
    """One stable line of text: the path, each step's answer in brackets (nbval may compare it)."""
    parts = [" ".join(node_text("start", path, decision))]
    for edge in path.edges:
        answer = f"[{edge.label}] " if edge.label else ""
        parts.append(f"{answer}{' '.join(node_text(edge.target, path, decision))}")
    words = {"allowed": "allowed", "explicitDeny": "explicit deny", "implicitDeny": "implicit deny"}
    return f"Flowchart ({words[path.decision]}, {path.reason}): " + " → ".join(parts)


def flowchart(decision: Decision) -> Diagram:
    """AWS's evaluation flow with the path ``decision`` took highlighted; displays as SVG (or DOT text)."""
    path = trace_flow(decision)
    return Diagram(build_graph(path, decision), text=describe_path(path, decision))
