"""Analysis, who can: for an action on a resource, every principal that can perform it, and how, as the engine decides.

A principal can perform the action *directly* (its own identity policies, a group's, the
resource's policy, across accounts when both sides allow), or *by assuming a role* that can:
then the :class:`Access` carries the chain of roles from the principal to the role that acts,
with the conditions every link needs. Outside principals that the resource policy names
(accounts the simulation does not hold, outside ARNs, services, ``"*"``) are decided through
stand-ins (see :mod:`workbench.analysis.principals`). Each access keeps the engine's allowing
decision and its one-line summary. Conditional access is labelled, never left out.

A principal that can act directly is listed once, directly; a principal that can act only
through roles is listed once per role that acts, by its shortest chain.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SkipValidation

from workbench.analysis.assume_graph import AssumeEdge, AssumeGraph, who_can_assume
from workbench.analysis.principal_entries import ANYONE, AnalysedPrincipal, PrincipalKind
from workbench.analysis.principals import PrincipalIndex, principal_index
from workbench.analysis.targets import ResourceTarget
from workbench.analysis.verdicts import ConditionalDecider, EdgeCondition, Verdict
from workbench.engine.authorize import ROLE_ASSUMPTION_ACTIONS
from workbench.engine.decision import Decision

HowKind = Literal["identity policy", "group policy", "resource policy", "assumed role", "cross-account"]


class Access(BaseModel):
    """One principal that can perform the action, how, and the engine's decision for it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    principal: str
    """The principal that starts: a user or role ARN, or an outside account, ARN, service or ``*``."""
    principal_kind: PrincipalKind
    acting_as: str
    """The principal whose request the engine allowed: ``principal`` itself, or the last role of ``chain``."""
    how: tuple[HowKind, ...]
    """What granted it, in order: ``assumed role`` first when a chain leads there, then the acting principal's grant."""
    groups: tuple[str, ...] = ()
    """The groups whose policies granted it (``group policy``)."""
    policies: tuple[str, ...] = ()
    """The policies of the decisive statements, as the engine names them."""
    chain: tuple[str, ...]
    """ARNs from ``principal`` to ``acting_as`` (one element when it acts directly)."""
    conditional: bool
    conditions: tuple[EdgeCondition, ...] = ()
    """Conditions of every assumption in the chain and of the final request."""
    reason: str
    """The engine's reason code for the allowing decision."""
    explanation: str
    """One line: the chain, then the engine's summary of the allowing decision."""
    decision: Annotated[Any, SkipValidation, Field(exclude=True, repr=False)] = None
    """The engine's allowing :class:`~workbench.engine.decision.Decision` for ``acting_as`` (not dumped)."""


def resource_policy_text(policy: Mapping[str, Any] | str | None) -> str | None:
    return policy if isinstance(policy, str) or policy is None else json.dumps(dict(policy), indent=2)


def target_for(
    index: PrincipalIndex, action: str, resource_arn: str, policy: str | None, account: str | None = None
) -> ResourceTarget:
    """The resource, with a role's trust policy as its resource policy for role-assumption actions (E9)."""
    role = ":role/" in resource_arn and resource_arn.split(":")[2] == "iam"
    trust = role and action.lower() in ROLE_ASSUMPTION_ACTIONS
    return index.target(resource_arn, policy=policy, trust=trust, account=account)


def who_can(
    world: object,
    action: str,
    resource_arn: str,
    *,
    resource_policy: Mapping[str, Any] | str | None = None,
    resource_account: str | None = None,
    assume: AssumeGraph | None = None,
) -> list[Access]:
    """Every principal that can perform ``action`` on ``resource_arn``, sorted by principal, then chain length.

    ``resource_policy`` replaces the resource's own policy (a trust policy for role-assumption
    actions); ``resource_account`` owns a resource the simulation does not hold and whose ARN
    does not name its account (an S3 bucket); ``assume`` reuses a who-can-assume graph of the
    same world.
    """
    index = principal_index(world)
    decider = ConditionalDecider(index, share_equivalent=True)
    policy = resource_policy_text(resource_policy)
    target = target_for(index, action, resource_arn, policy, resource_account)
    direct: dict[str, Access] = {}
    for entry in _candidates(index, action, target):
        verdict = decider.decide(entry, action, target)
        if verdict.allowed:
            direct[entry.arn] = _access(entry, entry, (), verdict)
    graph = assume if assume is not None else who_can_assume(index)
    found = list(direct.values())
    for acting in sorted(direct.values(), key=lambda a: a.acting_as):
        if index.by_arn.get(acting.acting_as) is None or index.by_arn[acting.acting_as].kind != "role":
            continue
        for chain in _chains_to(graph, acting.acting_as):
            start = chain[0].source
            if start in direct:
                continue
            entry = index.by_arn.get(start) or index.stand_in(start)
            found.append(_through(entry, chain, acting))
    found.sort(key=lambda a: (a.principal, len(a.chain), a.acting_as))
    return found


