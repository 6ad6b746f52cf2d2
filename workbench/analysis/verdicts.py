"""Analysis, deciding: a request decided as sent, then with the keys it tested satisfied → a labelled Verdict.

The analyses never drop access that depends on a condition. When the engine refuses a request
and some statements that applied had a ``Condition`` block (``Decision.conditional``), this
module derives a context that makes those Allow statements' conditions true and the Deny
statements' conditions false (values proposed by :mod:`workbench.analysis.condition_samples`,
kept only when the compiled condition agrees), asks the engine again, and keeps only the keys
that were needed. Keys that say *who* calls or *what* is called (``aws:PrincipalArn``,
``aws:PrincipalTag/…``, ``aws:ResourceTag/…``, ``aws:username``…) are facts, never satisfied, and
neither are the keys the caller pins (``iam:PassedToService`` when passing a role to Lambda).

A derivation depends only on which statements were conditional and on the values their keys
had as sent, so it is computed once per distinct such set (per world) and reused; the engine
still decides every request.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from pydantic import BaseModel, ConfigDict

from workbench.analysis.condition_samples import ClauseSamples, clause_samples
from workbench.analysis.principal_entries import AnalysedPrincipal
from workbench.analysis.principals import PrincipalIndex
from workbench.analysis.requests import build_request
from workbench.analysis.targets import ResourceTarget
from workbench.engine.compile import CompiledPolicy, CompiledStatement
from workbench.engine.decision import Decision
from workbench.engine.matchers import CompiledCondition
from workbench.engine.policy_set import CompiledPolicySet
from workbench.engine.request import ContextValue
from workbench.explain import summarize

_FACT_PREFIXES = ("aws:principal", "aws:resourcetag/", "aws:resourceaccount", "aws:resourceorg")
_FACT_KEYS = frozenset({"aws:username", "aws:userid"})

Delta = dict[str, ContextValue | None]
"""Lower-cased context keys to set (None: to remove)."""


class EdgeCondition(BaseModel):
    """A condition that must hold for an access: the key, the clause that tests it, and in words."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    """As written in the policy (``aws:MultiFactorAuthPresent``)."""
    operator: str
    values: tuple[str, ...]
    """The clause's policy values."""
    value: str | tuple[str, ...] | None
    """The request value that satisfied it (None: the key must be absent)."""
    label: str
    """``requires MFA``, ``requires ExternalId ext-123``, ``requires source IP in 203.0.113.0/24``…"""


@dataclass(frozen=True)
class Verdict:
    """The engine's answer for one request, allowing only under conditions when ``conditions`` is not empty."""

    allowed: bool
    decision: Decision | None
    """The allowing decision (made with the satisfying context when conditional), else the refusal as sent
    (None when the caller's own policies cannot be evaluated)."""
    conditions: tuple[EdgeCondition, ...] = ()
    context: Mapping[str, ContextValue | None] = field(default_factory=dict)
    """The context keys the allowing decision was made with, besides the request as sent (pinned ones too)."""

    @property
    def conditional(self) -> bool:
        return self.allowed and bool(self.conditions)

    @cached_property
    def label(self) -> str:
        """``allowed``, ``denied``, or ``conditional: requires MFA; …``."""
        if not self.allowed:
            return "denied"
        if not self.conditions:
            return "allowed"
        return "conditional: " + "; ".join(dict.fromkeys(c.label for c in self.conditions))

    @property
    def explanation(self) -> str:
        """The engine's one-line summary, with the conditions it was decided under."""
        if self.decision is None:
            return "not decided: the caller's policies cannot be evaluated"
        line = summarize(self.decision)
        return f"{line} [{self.label}]" if self.conditional else line


