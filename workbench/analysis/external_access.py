"""Analysis, external access (Access Analyzer, R5): resource and trust policies → who outside the zone reaches what.

For every bucket policy, role trust policy, key policy and function policy of the zone's accounts
(:mod:`.resource_policies`), for every ``Allow`` statement and every principal it names, the
question "can a caller from outside the zone get in through this statement?" is put to the
**engine**, never answered by reading the policy text:

1. The principal names representative callers (:mod:`.external_callers`): ``"*"`` → an anonymous
   caller (not for trust policies), a *stranger* (a principal of an account the policy never
   names, in no organization), and one caller per combination of the values its positive
   identity conditions name (``aws:PrincipalOrgID``, ``aws:PrincipalAccount``, ``aws:PrincipalArn``,
   ``aws:userid``, …) and its Deny statements' negated ones spare; an account → a
   principal of it; an ARN → that principal. Callers inside the zone are dropped. Service
   principals are never external (R5); ``Federated`` and ``CanonicalUser`` principals are not
   analyzed: the engine has no such callers, so it can grant them nothing.
2. Each caller asks for the statement's actions (:meth:`ResourcePolicy.actions_for`) on the
   resource, with request contexts sampled from the conditions of the statement and of every
   ``Deny`` of the policy (:mod:`.condition_samples`: each non-identity key with a matching
   value, a non-matching one, absent). Identity keys come from the caller; the clock, the
   resource's account and tags come from the state.
3. The **resource side only** is decided: the caller's own account is assumed to allow everything
   (an ``Allow * *`` identity policy; no boundary, SCPs or RCPs), because Access Analyzer "does not
   consider the other account's state". A request counts when the engine allows it *through this
   statement* (the statement is among the decision's decisive ones).

A finding is one (statement, principal) with at least one external caller allowed; the first
such request, decided again with a trace, is its evidence (:meth:`Evidence.explain`).

**Public.** A finding is public when the anonymous caller or the stranger is allowed: then
anyone can get in, choosing only what a caller controls — the request (``aws:SecureTransport``,
``s3:prefix``, ``sts:ExternalId``, tags it sends or carries…) and where it connects from. So:

- ``aws:PrincipalOrgID = o-mine`` on ``"*"``: the stranger has no organization → not public. With
  an organization analyzer for ``o-mine`` every caller it admits is inside the zone → no finding;
  with an account analyzer, a principal of another account of ``o-mine`` gets in → a finding,
  not public (``reached_by`` names that account). The same holds for ``aws:PrincipalAccount``,
  ``aws:PrincipalArn``, ``aws:userid``, ``kms:CallerAccount``, ``aws:SourceAccount``/``aws:SourceArn``,
  and for a ``Deny`` that spares only such callers.
- Wildcards in identity values admit the stranger (``arn:aws:iam::*:role/deploy``: anyone can
  create a role named deploy) → public; so do names anyone can take (``aws:username``,
  ``aws:PrincipalType``, principal tags) and negated identity tests in an Allow
  (``StringNotEquals aws:PrincipalOrgID o-mine``).
- ``aws:SourceIp``, ``aws:SourceVpc``, ``aws:SourceVpce`` restrict *where from*, not *who*: a caller
  on that network may be anyone, even unauthenticated → **public, conditioned** (the finding lists
  the conditions). This is a workbench choice: S3's own GetBucketPolicyStatus counts a fixed
  source IP or VPC as non-public (:mod:`workbench.services.s3.policy_status`), while R5 leaves
  Access Analyzer's rule open and lists such conditions on public findings.
- Time conditions are judged at the scan's time (``aws:CurrentTime`` is the simulation's clock).

Sampling bounds: at most 12 actions per statement, 16 contexts per caller; a grant reachable only
with values outside the samples can be missed (a false negative, never a false positive).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, InstanceOf

from workbench.account.model import State
from workbench.analysis.condition_samples import context_variants, key_samples
from workbench.analysis.errors import AnalysisError
from workbench.analysis.external_callers import IDENTITY_KEYS, CallerFactory, ExternalCaller, Zone
from workbench.analysis.resource_policies import AnalyzedResource, ResourcePolicy, resource_policies
from workbench.clock import iso
from workbench.engine.authorize import authorize
from workbench.engine.decision import Decision
from workbench.engine.policy_set import PolicySet
from workbench.engine.request import AuthorizationRequest, Resource
from workbench.errors import PolicyNotEvaluableError
from workbench.explain import Explanation, explain_decision, summarize
from workbench.policy.model import PolicyDocument, PrincipalEntry, Statement
from workbench.policy.parse import parse_policy

FindingStatus = Literal["ACTIVE", "ARCHIVED", "RESOLVED"]
MAX_CONTEXTS_PER_CALLER = 16


@functools.cache
def _allow_everything() -> PolicyDocument:
    """The outside caller's own side: everything allowed (Access Analyzer ignores the other account's state)."""
    return parse_policy(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
        name="the external account's own policies (assumed to allow everything)",
    )


_FIXED_KEYS = frozenset({"aws:currenttime", "aws:epochtime", "aws:resourceaccount", "s3:resourceaccount"})


class ZoneOfTrust(BaseModel):
    """Whom an analyzer trusts: one account, or the organization that ``account_id`` belongs to."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: Literal["ACCOUNT", "ORGANIZATION"]
    account_id: str
    """The account the analyzer is created in (for an organization zone, any account of it)."""

    def resolve(self, state: State) -> Zone:
        """The zone's accounts (and organization id) in ``state``; AnalysisError when it makes no sense there."""
        if self.account_id not in state.accounts:
            raise AnalysisError(f"account {self.account_id} is not in this simulation", code="analysis_no_account")
        if self.type == "ACCOUNT":
            return Zone("ACCOUNT", frozenset({self.account_id}))
        organization = state.organization
        if organization is None or self.account_id not in organization.parents:
            raise AnalysisError(
                f"account {self.account_id} belongs to no organization: create one, or use an account analyzer",
                code="analysis_no_organization",
            )
        return Zone("ORGANIZATION", frozenset(organization.parents), organization.org_id)


