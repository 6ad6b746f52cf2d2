"""Analysis, reach: everything one principal can do to the world's entities and resources, itself or by assuming roles.

The principal acts as itself and as every role it can reach by assuming roles (the
who-can-assume graph; each role by its shortest chain). Each acting principal is asked about:

- the IAM entities of its own account (users, groups, roles, customer managed policies), and the
  resources the simulation holds in any account (S3 buckets and a bounded number of their
  objects, Lambda functions, KMS keys), or the ``resources`` given;
- a bounded set of actions: ``actions`` when given; otherwise, per kind of resource, the actions
  of the catalog that act on that kind and that its identity policies (or the resource's own
  policy) name, expanded from their wildcards, at most :data:`ACTIONS_PER_KIND` of them in
  alphabetical order.

Every (resource, action) pair the engine allows, conditionally or not, is one :class:`Reach`,
by the shortest chain; requests no statement could allow are skipped before the engine.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, SkipValidation

from workbench.analysis.assume_graph import AssumeEdge, AssumeGraph, who_can_assume
from workbench.analysis.principal_entries import AnalysedPrincipal
from workbench.analysis.principals import PrincipalIndex, principal_index
from workbench.analysis.targets import ResourceTarget, resource_facts
from workbench.analysis.verdicts import ConditionalDecider, EdgeCondition
from workbench.analysis.who_can import target_for
from workbench.policy.catalog import load_catalog

ACTIONS_PER_KIND = 80
"""At most this many actions per kind of resource when the actions are derived from the policies."""

OBJECTS_PER_BUCKET = 20
"""At most this many objects of each bucket (by key) are resources of their own."""

KINDS: dict[str, tuple[tuple[str, str], ...]] = {
    "user": (("iam", "user"),),
    "group": (("iam", "group"),),
    "role": (("iam", "role"), ("sts", "role")),
    "policy": (("iam", "policy"),),
    "bucket": (("s3", "bucket"),),
    "object": (("s3", "object"),),
    "function": (("lambda", "function"),),
    "key": (("kms", "key"),),
}
"""Resource kind → the (service prefix, catalog resource type name) pairs whose actions act on it."""


class Reach(BaseModel):
    """One action the principal can perform on one resource, as itself or through a chain of roles."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    principal: str
    resource: str
    resource_kind: str
    action: str
    acting_as: str
    chain: tuple[str, ...]
    """ARNs from the principal to ``acting_as`` (one element when it acts as itself)."""
    conditional: bool
    conditions: tuple[EdgeCondition, ...] = ()
    reason: str
    explanation: str
    decision: Annotated[Any, SkipValidation, Field(exclude=True, repr=False)] = None


def resource_kind(arn: str) -> str | None:
    """``user``, ``role``, ``bucket``, ``object``, ``function``, ``key``… for an ARN, or None."""
    parts = arn.split(":", 5)
    if len(parts) != 6:
        return None
    service, resource = parts[2], parts[5]
    if service == "iam":
        kind = resource.split("/", 1)[0]
        return kind if kind in ("user", "group", "role", "policy") else None
    if service == "s3":
        return "object" if "/" in resource else "bucket"
    if service == "lambda" and resource.startswith("function:"):
        return "function"
    if service == "kms" and resource.startswith("key/"):
        return "key"
    return None


