"""Validate, conditions: operators, values, keys, key types and set qualifiers (C1–C13, AMB-08, R6).

Variables inside condition values are checked by :mod:`workbench.policy.validate.variables`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from workbench.conditions import ConditionOperator, UnknownOperatorError, check_policy_value, parse_operator
from workbench.policy.findings import Finding, Severity
from workbench.policy.model import ConditionClause, Statement
from workbench.policy.validate.context import CheckContext, describe, has_wildcard, quote
from workbench.policy.validate.keys import KeyInfo, applicable, resolve_key, suggest_keys

_VARIABLE: Final = re.compile(r"\$\{[^}]*\}")
# How messages name what an operator family compares, and which operators to suggest instead.
_FAMILY_VALUES: Final = {
    "String": "text",
    "Numeric": "numbers",
    "Date": "dates",
    "Bool": "true/false values",
    "Binary": "base64 binary values",
    "IPAddress": "IP addresses",
    "ARN": "ARNs",
}
_FAMILY_OPERATORS: Final = {
    "String": "a String operator (StringEquals, StringLike, …)",
    "Numeric": "a Numeric operator (NumericEquals, NumericLessThan, …)",
    "Date": "a Date operator (DateGreaterThan, DateLessThan, …)",
    "Bool": "Bool",
    "Binary": "BinaryEquals",
    "IPAddress": "IpAddress or NotIpAddress",
    "ARN": "an Arn operator (ArnLike, ArnEquals, …)",
}


def check(context: CheckContext) -> Iterator[Finding]:
    for statement in context.statements():
        reported_operators: set[str] = set()
        for clause in statement.conditions or ():
            operator_pointer = clause.pointer.rsplit("/", 1)[0]
            parsed = _parse(clause.operator)
            operator = parsed if isinstance(parsed, ConditionOperator) else None
            if isinstance(parsed, UnknownOperatorError) and operator_pointer not in reported_operators:
                reported_operators.add(operator_pointer)  # once per operator, however many keys
                yield _unknown_operator(context, statement, clause, operator_pointer, parsed)
            key = resolve_key(context.catalog, clause.key)
            if key is None:
                yield _unknown_key(context, statement, clause)
            elif not key.open_ended:
                if operator is not None:
                    yield from _key_and_operator(context, statement, clause, operator, key)
                if not key.is_global:
                    yield from _applicability(context, statement, clause, key)
            if operator is not None:
                yield from _values(context, statement, clause, operator)


def _parse(name: str) -> ConditionOperator | UnknownOperatorError:
    try:
        return parse_operator(name)
    except UnknownOperatorError as error:
        return error


def _unknown_operator(
    context: CheckContext,
    statement: Statement,
    clause: ConditionClause,
    pointer: str,
    error: UnknownOperatorError,
) -> Finding:
    is_null_if_exists = clause.operator.rpartition(":")[2].lower() == "nullifexists"
    sentence = error.message if error.message.endswith((".", "?")) else error.message + "."
    return context.finding(
        "validate_null_if_exists" if is_null_if_exists else "validate_unknown_operator",
        Severity.ERROR,
        pointer,
        f"{describe(statement)}: {sentence} AWS rejects a policy with an unknown operator.",
        f'Write "{error.suggestion}".'
        if error.suggestion
        else "Use an operator such as StringEquals, StringLike, NumericLessThan, DateGreaterThan, Bool, "
        "IpAddress, ArnLike or Null.",
        at_key=True,
    )


def _unknown_key(context: CheckContext, statement: Statement, clause: ConditionClause) -> Finding:
    suggestions = suggest_keys(context.catalog, clause.key)
    where = "global condition keys" if clause.key.lower().startswith("aws:") else "any AWS service's keys"
    return context.finding(
        "validate_unknown_condition_key",
        Severity.WARNING,
        clause.pointer,
        f"{describe(statement)}: {quote(clause.key)} is not among {where}, so the request never has "
        "it: a positive test on it is never true.",
        f"Did you mean {' or '.join(suggestions)}?"
        if suggestions
        else "Check the key's spelling in the "
        "service authorization reference; keys look like aws:SourceIp or s3:prefix.",
        at_key=True,
    )


def _key_and_operator(
    context: CheckContext, statement: Statement, clause: ConditionClause, op: ConditionOperator, key: KeyInfo
) -> Iterator[Finding]:
    where = f"{describe(statement)}: {op.canonical} on {quote(key.name)}"
    if op.family != "Null" and op.family not in key.families:
        yield context.finding(
            "validate_condition_type_mismatch",
            Severity.WARNING,
            clause.pointer,
            f"{where}: {key.name} holds {key.type_label} values, but {op.base} compares "
            f"{_FAMILY_VALUES.get(op.family, op.family)}, so the test never behaves as intended.",
            f"Use {' or '.join(_FAMILY_OPERATORS.get(f, f) for f in key.families)} with this key.",
            at_key=True,
        )
    if op.set_qualifier == "ForAllValues" and not key.multivalued:
        yield context.finding(
            "validate_for_all_values_single_valued",
            Severity.SECURITY_WARNING,
            clause.pointer,
            f"{where}: {key.name} is single-valued, and ForAllValues is also true when the key is "
            "missing, so this can allow requests that do not have the key at all.",
            f"Drop the qualifier: write {op.base}{'IfExists' if op.if_exists else ''}.",
            at_key=True,
        )
    elif op.set_qualifier == "ForAnyValue" and not key.multivalued:
        yield context.finding(
            "validate_for_any_value_single_valued",
            Severity.WARNING,
            clause.pointer,
            f"{where}: {key.name} is single-valued; ForAnyValue is meant for keys with several values.",
            f"Drop the qualifier: write {op.base}{'IfExists' if op.if_exists else ''}.",
            at_key=True,
        )
    elif op.set_qualifier is None and op.family != "Null" and key.multivalued:
        yield context.finding(
            "validate_plain_operator_multivalued",
            Severity.WARNING,
            clause.pointer,
            f"{where}: {key.name} can hold several values, and an operator without ForAllValues: or "
            "ForAnyValue: never matches a multivalued key in this simulator (AWS leaves it undefined).",
            f"Write ForAnyValue:{op.base} (at least one value matches) or ForAllValues:{op.base} (every "
            "value matches).",
            at_key=True,
        )


def _applicability(
    context: CheckContext, statement: Statement, clause: ConditionClause, key: KeyInfo
) -> Iterator[Finding]:
    if applicable(context.catalog, statement.action, key.name) is not False:
        return
    actions = ", ".join(statement.action or ())
    yield context.finding(
        "validate_condition_key_not_applicable",
        Severity.WARNING,
        clause.pointer,
        f"{describe(statement)}: {quote(key.name)} is not a condition key of {actions}; requests for "
        "these actions never carry it.",
        "Use a key that these actions support (see the service authorization reference), or a global aws: key.",
        at_key=True,
    )


def _values(
    context: CheckContext, statement: Statement, clause: ConditionClause, op: ConditionOperator
) -> Iterator[Finding]:
    variables_on = context.document.variables_enabled
    for index, value in enumerate(clause.values):
        pointer = context.item_pointer(clause.pointer, index)
        if variables_on and "${" in value:
            continue  # the variables check speaks for values that use variables
        reason = check_policy_value(op, value)
        if reason is not None:
            strict = op.family in ("Bool", "Null")
            yield context.finding(
                "validate_invalid_bool_value" if strict else "validate_invalid_condition_value",
                Severity.ERROR if strict else Severity.WARNING,
                pointer,
                f"{describe(statement)}: the value {quote(value)} for {op.canonical} on "
                f"{quote(clause.key)} is invalid ({reason}); it never matches.",
                'Write "true" or "false".' if strict else _value_hint(op),
            )
        literal = _VARIABLE.sub("", value) if variables_on else value
        if op.family == "String" and not op.uses_wildcards and has_wildcard(literal):
            like = "StringNotLike" if op.negated else "StringLike"
            yield context.finding(
                "validate_wildcard_without_like",
                Severity.WARNING,
                pointer,
                f"{describe(statement)}: the value {quote(value)} contains * or ?, but {op.base} compares "
                "literally: it matches only text with that exact character.",
                f"Write {like} to use * and ? as wildcards.",
            )


def _value_hint(op: ConditionOperator) -> str:
    return {
        "Numeric": 'Write a number such as "10" or "2.5".',
        "Date": 'Write an ISO 8601 date-time such as "2025-01-31T12:00:00Z", or epoch seconds.',
        "IPAddress": 'Write an IP address or CIDR range such as "203.0.113.0/24".',
        "Binary": "Write the value base64-encoded.",
    }.get(op.family, "Write a value of the operator's type.")
