"""Validate, statement level: which elements a statement has, per policy type (G5–G7, G11, G12, RCP rules)."""

from __future__ import annotations

from collections.abc import Iterator

from workbench.policy.findings import Finding, Severity
from workbench.policy.model import PolicyType, Statement
from workbench.policy.source import escape_pointer_token
from workbench.policy.validate.context import CheckContext, describe, quote
from workbench.policy.validate.rules import STATEMENT_ELEMENTS, closest_name, miscased, rules_for


def check(context: CheckContext) -> Iterator[Finding]:
    for statement in context.statements():
        yield from _unknown_elements(context, statement)
        yield from _effect(context, statement)
        yield from _action(context, statement)
        yield from _resource(context, statement)
        yield from _principal(context, statement)
        if context.policy_type is PolicyType.RCP:
            yield from _rcp(context, statement)


def _unknown_elements(context: CheckContext, statement: Statement) -> Iterator[Finding]:
    for name in statement.unknown_elements:
        meant = closest_name(name, STATEMENT_ELEMENTS)
        if meant is not None and meant.lower() == name.lower():
            hint = f'Element names are case-sensitive: write "{meant}".'
        elif meant is not None:
            hint = f'Did you mean "{meant}"?'
        else:
            hint = "A statement may hold only " + ", ".join(STATEMENT_ELEMENTS) + "."
        yield context.finding(
            "validate_unknown_element",
            Severity.ERROR,
            f"{statement.pointer}/{escape_pointer_token(name)}",
            f"{describe(statement)} has an element {quote(name)} that IAM does not know; AWS rejects the whole policy.",
            hint,
            at_key=True,
        )


def _effect(context: CheckContext, statement: Statement) -> Iterator[Finding]:
    effect = statement.effect
    if effect is None:
        if not miscased("Effect", statement.unknown_elements):
            yield context.finding(
                "validate_missing_effect",
                Severity.ERROR,
                statement.pointer,
                f"{describe(statement)} has no Effect; every statement must say whether it allows or denies.",
                'Add "Effect": "Allow" or "Effect": "Deny".',
            )
    elif effect not in ("Allow", "Deny"):
        right = {"allow": "Allow", "deny": "Deny"}.get(effect.strip().lower())
        hint = f'Effect is case-sensitive: write "{right}".' if right is not None else 'Write "Allow" or "Deny".'
        yield context.finding(
            "validate_invalid_effect",
            Severity.ERROR,
            f"{statement.pointer}/Effect",
            f"{describe(statement)} has Effect {quote(effect)}; the only valid values are exactly "
            '"Allow" and "Deny", so AWS rejects the policy.',
            hint,
        )


def _action(context: CheckContext, statement: Statement) -> Iterator[Finding]:
    if statement.action is not None and statement.not_action is not None:
        yield context.finding(
            "validate_action_and_not_action",
            Severity.ERROR,
            f"{statement.pointer}/NotAction",
            f"{describe(statement)} has both Action and NotAction; a statement takes exactly one of them.",
            "Keep Action (the actions it applies to) or NotAction (every action except these), not both.",
            at_key=True,
        )
    elif (
        statement.action is None
        and statement.not_action is None
        and not miscased("Action", statement.unknown_elements)
        and not miscased("NotAction", statement.unknown_elements)
    ):
        yield context.finding(
            "validate_missing_action",
            Severity.ERROR,
            statement.pointer,
            f"{describe(statement)} has neither Action nor NotAction; every statement must name the "
            "actions it applies to.",
            'Add "Action": "service:ActionName", for example "s3:GetObject".',
        )


def _resource(context: CheckContext, statement: Statement) -> Iterator[Finding]:
    rules = rules_for(context.policy_type)
    has_resource = statement.resource is not None
    has_not_resource = statement.not_resource is not None
    if rules.resource == "forbidden":
        for element, present in (("Resource", has_resource), ("NotResource", has_not_resource)):
            if present:
                yield context.finding(
                    "validate_resource_in_trust_policy",
                    Severity.ERROR,
                    f"{statement.pointer}/{element}",
                    f"Role trust policy syntax error resource: {describe(statement)} has {element}, but a "
                    "trust policy must not; its resource is always the role itself. AWS rejects the policy.",
                    f'Remove "{element}" from the statement.',
                    at_key=True,
                )
        return
    if has_resource and has_not_resource:
        yield context.finding(
            "validate_resource_and_not_resource",
            Severity.ERROR,
            f"{statement.pointer}/NotResource",
            f"{describe(statement)} has both Resource and NotResource; a statement takes at most one.",
            "Keep Resource (the resources it applies to) or NotResource (every resource except these).",
            at_key=True,
        )
    elif not has_resource and not has_not_resource:
        if miscased("Resource", statement.unknown_elements) or miscased("NotResource", statement.unknown_elements):
            return
        yield context.finding(
            "validate_missing_resource",
            Severity.ERROR,
            statement.pointer,
            f"{describe(statement)} has neither Resource nor NotResource; in {rules.a_label} every "
            "statement must name its resources.",
            'Add "Resource": with the ARNs it applies to, or "*" for every resource.',
        )