class StatementLocation(BaseModel):
    """Where the granting statement is written: the policy, its Sid or position, line and column."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    policy: str
    index: int
    sid: str | None = None
    pointer: str
    line: int | None = None
    column: int | None = None

    @property
    def label(self) -> str:
        where = f" (line {self.line}:{self.column})" if self.line is not None else ""
        name = f'"{self.sid}"' if self.sid else f"statement {self.index + 1}"
        return f"{name} of the {self.policy}{where}"


class Evidence(BaseModel):
    """The engine's decision for the representative external request, and the policies it was decided with."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    decision: InstanceOf[Decision]
    policies: InstanceOf[PolicySet]

    def summary(self) -> str:
        return summarize(self.decision)

    def __eq__(self, other: object) -> bool:
        """Equal when the same request got the same answer for the same reasons (compiled internals aside)."""
        if not isinstance(other, Evidence):
            return NotImplemented
        return self._essence() == other._essence()

    def __hash__(self) -> int:
        return hash(repr(self._essence()))

    def _essence(self) -> tuple[Any, ...]:
        decision = self.decision
        return (decision.decision, decision.request, decision.reason, decision.decisive, self.policies)

    def explain(self) -> Explanation:
        """The decision walked through AWS's evaluation flow."""
        return explain_decision(self.decision, self.policies)


class ExternalAccessFinding(BaseModel):
    """One grant to a principal outside the zone of trust: who, what, under which conditions, and the proof."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    """Stable: the same resource, principal, actions and conditions give the same id in every scan."""
    status: FindingStatus = "ACTIVE"
    resource: AnalyzedResource
    principal: dict[str, str]
    """As written, Access Analyzer style: ``{"AWS": "222222222222"}``; ``{"AWS": "*"}`` for ``Principal "*"``."""
    is_public: bool
    external_account: str | None = None
    """The outside account the evidence request came from (None: anyone, or an anonymous caller)."""
    reached_by: str
    """The representative caller, in words: ``a principal of account 222222222222 in organization o-…``."""
    actions: tuple[str, ...] = ()
    """The statement's ``Action`` as written."""
    not_actions: tuple[str, ...] = ()
    """The statement's ``NotAction`` as written (everything but these)."""
    conditions: dict[str, dict[str, tuple[str, ...]]] = {}
    """The statement's ``Condition`` block: operator → key → values."""
    statement: StatementLocation
    evidence: Evidence
    created_at: datetime | None = None
    """When an :class:`~workbench.analysis.analyzer.Analyzer` first reported it (simulated clock)."""
    updated_at: datetime | None = None
    """When its status last changed."""

    @property
    def principal_value(self) -> str:
        return next(iter(self.principal.values()))


def find_external_access(
    state: State, zone: ZoneOfTrust, *, now: datetime | None = None
) -> tuple[ExternalAccessFinding, ...]:
    """Every external-access finding in ``state`` for ``zone`` (status ACTIVE), sorted by resource then statement.

    ``now`` is the time conditions are judged at (default: the state's ``now``; pass the
    simulation's clock, as :class:`~workbench.analysis.analyzer.Analyzer` does).
    """
    resolved = zone.resolve(state)
    moment = now or state.now
    found: dict[str, ExternalAccessFinding] = {}
    for policy in resource_policies(state, resolved.accounts):
        for finding in _policy_findings(state, resolved, policy, moment):
            found.setdefault(finding.id, finding)
    return tuple(sorted(found.values(), key=lambda f: (f.resource.arn, f.statement.index, f.id)))