def _conditions_could_help(decision: Decision) -> bool:
    """Whether a context change could turn this refusal around: the blocking layer had a conditional statement.

    An explicit deny by a Deny without Condition, or an implicit deny from a layer none of whose
    matching statements had a Condition block (nor the resource policy, which can grant alone in
    the same account), stays whatever the context says.
    """
    conditional = decision.conditional
    if not conditional:
        return False
    if decision.decision == "explicitDeny":
        return all(ref.effect != "Deny" or _has_conditions(ref, conditional) for ref in decision.decisive)
    layer = decision.blocked_by
    if layer is None:
        return True
    # A same-account resource-policy grant can stand in for the identity side (E8), never for SCPs or RCPs.
    helpful = (layer,) if layer in ("scp", "rcp") else (layer, "resource")
    return any(statement.ref.layer in helpful for statement in conditional)


def _has_conditions(ref: object, conditional: tuple[CompiledStatement, ...]) -> bool:
    return any(statement.ref is ref for statement in conditional)


def _no_variables(_: str) -> None:
    return None


def _optional(policy: CompiledPolicy | None) -> tuple[CompiledPolicy, ...]:
    return () if policy is None else (policy,)


def _flat(levels: tuple[tuple[CompiledPolicy, ...], ...] | None) -> tuple[CompiledPolicy, ...]:
    return () if levels is None else tuple(policy for level in levels for policy in level)


def is_fact_key(key: str) -> bool:
    """Keys describing the caller or the resource: an analysis may not choose their values."""
    return key in _FACT_KEYS or key.startswith(_FACT_PREFIXES)


def condition_label(key: str, operator: str, values: tuple[str, ...], value: ContextValue | None) -> str:
    """A condition in a learner's words."""
    folded = key.lower()
    shown = ", ".join(values)
    if folded == "aws:multifactorauthpresent":
        if value is None:
            return "requires long-term credentials (no MFA information)"
        return "requires MFA" if value == "true" else "requires no MFA"
    if folded == "aws:multifactorauthage":
        return "requires recent MFA"
    if folded == "sts:externalid":
        return f"requires ExternalId {value if isinstance(value, str) else shown}"
    if folded in ("aws:sourceip", "aws:vpcsourceip"):
        return f"requires source IP in {shown}"
    if folded in ("aws:sourcevpc", "aws:sourcevpce"):
        return f"requires {'VPC' if folded == 'aws:sourcevpc' else 'VPC endpoint'} {shown}"
    if folded == "aws:securetransport":
        return "requires HTTPS" if value == "true" else "requires plain HTTP"
    if folded in ("aws:currenttime", "aws:epochtime"):
        return f"requires a time window ({operator} {shown})"
    if value is None:
        return f"requires {key} to be absent"
    text = ", ".join(value) if isinstance(value, tuple) else value
    return f"requires {key} = {text}"


@dataclass
class _Plan:
    """How to satisfy one set of conditional statements: every derived key, and the minimal ones once known."""

    full: Delta
    clauses: dict[str, CompiledCondition]
    minimal: Delta | None = None
    conditions: tuple[EdgeCondition, ...] | None = None