def reach(
    world: object,
    principal_arn: str,
    *,
    actions: Sequence[str] | None = None,
    resources: Sequence[str] | None = None,
    assume: AssumeGraph | None = None,
) -> list[Reach]:
    """Everything ``principal_arn`` can reach, sorted by resource, then action."""
    index = principal_index(world)
    entry = index.principal(principal_arn)
    graph = assume if assume is not None else who_can_assume(index)
    decider = ConditionalDecider(index, share_equivalent=True)
    best: dict[tuple[str, str], Reach] = {}
    candidates: dict[str, list[str]] = {}
    for chain in _chains_from(graph, entry.arn):
        acting = index.by_arn.get(chain[-1].target if chain else entry.arn)
        if acting is None:
            continue
        conditions = {c.label: c for edge in chain for c in edge.conditions}
        names = " → ".join(arn.rsplit("/", 1)[-1] for arn in (entry.arn, *(edge.target for edge in chain)))
        for arn in resources if resources is not None else _resources(index, acting):
            kind = resource_kind(arn) or "other"
            if actions is None and kind not in candidates:
                candidates[kind] = catalog_actions(kind)
            for action in actions if actions is not None else _actions(index, acting, arn, candidates[kind]):
                if (arn, action) in best:
                    continue  # a shorter chain got there first
                target = target_for(index, action, arn, None)
                if not _may(index, acting, action, target):
                    continue
                verdict = decider.decide(acting, action, target)
                if not verdict.allowed or verdict.decision is None:
                    continue
                merged = {**conditions, **{c.label: c for c in verdict.conditions}}
                prefix = f"by assuming roles ({names}): " if chain else ""
                best[(arn, action)] = Reach(
                    principal=entry.arn,
                    resource=arn,
                    resource_kind=kind,
                    action=action,
                    acting_as=acting.arn,
                    chain=(entry.arn, *(edge.target for edge in chain)),
                    conditional=bool(merged),
                    conditions=tuple(merged.values()),
                    reason=verdict.decision.reason,
                    explanation=prefix + verdict.explanation,
                    decision=verdict.decision,
                )
    return [best[key] for key in sorted(best)]


def _chains_from(graph: AssumeGraph, start: str) -> Iterator[tuple[AssumeEdge, ...]]:
    """The empty chain, then each role reachable from ``start`` by its shortest chain (unconditional links first)."""
    chains: dict[str, tuple[AssumeEdge, ...]] = {start: ()}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        yield chains[node]
        for edge in sorted(graph.edges_from(node), key=lambda e: (e.conditional, e.target)):
            if edge.target not in chains:
                chains[edge.target] = (*chains[node], edge)
                queue.append(edge.target)


def _resources(index: PrincipalIndex, acting: AnalysedPrincipal) -> Iterator[str]:
    """The IAM entities of the acting principal's account, then the resources the simulation holds."""
    state = index.state
    account = state.accounts.get(acting.account_id or "")
    if account is not None:
        for entities in (account.users, account.groups, account.roles):
            yield from sorted(entity.arn for entity in entities.values())
        yield from sorted(policy.arn for policy in account.policies.values() if not policy.aws_managed)
    services = state.services
    for name in sorted(services.buckets):
        bucket = services.buckets[name]
        yield bucket.arn
        yield from (f"{bucket.arn}/{key}" for key in sorted(bucket.objects)[:OBJECTS_PER_BUCKET])
    yield from sorted(services.functions)
    yield from sorted(services.keys)


def _actions(index: PrincipalIndex, acting: AnalysedPrincipal, arn: str, candidates: Sequence[str]) -> list[str]:
    """Of the catalog's ``candidates`` for this kind, those the acting principal's policies or the resource's name."""
    named = [index.facts(source.text) for source in acting.sources]
    _, policy, _ = resource_facts(index.state, arn, trust=arn.split(":")[2:3] == ["iam"])  # a role's trust policy
    if policy is not None:
        named.append(index.facts(policy, resource_based=True))
    found = [action for action in candidates if any(f.names_action(action.lower()) for f in named)]
    return found[:ACTIONS_PER_KIND]


def catalog_actions(kind: str) -> list[str]:
    """The catalog's actions that act on this kind of resource (see :data:`KINDS`), alphabetically."""
    if kind not in KINDS:
        return []
    catalog = load_catalog()
    return sorted(
        action
        for service, type_name in KINDS[kind]
        for action in catalog.service_actions(service)
        if any(rtype.name == type_name for rtype in catalog.resource_types(action))
    )


def _may(index: PrincipalIndex, acting: AnalysedPrincipal, action: str, target: ResourceTarget) -> bool:
    """A resource policy that could grant, or an identity policy that could: otherwise the engine would refuse."""
    action_lower, arn, parsed = action.lower(), target.arn, target.parsed
    policy = target.policy
    if policy is not None and index.facts(policy.text, resource_based=True).may_allow(action_lower, arn, parsed):
        return True
    return index.may_allow(acting, action_lower, arn, parsed)
