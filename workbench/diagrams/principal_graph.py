"""Diagrams, step 1 for analysis results: an assume graph or escalation paths → a :class:`DiagramGraph`.

Both come from ``workbench.analysis`` as principals and labelled edges; this module only chooses how
each looks. Principals are grouped in one box per account; a conditional edge (MFA, ExternalId…) is
dashed and labelled, never dropped. Escalation edges are coloured by primitive family, and the
shortest of the given paths from each starting principal are drawn thick.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from workbench.account.model import State
from workbench.diagrams.graph import Cluster, DiagramGraph, Edge, GraphBuilder, Node
from workbench.diagrams.inputs import AssumeGraph, EscalationPath, GraphNode, primitive_family
from workbench.diagrams.look import ASSUME_LEGEND, ESCALATION_LEGEND
from workbench.diagrams.nodes import account_of

_KIND_IN_ARN = re.compile(r"^arn:[\w-]+:(?:iam|sts)::\d{12}:(user|role|group|assumed-role|federated-user)/")
ADMIN_NAMES = frozenset({"admin", "administrator", "administratoraccess", "*admin*"})
"""Node ids that stand for "administrator" itself (a sentinel some analyses end their paths with)."""


def _kind_of(node_id: str, hint: str) -> str:
    if hint in ("user", "group", "role", "account", "service", "federated", "admin"):
        return hint
    if node_id.lower() in ADMIN_NAMES:
        return "admin"
    if node_id == "*":
        return "everyone"
    match = _KIND_IN_ARN.match(node_id)
    if match is not None:
        return {"assumed-role": "role", "federated-user": "user"}.get(match.group(1), match.group(1))
    if re.fullmatch(r"\d{12}", node_id) or node_id.endswith(":root"):
        return "account"
    if node_id.endswith(".amazonaws.com"):
        return "service"
    return "unknown"


def _label_of(node_id: str, kind: str) -> str:
    if kind == "account":
        return account_of(node_id) or node_id
    if node_id.startswith("arn:"):
        return node_id.split(":", 5)[-1].split("/")[-1] if kind in ("user", "role", "group") else node_id
    return node_id


class _Principals:
    """Adds principals by id, each in its account's box (named from ``state`` when given)."""

    def __init__(self, builder: GraphBuilder, state: State | None, known: Iterable[GraphNode] = ()) -> None:
        self.builder = builder
        self.state = state
        self.known = {node.id: node for node in known}

    def add(self, node_id: str, *, tone: str = "normal") -> str:
        given = self.known.get(node_id, GraphNode(node_id))
        kind = _kind_of(node_id, given.kind)
        if given.admin or kind == "admin":
            tone = "admin"
        label = "Administrator" if kind == "admin" else given.label or _label_of(node_id, kind)
        account_id = account_of(node_id) if kind not in ("admin", "service", "everyone") else None
        cluster = None
        if account_id is not None:
            account = self.state.accounts.get(account_id) if self.state is not None else None
            name = f"{account.name} ({account_id})" if account is not None else account_id
            cluster = self.builder.cluster(Cluster(f"acct:{account_id}", f"account {name}", "account"))
        detail = "administrator" if tone == "admin" and kind != "admin" else ""
        if kind == "admin":
            detail = "of its own account"
        elif kind == "account":
            detail = "whole account"
        key = f"{kind}:{node_id}"
        known = self.builder.get(key)
        if known is None or (tone == "admin" and known.tone != "admin"):
            self.builder.replace(Node(key, kind, label, detail, node_id, cluster, tone))
        return key


def assume_diagram_graph(graph: AssumeGraph, *, state: State | None = None) -> DiagramGraph:
    """Who can assume what, as a picture: every node, every can-assume edge (conditional ones dashed)."""
    builder = GraphBuilder("assume_graph", "Who can assume what")
    builder.legend.extend(ASSUME_LEGEND)
    principals = _Principals(builder, state, graph.nodes)
    for node in graph.nodes:
        principals.add(node.id)
    for edge in graph.edges:
        conditions = tuple(sorted(set(edge.conditions)))
        label = ", ".join(word for word in (edge.label, *conditions) if word)
        source, target = principals.add(edge.source), principals.add(edge.target)
        tooltip = "; ".join(w for w in (label, *edge.notes) if w) if edge.notes else ""
        kind = "can-assume-cross-account" if edge.cross_account else "can-assume"
        builder.edge(Edge(source, target, kind, label, conditional=bool(conditions), tooltip=tooltip))
    return builder.build()


def escalation_diagram_graph(
    paths: tuple[EscalationPath, ...],
    *,
    nodes: Iterable[GraphNode] = (),
    state: State | None = None,
    highlight_shortest: bool = True,
    whole_paths: bool = True,
) -> DiagramGraph:
    """Escalation paths as a picture: edges coloured by primitive family, path ends marked administrator,
    and the shortest given path(s) from each starting principal drawn thick.

    ``whole_paths=False``: the "paths" are the single edges of an escalation graph, so only nodes the
    analysis marks ``admin`` are administrators and only steps it marks ``shortest`` are thick."""
    builder = GraphBuilder("escalation_paths", "Privilege escalation paths to administrator")
    builder.legend.extend(ESCALATION_LEGEND)
    nodes = tuple(nodes)
    principals = _Principals(builder, state, nodes)
    for node in nodes:
        principals.add(node.id)
    shortest: dict[str, int] = {}
    for path in paths:
        if path.steps:
            shortest[path.start] = min(shortest.get(path.start, len(path.steps)), len(path.steps))
    for path in paths:
        if not path.steps:
            continue
        shortest_path = whole_paths and len(path.steps) == shortest[path.start]
        if whole_paths:
            principals.add(path.end, tone="admin")
        for step in path.steps:
            highlight = highlight_shortest and (shortest_path or step.shortest)
            source, target = principals.add(step.source), principals.add(step.target)
            family = primitive_family(step.primitive, step.family)
            conditions = tuple(sorted(set(step.conditions)))
            label = ", ".join(word for word in (step.primitive, *conditions) if word)
            tooltip = "; ".join(w for w in (label, *step.notes) if w) if step.notes else ""
            edge = Edge(source, target, f"escalation-{family}", label, bool(conditions), highlight, tooltip)
            builder.edge(edge)
    return builder.build()
