"""Validate, entry point: a policy (text or parsed) and its type → a ValidationReport of every finding.

The pipeline is parse → validate → evaluate → explain; this step never stops at the first
problem. Text that does not parse gives one located ERROR (the parser's code) instead of an
exception; a parsed document runs through every check module and the findings are sorted by
position.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from workbench.errors import PolicyParseError
from workbench.policy.catalog import load_catalog
from workbench.policy.findings import Finding, Severity, ValidationReport
from workbench.policy.model import PolicyDocument, PolicyType
from workbench.policy.parse import parse_policy
from workbench.policy.validate import (
    actions,
    arns,
    conditions,
    document,
    elements,
    empty,
    principals,
    redundancy,
    resource_types,
    security,
    sids,
    size,
    trust,
    variables,
)
from workbench.policy.validate.context import CheckContext

Check = Callable[[CheckContext], Iterator[Finding]]

CHECKS: tuple[Check, ...] = (
    document.check,
    elements.check,
    sids.check,
    empty.check,
    trust.check,
    principals.check,
    arns.check,
    actions.check,
    resource_types.check,
    conditions.check,
    variables.check,
    security.check,
    size.check,
    redundancy.check,
)
"""Every check, in pipeline order; each one is independent of the others' results."""

_PARSE_HINTS = {
    "parse_duplicate_key": "Keep one of the two keys; IAM rejects an object that repeats a key.",
    "parse_not_an_object": 'A policy is one JSON object: {"Version": "2012-10-17", "Statement": [...]}.',
    "parse_wrong_type": "Use the JSON type IAM expects here (text in double quotes, or a list of them).",
    "parse_principal_form": 'Write "Principal": "*" or an object such as {"AWS": "111122223333"}.',
    "parse_too_deep": "A policy never nests this deep; check for a bracket left open.",
    "parse_too_large": "Policies are a few thousand characters at most.",
}


def as_policy_type(policy_type: PolicyType | str) -> PolicyType:
    """Accept a :class:`PolicyType` or its name in any case ("trust", "SCP")."""
    if isinstance(policy_type, PolicyType):
        return policy_type
    try:
        return PolicyType(policy_type.strip().lower())
    except ValueError:
        known = ", ".join(t.value for t in PolicyType)
        raise ValueError(f"unknown policy type {policy_type!r}; expected one of {known}") from None


def validate_policy(
    document: PolicyDocument | str | Mapping[str, Any], policy_type: PolicyType | str = "identity"
) -> ValidationReport:
    """Every problem of ``document`` used as ``policy_type``, as data; never raises for bad input.

    Text (or a decoded JSON object) is parsed first; what does not parse becomes one ERROR
    finding carrying the parser's code, line and column.
    """
    kind = as_policy_type(policy_type)
    if isinstance(document, PolicyDocument):
        parsed = document
    else:
        try:
            parsed = parse_policy(document if isinstance(document, str) else dict(document))
        except PolicyParseError as error:
            return ValidationReport(policy_type=kind, findings=(_parse_finding(error),))
    context = CheckContext(parsed, kind, load_catalog())
    findings = [finding for check in CHECKS for finding in check(context)]
    findings.sort(key=lambda f: (f.line, f.column, f.severity.rank, f.code))
    return ValidationReport(policy_type=kind, findings=tuple(findings))


def _parse_finding(error: PolicyParseError) -> Finding:
    return Finding(
        code=error.code,
        severity=Severity.ERROR,
        pointer=error.pointer,
        line=error.line,
        column=error.column,
        message=error.message,
        hint=_PARSE_HINTS.get(
            error.code,
            "Fix the JSON at this position: keys and text in double quotes, "
            "commas between items, every bracket closed.",
        ),
    )
