"""Validate, size: the character quota AWS enforces when a policy is stored (G13)."""

from __future__ import annotations

from collections.abc import Iterator

from workbench.policy.findings import Finding, Severity
from workbench.policy.validate.context import CheckContext
from workbench.policy.validate.rules import rules_for


def count_characters(text: str) -> int:
    """Characters AWS counts against the quota: everything except whitespace."""
    return len(text) - sum(text.count(c) for c in " \t\r\n")


def check(context: CheckContext) -> Iterator[Finding]:
    rules = rules_for(context.policy_type)
    if rules.size_quota is None:
        return
    count = count_characters(context.document.text)
    if count > rules.size_quota:
        yield context.finding(
            "validate_policy_too_large",
            Severity.ERROR,
            "",
            f"The policy has {count:,} characters (not counting whitespace); {rules.a_label} may have at "
            f"most {rules.size_quota:,}, so AWS refuses to store it.",
            "Merge statements that share an effect and resources, use wildcards such as s3:Get* for "
            "families of actions, or split the permissions over several policies.",
        )
