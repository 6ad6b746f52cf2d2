"""Engine: a parsed :class:`PolicyDocument` → matchers ready for the hot path (compiled once).

Compilation refuses documents whose meaning is undefined (AWS would not store them): an Effect
other than ``Allow``/``Deny``, a statement without exactly one of Action/NotAction, an unknown
condition operator. Everything else is evaluated as written, even when validation reports it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from workbench.arn import Arn
from workbench.conditions import (
    ConditionOperator,
    RequestValue,
    UnknownOperatorError,
    condition_matches,
    parse_operator,
)
from workbench.engine.decision import Layer, StatementRef
from workbench.engine.principals import PrincipalTest
from workbench.errors import PolicyNotEvaluableError
from workbench.policy.model import ConditionClause, PolicyDocument, Statement
from workbench.policy.variables import ContextLookup, Template, parse_template
from workbench.wildcard import Glob, tokenize

_CACHE_LIMIT = 4096
"""Bound of the small per-pattern and per-action memos; cleared when full so memory stays bounded."""
_PREFILTER_LIMIT = 65536
"""Bound of the per-policy (action, resource) memo: a few MB at most."""

Prefiltered = tuple[tuple["CompiledStatement", bool], ...]
"""Statements whose action (and, when it has no variables, resource) match; the flag says
whether the resource test is still to be done for this request (variables in it)."""


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
        hit = (
            self.everything or action_lower in self.exact or any(g.matches(action_lower) for g in self.globs)
        )
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
        if len(self._globs) >= _CACHE_LIMIT:
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
            if len(outcomes) >= _CACHE_LIMIT:
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
            if len(self.globs) >= _CACHE_LIMIT:
                self.globs.clear()
            glob = self.globs[key] = Glob.from_tokens(tokens)
        return glob


@dataclass(frozen=True, slots=True)
class CompiledStatement:
    statement: Statement
    ref: StatementRef
    """How decisions point at this statement (its layer, policy, Sid, position in the text)."""
    deny: bool
    actions: ActionTest
    resources: ResourceTest | None
    principals: PrincipalTest | None
    not_principals: PrincipalTest | None
    conditions: tuple[CompiledCondition, ...]
    names_no_principal: bool
    """Identity-style statement: it applies to whoever holds the policy."""


@dataclass(slots=True)
class CompiledPolicy:
    document: PolicyDocument
    statements: tuple[CompiledStatement, ...]
    _by_action: dict[str, tuple[CompiledStatement, ...]] = field(default_factory=dict)
    prefiltered: dict[tuple[str, str], Prefiltered] = field(default_factory=dict)
    """Memo of ``prefilter`` by (action, resource ARN), read directly on the hot path."""

    @property
    def name(self) -> str:
        return self.document.name

    def candidates(self, action_lower: str) -> tuple[CompiledStatement, ...]:
        """The statements whose Action/NotAction matches, memoised per action name."""
        found = self._by_action.get(action_lower)
        if found is None:
            found = tuple(s for s in self.statements if s.actions.matches(action_lower))
            if len(self._by_action) >= _CACHE_LIMIT:
                self._by_action.clear()
            self._by_action[action_lower] = found
        return found

    def prefilter(self, action_lower: str, arn_text: str, arn: Arn | None) -> Prefiltered:
        """Statements that can apply to this action and resource, memoised per (action, resource).

        Action and variable-free resource tests depend on nothing else, so their outcome is cached;
        statements with policy variables in Resource are kept with the flag set, to be tested per
        request.
        """
        key = (action_lower, arn_text)
        found = self.prefiltered.get(key)
        if found is None:
            kept: list[tuple[CompiledStatement, bool]] = []
            for statement in self.candidates(action_lower):
                resources = statement.resources
                if resources is None:
                    kept.append((statement, False))
                elif resources.has_variables:
                    kept.append((statement, True))
                elif resources.matches(arn_text, arn, _no_variables):
                    kept.append((statement, False))
            found = tuple(kept)
            if len(self.prefiltered) >= _PREFILTER_LIMIT:
                self.prefiltered.clear()
            self.prefiltered[key] = found
        return found


def _no_variables(_: str) -> None:
    return None


def compile_policy(document: PolicyDocument, layer: Layer, level: int | None = None) -> CompiledPolicy:
    """Compile every statement for its place in a policy set (``layer``; ``level`` for SCPs/RCPs).

    Raises :class:`PolicyNotEvaluableError` for a document whose meaning is undefined.
    """
    resource_based = layer in ("resource", "rcp")
    statements = tuple(
        _compile_statement(document, s, resource_based, _ref(document, s, layer, level))
        for s in document.statements
    )
    return CompiledPolicy(document, statements)


def _ref(document: PolicyDocument, statement: Statement, layer: Layer, level: int | None) -> StatementRef:
    span = document.span_of(statement.pointer)
    return StatementRef(
        layer=layer,
        policy=document.name,
        index=statement.index,
        sid=statement.sid,
        effect=statement.effect or "",
        pointer=statement.pointer,
        line=span.line if span else None,
        column=span.column if span else None,
        level=level,
    )


def _refuse(document: PolicyDocument, pointer: str, message: str, code: str) -> PolicyNotEvaluableError:
    span = document.span_of(pointer)
    return PolicyNotEvaluableError(
        f"{document.name}: {message}",
        code=code,
        pointer=pointer,
        line=span.line if span else 0,
        column=span.column if span else 0,
    )


def _compile_statement(
    document: PolicyDocument, statement: Statement, resource_based: bool, ref: StatementRef
) -> CompiledStatement:
    where = f"{statement.label} ({statement.pointer})"
    if statement.effect not in ("Allow", "Deny"):
        raise _refuse(
            document,
            f"{statement.pointer}/Effect",
            f'{where}: Effect must be exactly "Allow" or "Deny", not {statement.effect!r}',
            "policy_invalid_effect",
        )
    if (statement.action is None) == (statement.not_action is None):
        raise _refuse(
            document,
            statement.pointer,
            f"{where}: a statement needs exactly one of Action or NotAction",
            "policy_action_required",
        )
    if statement.resource is not None and statement.not_resource is not None:
        raise _refuse(
            document,
            statement.pointer,
            f"{where}: a statement cannot have both Resource and NotResource",
            "policy_resource_conflict",
        )
    if statement.principal is not None and statement.not_principal is not None:
        raise _refuse(
            document,
            statement.pointer,
            f"{where}: a statement cannot have both Principal and NotPrincipal",
            "policy_principal_conflict",
        )
    has_principal = statement.principal is not None or statement.not_principal is not None
    if resource_based and not has_principal:
        raise _refuse(
            document,
            statement.pointer,
            f"{where}: a statement in a resource-based policy needs Principal or NotPrincipal",
            "policy_principal_required",
        )
    if not resource_based and has_principal:
        raise _refuse(
            document,
            statement.pointer,
            f"{where}: Principal belongs in resource-based policies only, not in this policy type",
            "policy_principal_not_allowed",
        )
    if not resource_based and statement.resource is None and statement.not_resource is None:
        raise _refuse(
            document,
            statement.pointer,
            f"{where}: this policy type needs Resource or NotResource in every statement",
            "policy_resource_required",
        )
    variables = document.variables_enabled
    resources: ResourceTest | None = None
    listed = statement.resource if statement.resource is not None else statement.not_resource
    if listed is not None:
        patterns = tuple(
            ResourcePattern(text, variables_enabled=variables, pad_short=not resource_based)
            for text in listed
        )
        resources = ResourceTest(patterns, negated=statement.not_resource is not None)
    actions = statement.action if statement.action is not None else statement.not_action
    assert actions is not None
    return CompiledStatement(
        statement=statement,
        ref=ref,
        deny=statement.effect == "Deny",
        actions=ActionTest(actions, negated=statement.not_action is not None),
        resources=resources,
        principals=PrincipalTest.compile(statement.principal) if statement.principal else None,
        not_principals=PrincipalTest.compile(statement.not_principal) if statement.not_principal else None,
        conditions=tuple(_compile_condition(document, clause) for clause in statement.conditions or ()),
        names_no_principal=not has_principal,
    )


def _compile_condition(document: PolicyDocument, clause: ConditionClause) -> CompiledCondition:
    try:
        operator = parse_operator(clause.operator)
    except UnknownOperatorError as error:
        pointer = clause.pointer.rsplit("/", 1)[0]
        raise _refuse(document, pointer, error.message, "policy_unknown_operator") from error
    substitute = document.variables_enabled and operator.accepts_variables
    templates = tuple(parse_template(v, variables_enabled=substitute) for v in clause.values)
    test: Callable[[RequestValue], bool] | None = None
    if not any(t.has_variables for t in templates):
        values: tuple[str | Glob, ...]
        if operator.uses_wildcards:
            values = tuple(Glob.from_tokens(tokenize(t.text)) for t in templates)
        else:
            values = tuple(t.text for t in templates)
        test = operator.bind(operator.compile_values(values))
    return CompiledCondition(clause, operator, clause.key.lower(), templates, test)


__all__ = [
    "ActionTest",
    "CompiledCondition",
    "CompiledPolicy",
    "CompiledStatement",
    "ResourcePattern",
    "ResourceTest",
    "compile_policy",
]
