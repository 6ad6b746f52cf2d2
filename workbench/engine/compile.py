"""Engine: a parsed :class:`PolicyDocument` → matchers ready for the hot path (compiled once).

Compilation refuses documents whose meaning is undefined (AWS would not store them): an Effect
other than ``Allow``/``Deny``, a statement without exactly one of Action/NotAction, an unknown
condition operator. Everything else is evaluated as written, even when validation reports it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.arn import Arn
from workbench.conditions import ConditionOperator, UnknownOperatorError, parse_operator
from workbench.engine.principals import PrincipalTest
from workbench.errors import PolicyNotEvaluableError
from workbench.policy.model import ConditionClause, PolicyDocument, Statement
from workbench.policy.variables import ContextLookup, Template, parse_template
from workbench.wildcard import Glob, tokenize

_CACHE_LIMIT = 4096
"""Per-statement memo of resource-match results; cleared when full so memory stays bounded."""


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
    """One entry of ``Resource``/``NotResource``. Wildcards stay inside the first five ARN segments."""

    __slots__ = ("everything", "never", "resource", "segments", "template")

    def __init__(self, text: str, *, variables_enabled: bool, pad_short: bool) -> None:
        self.everything = text == "*"
        self.never = False
        self.segments: tuple[Glob, ...] = ()
        self.resource: Glob | None = None
        self.template: Template | None = None
        if self.everything:
            return
        parts = text.split(":", 5)
        if len(parts) < 6:
            if not pad_short or parts[0] != "arn":
                self.never = True  # AMB-13: short ARNs match nothing in resource-based policies
                return
            parts += ["*"] * (6 - len(parts))  # AMB-13: identity-style policies pad with "*"
        self.segments = tuple(Glob.compile(p, case_insensitive=True) for p in parts[1:5])
        template = parse_template(parts[5], variables_enabled=variables_enabled)
        if template.has_variables:
            self.template = template
        else:
            self.resource = Glob.compile(parts[5])

    def matches(self, arn: Arn | None, lookup: ContextLookup) -> bool:
        if self.everything:
            return True
        if self.never or arn is None:
            return False  # a request for "*" is matched only by the bare "*" (G9)
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
            assert self.template is not None
            tokens = self.template.resolve_tokens(lookup)
            if tokens is None:
                return False  # V2: an unresolved variable makes the entry match nothing
            glob = Glob.from_tokens(tokens)
        return glob.matches(arn.resource)


class ResourceTest:
    __slots__ = ("_memo", "has_variables", "negated", "patterns")

    def __init__(self, patterns: tuple[ResourcePattern, ...], negated: bool) -> None:
        self.patterns = patterns
        self.negated = negated
        self.has_variables = any(p.template is not None for p in patterns)
        self._memo: dict[str, bool] = {}

    def matches(self, arn_text: str, arn: Arn | None, lookup: ContextLookup) -> bool:
        if not self.has_variables:
            cached = self._memo.get(arn_text)
            if cached is not None:
                return cached
        hit = any(p.matches(arn, lookup) for p in self.patterns) != self.negated
        if not self.has_variables:
            if len(self._memo) >= _CACHE_LIMIT:
                self._memo.clear()
            self._memo[arn_text] = hit
        return hit


@dataclass(frozen=True, slots=True)
class CompiledCondition:
    clause: ConditionClause
    operator: ConditionOperator
    key: str
    """Lower-cased key name (condition keys are case-insensitive, G10)."""
    templates: tuple[Template, ...]
    fixed_values: tuple[str | Glob | None, ...] | None
    """Values resolved at compile time when no variable is involved."""

    def values(self, lookup: ContextLookup) -> tuple[str | Glob | None, ...]:
        if self.fixed_values is not None:
            return self.fixed_values
        if self.operator.uses_wildcards:
            resolved_tokens = (t.resolve_tokens(lookup) for t in self.templates)
            return tuple(None if tokens is None else Glob.from_tokens(tokens) for tokens in resolved_tokens)
        return tuple(t.resolve_text(lookup) for t in self.templates)


@dataclass(frozen=True, slots=True)
class CompiledStatement:
    statement: Statement
    policy_name: str
    deny: bool
    actions: ActionTest
    resources: ResourceTest | None
    principals: PrincipalTest | None
    not_principals: PrincipalTest | None
    conditions: tuple[CompiledCondition, ...]


@dataclass(slots=True)
class CompiledPolicy:
    document: PolicyDocument
    statements: tuple[CompiledStatement, ...]
    _by_action: dict[str, tuple[CompiledStatement, ...]] = field(default_factory=dict)
    refs: dict[tuple[int, str, int | None], object] = field(default_factory=dict)
    """Statement references built for decisions, memoised (see engine.authorize)."""

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


def compile_policy(document: PolicyDocument, *, resource_based: bool = False) -> CompiledPolicy:
    """Compile every statement; raise :class:`PolicyNotEvaluableError` for undefined meaning."""
    statements = tuple(_compile_statement(document, s, resource_based) for s in document.statements)
    return CompiledPolicy(document, statements)


def _refuse(document: PolicyDocument, pointer: str, message: str, code: str) -> PolicyNotEvaluableError:
    span = document.span_of(pointer)
    return PolicyNotEvaluableError(
        f"{document.name}: {message}",
        code=code,
        pointer=pointer,
        line=span.line if span else 0,
        column=span.column if span else 0,
    )


def _compile_statement(document: PolicyDocument, statement: Statement, resource_based: bool) -> CompiledStatement:
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
            ResourcePattern(text, variables_enabled=variables, pad_short=not resource_based) for text in listed
        )
        resources = ResourceTest(patterns, negated=statement.not_resource is not None)
    actions = statement.action if statement.action is not None else statement.not_action
    assert actions is not None
    return CompiledStatement(
        statement=statement,
        policy_name=document.name,
        deny=statement.effect == "Deny",
        actions=ActionTest(actions, negated=statement.not_action is not None),
        resources=resources,
        principals=PrincipalTest.compile(statement.principal) if statement.principal else None,
        not_principals=PrincipalTest.compile(statement.not_principal) if statement.not_principal else None,
        conditions=tuple(_compile_condition(document, clause) for clause in statement.conditions or ()),
    )


def _compile_condition(document: PolicyDocument, clause: ConditionClause) -> CompiledCondition:
    try:
        operator = parse_operator(clause.operator)
    except UnknownOperatorError as error:
        pointer = clause.pointer.rsplit("/", 1)[0]
        raise _refuse(document, pointer, error.message, "policy_unknown_operator") from error
    substitute = document.variables_enabled and operator.accepts_variables
    templates = tuple(parse_template(v, variables_enabled=substitute) for v in clause.values)
    fixed: tuple[str | Glob | None, ...] | None = None
    if not any(t.has_variables for t in templates):
        if operator.uses_wildcards:
            fixed = tuple(Glob.from_tokens(tokenize(t.text)) for t in templates)
        else:
            fixed = tuple(t.text for t in templates)
    return CompiledCondition(clause, operator, clause.key.lower(), templates, fixed)


__all__ = [
    "ActionTest",
    "CompiledCondition",
    "CompiledPolicy",
    "CompiledStatement",
    "ResourcePattern",
    "ResourceTest",
    "compile_policy",
]
