"""Diagrams, the last step: a :class:`DiagramGraph` → DOT (graphviz) and a stable text description.

Draws only what it is given (design.md: renderers never analyse). Layout choices keep 50 principals
readable: left-to-right ranks, clusters for the organization path and for each account, short
labels with the full text as tooltip, and nodes written in a sorted order. Node ids are synthetic
(``ids.assign_ids``); names and ARNs only ever appear in escaped labels and tooltips.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape

import graphviz

from workbench.diagrams.graph import Cluster, DiagramGraph, Edge, LegendEntry, Node
from workbench.diagrams.ids import assign_ids
from workbench.diagrams.labels import EDGE_LABEL_LIMIT, dot_label, shorten
from workbench.diagrams.look import EDGE_LOOK, NODE_LOOK, TONE_LOOK
from workbench.notebook.style import GREY, ORANGE

CLUSTER_LOOK: dict[str, dict[str, str]] = {
    "organization": {"style": "rounded", "color": GREY, "fontcolor": GREY},
    "ou": {"style": "rounded", "color": GREY, "fontcolor": GREY},
    "account": {"style": "rounded,bold", "color": "#333333"},
    "external-account": {"style": "rounded,dashed", "color": ORANGE},
}
KIND_WORDS: dict[str, tuple[str, str]] = {
    "scp": ("organization policy", "organization policies"),
    "policy": ("managed policy", "managed policies"),
    "aws-policy": ("AWS managed policy", "AWS managed policies"),
    "inline": ("inline policy", "inline policies"),
    "external-account": ("other account", "other accounts"),
    "external": ("external principal", "external principals"),
    "everyone": ("everyone node", "everyone nodes"),
    "unknown": ("unknown principal", "unknown principals"),
    "admin": ("administrator", "administrators"),
}
EDGE_WORDS: dict[str, str] = {
    "member": "member of",
    "attached": "has policy",
    "inline": "has inline policy",
    "boundary": "bounded by",
    "trust": "is trusted by",
    "trust-cross-account": "is trusted (from outside the account) by",
    "can-assume": "can assume",
    "can-assume-cross-account": "can assume (cross-account)",
    "access-public": "public access to",
    "access-cross-account": "cross-account access to",
    "access": "can access",
    "escalation-assume": "assumes",
    "escalation-policy-edit": "edits a policy to become",
    "escalation-credentials": "creates credentials of",
    "escalation-pass-role": "passes a role to compute to become",
    "escalation-other": "escalates to",
}
TEXT_LINE_LIMIT = 300
"""Edges listed in the text description before it says how many more there are."""


def _node_attrs(node: Node) -> dict[str, str]:
    attrs = dict(NODE_LOOK.get(node.kind, {}))
    if node.kind != node.tone:  # an admin node already looks like one
        attrs.update(TONE_LOOK.get(node.tone, {}))
    full = [node.label, node.detail, node.ref if node.ref not in (node.label, node.detail) else ""]
    attrs["tooltip"] = dot_label(*full)
    return attrs


def _edge_attrs(edge: Edge) -> dict[str, str]:
    attrs = dict(EDGE_LOOK.get(edge.kind, {}))
    styles = [s for s in attrs.pop("style", "").split(",") if s]
    if edge.conditional and "dashed" not in styles:
        styles.append("dashed")
    if edge.highlight:
        styles.append("bold")
        attrs["penwidth"] = "3"
    if styles:
        attrs["style"] = ",".join(styles)
    if edge.label:
        attrs["label"] = dot_label(shorten(edge.label, EDGE_LABEL_LIMIT))
        attrs["fontcolor"] = attrs.get("color", "#333333")
    if edge.label or edge.tooltip:
        attrs["tooltip"] = dot_label(edge.tooltip or edge.label)
    return attrs


def _legend_html(entries: tuple[LegendEntry, ...]) -> str:
    rows = ['<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Legend</B></TD></TR>']
    samples = {"solid": "———", "dashed": "- - -", "bold": "━━━", "dotted": "· · ·"}
    for entry in entries:
        if entry.sample == "node":
            sample = f'<TD BGCOLOR="{entry.colour}" BORDER="1" WIDTH="24"> </TD>'
        else:
            sample = f'<TD><FONT COLOR="{entry.colour}"><B>{samples.get(entry.style, "———")}</B></FONT></TD>'
        rows.append(f'<TR>{sample}<TD ALIGN="LEFT">{escape(entry.text)}</TD></TR>')
    return '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="1">' + "".join(rows) + "</TABLE>>"


CONCENTRATE_ABOVE = 100
"""Edges above which parallel edges are merged (``concentrate``) unless a view says otherwise: below it,
one curve per edge is easier to follow; above it, fan-ins into shared groups and policies become bundles."""


def build_dot(graph: DiagramGraph, *, concentrate: bool | None = None) -> graphviz.Digraph:
    """The drawing; the same graph always gives byte-identical DOT text.

    ``concentrate``: merge edges into bundles (None: only when there are more than ``CONCENTRATE_ABOVE``)."""
    node_ids = assign_ids(node.key for node in graph.nodes)
    cluster_ids = assign_ids((cluster.key for cluster in graph.clusters), prefix="cluster")
    dot = graphviz.Digraph(graph.name)
    dot.attr(
        rankdir="LR",
        newrank="true",
        nodesep="0.2",
        ranksep="0.55",
        fontname="Helvetica",
        fontsize="13",
        labelloc="t",
        labeljust="l",
        label=dot_label(graph.title),
        tooltip=dot_label(graph.title),
    )
    if concentrate if concentrate is not None else len(graph.edges) > CONCENTRATE_ABOVE:
        dot.attr(concentrate="true")
    dot.attr("node", fontname="Helvetica", fontsize="11", margin="0.08,0.03", height="0.3")
    dot.attr("edge", fontname="Helvetica", fontsize="9", arrowsize="0.7")

    members: dict[str | None, list[Node]] = defaultdict(list)
    for node in graph.nodes:
        members[node.cluster if node.cluster in cluster_ids else None].append(node)
    children: dict[str | None, list[Cluster]] = defaultdict(list)
    for cluster in graph.clusters:
        children[cluster.parent if cluster.parent in cluster_ids else None].append(cluster)

    def add_node(target: graphviz.Digraph, node: Node) -> None:
        target.node(node_ids[node.key], dot_label(shorten(node.label), shorten(node.detail)), **_node_attrs(node))

    def add_cluster(target: graphviz.Digraph, cluster: Cluster) -> None:
        with target.subgraph(name=cluster_ids[cluster.key]) as sub:
            label = dot_label(cluster.label)
            sub.attr(label=label, tooltip=label, **CLUSTER_LOOK.get(cluster.kind, {}))
            for node in members[cluster.key]:
                add_node(sub, node)
            for child in children[cluster.key]:
                add_cluster(sub, child)

    for cluster in children[None]:
        add_cluster(dot, cluster)
    for node in members[None]:
        add_node(dot, node)
    for edge in graph.edges:
        dot.edge(node_ids[edge.source], node_ids[edge.target], **_edge_attrs(edge))
    legend = graph.visible_legend()
    if legend:
        dot.node("legend", _legend_html(legend), shape="plaintext", fontsize="9", tooltip="Legend")
    return dot


def _name(node: Node) -> str:
    return f"{node.label} ({node.detail})" if node.detail else node.label


def describe(graph: DiagramGraph) -> str:
    """Stable plain text: the title, what is drawn (counted by kind), then one line per edge (nbval may compare it)."""
    counts: dict[str, int] = defaultdict(int)
    for node in graph.nodes:
        counts[node.kind] += 1
    summary = ", ".join(
        f"{count} {KIND_WORDS.get(kind, (kind, kind + 's'))[count != 1]}" for kind, count in counts.items()
    )
    lines = [f"{graph.title}: {summary or 'nothing to draw'}; {len(graph.edges)} edges"]
    by_key = {node.key: node for node in graph.nodes}
    edge_lines = []
    for edge in graph.edges:
        words = EDGE_WORDS.get(edge.kind, edge.kind.replace("-", " "))
        extra = f" [{edge.label}]" if edge.label and edge.label != edge.kind else ""
        marks = (" (conditional)" if edge.conditional else "") + (" (shortest)" if edge.highlight else "")
        edge_lines.append(f"  {_name(by_key[edge.source])} → {words} → {_name(by_key[edge.target])}{extra}{marks}")
    if len(edge_lines) > TEXT_LINE_LIMIT:
        more = len(edge_lines) - TEXT_LINE_LIMIT
        edge_lines = [*edge_lines[:TEXT_LINE_LIMIT], f"  … and {more} more edges"]
    return "\n".join(lines + edge_lines)
