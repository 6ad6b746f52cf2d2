"""Validate, policy variables: where ``${…}`` may appear, under which Version, with which keys (V1–V4)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from workbench.conditions import ConditionOperator, UnknownOperatorError, parse_operator
from workbench.policy.findings import Finding, Severity
from workbench.policy.model import Statement
from workbench.policy.validate.context import CheckContext, ListElement, describe, quote
from workbench.policy.validate.keys import resolve_key

_ELEMENTS: tuple[ListElement, ...] = ("Resource", "NotResource")
_ESCAPES: Final = ("*", "?", "$")
_WITH_DEFAULT: Final = re.compile(r"([^\s,']+), '([^']*)'")
_KEY: Final = re.compile(r"[^\s,'${}]+")


@dataclass(frozen=True, slots=True)
class _Use:
    """One text that may hold variables: where it is and, for condition values, its operator."""

    text: str
    pointer: str
    where: str
    operator: ConditionOperator | None = None


def check(context: CheckContext) -> Iterator[Finding]:
    for statement in context.statements():
        for use in _uses(context, statement):
            if "${" not in use.text:
                continue
            if not context.document.variables_enabled:
                yield _literal_under_version(context, statement, use)
                continue
            yield from _syntax_and_keys(context, statement, use)
            yield from _operator(context, statement, use)


def _uses(context: CheckContext, statement: Statement) -> Iterator[_Use]:
    for element in _ELEMENTS:
        for entry in context.entries(statement, element):
            yield _Use(entry.value, entry.pointer, f"the {element} {quote(entry.value)}")
    for clause in statement.conditions or ():
        try:
            operator: ConditionOperator | None = parse_operator(clause.operator)
        except UnknownOperatorError:
            operator = None
        for index, value in enumerate(clause.values):
            yield _Use(
                value,
                context.item_pointer(clause.pointer, index),
                f"the value {quote(value)} of {quote(clause.key)}",
                operator,
            )


def _literal_under_version(context: CheckContext, statement: Statement, use: _Use) -> Finding:
    version = context.document.version
    written = f"Version {quote(version)}" if version is not None else "no Version"
    return context.finding(
        "validate_variable_version",
        Severity.ERROR,
        use.pointer,
        f"{describe(statement)}: {use.where} uses a policy variable, but the policy has {written}: "
        "variables are literal text under this Version, so ${…} is matched as those characters.",
        'Set "Version": "2012-10-17" at the top of the policy.',
    )


def _syntax_and_keys(context: CheckContext, statement: Statement, use: _Use) -> Iterator[Finding]:
    text = use.text
    position = text.find("${")
    while position >= 0:
        close = text.find("}", position + 2)
        if close < 0:
            yield _syntax(context, statement, use, "has a ${ that is never closed with }", "Close it: ${aws:username}.")
            return
        inner = text[position + 2 : close]
        position = text.find("${", close + 1)
        if inner in _ESCAPES:
            continue
        key = inner
        if "," in inner:
            match = _WITH_DEFAULT.fullmatch(inner)
            if match is None:
                yield _syntax(
                    context,
                    statement,
                    use,
                    f"has a default value written as ${{{inner}}}",
                    "Write the default after a comma and one space, in single quotes: "
                    "${aws:PrincipalTag/team, 'none'}.",
                )
                continue
            key = match.group(1)
        elif not _KEY.fullmatch(inner):
            yield _syntax(
                context,
                statement,
                use,
                f"has ${{{inner}}}, which is not a variable",
                "Write a condition key name inside ${…}, such as ${aws:username}, with no spaces.",
            )
            continue
        info = resolve_key(context.catalog, key)
        if info is None:
            yield context.finding(
                "validate_unknown_variable_key",
                Severity.WARNING,
                use.pointer,
                f"{describe(statement)}: {use.where} uses ${{{key}}}, but {quote(key)} is not a known "
                "condition key, so the variable never has a value.",
                "Check the spelling, e.g. ${aws:username} or ${aws:PrincipalTag/team}.",
            )
        elif info.multivalued:
            yield context.finding(
                "validate_variable_multivalued_key",
                Severity.ERROR,
                use.pointer,
                f"{describe(statement)}: {use.where} uses ${{{key}}}, but {quote(key)} can hold several "
                "values; only single-valued keys may be used as variables.",
                "Test the multivalued key in a Condition with ForAnyValue: or ForAllValues: instead.",
            )


def _syntax(context: CheckContext, statement: Statement, use: _Use, problem: str, hint: str) -> Finding:
    return context.finding(
        "validate_invalid_variable_syntax",
        Severity.ERROR,
        use.pointer,
        f"{describe(statement)}: {use.where} {problem}.",
        hint,
    )


def _operator(context: CheckContext, statement: Statement, use: _Use) -> Iterator[Finding]:
    op = use.operator
    if op is None or op.family in ("String", "ARN"):
        return
    bool_note = (
        " (the operator reference suggests Bool may accept them, but the variables reference and "
        "Access Analyzer do not)"
        if op.family == "Bool"
        else ""
    )
    yield context.finding(
        "validate_variable_unsupported_operator",
        Severity.ERROR,
        use.pointer,
        f"{describe(statement)}: {use.where} uses a policy variable with {op.base}; variables work "
        f"only with String and ARN operators{bool_note}.",
        "Compare the key with a fixed value, or use a String operator if the values are text.",
    )
