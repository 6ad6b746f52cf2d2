"""Diagrams, step 2 (optional): cut a picture down to one principal's neighbourhood or one resource's accessors.

A 50-principal account is readable as a whole only at a glance; a lesson usually asks about one
principal or one resource. A scope is a value (``neighbourhood("alice", depth=1)``,
``accessors("arn:aws:s3:::reports")``) passed to any view; it selects nodes of the graph the view
was given by walking its edges, and never asks the engine anything.

Depth counts hops between principals. Policies, inline policies and boundaries hang on the
principals drawn and are never walked through: a shared policy such as ``ReadOnlyAccess`` would
otherwise pull in everyone who has it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any, Literal

from workbench.diagrams.graph import ATTACHMENT_EDGES, DiagramGraph, Node
from workbench.errors import WorkbenchError


class DiagramError(WorkbenchError):
    """A diagram asked for something its graph does not have (a scope around an unknown principal)."""

    code = "diagram_error"


def _reference(thing: Any) -> str:
    """A name, ARN or key, or a façade view (``UserView``, ``RoleView``…) that carries ``arn``."""
    if isinstance(thing, str):
        return thing
    arn = getattr(thing, "arn", None)
    if isinstance(arn, str):
        return arn
    raise DiagramError(f"a scope names a principal or resource by name or ARN, not {type(thing).__name__}")


@dataclass(frozen=True, slots=True)
class Scope:
    """Which part of a picture to keep: ``neighbourhood`` of a principal or ``accessors`` of a resource."""

    kind: Literal["neighbourhood", "accessors"]
    target: str
    depth: int = 1

    def locate(self, graph: DiagramGraph) -> Node:
        found = graph.find(self.target)
        if found is not None:
            return found
        names = sorted({node.label for node in graph.nodes} | {node.ref for node in graph.nodes if node.ref})
        close = get_close_matches(self.target, names, n=3)
        hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise DiagramError(f"{graph.title} has nothing called {self.target!r}.{hint}", code="diagram_unknown_node")

    def apply(self, graph: DiagramGraph) -> DiagramGraph:
        """The part of ``graph`` this scope keeps (the same graph always gives the same part)."""
        centre = self.locate(graph)
        walkable = [edge for edge in graph.edges if edge.kind not in ATTACHMENT_EDGES]
        forward: dict[str, set[str]] = defaultdict(set)
        backward: dict[str, set[str]] = defaultdict(set)
        for edge in walkable:
            forward[edge.source].add(edge.target)
            backward[edge.target].add(edge.source)
        kept = {centre.key}
        frontier = {centre.key}
        for _ in range(max(self.depth, 0)):
            reached: set[str] = set()
            for key in frontier:
                reached |= backward[key]
                if self.kind == "neighbourhood":
                    reached |= forward[key]
            frontier = reached - kept
            kept |= frontier
        if self.kind == "neighbourhood":
            kept |= {edge.target for edge in graph.edges if edge.kind in ATTACHMENT_EDGES and edge.source in kept}
            verb = f"within {self.depth} step{'s' if self.depth != 1 else ''} of"
        else:
            verb = "who can reach" if self.depth == 1 else f"within {self.depth} steps upstream of"
        return graph.restricted(kept, title=f"{graph.title} — {verb} {centre.label}")


def neighbourhood(principal: Any, depth: int = 1) -> Scope:
    """Keep one principal, what it is linked to within ``depth`` hops either way, and their policies."""
    return Scope("neighbourhood", _reference(principal), depth)


def accessors(resource: Any, depth: int = 1) -> Scope:
    """Keep one resource (or role) and the principals with an edge into it (``depth`` hops upstream)."""
    return Scope("accessors", _reference(resource), depth)
