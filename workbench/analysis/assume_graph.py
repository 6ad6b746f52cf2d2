"""Analysis, who can assume what: principals → the roles they can assume, every edge decided by the engine.

Nodes are the simulation's users and roles, plus the outside principals that trust policies name:
accounts that are not simulated, outside user or role ARNs, service principals and ``"*"``
(each decided through a stand-in, see :mod:`workbench.analysis.principals`). An edge
``source → role`` exists when the engine allows ``sts:AssumeRole`` for the source on the role,
with the role's trust policy as the mandatory resource policy (E9), the source's identity
policies, boundary and SCPs (S1), and both sides across accounts (E10). Each candidate is decided
under two contexts (:mod:`workbench.analysis.verdicts`): an edge allowed only when the conditions
its statements test hold is kept and labelled (``conditional: requires MFA``), never dropped.

Candidates are not all pairs. A trust policy's Allow statements name who may ask: a principal
named directly is a candidate; a trusted account delegates to those of its principals whose
identity policies could allow ``sts:AssumeRole`` on that role (read from the policies' JSON,
:mod:`workbench.analysis.prefilter`); ``"*"`` makes everyone a candidate. Only candidates reach
the engine, and the engine decides every edge.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict

from workbench.analysis.prefilter import StatementFacts
from workbench.analysis.principal_entries import ANYONE, AnalysedPrincipal, PrincipalKind
from workbench.analysis.principals import PrincipalIndex, principal_index
from workbench.analysis.requests import construct
from workbench.analysis.verdicts import ConditionalDecider, EdgeCondition, Verdict
from workbench.arn import Arn

ASSUME_ROLE = "sts:AssumeRole"

_HOW = {
    "resource_policy_grant": "the trust policy names the caller",
    "identity_allows": "the trust policy trusts the account, and an identity policy allows it",
    "cross_account_both_allow": "cross-account: the trust policy and the caller's own policies both allow it",
    "service_principal_granted": "the trust policy names the service",
}


class GraphNode(BaseModel):
    """A principal in a graph: a user, a role, or an outside account, ARN, service or ``*``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    """The ARN (an account's root ARN for an account), the service name, or ``*``."""
    kind: PrincipalKind | Literal["admin"]
    account_id: str | None
    name: str


class AssumeEdge(BaseModel):
    """``source`` can assume ``target`` (a role ARN), as the engine decided, and under which conditions."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str
    target: str
    conditional: bool
    conditions: tuple[EdgeCondition, ...] = ()
    label: str
    """``can assume``, or ``conditional: requires MFA; …``."""
    cross_account: bool
    reason: str
    """The engine's reason code for the allowing decision."""
    how: str
    """The reason in words: which side of the trust relationship granted it."""


