"""Grading: an exercise and the submitted documents → a GradeReport. A pure function; nothing else is read.

Every check gets an answer even when a document does not parse (the slot is then empty and the
report says why), so a learner always sees what works and what does not.
"""

from __future__ import annotations

from collections.abc import Mapping

from workbench.engine.authorize import authorize
from workbench.engine.decision import Decision
from workbench.engine.policy_set import PolicySet
from workbench.errors import WorkbenchError
from workbench.explain import explain_decision
from workbench.explain.summary import summarize
from workbench.grading.exercise import (
    Check,
    Exercise,
    MaxStatementsCheck,
    NeverAllowsCheck,
    NoFindingsCheck,
    RequestCheck,
)
from workbench.grading.report import CheckResult, GradeReport, SlotError
from workbench.grading.scenario import World
from workbench.policy.findings import Severity
from workbench.policy.model import PolicyType
from workbench.policy.validate import validate_policy

_SEVERITY_OF = {"no_errors": Severity.ERROR, "no_security_warnings": Severity.SECURITY_WARNING}
_WORDS = {"allowed": "allowed", "explicitDeny": "explicit deny", "implicitDeny": "implicit deny", "denied": "denied"}


def grade(exercise: Exercise, submitted: Mapping[str, str], *, include_hidden: bool = True) -> GradeReport:
    """Grade the learner's documents (slot id → policy text) against every check of ``exercise``."""
    world = World.build(exercise, submitted)
    checks: list[tuple[Check, bool]] = [(c, False) for c in exercise.checks]
    if include_hidden:
        checks += [(c, True) for c in exercise.hidden_checks]
    if world.problems:
        results = tuple(_not_graded(world, check, hidden) for check, hidden in checks)
    else:
        results = tuple(_run(world, check, hidden) for check, hidden in checks)
    titles = {slot.id: slot.title for slot in exercise.slots}
    return GradeReport(
        exercise=exercise.id,
        title=exercise.title,
        score=sum(r.points for r in results if r.passed),
        max_score=sum(r.points for r in results),
        results=results,
        slot_errors=tuple(
            SlotError(slot=p.slot, title=titles[p.slot], message=p.message, line=p.line, column=p.column)
            for p in world.problems
        ),
    )


def _run(world: World, check: Check, hidden: bool) -> CheckResult:
    try:
        if isinstance(check, RequestCheck):
            return _request(world, check, hidden)
        if isinstance(check, NeverAllowsCheck):
            return _never_allows(world, check, hidden)
        if isinstance(check, NoFindingsCheck):
            return _no_findings(world, check, hidden)
        return _max_statements(world, check, hidden)
    except WorkbenchError as error:
        # A document AWS would refuse (an unknown operator, a bad Effect…) fails the check, with the reason.
        return CheckResult(
            id=check.id,
            kind=check.kind,
            title=check.description or check.id,
            expected="a policy AWS accepts",
            got="error",
            passed=False,
            points=check.points,
            why=error.message,
            hidden=hidden,
        )


def _not_graded(world: World, check: Check, hidden: bool) -> CheckResult:
    """A document that does not parse earns nothing: say where it breaks instead of guessing."""
    problem = world.problems[0]
    return CheckResult(
        id=check.id,
        kind=check.kind,
        title=check.description or _title(check),
        expected=_expected(check),
        got="not evaluated",
        passed=False,
        points=check.points,
        why=f"fix the JSON first: {problem}",
        hidden=hidden,
    )


def _title(check: Check) -> str:
    if isinstance(check, RequestCheck):
        on = "" if check.resource == "*" else f" on {check.resource}"
        return f"{check.principal} → {check.action}{on}"
    if isinstance(check, NeverAllowsCheck):
        return f"{', '.join(check.principals)} must never be allowed {', '.join(check.actions)}"
    if isinstance(check, NoFindingsCheck):
        return "no validation errors" if check.kind == "no_errors" else "no validation security warnings"
    return f"at most {check.max} statement(s) in {check.slot}"


