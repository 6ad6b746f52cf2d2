"""Validate, statement labels: Sid characters and uniqueness (G4), strict for IAM and Organizations."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from workbench.policy.findings import Finding, Severity
from workbench.policy.validate.context import CheckContext, quote
from workbench.policy.validate.rules import rules_for

_IAM_SID: Final = re.compile(r"[A-Za-z0-9]+")


def check(context: CheckContext) -> Iterator[Finding]:
    rules = rules_for(context.policy_type)
    first_seen: dict[str, int] = {}
    for statement in context.statements():
        sid = statement.sid
        if sid is None:
            continue
        pointer = f"{statement.pointer}/Sid"
        if sid == "":
            yield context.finding(
                "validate_empty_sid",
                Severity.SUGGESTION,
                pointer,
                f'Statement {statement.index + 1} has an empty Sid "".',
                'Give it a short name such as "ReadReports", or remove the Sid element.',
            )
            continue
        if not _IAM_SID.fullmatch(sid):
            bad = sorted({c for c in sid if not (c.isascii() and c.isalnum())})
            shown = " ".join(repr(c) for c in bad[:5])
            if rules.strict_sid:
                yield context.finding(
                    "validate_invalid_sid",
                    Severity.ERROR,
                    pointer,
                    f"Sid {quote(sid)} contains {shown}; in {rules.a_label} a Sid may hold only the "
                    "letters A-Z, a-z and the digits 0-9.",
                    f'Write it without those characters, e.g. "{_clean(sid)}".',
                )
            else:
                yield context.finding(
                    "validate_invalid_sid",
                    Severity.SUGGESTION,
                    pointer,
                    f"Sid {quote(sid)} contains {shown}. This service may accept it, but IAM policies "
                    "allow only letters and digits in a Sid.",
                    f'Prefer letters and digits only, e.g. "{_clean(sid)}".',
                )
        if sid in first_seen:
            yield context.finding(
                "validate_duplicate_sid",
                Severity.ERROR if rules.strict_sid else Severity.WARNING,
                pointer,
                f"Sid {quote(sid)} is already used by statement {first_seen[sid] + 1}; "
                + (
                    f"in {rules.a_label} every Sid must be unique, so AWS rejects the policy."
                    if rules.strict_sid
                    else "Sids should be unique so that each statement can be told apart."
                ),
                "Give each statement its own Sid.",
            )
        else:
            first_seen[sid] = statement.index


def _clean(sid: str) -> str:
    cleaned = "".join(c for c in sid if c.isascii() and c.isalnum())
    return cleaned or "Statement1"
