"""Diagrams, account map step 1b: who a role's trust policy *names*, read from the document as written.

This is a reading of the text, not an analysis: it does not ask the engine whether anyone can
actually assume the role (that is ``workbench.analysis``'s who-can-assume-what graph, drawn by
``assume_graph``). Each Allow statement that grants an ``sts:AssumeRole*`` action yields the
principals it names, the words for its conditions ("MFA", "ExternalId"…) and how they assume.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.errors import WorkbenchError
from workbench.policy.model import Statement
from workbench.policy.parse import parse_policy
from workbench.wildcard import Glob

ASSUME_ACTIONS = {
    "sts:AssumeRole": "",
    "sts:AssumeRoleWithSAML": "SAML",
    "sts:AssumeRoleWithWebIdentity": "web identity",
}
CONDITION_WORDS = {
    "aws:multifactorauthpresent": "MFA",
    "aws:multifactorauthage": "MFA",
    "sts:externalid": "ExternalId",
    "aws:sourceip": "SourceIp",
    "aws:sourcevpc": "SourceVpc",
    "aws:sourcevpce": "SourceVpce",
    "aws:principalorgid": "OrgID",
    "aws:principalorgpaths": "OrgPaths",
    "aws:sourcearn": "SourceArn",
    "aws:sourceaccount": "SourceAccount",
    "aws:securetransport": "SecureTransport",
}
"""Condition keys → the word an edge label shows (other keys show their name after the prefix)."""


@dataclass(frozen=True, slots=True)
class TrustGrant:
    """One principal a trust policy names: ``kind`` is ``AWS``, ``Service``, ``Federated``, ``CanonicalUser``
    or ``*`` (``Principal: "*"``), ``everyone-except`` for a ``NotPrincipal``."""

    kind: str
    value: str
    conditions: tuple[str, ...]
    how: str = ""
    """"SAML" or "web identity" when only that form of AssumeRole is granted."""


def condition_words(statement: Statement) -> tuple[str, ...]:
    """The sorted, distinct words for a statement's condition keys (``("ExternalId", "MFA")``)."""
    words = set()
    for clause in statement.conditions or ():
        key = clause.key.lower()
        words.add(CONDITION_WORDS.get(key, clause.key.split(":", 1)[-1]))
    return tuple(sorted(words))


def _granted(statement: Statement) -> list[str]:
    if statement.action is not None:
        patterns = [Glob.compile(p, case_insensitive=True) for p in statement.action]
        return [action for action in ASSUME_ACTIONS if any(p.matches(action) for p in patterns)]
    if statement.not_action is not None:
        patterns = [Glob.compile(p, case_insensitive=True) for p in statement.not_action]
        return [action for action in ASSUME_ACTIONS if not any(p.matches(action) for p in patterns)]
    return []


def trust_grants(trust_policy: str) -> tuple[TrustGrant, ...] | None:
    """Every principal the Allow statements name for role assumption, or None if the text cannot be read."""
    try:
        document = parse_policy(trust_policy, name="trust policy")
    except WorkbenchError:
        return None
    grants: list[TrustGrant] = []
    for statement in document.statements:
        if not statement.is_allow:
            continue
        actions = _granted(statement)
        if not actions:
            continue
        hows = {ASSUME_ACTIONS[action] for action in actions}
        how = "" if "" in hows else " / ".join(sorted(hows))
        conditions = condition_words(statement)
        if statement.principal is not None:
            if statement.principal.wildcard:
                grants.append(TrustGrant("*", "*", conditions, how))
            grants.extend(TrustGrant(entry.kind, entry.value, conditions, how) for entry in statement.principal.entries)
        elif statement.not_principal is not None:
            named = ", ".join(entry.value for entry in statement.not_principal.entries) or "*"
            grants.append(TrustGrant("everyone-except", named, conditions, how))
    return tuple(grants)