def _expected(check: Check) -> str:
    if isinstance(check, RequestCheck):
        return _WORDS[check.expect]
    if isinstance(check, NeverAllowsCheck):
        return "never allowed"
    if isinstance(check, NoFindingsCheck):
        return "no errors" if check.kind == "no_errors" else "no security warnings"
    return f"at most {check.max}"


def _request(world: World, check: RequestCheck, hidden: bool) -> CheckResult:
    request, policies = world.request(check.principal, check.action, check.resource, check.context, check.target)
    decision = authorize(request, policies)
    passed = decision.decision == check.expect or (check.expect == "denied" and not decision.allowed)
    return CheckResult(
        id=check.id,
        kind=check.kind,
        title=check.description or _title(check),
        expected=_expected(check),
        got=_WORDS[decision.decision],
        passed=passed,
        points=check.points,
        why=summarize(decision) if passed else _failure_why(decision, policies),
        hidden=hidden,
    )


def _failure_why(decision: Decision, policies: PolicySet) -> str:
    """For a failed check, the fuller story: the explanation's headline, nearest statement and fix."""
    explanation = explain_decision(decision, policies)
    parts = [explanation.headline.rstrip(".") + "."]
    if explanation.nearest:
        parts.append(explanation.nearest[0].text[:1].upper() + explanation.nearest[0].text[1:].rstrip(".") + ".")
    if explanation.fix_hint:
        parts.append("Fix: " + explanation.fix_hint.rstrip(".") + ".")
    return " ".join(parts)


def _never_allows(world: World, check: NeverAllowsCheck, hidden: bool) -> CheckResult:
    offending: list[str] = []
    for name in check.principals:
        for action in check.actions:
            for resource in check.resources:
                request, policies = world.request(name, action, resource, check.context, None)
                decision = authorize(request, policies)
                if decision.allowed:
                    offending.append(summarize(decision))
    return CheckResult(
        id=check.id,
        kind=check.kind,
        title=check.description or _title(check),
        expected=_expected(check),
        got="allowed" if offending else "never allowed",
        passed=not offending,
        points=check.points,
        why=offending[0] if offending else "no request of this kind is allowed",
        hidden=hidden,
    )


def _slot_type(world: World, slot_id: str) -> PolicyType:
    slot = next(s for s in world.exercise.slots if s.id == slot_id)
    return PolicyType(slot.type)


def _no_findings(world: World, check: NoFindingsCheck, hidden: bool) -> CheckResult:
    severity = _SEVERITY_OF[check.kind]
    found = [
        f"{world.documents[slot_id].name}: line {f.line}, column {f.column}: {f.message}"
        + (f" ({f.hint})" if f.hint else "")
        for slot_id in world.documents
        for f in validate_policy(world.documents[slot_id], _slot_type(world, slot_id)).findings
        if f.severity is severity
    ]
    label = "errors" if severity is Severity.ERROR else "security warnings"
    return CheckResult(
        id=check.id,
        kind=check.kind,
        title=check.description or _title(check),
        expected=_expected(check),
        got=f"{len(found)} found" if found else f"no {label}",
        passed=not found,
        points=check.points,
        why="; ".join(found[:3]),
        hidden=hidden,
    )


def _max_statements(world: World, check: MaxStatementsCheck, hidden: bool) -> CheckResult:
    document = world.documents.get(check.slot)
    count = len(document.statements) if document is not None else 0
    passed = document is not None and count <= check.max
    return CheckResult(
        id=check.id,
        kind=check.kind,
        title=check.description or _title(check),
        expected=_expected(check),
        got=str(count) if document is not None else "does not parse",
        passed=passed,
        points=check.points,
        why="" if passed else f"{count} statements; combine actions or resources into fewer statements",
        hidden=hidden,
    )