@dataclass
class ConditionalDecider:
    """Decides requests under two contexts for one :class:`PrincipalIndex`, remembering derivations.

    With ``share_equivalent`` (the graph builders use it), a verdict is reused for another
    resource when nothing the engine reads can tell the two requests apart: the same caller,
    action and pinned keys; a target of the same service and resource type, with the same
    resource policy, RCPs, account and tags (and service-linked or not); and the same statements
    naming resources narrower than ``"*"`` (none with a policy variable) matching both ARNs, so
    every policy applies the same statements to both. With ``rebase`` (the default) the reused
    decision is given the request actually asked about; without it, it names the first resource
    decided (cheaper, for callers that keep only the verdict).
    """

    index: PrincipalIndex
    share_equivalent: bool = False
    rebase: bool = True
    """With ``share_equivalent``: give a reused verdict a decision about the resource asked (else the first one's)."""
    _plans: dict[tuple[object, ...], _Plan | None] = field(default_factory=dict)
    _samples: dict[int, ClauseSamples | None] = field(default_factory=dict)
    _equivalent: dict[tuple[object, ...], Verdict] = field(default_factory=dict)
    _arn_statements: dict[tuple[object, str], tuple[CompiledStatement, ...] | None] = field(default_factory=dict)
    _kinds: dict[ResourceTarget, tuple[object, ...]] = field(default_factory=dict)

    def decide(
        self,
        entry: AnalysedPrincipal,
        action: str,
        target: ResourceTarget,
        pinned: Mapping[str, ContextValue] | None = None,
    ) -> Verdict:
        """Allowed as sent, allowed only under labelled conditions, or refused (with the refusal as sent)."""
        index = self.index
        own = index.own_policies(entry)
        if own is None:
            return Verdict(False, None)
        key = self._equivalence(entry, action, target, own, pinned) if self.share_equivalent else None
        if key is None:
            return self._decide(entry, action, target, pinned)
        found = self._equivalent.get(key)
        if found is None:
            found = self._equivalent[key] = self._decide(entry, action, target, pinned)
        elif self.rebase and found.decision is not None and found.decision.request.resource.arn != target.arn:
            request = build_request(entry, action, target, found.context or pinned)
            found = Verdict(found.allowed, found.decision._replace(request=request), found.conditions, found.context)
        return found

    def _equivalence(
        self,
        entry: AnalysedPrincipal,
        action: str,
        target: ResourceTarget,
        own: CompiledPolicySet,
        pinned: Mapping[str, ContextValue] | None,
    ) -> tuple[object, ...] | None:
        """A key shared by exactly the requests the engine cannot tell apart, or None when it cannot be known."""
        action_lower = action.lower()
        mine = self._arn_tests(entry, action_lower, own, target=None)
        theirs = self._arn_tests(target, action_lower, own, target=target)
        if mine is None or theirs is None:
            return None
        arn_text, arn = target.arn, target.parsed
        specific = mine + theirs
        matching = (
            tuple(id(s) for s in specific if s.resources.matches(arn_text, arn, _no_variables))  # type: ignore[union-attr]
            if specific
            else ()
        )
        kind = self._kinds.get(target)
        if kind is None:
            kind = self._kinds[target] = (
                id(target.compiled_policy),
                id(target.compiled_rcps),
                target.account_id,
                tuple(sorted(target.context.items())),
                (arn.service, arn.resource_type) if arn is not None else None,
                ":role/aws-service-role/" in arn_text,
            )
        return (entry, action_lower, tuple(sorted(pinned.items())) if pinned else (), kind, matching)

    def _arn_tests(
        self, owner: object, action_lower: str, own: CompiledPolicySet, target: ResourceTarget | None
    ) -> tuple[CompiledStatement, ...] | None:
        """The statements covering the action whose Resource names something narrower than ``"*"``.

        Of the caller's own policies (``target`` None) or of the target's resource policy and RCPs.
        None when one of them has a policy variable in its Resource (its match depends on the request).
        """
        key = (owner, action_lower)
        if key in self._arn_statements:
            return self._arn_statements[key]
        if target is None:
            policies = (*own.identity, *_optional(own.boundary), *_flat(own.scp_levels))
        else:
            policies = (*_optional(target.compiled_policy), *_flat(target.compiled_rcps))
        found: list[CompiledStatement] = []
        for policy in policies:
            for statement in policy.candidates(action_lower):
                resources = statement.resources
                if resources is None or (not resources.negated and any(p.everything for p in resources.patterns)):
                    continue
                if resources.has_variables:
                    self._arn_statements[key] = None
                    return None
                found.append(statement)
        self._arn_statements[key] = tuple(found)
        return self._arn_statements[key]

    def _decide(
        self,
        entry: AnalysedPrincipal,
        action: str,
        target: ResourceTarget,
        pinned: Mapping[str, ContextValue] | None,
    ) -> Verdict:
        index = self.index
        prepared = index.prepare(entry, target)

        def run(context: Delta) -> Decision | None:
            return index.decide(entry, action, target, context, prepared=prepared)

        fixed: Delta = dict(pinned or {})
        base = run(fixed)
        if base is None:
            return Verdict(False, None)
        if base.allowed:
            return Verdict(True, base, (), fixed)
        if not _conditions_could_help(base):
            return Verdict(False, base)
        plan = self._plan(base, fixed)
        if plan is None:
            return Verdict(False, base)
        if plan.minimal is not None:
            decision = run({**fixed, **plan.minimal})
            if decision is not None and decision.allowed:
                return Verdict(True, decision, self._conditions(plan, plan.minimal), {**fixed, **plan.minimal})
        decision = run({**fixed, **plan.full})
        if decision is None or not decision.allowed:
            return Verdict(False, base)
        minimal = dict(plan.full)
        for key in sorted(plan.full):
            trial = {k: v for k, v in minimal.items() if k != key}
            attempt = run({**fixed, **trial})
            if attempt is not None and attempt.allowed:
                minimal, decision = trial, attempt
        if plan.minimal is None:
            plan.minimal = minimal
        return Verdict(True, decision, self._conditions(plan, minimal), {**fixed, **minimal})

    def _conditions(self, plan: _Plan, delta: Delta) -> tuple[EdgeCondition, ...]:
        if delta is plan.minimal:
            if plan.conditions is None:
                plan.conditions = self._described(plan, delta)
            return plan.conditions
        return self._described(plan, delta)

    @staticmethod
    def _described(plan: _Plan, delta: Delta) -> tuple[EdgeCondition, ...]:
        found = []
        for key in sorted(delta):
            clause = plan.clauses[key].clause
            value = delta[key]
            label = condition_label(clause.key, clause.operator, clause.values, value)
            found.append(
                EdgeCondition(key=clause.key, operator=clause.operator, values=clause.values, value=value, label=label)
            )
        return tuple(found)

    def _plan(self, base: Decision, pinned: Delta) -> _Plan | None:
        statements = base.conditional
        cacheable = all(condition.test is not None for s in statements for condition in s.conditions)
        # A derivation depends on the statements, the values their keys have as sent, and the pinned keys.
        context = base.request.normalised_context
        values = tuple(context.get(condition.key) for s in statements for condition in s.conditions)
        signature = (*map(id, statements), values, *sorted(pinned))
        if cacheable and signature in self._plans:
            return self._plans[signature]
        plan = self._derive(base, statements, pinned)
        if cacheable:
            self._plans[signature] = plan
        return plan

    def _derive(self, base: Decision, statements: tuple[CompiledStatement, ...], pinned: Delta) -> _Plan | None:
        context = base.request.normalised_context
        changes: Delta = {}
        clauses: dict[str, CompiledCondition] = {}

        def current(key: str) -> ContextValue | None:
            return changes[key] if key in changes else context.get(key)

        def free(key: str) -> bool:
            return key not in changes and key not in pinned and not is_fact_key(key)

        for statement in (s for s in statements if not s.deny):
            for condition in statement.conditions:
                key = condition.key
                if not condition.outcome(current(key), current) and free(key):
                    self._choose(condition, True, current, changes, clauses)
        for statement in (s for s in statements if s.deny):
            if not all(c.outcome(current(c.key), current) for c in statement.conditions):
                continue  # this Deny no longer applies
            for condition in statement.conditions:
                if free(condition.key) and self._choose(condition, False, current, changes, clauses):
                    break
        return _Plan(changes, clauses) if changes else None

    def _choose(
        self,
        condition: CompiledCondition,
        wanted: bool,
        current: object,
        changes: Delta,
        clauses: dict[str, CompiledCondition],
    ) -> bool:
        """Set the first proposed value that gives the clause the ``wanted`` outcome; True if one does."""
        key = id(condition.clause)
        if key not in self._samples:
            self._samples[key] = clause_samples(condition.clause)
        samples = self._samples[key]
        if samples is None:
            return False
        proposals: list[ContextValue | None] = list(samples.matching if wanted else samples.non_matching)
        proposals.append(None)
        for value in proposals:
            if condition.outcome(value, current) == wanted:  # type: ignore[arg-type]
                changes[condition.key] = value
                clauses[condition.key] = condition
                return True
        return False