def _policy_findings(
    state: State, zone: Zone, policy: ResourcePolicy, now: datetime
) -> Iterator[ExternalAccessFinding]:
    outside = policy.outside_view
    if outside is None:
        return
    sets = _policy_sets(outside)
    try:
        sets["user"].compiled  # noqa: B018 - a policy AWS would refuse to store grants nothing
    except PolicyNotEvaluableError:
        return
    kind = policy.resource.type
    factory = CallerFactory(
        state, zone, policy.document.text, kms=kind == "AWS::KMS::Key", anonymous=kind != "AWS::IAM::Role"
    )
    denies = [s for s in outside.statements if s.is_deny]
    deny_clauses = [c for s in denies for c in s.conditions or ()]
    fixed = _fixed_context(now, policy)
    for statement in policy.document.statements:
        if not statement.is_allow or statement.principal is None:
            continue
        actions = policy.actions_for(statement)
        if not actions:
            continue
        entries: list[PrincipalEntry | None] = [None] if statement.principal.wildcard else []
        entries += [e for e in statement.principal.entries if e.kind == "AWS"]
        samples = key_samples([*(statement.conditions or ()), *deny_clauses], skip=_not_sampled)
        for entry in entries:
            callers = factory.callers(None if entry is None or entry.value == "*" else entry, statement, denies)
            hit = _first_allowed(callers, policy, statement, actions, samples, sets, fixed)
            if hit is not None:
                yield _finding(policy, statement, entry, *hit)


def _not_sampled(key: str) -> bool:
    return key in IDENTITY_KEYS or key in _FIXED_KEYS or key.startswith("aws:resourcetag/")


def _policy_sets(outside: PolicyDocument) -> dict[str, PolicySet]:
    everything = _allow_everything()
    return {
        "user": PolicySet(identity=(everything,), resource=outside),
        "federated-user": PolicySet(identity=(everything,), resource=outside, session=everything),
        "none": PolicySet(resource=outside),
    }


def _fixed_context(now: datetime, policy: ResourcePolicy) -> dict[str, Any]:
    """What the state says about the request regardless of the caller: time, the resource's account and tags."""
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    context: dict[str, Any] = {
        "aws:CurrentTime": iso(now),
        "aws:EpochTime": str(int(now.timestamp())),
        "aws:SecureTransport": "true",
        "aws:ResourceAccount": policy.resource.account_id,
    }
    if policy.resource.region:
        context["aws:RequestedRegion"] = policy.resource.region
    if policy.resource.type == "AWS::S3::Bucket":
        context["s3:ResourceAccount"] = policy.resource.account_id
    context.update({f"aws:ResourceTag/{key}": value for key, value in policy.tags.items()})
    return context


def _first_allowed(
    callers: list[ExternalCaller],
    policy: ResourcePolicy,
    statement: Statement,
    actions: tuple[str, ...],
    samples: Any,
    sets: dict[str, PolicySet],
    fixed: dict[str, Any],
) -> tuple[ExternalCaller, Decision, PolicySet] | None:
    """The first (caller, request) the engine allows through ``statement``: public callers are tried first."""
    resource_account = policy.resource.account_id
    for caller in callers:
        kind = caller.principal.type
        policies = sets[
            "none" if kind in ("anonymous", "service") else "federated-user" if kind == "federated-user" else "user"
        ]
        for sampled in context_variants(samples, limit=MAX_CONTEXTS_PER_CALLER):
            context = {**fixed, **sampled, **caller.context}
            for action in actions:
                for arn in policy.arns_for(action, statement):
                    request = AuthorizationRequest(
                        principal=caller.principal,
                        action=action,
                        resource=Resource(arn=arn, account=resource_account),
                        context=context,
                    )
                    decision = authorize(request, policies)
                    if decision.allowed and _through(decision, statement):
                        return caller, authorize(request, policies, trace=True), policies
    return None


def _through(decision: Decision, statement: Statement) -> bool:
    return any(ref.layer == "resource" and ref.index == statement.index for ref in decision.decisive)


def _finding(
    policy: ResourcePolicy,
    statement: Statement,
    entry: PrincipalEntry | None,
    caller: ExternalCaller,
    decision: Decision,
    policies: PolicySet,
) -> ExternalAccessFinding:
    principal = {"AWS": "*"} if entry is None else {entry.kind: entry.value}
    conditions: dict[str, dict[str, tuple[str, ...]]] = {}
    for clause in statement.conditions or ():
        conditions.setdefault(clause.operator, {})[clause.key] = clause.values
    actions = statement.action or ()
    not_actions = statement.not_action or ()
    identity = [policy.resource.arn, principal, list(actions), list(not_actions), _canonical(conditions)]
    digest = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:16]
    span = policy.document.span_of(statement.pointer)
    return ExternalAccessFinding(
        id=f"ea-{digest}",
        resource=policy.resource,
        principal=principal,
        is_public=caller.public,
        external_account=None if caller.public else caller.account,
        reached_by=caller.description,
        actions=actions,
        not_actions=not_actions,
        conditions=conditions,
        statement=StatementLocation(
            policy=policy.resource.policy_noun + f" of {policy.resource.name}",
            index=statement.index,
            sid=statement.sid,
            pointer=statement.pointer,
            line=span.line if span else None,
            column=span.column if span else None,
        ),
        evidence=Evidence(decision=decision, policies=policies),
    )


def _canonical(conditions: dict[str, dict[str, tuple[str, ...]]]) -> list[Any]:
    """Conditions in a form independent of how they were written (operator and key case, value order)."""
    return sorted(
        [operator.lower(), key.lower(), sorted(values)]
        for operator, keys in conditions.items()
        for key, values in keys.items()
    )
