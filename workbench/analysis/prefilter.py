"""Analysis, prefilter: what a policy could allow, read from its JSON, to skip requests the engine would refuse.

Parsing a policy with source locations costs about a millisecond, and a large account holds
thousands of them; most never matter to a given question. :class:`PolicyFacts` reads the JSON
(``json.loads``) and keeps, per statement, the engine's own Action and Resource matchers and
the principals a trust statement names. The tests err on the side of "may": a statement with a
Condition, a policy variable or ``NotResource`` may allow; a document that cannot be read may
allow anything. Only what passes is parsed, compiled and decided by the engine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from workbench.arn import Arn
from workbench.engine.compile import ActionTest, ResourcePattern, ResourceTest

_ASSUME = "sts:assumerole"


class StatementFacts:
    """One Allow statement: its Action/NotAction and Resource/NotResource tests, and the principals it names.

    The Resource test is built on first use: most statements never meet an action that needs it.
    """

    __slots__ = ("_resources", "accounts", "actions", "arns", "everyone", "listed", "negated", "services", "shape")

    def __init__(
        self,
        actions: ActionTest,
        listed: tuple[str, ...] | None,
        *,
        negated: bool = False,
        shape: tuple[bool, bool] = (True, True),
        principals: tuple[bool, frozenset[str], frozenset[str], frozenset[str]] = (
            False,
            frozenset(),
            frozenset(),
            frozenset(),
        ),
    ) -> None:
        self.actions = actions
        self.listed = listed
        """The Resource (or NotResource) entries as written; None when the statement has neither."""
        self.negated = negated
        self.shape = shape
        """(variables enabled, pad short ARNs): how the engine reads the entries."""
        self.everyone, self.accounts, self.arns, self.services = principals
        self._resources: ResourceTest | None = None

    @property
    def resources(self) -> ResourceTest | None:
        """The engine's Resource test for this statement (None when the statement has no Resource element)."""
        if self.listed is None:
            return None
        if self._resources is None:
            variables, pad = self.shape
            patterns = tuple(ResourcePattern(t, variables_enabled=variables, pad_short=pad) for t in self.listed)
            self._resources = ResourceTest(patterns, negated=self.negated)
        return self._resources

    @property
    def resource_everything(self) -> bool:
        """``"Resource": "*"`` (among others): every resource."""
        return self.listed is not None and not self.negated and "*" in self.listed

    def may_match(self, action_lower: str, arn_text: str, arn: Arn | None) -> bool:
        if not self.actions.matches(action_lower):
            return False
        if self.listed is None or self.negated or self.resource_everything:
            return True
        resources = self.resources
        assert resources is not None
        return resources.has_variables or resources.matches(arn_text, arn, _no_variables)


@dataclass(frozen=True, slots=True)
class PolicyFacts:
    """The Allow statements of one document (``unreadable``: treat it as allowing anything)."""

    allows: tuple[StatementFacts, ...]
    unreadable: bool = False
    named: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)
    """Memo of :meth:`names_action`."""

    def names_action(self, action_lower: str) -> bool:
        """Some Allow statement's Action (or NotAction) covers the action."""
        found = self.named.get(action_lower)
        if found is None:
            found = self.named[action_lower] = self.unreadable or any(
                s.actions.matches(action_lower) for s in self.allows
            )
        return found

    def may_allow(self, action_lower: str, arn_text: str, arn: Arn | None) -> bool:
        """Some Allow statement could apply to this action on this resource (conditions aside)."""
        return self.unreadable or any(s.may_match(action_lower, arn_text, arn) for s in self.allows)

    def assume_statements(self) -> tuple[StatementFacts, ...]:
        """The Allow statements that cover ``sts:AssumeRole``."""
        return tuple(s for s in self.allows if s.actions.matches(_ASSUME))


def _no_variables(_: str) -> None:
    return None


def _strings(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    return None


def _account_of(entry: str) -> str | None:
    if len(entry) == 12 and entry.isdigit():
        return entry
    if entry.startswith("arn:aws:iam::") and entry.endswith(":root"):
        account = entry[len("arn:aws:iam::") : -len(":root")]
        return account if len(account) == 12 and account.isdigit() else None
    return None


def _principals(value: Any) -> tuple[bool, set[str], set[str], set[str]]:
    """(everyone, accounts, ARNs, services) of a Principal element, as the engine reads it (G11)."""
    everyone, accounts, arns, services = value == "*", set(), set(), set()
    if isinstance(value, dict):
        for kind, entries in value.items():
            for entry in _strings(entries) or ():
                if kind == "AWS":
                    if entry == "*":
                        everyone = True
                    elif (account := _account_of(entry)) is not None:
                        accounts.add(account)
                    else:
                        arns.add(entry)
                elif kind == "Service":
                    services.add(entry.lower())
    return everyone, accounts, arns, services


def read_facts(text: str, *, resource_based: bool = False) -> PolicyFacts:
    """The Allow statements of a policy text (identity-style unless ``resource_based``)."""
    try:
        raw = json.loads(text)
        statements = raw["Statement"]
        statements = statements if isinstance(statements, list) else [statements]
        variables = raw.get("Version") == "2012-10-17"
        allows = tuple(_statement(s, variables, resource_based) for s in statements if s.get("Effect") == "Allow")
    except (ValueError, KeyError, TypeError, AttributeError):
        return PolicyFacts((), unreadable=True)
    if any(s is None for s in allows):
        return PolicyFacts((), unreadable=True)
    return PolicyFacts(tuple(s for s in allows if s is not None))


def _statement(raw: dict[str, Any], variables: bool, resource_based: bool) -> StatementFacts | None:
    negated = "Action" not in raw
    actions = _strings(raw.get("NotAction") if negated else raw.get("Action"))
    if actions is None:
        return None
    listed = raw.get("Resource", raw.get("NotResource"))
    texts = _strings(listed) if listed is not None else None
    if listed is not None and texts is None:
        return None
    everyone, accounts, arns, services = _principals(raw.get("Principal"))
    return StatementFacts(
        ActionTest(actions, negated=negated),
        texts,
        negated="Resource" not in raw,
        shape=(variables, not resource_based),
        principals=(everyone, frozenset(accounts), frozenset(arns), frozenset(services)),
    )
