"""Validate, role trust policies: only role-assumption actions, never everyone as principal (G12, AMB-10)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from workbench.policy.findings import Finding, Severity
from workbench.policy.model import PolicyType, Statement
from workbench.policy.validate.context import CheckContext, Entry, describe, has_wildcard, quote
from workbench.wildcard import Glob

TRUST_ACTIONS: Final = (
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
    "sts:TagSession",
    "sts:SetSourceIdentity",
    "sts:SetContext",
)
_TRUST_FOLDED: Final = frozenset(a.lower() for a in TRUST_ACTIONS)
_LISTED: Final = ", ".join(TRUST_ACTIONS)


def check(context: CheckContext) -> Iterator[Finding]:
    if context.policy_type is not PolicyType.TRUST:
        return
    for statement in context.statements():
        if statement.not_action is not None:
            yield context.finding(
                "validate_trust_action_not_allowed",
                Severity.ERROR,
                f"{statement.pointer}/NotAction",
                f"{describe(statement)} uses NotAction in a role trust policy; a trust policy lists the "
                "role-assumption actions it governs.",
                f'Write "Action" with some of: {_LISTED}.',
                at_key=True,
            )
        for entry in context.entries(statement, "Action"):
            if _is_trust_action(context, entry.value) is False:
                yield _not_allowed(context, statement, entry)
        if statement.effect == "Allow" and _everyone(statement):
            yield context.finding(
                "validate_trust_principal_wildcard",
                Severity.ERROR,
                f"{statement.pointer}/Principal",
                f'{describe(statement)} lets Principal "*" assume the role: anyone in any AWS account. AWS '
                "rejects this in a trust policy; the workbench still evaluates it so you can see the danger.",
                "Name the accounts, roles or services that may assume the role, e.g. "
                '{"AWS": "arn:aws:iam::111122223333:root"}.',
            )


def _is_trust_action(context: CheckContext, value: str) -> bool | None:
    """True for role-assumption actions (or patterns matching only them); None when unknown."""
    folded = value.lower()
    if folded in _TRUST_FOLDED:
        return True
    prefix, colon, name = folded.partition(":")
    if not colon or has_wildcard(prefix) or value == "*":
        return False
    if not has_wildcard(name):
        # A misspelt action is reported by the actions check; only a real non-STS action is reported here.
        return None if context.catalog.action(value) is None else False
    matched = context.actions_matching(value)
    if not matched:
        return None
    glob = Glob.compile(value, case_insensitive=True)
    return all(a.lower() in _TRUST_FOLDED for a in matched) and any(glob.matches(a) for a in TRUST_ACTIONS)


def _not_allowed(context: CheckContext, statement: Statement, entry: Entry) -> Finding:
    what = (
        "matches actions that are not role-assumption actions"
        if has_wildcard(entry.value)
        else "is not a role-assumption action"
    )
    return context.finding(
        "validate_trust_action_not_allowed",
        Severity.ERROR,
        entry.pointer,
        f"{describe(statement)}: {quote(entry.value)} {what}; a trust policy "
        "decides only who may assume the role (what the role may do belongs in its permissions policies).",
        f"Use only {_LISTED}.",
    )


def _everyone(statement: Statement) -> bool:
    block = statement.principal
    return block is not None and (block.wildcard or any(e.kind == "AWS" and e.value == "*" for e in block.entries))
