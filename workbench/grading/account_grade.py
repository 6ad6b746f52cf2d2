"""Grading: an account exercise and a Sandbox (the learner's account, as they left it) → a GradeReport.

Requests are decided as the named user, or a fresh session of the named role, would be decided
now (``.can()``); the unused-access checks read the same activity log as the credential report and
``find_unused_access``. A principal the learner deleted can do nothing: it passes "cannot" checks
and fails "must still work" ones.
"""

from __future__ import annotations

from typing import Any

from workbench.account.errors import AwsError
from workbench.account.facade import AccountView, FacadeError, Sandbox
from workbench.account.facade_checks import ExplainedDecision
from workbench.analysis import escalation_paths, find_unused_access
from workbench.errors import WorkbenchError
from workbench.explain.summary import summarize
from workbench.grading.account_exercise import (
    AccountCheck,
    AccountExercise,
    AccountRequestCheck,
    NoEscalationCheck,
    NoUnusedCheck,
)
from workbench.grading.exercise import NeverAllowsCheck
from workbench.grading.report import CheckResult, GradeReport

_WORDS = {"allowed": "allowed", "explicitDeny": "explicit deny", "implicitDeny": "implicit deny", "denied": "denied"}
_FINDING = {"access_keys": "UnusedIAMUserAccessKey", "passwords": "UnusedIAMUserPassword", "roles": "UnusedIAMRole"}
_NOUN = {"access_keys": "active access keys", "passwords": "console passwords", "roles": "roles"}


def grade_account(exercise: AccountExercise, sandbox: Sandbox, *, include_hidden: bool = True) -> GradeReport:
    """Grade the state of the exercise's account in ``sandbox`` against every check."""
    try:
        account = sandbox.account(exercise.setup.account_id)
    except FacadeError as error:
        max_score = sum(c.points for c in (exercise.all_checks if include_hidden else exercise.checks))
        return GradeReport(
            exercise=exercise.id, title=exercise.title, score=0, max_score=max_score, results=(), note=error.message
        )
    checks: list[tuple[AccountCheck, bool]] = [(c, False) for c in exercise.checks]
    if include_hidden:
        checks += [(c, True) for c in exercise.hidden_checks]
    results = tuple(_run(account, check, hidden) for check, hidden in checks)
    return GradeReport(
        exercise=exercise.id,
        title=exercise.title,
        score=sum(r.points for r in results if r.passed),
        max_score=sum(r.points for r in results),
        results=results,
    )


def _run(account: AccountView, check: AccountCheck, hidden: bool) -> CheckResult:
    if isinstance(check, AccountRequestCheck):
        return _request(account, check, hidden)
    if isinstance(check, NeverAllowsCheck):
        return _never_allows(account, check, hidden)
    if isinstance(check, NoEscalationCheck):
        return _no_escalation(account, check, hidden)
    return _no_unused(account, check, hidden)


def _decide(
    account: AccountView, arn: str, action: str, resource: str, context: dict[str, Any]
) -> ExplainedDecision | None:
    """The decision for ``arn`` now, or None when that user or role no longer exists."""
    kind, _, path = arn.split(":", 5)[5].partition("/")
    name = path.rsplit("/", 1)[-1]
    try:
        view = account.user(name) if kind == "user" else account.role(name)
    except AwsError:
        return None
    return view.can(action, resource, context=context)


def _short(arn: str) -> str:
    return arn.split(":", 5)[-1]


def _result(
    check: AccountCheck, hidden: bool, title: str, expected: str, got: str, passed: bool, why: str
) -> CheckResult:
    return CheckResult(
        id=check.id,
        kind=check.kind,
        title=check.description or title,
        expected=expected,
        got=got,
        passed=passed,
        points=check.points,
        why=why,
        hidden=hidden,
    )


def _request(account: AccountView, check: AccountRequestCheck, hidden: bool) -> CheckResult:
    on = "" if check.resource == "*" else f" on {check.resource}"
    title = f"{_short(check.principal)} → {check.action}{on}"
    try:
        decided = _decide(account, check.principal, check.action, check.resource, check.context)
    except WorkbenchError as error:
        return _result(check, hidden, title, _WORDS[check.expect], "error", False, error.message)
    if decided is None:
        passed = check.expect != "allowed"
        why = f"{_short(check.principal)} no longer exists" + ("" if passed else ": it was still needed")
        return _result(check, hidden, title, _WORDS[check.expect], "no such principal", passed, why)
    value = decided.value
    passed = value == check.expect or (check.expect == "denied" and value != "allowed")
    why = decided.restricted or summarize(decided.decision)
    return _result(check, hidden, title, _WORDS[check.expect], _WORDS[value], passed, why)


def _never_allows(account: AccountView, check: NeverAllowsCheck, hidden: bool) -> CheckResult:
    title = f"{', '.join(_short(p) for p in check.principals)} must never be allowed {', '.join(check.actions)}"
    offending: list[str] = []
    for arn in check.principals:
        for action in check.actions:
            for resource in check.resources:
                decided = _decide(account, arn, action, resource, check.context)
                if decided is not None and decided.allowed:
                    offending.append(summarize(decided.decision))
    why = offending[0] if offending else "no request of this kind is allowed"
    return _result(
        check, hidden, title, "never allowed", "allowed" if offending else "never allowed", not offending, why
    )


def _no_unused(account: AccountView, check: NoUnusedCheck, hidden: bool) -> CheckResult:
    title = f"no {_NOUN[check.what]} unused for {check.days} days"
    findings = [
        f
        for f in find_unused_access(account.sim, account_id=account.account_id, unused_days=check.days)
        if f.finding_type == _FINDING[check.what]
    ]
    got = f"{len(findings)} unused" if findings else "none unused"
    why = " ".join(f.recommendation for f in findings[:3])
    return _result(check, hidden, title, "none unused", got, not findings, why)


def _no_escalation(account: AccountView, check: NoEscalationCheck, hidden: bool) -> CheckResult:
    title = f"{_short(check.principal)} has no path to administrator"
    path = escalation_paths(account.sim).path_from(check.principal)
    if path is None:
        return _result(check, hidden, title, "no path", "no path", True, "no escalation path from this principal")
    steps = "; then ".join(f"{_short(step.source)} {step.description} ({step.primitive})" for step in path.steps)
    return _result(check, hidden, title, "no path", f"a path of {path.label}", False, steps)
