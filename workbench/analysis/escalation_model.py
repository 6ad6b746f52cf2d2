"""Analysis, privilege escalation, the output: edges between principals, paths to administrator, as plain data.

The diagram engineer draws these (``workbench/diagrams/``); nothing here draws. Two kinds of edge:

- ``act-as``: the source can obtain the target's permissions (assume it, mint its credentials,
  run code as it);
- ``grant``: the source can make the target an administrator (write its policies); a target of
  :data:`ADMIN` means the source can make *itself* an administrator.
"""

from __future__ import annotations

from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict

from workbench.analysis.administrators import AdminStatus
from workbench.analysis.assume_graph import GraphNode
from workbench.analysis.verdicts import EdgeCondition

ADMIN = "admin"
"""The node every self-escalation points to: "administrator of its own account"."""

EdgeEffect = Literal["act-as", "grant"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EdgeRequest(_Frozen):
    """One request an escalation needs, as the engine decided it for the source."""

    action: str
    resource: str
    context: dict[str, str] = {}
    """Keys the step itself sets (``iam:PassedToService``, ``iam:PolicyARN``)."""


class EscalationEdge(_Frozen):
    """``source`` can act as, or make an administrator of, ``target`` through one primitive."""

    source: str
    target: str
    """A principal ARN, or :data:`ADMIN` for a source that can make itself an administrator."""
    effect: EdgeEffect
    primitive: str
    """``sts:AssumeRole``, ``iam:CreateAccessKey``, ``iam:PassRole + lambda:CreateFunction + …``…"""
    requests: tuple[EdgeRequest, ...]
    """Every request the engine allowed for the source, in the order the attack makes them."""
    conditional: bool = False
    conditions: tuple[EdgeCondition, ...] = ()
    label: str
    """The primitive, plus ``conditional: requires MFA; …`` when conditions must hold."""
    via: str | None = None
    """What the step goes through: a group, a managed policy (and version), a function, an instance profile."""
    description: str
    """One sentence: what the attacker does."""


class EscalationPath(_Frozen):
    """The shortest way from ``source`` to administrator: steps taken as principals the path already holds."""

    source: str
    administrator: str
    """The principal that is (or is made) an administrator at the end."""
    steps: tuple[EscalationEdge, ...]
    """In order; a step's source is the path's source or a principal an earlier step reached."""
    conditional: bool
    conditions: tuple[EdgeCondition, ...] = ()
    label: str
    """``2 steps``, or ``2 steps; conditional: requires MFA``."""

    @property
    def hops(self) -> int:
        return len(self.steps)


class EscalationGraph(_Frozen):
    """Principals, the administrators among them, and every escalation edge between them, as data."""

    nodes: tuple[GraphNode, ...]
    """Every principal plus the :data:`ADMIN` node, sorted by id."""
    edges: tuple[EscalationEdge, ...]
    """Sorted by source, target, primitive."""
    administrators: tuple[AdminStatus, ...]
    """The principals that already are administrators (with the conditions, if any, they need)."""

    @cached_property
    def _outgoing(self) -> dict[str, tuple[EscalationEdge, ...]]:
        found: dict[str, list[EscalationEdge]] = {}
        for edge in self.edges:
            found.setdefault(edge.source, []).append(edge)
        return {key: tuple(value) for key, value in found.items()}

    def edges_from(self, node_id: str) -> tuple[EscalationEdge, ...]:
        return self._outgoing.get(node_id, ())

    def is_admin(self, arn: str) -> bool:
        return any(status.arn == arn for status in self.administrators)


class EscalationReport(_Frozen):
    """The graph and, for every principal that can become an administrator, its shortest path."""

    graph: EscalationGraph
    paths: tuple[EscalationPath, ...]
    """Sorted by source; principals that are administrators already, or cannot become one, have none."""

    def path_from(self, source: str) -> EscalationPath | None:
        return next((p for p in self.paths if p.source == source), None)