class AssumeGraph(BaseModel):
    """Who can assume what, as plain data: nodes (sorted by id) and edges (sorted by source, then target)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    nodes: tuple[GraphNode, ...]
    edges: tuple[AssumeEdge, ...]

    @cached_property
    def _outgoing(self) -> dict[str, tuple[AssumeEdge, ...]]:
        found: dict[str, list[AssumeEdge]] = {}
        for edge in self.edges:
            found.setdefault(edge.source, []).append(edge)
        return {key: tuple(value) for key, value in found.items()}

    @cached_property
    def _incoming(self) -> dict[str, tuple[AssumeEdge, ...]]:
        found: dict[str, list[AssumeEdge]] = {}
        for edge in self.edges:
            found.setdefault(edge.target, []).append(edge)
        return {key: tuple(value) for key, value in found.items()}

    def edges_from(self, node_id: str) -> tuple[AssumeEdge, ...]:
        return self._outgoing.get(node_id, ())

    def edges_to(self, node_id: str) -> tuple[AssumeEdge, ...]:
        return self._incoming.get(node_id, ())

    def edge(self, source: str, target: str) -> AssumeEdge | None:
        return next((e for e in self.edges_from(source) if e.target == target), None)


def node_of(entry: AnalysedPrincipal) -> GraphNode:
    return GraphNode(id=entry.arn, kind=entry.kind, account_id=entry.account_id, name=entry.name)


def who_can_assume(world: object, *, decider: ConditionalDecider | None = None) -> AssumeGraph:
    """The who-can-assume-what graph of a State, Simulation, Sandbox or :class:`PrincipalIndex`.

    ``decider``: a decider (and through it the index) to share with other analyses of the same world.
    """
    index = decider.index if decider is not None else principal_index(world)
    return _GraphBuilder(index, decider or ConditionalDecider(index, share_equivalent=True, rebase=False)).build()


class _GraphBuilder:
    """Finds the candidates of each role's trust policy, and asks the engine about each one."""

    def __init__(self, index: PrincipalIndex, decider: ConditionalDecider) -> None:
        self.index = index
        self.decider = decider
        self.roles = [p for p in index.principals if p.kind == "role"]
        self.parsed = {role.arn: Arn.parse(role.arn) for role in self.roles}
        self.trusts: dict[str, tuple[StatementFacts, ...]] = {}
        self.delegating: dict[str, list[AnalysedPrincipal]] = {}
        """Account id → the roles whose trust policy trusts that account."""
        self.delegated: dict[str, list[AnalysedPrincipal]] = {}
        """Role ARN → the principals of trusted accounts whose identity policies could let them assume it."""
        self.matches: dict[tuple[str, str], frozenset[str]] = {}
        self.outside: dict[str, GraphNode] = {}

    def build(self) -> AssumeGraph:
        accounts = self.index.state.accounts
        for role in self.roles:
            text = accounts[role.account_id or ""].roles[role.name.lower()].trust_policy
            statements = self.index.facts(text, resource_based=True).assume_statements()
            self.trusts[role.arn] = statements
            for account in sorted({a for s in statements for a in s.accounts}):
                self.delegating.setdefault(account, []).append(role)
        for account, roles in self.delegating.items():
            for entry in self.index.by_account.get(account, ()):
                for arn in self._delegated_roles(entry, roles):
                    self.delegated.setdefault(arn, []).append(entry)
        found = [
            (source.arn, role.arn, edge)
            for role in self.roles
            for source in self._candidates(role)
            if (edge := self._edge(source, role)) is not None
        ]
        found.sort(key=lambda item: (item[0], item[1]))
        nodes = {p.arn: node_of(p) for p in self.index.principals} | self.outside
        return AssumeGraph(nodes=tuple(nodes[k] for k in sorted(nodes)), edges=tuple(edge for _, _, edge in found))

    # -- candidates ------------------------------------------------------------------------------
    def _candidates(self, role: AnalysedPrincipal) -> Iterator[AnalysedPrincipal]:
        """Each principal the trust policy could admit, once, sorted by ARN (outside stand-ins last)."""
        index = self.index
        inside: dict[str, AnalysedPrincipal] = {}
        outside: set[str] = set()
        statements = self.trusts[role.arn]
        if any(s.everyone for s in statements):
            inside.update(index.by_arn)
            outside.add(ANYONE)
        for entry in self.delegated.get(role.arn, ()):
            inside[entry.arn] = entry
        for account in sorted({a for s in statements for a in s.accounts}):
            if account not in index.state.accounts:
                outside.add(f"arn:aws:iam::{account}:root")
        for arn in sorted({a for s in statements for a in s.arns}):
            if arn in index.by_arn:
                inside[arn] = index.by_arn[arn]
            elif _is_outside_principal(arn, index):
                outside.add(arn)
        outside.update(service for s in statements for service in s.services)
        inside.pop(role.arn, None)  # a role assuming itself adds nothing to any path
        yield from (inside[arn] for arn in sorted(inside))
        yield from (index.stand_in(node_id) for node_id in sorted(outside))

    def _delegated_roles(self, entry: AnalysedPrincipal, roles: list[AnalysedPrincipal]) -> set[str]:
        """The ``roles`` (trusting its account) that some identity policy of ``entry`` could let it assume."""
        found: set[str] = set()
        for source in entry.sources:
            found |= self._roles_for(source.text, entry.account_id or "", roles)
        return found

    def _roles_for(self, text: str, account: str, roles: list[AnalysedPrincipal]) -> frozenset[str]:
        key = (text, account)
        cached = self.matches.get(key)
        if cached is not None:
            return cached
        found: set[str] = set()
        facts = self.index.facts(text)
        if facts.unreadable:
            found.update(r.arn for r in roles)
        for statement in facts.assume_statements():
            if statement.resource_everything:
                found.update(r.arn for r in roles)
                break
            found.update(r.arn for r in roles if statement.may_match("sts:assumerole", r.arn, self.parsed[r.arn]))
        self.matches[key] = frozenset(found)
        return self.matches[key]

    # -- edges -----------------------------------------------------------------------------------
    def _edge(self, source: AnalysedPrincipal, role: AnalysedPrincipal) -> AssumeEdge | None:
        target = self.index.target(role.arn, trust=True)
        verdict = self.decider.decide(source, ASSUME_ROLE, target)
        if not verdict.allowed:
            return None
        if not source.in_simulation and source.arn not in self.outside:
            self.outside[source.arn] = node_of(source)
        return assume_edge(source, role, verdict)


def assume_edge(source: AnalysedPrincipal, role: AnalysedPrincipal, verdict: Verdict) -> AssumeEdge:
    """The edge for an allowing verdict of ``source`` calling ``sts:AssumeRole`` on ``role``."""
    assert verdict.decision is not None
    reason = verdict.decision.reason
    return construct(  # built from checked values: skipping validation matters at 100,000 edges
        AssumeEdge,
        {
            "source": source.arn,
            "target": role.arn,
            "conditional": verdict.conditional,
            "conditions": verdict.conditions,
            "label": verdict.label if verdict.conditional else "can assume",
            "cross_account": source.account_id is not None and source.account_id != role.account_id,
            "reason": reason,
            "how": _HOW.get(reason, reason.replace("_", " ")),
        },
    )


def _is_outside_principal(arn: str, index: PrincipalIndex) -> bool:
    """An ARN of a user or role in an account the simulation does not hold (a dangling ARN inside it is not)."""
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[2] != "iam" or parts[4] in index.state.accounts:
        return False
    return parts[5].startswith(("user/", "role/"))
