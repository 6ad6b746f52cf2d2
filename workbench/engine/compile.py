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
    RequestValue,
    UnknownOperatorError,
    parse_operator,
)
from workbench.engine.decision import Layer, StatementRef
from workbench.engine.matchers import (
    CACHE_LIMIT,
    ActionTest,
    CompiledCondition,
    ResourcePattern,
    ResourceTest,
)
from workbench.engine.principals import PrincipalTest
from workbench.errors import PolicyNotEvaluableError
from workbench.policy.model import ConditionClause, PolicyDocument, Statement
from workbench.policy.variables import parse_template
from workbench.wildcard import Glob, tokenize

_PREFILTER_LIMIT = 65536
"""Bound of the per-policy (action, resource) memo: a few MB at most."""

Prefiltered = tuple[tuple["CompiledStatement", bool], ...]
"""Statements whose action (and, when it has no variables, resource) match; the flag says
whether the resource test is still to be done for this request (variables in it)."""


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
            if len(self._by_action) >= CACHE_LIMIT:
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
        _compile_statement(document, s, resource_based, _ref(document, s, layer, level)) for s in document.statements
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
            ResourcePattern(text, variables_enabled=variables, pad_short=not resource_based) for text in listed
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
