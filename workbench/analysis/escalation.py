"""Analysis, privilege escalation: a world's escalation graph, and each principal's shortest path to administrator.

``escalation_paths(world)`` finds the administrators (:mod:`workbench.analysis.administrators`),
the who-can-assume graph (:mod:`workbench.analysis.assume_graph`), every act-as edge of every
principal that is not an administrator (:mod:`workbench.analysis.escalation_edges`; principals
outside the simulation that can assume a role count as sources too), and the grant edges of those
that can write IAM policies (:mod:`workbench.analysis.escalation_grants`), then the shortest paths.

**Shortest path.** A path is a sequence of steps, each taken as the path's source or as a
principal an earlier step reached; it ends at an administrator, or once a grant has made a
principal the path holds (itself included) an administrator: the granter grants and then walks
to that principal, or that principal walks to the granter, which grants. Paths are ranked by number of
steps, then by number of conditional steps (and conditional administrators), then by the
principal ARNs along them, so the answer is the same on every run. One reverse search from every
way to finish (Dijkstra over the act-as edges, all steps weighing one) gives every source its path.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterable, Mapping

from workbench.analysis.administrators import AdministratorTest, AdminStatus
from workbench.analysis.assume_graph import AssumeGraph, GraphNode, who_can_assume
from workbench.analysis.escalation_edges import ActAsEdges
from workbench.analysis.escalation_grants import GrantEdges
from workbench.analysis.escalation_model import ADMIN, EscalationEdge, EscalationGraph, EscalationPath, EscalationReport
from workbench.analysis.principals import PrincipalIndex, principal_index
from workbench.analysis.verdicts import ConditionalDecider, EdgeCondition

GRANT_ACTIONS = (
    "iam:putuserpolicy",
    "iam:attachuserpolicy",
    "iam:putrolepolicy",
    "iam:attachrolepolicy",
    "iam:putgrouppolicy",
    "iam:attachgrouppolicy",
    "iam:createpolicyversion",
    "iam:setdefaultpolicyversion",
    "iam:addusertogroup",
)

Cost = tuple[int, int]
"""(steps, conditional steps): compared in that order."""


def escalation_paths(world: object, *, assume: AssumeGraph | None = None) -> EscalationReport:
    """The escalation graph of a State, Simulation, Sandbox or :class:`PrincipalIndex`, and the shortest paths.

    ``assume``: a who-can-assume graph already computed for the same index (it is computed otherwise).
    """
    index = principal_index(world)
    decider = ConditionalDecider(index, share_equivalent=True, rebase=False)
    graph = escalation_graph(index, decider, assume)
    return EscalationReport(graph=graph, paths=shortest_paths(graph))


def escalation_graph(
    index: PrincipalIndex, decider: ConditionalDecider | None = None, assume: AssumeGraph | None = None
) -> EscalationGraph:
    """Every escalation edge from every principal that is not an administrator, as plain data."""
    decider = decider or ConditionalDecider(index, share_equivalent=True, rebase=False)
    assume = assume if assume is not None else who_can_assume(index, decider=decider)
    admins = AdministratorTest(decider)
    statuses = [admins.status(entry) for entry in index.principals]
    is_admin = {status.arn for status in statuses if status.administrator}
    outside = [index.stand_in(node.id) for node in assume.nodes if node.kind in ("account", "external", "any")]
    sources = [entry for entry in index.principals if entry.arn not in is_admin] + outside
    act_as = ActAsEdges(decider, admins, assume)
    edges = [edge for source in sources for edge in act_as.act_as(source)]
    adjacency = _adjacency(edges)
    reverse: dict[str, list[EscalationEdge]] = {}
    for edge in edges:
        if edge.effect == "act-as":
            reverse.setdefault(edge.target, []).append(edge)
    grants = GrantEdges(decider, admins)
    for source in sources:
        if source.in_simulation and any(index.names_action(source, action) for action in GRANT_ACTIONS):
            # Whom a grant can help: principals the source can become, and those that can become the source.
            related = _reachable(adjacency, source.arn) | _reachable(reverse, source.arn, backwards=True)
            edges += grants.grants(source, related)
    edges.sort(key=lambda e: (e.source, e.target, e.primitive, e.via or ""))
    nodes = [*assume.nodes, GraphNode(id=ADMIN, kind="admin", account_id=None, name="administrator")]
    return EscalationGraph(
        nodes=tuple(sorted(nodes, key=lambda n: n.id)),
        edges=tuple(edges),
        administrators=tuple(status for status in statuses if status.administrator),
    )


def _adjacency(edges: Iterable[EscalationEdge]) -> dict[str, list[EscalationEdge]]:
    found: dict[str, list[EscalationEdge]] = {}
    for edge in edges:
        if edge.effect == "act-as":
            found.setdefault(edge.source, []).append(edge)
    return found


def _reachable(adjacency: Mapping[str, list[EscalationEdge]], start: str, *, backwards: bool = False) -> set[str]:
    seen = {start}
    queue = deque([start])
    while queue:
        for edge in adjacency.get(queue.popleft(), ()):
            node = edge.source if backwards else edge.target
            if node not in seen:
                seen.add(node)
                queue.append(node)
    return seen


def _cost(edge: EscalationEdge) -> Cost:
    return (1, 1 if edge.conditional else 0)


def _plus(a: Cost, b: Cost) -> Cost:
    return (a[0] + b[0], a[1] + b[1])


def _forward(adjacency: Mapping[str, list[EscalationEdge]], start: str) -> dict[str, tuple[EscalationEdge, ...]]:
    """The best act-as walk from ``start`` to every principal it reaches (Dijkstra, deterministic ties)."""
    best: dict[str, Cost] = {start: (0, 0)}
    walks: dict[str, tuple[EscalationEdge, ...]] = {start: ()}
    heap: list[tuple[Cost, str]] = [((0, 0), start)]
    while heap:
        cost, node = heapq.heappop(heap)
        if cost > best[node]:
            continue
        for edge in adjacency.get(node, ()):
            candidate = _plus(cost, _cost(edge))
            if edge.target not in best or candidate < best[edge.target]:
                best[edge.target] = candidate
                walks[edge.target] = (*walks[node], edge)
                heapq.heappush(heap, (candidate, edge.target))
    return walks


def _finishes(
    graph: EscalationGraph, adjacency: Mapping[str, list[EscalationEdge]]
) -> dict[str, tuple[Cost, tuple[EscalationEdge, ...], str, tuple[EdgeCondition, ...]]]:
    """For each principal that can finish a path itself: the cost, the steps, the administrator, its conditions."""
    finishes: dict[str, tuple[Cost, tuple[EscalationEdge, ...], str, tuple[EdgeCondition, ...]]] = {}

    def offer(
        node: str, cost: Cost, steps: tuple[EscalationEdge, ...], admin: str, conditions: tuple[EdgeCondition, ...]
    ) -> None:
        current = finishes.get(node)
        key = (cost, [(e.target, e.primitive) for e in steps])
        if current is None or key < (current[0], [(e.target, e.primitive) for e in current[1]]):
            finishes[node] = (cost, steps, admin, conditions)

    for status in graph.administrators:
        offer(status.arn, (0, 1 if status.conditions else 0), (), status.arn, status.conditions)
    walks_from: dict[str, dict[str, tuple[EscalationEdge, ...]]] = {}
    for edge in graph.edges:
        if edge.effect != "grant":
            continue
        if edge.target == ADMIN:
            offer(edge.source, _cost(edge), (edge,), edge.source, ())
            continue
        for start, goal in ((edge.source, edge.target), (edge.target, edge.source)):
            if start not in walks_from:
                walks_from[start] = _forward(adjacency, start)
            walk = walks_from[start].get(goal)
            if walk is None:
                continue
            # The granter then walks to the principal it made an administrator; or that principal,
            # whose credentials the path holds, walks to the granter, which then grants.
            steps = (edge, *walk) if start == edge.source else (*walk, edge)
            cost = (0, 0)
            for step in steps:
                cost = _plus(cost, _cost(step))
            offer(start, cost, steps, edge.target, ())
    return finishes


def shortest_paths(graph: EscalationGraph) -> tuple[EscalationPath, ...]:
    """For every principal (not a service, not already an administrator) that can become one: its shortest path."""
    adjacency = _adjacency(graph.edges)
    for edges in adjacency.values():
        edges.sort(key=lambda e: (e.target, e.primitive, e.via or ""))
    finishes = _finishes(graph, adjacency)
    incoming: dict[str, list[EscalationEdge]] = {}
    for edges in adjacency.values():
        for edge in edges:
            incoming.setdefault(edge.target, []).append(edge)
    best: dict[str, Cost] = {node: finish[0] for node, finish in finishes.items()}
    onward: dict[str, EscalationEdge] = {}
    heap = [(cost, node) for node, cost in best.items()]
    heapq.heapify(heap)
    while heap:
        cost, node = heapq.heappop(heap)
        if cost > best[node]:
            continue
        for edge in sorted(incoming.get(node, ()), key=lambda e: (e.source, e.primitive, e.via or "")):
            candidate = _plus(cost, _cost(edge))
            if edge.source not in best or candidate < best[edge.source]:
                best[edge.source] = candidate
                onward[edge.source] = edge
                heapq.heappush(heap, (candidate, edge.source))
    administrators = {status.arn for status in graph.administrators}
    kinds = {node.id: node.kind for node in graph.nodes}
    paths = []
    for source in sorted(best):
        if source in administrators or kinds.get(source) in ("service", "admin"):
            continue
        paths.append(_path(source, onward, finishes))
    return tuple(paths)


def _path(
    source: str,
    onward: Mapping[str, EscalationEdge],
    finishes: Mapping[str, tuple[Cost, tuple[EscalationEdge, ...], str, tuple[EdgeCondition, ...]]],
) -> EscalationPath:
    steps: list[EscalationEdge] = []
    node = source
    while node in onward:
        steps.append(onward[node])
        node = onward[node].target
    _, finish, administrator, admin_conditions = finishes[node]
    steps += finish
    conditions: dict[str, EdgeCondition] = {}
    for step in steps:
        conditions.update((c.label, c) for c in step.conditions)
    conditions.update((c.label, c) for c in admin_conditions)
    count = f"{len(steps)} step{'s' if len(steps) != 1 else ''}"
    label = f"{count}; conditional: {'; '.join(conditions)}" if conditions else count
    return EscalationPath(
        source=source,
        administrator=administrator,
        steps=tuple(steps),
        conditional=bool(conditions),
        conditions=tuple(conditions.values()),
        label=label,
    )


__all__ = ["AdminStatus", "escalation_graph", "escalation_paths", "shortest_paths"]