def _principal(context: CheckContext, statement: Statement) -> Iterator[Finding]:
    rules = rules_for(context.policy_type)
    pointer = statement.pointer
    if rules.principal == "forbidden":
        for element, block in (("Principal", statement.principal), ("NotPrincipal", statement.not_principal)):
            if block is not None:
                yield context.finding(
                    "validate_principal_not_allowed",
                    Severity.ERROR,
                    f"{pointer}/{element}",
                    f"{describe(statement)} has {element}, but {rules.a_label} must not: it applies to "
                    "whoever it is attached to. AWS rejects the policy.",
                    f'Remove "{element}". To limit who may act, attach the policy to that identity, or '
                    "use a condition such as aws:PrincipalArn.",
                    at_key=True,
                )
        return
    if statement.principal is not None and statement.not_principal is not None:
        yield context.finding(
            "validate_principal_and_not_principal",
            Severity.ERROR,
            f"{pointer}/NotPrincipal",
            f"{describe(statement)} has both Principal and NotPrincipal; a statement takes one of them.",
            'Keep "Principal".',
            at_key=True,
        )
    if statement.not_principal is not None and not rules.not_principal_allowed:
        yield context.finding(
            "validate_not_principal_not_allowed",
            Severity.ERROR,
            f"{pointer}/NotPrincipal",
            f"{describe(statement)} uses NotPrincipal, which {rules.a_label} does not support.",
            'Use "Principal" instead'
            + (
                ' (an RCP always uses "Principal": "*" with conditions).'
                if context.policy_type is PolicyType.RCP
                else "."
            ),
            at_key=True,
        )
    if statement.principal is None and statement.not_principal is None:
        if miscased("Principal", statement.unknown_elements) or miscased("NotPrincipal", statement.unknown_elements):
            return
        example = '"*"' if context.policy_type is PolicyType.RCP else '{"AWS": "arn:aws:iam::111122223333:root"}'
        yield context.finding(
            "validate_missing_principal",
            Severity.ERROR,
            pointer,
            f"{describe(statement)} has no Principal; in {rules.a_label} every statement must say whom it applies to.",
            f'Add "Principal": {example}.',
        )


def _rcp(context: CheckContext, statement: Statement) -> Iterator[Finding]:
    block = statement.principal
    if block is not None and not _is_everyone(statement):
        yield context.finding(
            "validate_rcp_principal_not_wildcard",
            Severity.ERROR,
            f"{statement.pointer}/Principal",
            f'{describe(statement)}: in a resource control policy Principal must be "*".',
            'Write "Principal": "*" and narrow who is affected with conditions such as '
            "aws:PrincipalOrgID or aws:PrincipalAccount.",
        )
    if statement.effect == "Allow" and not _is_full_access(statement):
        yield context.finding(
            "validate_rcp_allow",
            Severity.ERROR,
            f"{statement.pointer}/Effect",
            f'{describe(statement)} has Effect "Allow"; resource control policies may only deny. The '
            "one Allow is AWS's own RCPFullAWSAccess, attached automatically.",
            'Write a "Deny" statement that blocks what must not happen.',
        )


def _is_everyone(statement: Statement) -> bool:
    block = statement.principal
    if block is None:
        return False
    return block.wildcard or (bool(block.entries) and all(e.kind == "AWS" and e.value == "*" for e in block.entries))


def _is_full_access(statement: Statement) -> bool:
    """The statement of AWS's RCPFullAWSAccess (Allow everyone, everything, everywhere) is accepted."""
    return (
        _is_everyone(statement)
        and statement.action == ("*",)
        and statement.resource == ("*",)
        and statement.conditions is None
    )
