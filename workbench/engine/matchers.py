"""Engine: the matchers a compiled statement is made of (Action, Resource, Condition), built once per policy.

Each matcher answers one question for one request as cheaply as possible; small bounded memos keep
repeated work (resolved policy variables, condition outcomes) off the hot path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from workbench.arn import Arn
from workbench.conditions import ConditionOperator, RequestValue, condition_matches
from workbench.policy.model import ConditionClause
from workbench.policy.variables import ContextLookup, Template, parse_template
from workbench.wildcard import Glob

CACHE_LIMIT = 4096
"""Bound of the small memos; each is cleared when full so memory stays bounded."""


class ActionTest:
    """``Action``/``NotAction``: exact names in a set, wildcard patterns as globs (case-insensitive)."""

    __slots__ = ("everything", "exact", "globs", "negated")

    def __init__(self, patterns: tuple[str, ...], negated: bool) -> None:
        self.negated = negated
        self.everything = "*" in patterns
        self.exact = frozenset(p.lower() for p in patterns if "*" not in p and "?" not in p)
        self.globs = tuple(
            Glob.compile(p, case_insensitive=True) for p in patterns if ("*" in p or "?" in p) and p != "*"
        )

    def matches(self, action_lower: str) -> bool:
        hit = self.everything or action_lower in self.exact or any(g.matches(action_lower) for g in self.globs)
        return hit != self.negated


class ResourcePattern:
    """One entry of ``Resource``/``NotResource``. Wildcards stay inside the first five ARN segments.

    The first five segments compare case-insensitively, the resource part case-sensitively
    (G10, AMB-13). When those five segments hold no wildcard, the whole ``arn:…:`` prefix is one
    lower-cased string comparison.
    """

    __slots__ = (
        "_globs",
        "everything",
        "exact_prefix",
        "literal",
        "literal_is_prefix",
        "never",
        "prefix",
        "resource",
        "segments",
        "template",
    )

    def __init__(self, text: str, *, variables_enabled: bool, pad_short: bool) -> None:
        self.everything = text == "*"
        self.never = False
        self.prefix: str | None = None
        self.exact_prefix: str | None = None
        self.literal: str | None = None
        self.literal_is_prefix = False
        self.segments: tuple[Glob, ...] = ()
        self.resource: Glob | None = None
        self.template: Template | None = None
        self._globs: dict[tuple[str | None, ...], Glob | None] = {}
        if self.everything:
            return
        parts = text.split(":", 5)
        if len(parts) < 6:
            if not pad_short or parts[0] != "arn":
                self.never = True  # AMB-13: short ARNs match nothing in resource-based policies
                return
            parts += ["*"] * (6 - len(parts))  # AMB-13: identity-style policies pad with "*"
        head = parts[1:5]
        if any("*" in p or "?" in p for p in head):
            self.segments = tuple(Glob.compile(p, case_insensitive=True) for p in head)
        else:
            self.exact_prefix = ":".join(["arn", *head, ""])
            self.prefix = self.exact_prefix.lower()
        template = parse_template(parts[5], variables_enabled=variables_enabled)
        if template.has_variables:
            self.template = template
        else:
            self.resource = Glob.compile(parts[5])
            # Most resource patterns are "arn:…:literal" or "arn:…:literal*": one string test.
            if self.exact_prefix is not None and "?" not in parts[5]:
                stars = parts[5].count("*")
                if stars == 0 or (stars == 1 and parts[5].endswith("*")):
                    self.literal = self.exact_prefix + parts[5].rstrip("*")
                    self.literal_is_prefix = stars == 1

    def matches(self, arn_text: str, arn: Arn | None, lookup: ContextLookup) -> bool:
        if self.everything:
            return True
        if self.never or arn is None:
            return False  # a request for "*" is matched only by the bare "*" (G9)
        literal = self.literal
        if literal is not None and arn_text.startswith(self.exact_prefix):  # type: ignore[arg-type]
            return arn_text.startswith(literal) if self.literal_is_prefix else arn_text == literal
        prefix = self.prefix
        if prefix is not None:
            # Same case as written is the usual case; otherwise compare ignoring case (AMB-13).
            if not arn_text.startswith(self.exact_prefix) and arn_text[: len(prefix)].lower() != prefix:  # type: ignore[arg-type]
                return False
        else:
            partition, service, region, account = self.segments
            if not (
                partition.matches(arn.partition)
                and service.matches(arn.service)
                and region.matches(arn.region)
                and account.matches(arn.account)
            ):
                return False
        glob = self.resource
        if glob is None:
            glob = self._resolved(lookup)
            if glob is None:
                return False  # V2: an unresolved variable makes the entry match nothing
        return glob.matches(arn.resource)

    def _resolved(self, lookup: ContextLookup) -> Glob | None:
        """The pattern with this request's variable values, memoised by those values."""
        assert self.template is not None
        key = self.template.values(lookup)
        if key in self._globs:
            return self._globs[key]
        tokens = self.template.resolve_tokens(lookup)
        glob = None if tokens is None else Glob.from_tokens(tokens)
        if len(self._globs) >= CACHE_LIMIT:
            self._globs.clear()
        self._globs[key] = glob
        return glob


class ResourceTest:
    """``Resource``/``NotResource``: any listed pattern matches (negated for NotResource)."""

    __slots__ = ("has_variables", "negated", "patterns")

    def __init__(self, patterns: tuple[ResourcePattern, ...], negated: bool) -> None:
        self.patterns = patterns
        self.negated = negated
        self.has_variables = any(p.template is not None for p in patterns)

    def matches(self, arn_text: str, arn: Arn | None, lookup: ContextLookup) -> bool:
        for pattern in self.patterns:
            if pattern.matches(arn_text, arn, lookup):
                return not self.negated
        return self.negated


@dataclass(frozen=True, slots=True)
class CompiledCondition:
    clause: ConditionClause
    operator: ConditionOperator
    key: str
    """Lower-cased key name (condition keys are case-insensitive, G10)."""
    templates: tuple[Template, ...]
    test: Callable[[RequestValue], bool] | None
    """The operator bound to its values, when no variable is involved (the common case)."""
    globs: dict[tuple[str, ...], Glob] = field(default_factory=dict)
    """Patterns built from substituted values, memoised (bounded)."""
    outcomes: dict[RequestValue, bool] = field(default_factory=dict)
    """``test`` is pure in the request value: its outcomes, memoised (bounded; see ``outcome``)."""

    def outcome(self, request_value: RequestValue, lookup: ContextLookup) -> bool:
        """Whether this clause holds for the request (variables substituted when present)."""
        test = self.test
        if test is None:
            return condition_matches(self.operator, request_value, self.values(lookup))
        outcomes = self.outcomes
        found = outcomes.get(request_value)
        if found is None:
            found = test(request_value)
            if len(outcomes) >= CACHE_LIMIT:
                outcomes.clear()
            outcomes[request_value] = found
        return found

    def values(self, lookup: ContextLookup) -> tuple[str | Glob | None, ...]:
        """The policy values for this request: variables substituted (V1–V5)."""
        if self.operator.uses_wildcards:
            return tuple(self._glob(t.resolve_tokens(lookup)) for t in self.templates)
        return tuple(t.resolve_text(lookup) for t in self.templates)

    def _glob(self, tokens: list[str] | None) -> Glob | None:
        if tokens is None:
            return None
        key = tuple(tokens)
        glob = self.globs.get(key)
        if glob is None:
            if len(self.globs) >= CACHE_LIMIT:
                self.globs.clear()
            glob = self.globs[key] = Glob.from_tokens(tokens)
        return glob