def _candidates(index: PrincipalIndex, action: str, target: ResourceTarget) -> Iterable[AnalysedPrincipal]:
    """Principals that could be allowed: all, when the resource policy could grant; else those identity could."""
    action_lower = action.lower()
    policy_facts = None
    if target.policy is not None:
        policy_facts = index.facts(target.policy.text, resource_based=True)
    if policy_facts is not None and policy_facts.may_allow(action_lower, target.arn, target.parsed):
        yield from index.principals
        named: set[str] = set()
        for statement in policy_facts.allows:
            if statement.everyone:
                named.add(ANYONE)
            named.update(f"arn:aws:iam::{a}:root" for a in statement.accounts if a not in index.state.accounts)
            named.update(a for a in statement.arns if _account_of(a) not in (None, *index.state.accounts))
            named.update(statement.services)
        for node_id in sorted(named):
            yield index.stand_in(node_id)
        return
    for entry in index.principals:
        if index.may_allow(entry, action_lower, target.arn, target.parsed):
            yield entry


def _how(
    entry: AnalysedPrincipal, decision: Decision | None
) -> tuple[tuple[HowKind, ...], tuple[str, ...], tuple[str, ...]]:
    """(how, groups, policies) read from the allowing decision's decisive statements."""
    if decision is None:
        return (), (), ()
    how: list[HowKind] = []
    groups: list[str] = []
    policies = tuple(dict.fromkeys(ref.policy for ref in decision.decisive))
    if decision.request.is_cross_account:
        how.append("cross-account")
    for ref in decision.decisive:
        if ref.layer == "resource" and "resource policy" not in how:
            how.append("resource policy")
        elif ref.layer == "identity":
            origin = entry.origin_of(ref.policy) or ""
            if origin.startswith("group:"):
                groups.append(origin.removeprefix("group:"))
                kind: HowKind = "group policy"
            else:
                kind = "identity policy"
            if kind not in how:
                how.append(kind)
    return tuple(how), tuple(dict.fromkeys(groups)), policies


def _access(
    entry: AnalysedPrincipal, acting: AnalysedPrincipal, chain: tuple[AssumeEdge, ...], verdict: Verdict
) -> Access:
    how, groups, policies = _how(acting, verdict.decision)
    reason = verdict.decision.reason if verdict.decision is not None else ""
    return Access(
        principal=entry.arn,
        principal_kind=entry.kind,
        acting_as=acting.arn,
        how=how,
        groups=groups,
        policies=policies,
        chain=(entry.arn, *(edge.target for edge in chain)),
        conditional=verdict.conditional,
        conditions=verdict.conditions,
        reason=reason,
        explanation=verdict.explanation,
        decision=verdict.decision,
    )


def _through(entry: AnalysedPrincipal, chain: tuple[AssumeEdge, ...], acting: Access) -> Access:
    """``entry`` reaching the role of ``acting`` through ``chain``: the role's grant, with the chain's conditions."""
    conditions: dict[str, EdgeCondition] = {}
    for edge in chain:
        conditions.update((c.label, c) for c in edge.conditions)
    conditions.update((c.label, c) for c in acting.conditions)
    names = " → ".join(arn.rsplit("/", 1)[-1] for arn in (entry.arn, *(edge.target for edge in chain)))
    return acting.model_copy(
        update={
            "principal": entry.arn,
            "principal_kind": entry.kind,
            "how": ("assumed role", *acting.how),
            "chain": (entry.arn, *(edge.target for edge in chain)),
            "conditional": bool(conditions),
            "conditions": tuple(conditions.values()),
            "explanation": f"by assuming roles ({names}): {acting.explanation}",
        }
    )


def _chains_to(graph: AssumeGraph, role: str) -> list[tuple[AssumeEdge, ...]]:
    """For every node that can reach ``role`` by assuming roles, its shortest chain (unconditional links first)."""
    chains: dict[str, tuple[AssumeEdge, ...]] = {role: ()}
    queue = deque([role])
    while queue:
        node = queue.popleft()
        incoming = sorted(graph.edges_to(node), key=lambda e: (e.conditional, e.source))
        for edge in incoming:
            if edge.source not in chains:
                chains[edge.source] = (edge, *chains[node])
                queue.append(edge.source)
    del chains[role]
    return [chains[source] for source in sorted(chains) if not _is_service(source)]


def _account_of(arn: str) -> str | None:
    parts = arn.split(":")
    return parts[4] if len(parts) >= 6 and parts[0] == "arn" and parts[4] else None


def _is_service(node_id: str) -> bool:
    return not node_id.startswith("arn:") and node_id != ANYONE
