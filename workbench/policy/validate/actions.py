"""Validate, actions: each ``Action``/``NotAction`` entry names real actions of a real service (G6)."""

from __future__ import annotations

from collections.abc import Iterator

from workbench.policy.findings import Finding, Severity
from workbench.policy.model import Statement
from workbench.policy.validate.context import CheckContext, Entry, ListElement, describe, has_wildcard, quote

_ELEMENTS: tuple[ListElement, ...] = ("Action", "NotAction")


def check(context: CheckContext) -> Iterator[Finding]:
    for statement in context.statements():
        for element in _ELEMENTS:
            for entry in context.entries(statement, element):
                if entry.value != "*":
                    yield from _entry(context, statement, element, entry)


def _entry(context: CheckContext, statement: Statement, element: str, entry: Entry) -> Iterator[Finding]:
    value = entry.value
    where = f"{describe(statement)}: the {element} {quote(value)}"
    shape = _shape_problem(value)
    if shape is not None:
        message, hint = shape
        yield context.finding("validate_invalid_action", Severity.ERROR, entry.pointer, f"{where} {message}", hint)
        return
    prefix, _, name = value.partition(":")
    catalog = context.catalog
    if has_wildcard(prefix):
        yield context.finding(
            "validate_action_service_wildcard",
            Severity.ERROR,
            entry.pointer,
            f"{where} has a wildcard in the service prefix; only the action name may hold * or ?.",
            'Name the service (such as "s3:Get*"), or write "*" alone for every action of every service.',
        )
        return
    if not catalog.service_exists(prefix):
        suggestions = catalog.suggest_actions(value)
        hint = f"Did you mean {_either(suggestions)}?" if suggestions else "Check the service prefix in the AWS docs."
        yield context.finding(
            "validate_unknown_service",
            Severity.ERROR,
            entry.pointer,
            f"{where} names the service {quote(prefix)}, which AWS does not have.",
            hint,
        )
        return
    service = catalog.service_name(prefix) or prefix
    if not has_wildcard(name):
        if catalog.action(value) is None:
            suggestions = catalog.suggest_actions(value)
            hint = (
                f"Did you mean {_either(suggestions)}?"
                if suggestions
                else f'Check the action list of {service}, or write "{prefix.lower()}:*".'
            )
            yield context.finding(
                "validate_unknown_action",
                Severity.ERROR,
                entry.pointer,
                f"{where} is not an action of {service}.",
                hint,
            )
    elif not context.actions_matching(value):
        yield context.finding(
            "validate_action_matches_nothing",
            Severity.ERROR,
            entry.pointer,
            f"{where} matches no action of {service}, so it grants or denies nothing.",
            f"Check the pattern against the action list of {service}; action names start with verbs "
            "such as Get, List, Put, Create, Delete.",
        )


def _shape_problem(value: str) -> tuple[str, str] | None:
    """Why ``value`` is not of the form ``service:ActionName``, or None."""
    if any(c.isspace() for c in value):
        return (
            "contains a space; action names never do.",
            f'Remove the spaces: "{"".join(value.split())}".',
        )
    if ":" not in value:
        return (
            "is not of the form service:ActionName.",
            f'Write the service prefix, a colon and the action, e.g. "s3:{value or "GetObject"}" or '
            f'"{value or "s3"}:*".',
        )
    prefix, _, name = value.partition(":")
    if ":" in name:
        return ("has more than one colon.", "Write exactly one colon, as in s3:GetObject.")
    if not prefix or not name:
        return (
            f"has an empty {'service prefix' if not prefix else 'action name'}.",
            'Write both parts, as in "s3:GetObject", or "s3:*" for every S3 action.',
        )
    return None


def _either(options: list[str]) -> str:
    if len(options) == 1:
        return options[0]
    return ", ".join(options[:-1]) + " or " + options[-1]
