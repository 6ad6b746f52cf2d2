"""Diagrams, the drawing model: what a picture shows (nodes, labelled edges, nested clusters), before any DOT.

Every view (account map, who-can-assume-what, escalation paths) first turns its input into a
:class:`DiagramGraph`; scopes cut it down; ``render`` alone speaks graphviz. Nodes are addressed by a
*key* (``user:<arn>``, ``service:ec2.amazonaws.com``…) that never reaches the DOT text: the renderer
derives synthetic ids from it. A built graph is sorted, so the same input always draws the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

NODE_ORDER = (
    "organization",
    "scp",
    "account",
    "user",
    "group",
    "role",
    "admin",
    "policy",
    "aws-policy",
    "inline",
    "resource",
    "external-account",
    "external",
    "service",
    "federated",
    "everyone",
    "unknown",
)
"""Node kinds, in the order they are written to the DOT text (which guides the layout)."""

PRINCIPAL_KINDS = frozenset(
    {"user", "group", "role", "account", "external-account", "external", "service", "federated", "everyone", "unknown"}
)
"""Kinds a scope may walk through (policies and SCPs are leaves: they never connect two principals)."""

ATTACHMENT_EDGES = frozenset({"attached", "inline", "boundary"})
"""Edge kinds that hang a policy on its principal: drawn with the principal, never walked through."""


@dataclass(frozen=True, slots=True)
class Node:
    """One thing drawn: ``label`` is its full name (the renderer shortens it and keeps it as tooltip)."""

    key: str
    kind: str
    label: str
    detail: str = ""
    """A second, smaller line: "AWS managed", an account id, "PUBLIC"…"""
    ref: str = ""
    """What a learner may call it by: an ARN, a service name, an account id (scopes find nodes by it)."""
    cluster: str | None = None
    tone: str = "normal"
    """``normal``, ``public``, ``cross-account``, ``admin``, ``muted`` or ``highlight``."""


@dataclass(frozen=True, slots=True)
class Edge:
    """One arrow: ``kind`` picks its look; ``conditional`` arrows are dashed and carry their conditions."""

    source: str
    target: str
    kind: str
    label: str = ""
    conditional: bool = False
    highlight: bool = False
    tooltip: str = ""
    """Shown on hover instead of the label (the conditions in full sentences)."""


@dataclass(frozen=True, slots=True)
class Cluster:
    """A box around nodes: the organization root, an OU, an account (``parent`` nests them)."""

    key: str
    label: str
    kind: str
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """One line of a legend: a sample (an edge colour and style, or a node fill) and what it means."""

    text: str
    colour: str
    style: str = "solid"
    sample: str = "edge"
    """``edge`` (a line in ``colour``) or ``node`` (a box filled with ``colour``)."""
    applies_to: tuple[str, ...] = ()
    """Shown only when the picture has one of these features (see :meth:`DiagramGraph.features`); () = always."""


@dataclass(frozen=True)
class DiagramGraph:
    """A whole picture as sorted data: the renderer draws it, scopes cut it, tests read it."""

    name: str
    title: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    clusters: tuple[Cluster, ...] = ()
    legend: tuple[LegendEntry, ...] = ()
    _by_key: dict[str, Node] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {node.key: node for node in self.nodes})

    def node(self, key: str) -> Node | None:
        return self._by_key.get(key)

    def find(self, ref: str) -> Node | None:
        """The node called ``ref``: its key, its ARN (or other ref), else its unique label (case-insensitive)."""
        if ref in self._by_key:
            return self._by_key[ref]
        by_ref = [node for node in self.nodes if node.ref == ref]
        if len(by_ref) == 1:
            return by_ref[0]
        folded = ref.lower()
        by_label = [node for node in self.nodes if node.label.lower() == folded and node.kind in PRINCIPAL_KINDS]
        if len(by_label) != 1:
            by_label = [node for node in self.nodes if node.label.lower() == folded]
        return by_label[0] if len(by_label) == 1 else None

    def restricted(self, keys: Iterable[str], *, title: str | None = None) -> DiagramGraph:
        """Only the nodes in ``keys``, the edges between them, and the clusters around them."""
        kept = set(keys) & set(self._by_key)
        parents = {cluster.key: cluster.parent for cluster in self.clusters}
        used: set[str] = set()
        for node in self.nodes:
            if node.key in kept:
                cluster = node.cluster
                while cluster is not None and cluster not in used:
                    used.add(cluster)
                    cluster = parents.get(cluster)
        edges = tuple(edge for edge in self.edges if edge.source in kept and edge.target in kept)
        return DiagramGraph(
            name=self.name,
            title=title or self.title,
            nodes=tuple(node for node in self.nodes if node.key in kept),
            edges=edges,
            clusters=tuple(cluster for cluster in self.clusters if cluster.key in used),
            legend=self.legend,
        )

    def without_isolated(self, what: str = "principals") -> DiagramGraph:
        """The graph without nodes that no edge touches; the title says how many were left out."""
        touched = {key for edge in self.edges for key in (edge.source, edge.target)}
        left_out = sum(1 for node in self.nodes if node.key not in touched)
        if not left_out:
            return self
        title = f"{self.title} ({left_out} {what} with no edge not drawn)"
        return self.restricted(touched, title=title)

    def features(self) -> frozenset[str]:
        """What the picture shows, in legend terms: edge kinds, ``node:<kind>``, ``tone:<tone>``, ``conditional``."""
        found = {edge.kind for edge in self.edges}
        found |= {f"node:{node.kind}" for node in self.nodes} | {f"tone:{node.tone}" for node in self.nodes}
        if any(edge.conditional for edge in self.edges):
            found.add("conditional")
        if any(edge.highlight for edge in self.edges):
            found.add("highlight")
        return frozenset(found)

    def visible_legend(self) -> tuple[LegendEntry, ...]:
        """The legend lines that describe something this picture shows."""
        features = self.features()
        return tuple(entry for entry in self.legend if not entry.applies_to or features & set(entry.applies_to))


class GraphBuilder:
    """Collects nodes, edges and clusters in any order; :meth:`build` sorts them into a :class:`DiagramGraph`.

    Adding a node twice keeps the first (so the richer description should be added first); adding
    the same edge twice keeps one.
    """

    def __init__(self, name: str, title: str) -> None:
        self.name = name
        self.title = title
        self._nodes: dict[str, Node] = {}
        self._edges: dict[tuple[str, str, str, str], Edge] = {}
        self._clusters: dict[str, Cluster] = {}
        self.legend: list[LegendEntry] = []

    def node(self, node: Node) -> str:
        self._nodes.setdefault(node.key, node)
        return node.key

    def replace(self, node: Node) -> None:
        self._nodes[node.key] = node

    def get(self, key: str) -> Node | None:
        return self._nodes.get(key)

    def edge(self, edge: Edge) -> None:
        key = (edge.source, edge.target, edge.kind, edge.label)
        known = self._edges.get(key)
        if known is None or (edge.highlight and not known.highlight):
            self._edges[key] = edge

    def edges(self) -> tuple[Edge, ...]:
        return tuple(self._edges.values())

    def cluster(self, cluster: Cluster) -> str:
        self._clusters.setdefault(cluster.key, cluster)
        return cluster.key

    def build(self) -> DiagramGraph:
        missing = {key for edge in self._edges.values() for key in (edge.source, edge.target)} - set(self._nodes)
        if missing:
            raise ValueError(f"edges name nodes that were never added: {sorted(missing)}")
        rank = {kind: index for index, kind in enumerate(NODE_ORDER)}
        nodes = sorted(
            self._nodes.values(), key=lambda n: (rank.get(n.kind, len(rank)), n.label.lower(), n.label, n.key)
        )
        order = {node.key: index for index, node in enumerate(nodes)}
        edges = sorted(self._edges.values(), key=lambda e: (order[e.source], order[e.target], e.kind, e.label))
        clusters = sorted(self._clusters.values(), key=lambda c: c.key)
        return DiagramGraph(self.name, self.title, tuple(nodes), tuple(edges), tuple(clusters), tuple(self.legend))
