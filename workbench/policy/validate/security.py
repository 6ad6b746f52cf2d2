"""Validate, security: statements that grant far more than they seem to (R6 security warnings, AMB-20)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from workbench.policy.findings import Finding, Severity
from workbench.policy.model import PolicyType, Statement
from workbench.policy.validate.context import CheckContext, describe
from workbench.wildcard import Glob

# A condition on one of these keys narrows "everyone" to a known set of callers.
NARROWING_KEYS: Final = frozenset(
    k.lower()
    for k in (
        "aws:PrincipalOrgID",
        "aws:PrincipalOrgPaths",
        "aws:PrincipalAccount",
        "aws:PrincipalArn",
        "aws:SourceArn",
        "aws:SourceAccount",
        "aws:SourceOrgID",
        "aws:SourceOrgPaths",
        "aws:SourceVpc",
        "aws:SourceVpce",
        "aws:SourceIp",
        "aws:SourceVpcArn",
        "aws:VpceAccount",
        "aws:VpceOrgID",
        "aws:VpceOrgPaths",
        "aws:userid",
        "kms:CallerAccount",
    )
)
_PASS_ROLE: Final = "iam:passrole"


# Boundaries, session policies, SCPs and RCPs only limit what other policies grant, so their
# Allow statements never give access by themselves: the "grants too much" checks skip them.
_GRANTING: Final = (PolicyType.IDENTITY, PolicyType.RESOURCE, PolicyType.TRUST)


def check(context: CheckContext) -> Iterator[Finding]:
    if context.policy_type not in _GRANTING:
        return
    for statement in context.statements():
        if statement.effect != "Allow":
            continue
        yield from _not_elements(context, statement)
        yield from _pass_role(context, statement)
        yield from _public(context, statement)
        yield from _full_access(context, statement)


def _not_elements(context: CheckContext, statement: Statement) -> Iterator[Finding]:
    if statement.not_action is not None and context.policy_type is not PolicyType.TRUST:
        yield context.finding(
            "validate_allow_not_action",
            Severity.SECURITY_WARNING,
            f"{statement.pointer}/NotAction",
            f'{describe(statement)} uses "Allow" with NotAction: it grants every action of every AWS '
            "service except the listed ones, including services added in the future.",
            "List the actions to allow in Action instead; use NotAction only with Deny.",
            at_key=True,
        )
    if statement.not_resource is not None:
        yield context.finding(
            "validate_allow_not_resource",
            Severity.SECURITY_WARNING,
            f"{statement.pointer}/NotResource",
            f'{describe(statement)} uses "Allow" with NotResource: it grants the actions on every '
            "resource except the listed ones, in every account.",
            "List the resources to allow in Resource instead; use NotResource only with Deny.",
            at_key=True,
        )
    if statement.not_principal is not None and context.policy_type is PolicyType.RESOURCE:
        yield context.finding(
            "validate_allow_not_principal",
            Severity.ERROR,
            f"{statement.pointer}/NotPrincipal",
            f'{describe(statement)} uses "Allow" with NotPrincipal: it grants access to everyone except '
            "the listed principals, anonymous callers included. AWS does not support this.",
            'Write "Principal" with the principals to allow.',
            at_key=True,
        )


def _pass_role(context: CheckContext, statement: Statement) -> Iterator[Finding]:
    pointer: str | None = None
    if statement.not_action is not None:
        excluded = any(Glob.compile(a, case_insensitive=True).matches(_PASS_ROLE) for a in statement.not_action)
        pointer = None if excluded else f"{statement.pointer}/NotAction"
    else:
        for entry in context.entries(statement, "Action"):
            if Glob.compile(entry.value, case_insensitive=True).matches(_PASS_ROLE):
                pointer = entry.pointer
                break
    if pointer is None:
        return
    broad = statement.not_action is not None or statement.not_resource is not None or "*" in (statement.resource or ())
    if broad:
        yield context.finding(
            "validate_pass_role_wildcard",
            Severity.SECURITY_WARNING,
            pointer,
            f"{describe(statement)} allows iam:PassRole on every role: whoever has this policy can hand "
            "any role, including administrator roles, to a service and act with its permissions.",
            "Allow iam:PassRole only on the roles needed, e.g. "
            '"Resource": "arn:aws:iam::<account-id>:role/<the-roles-it-passes>", '
            "and narrow it with iam:PassedToService.",
        )


def _public(context: CheckContext, statement: Statement) -> Iterator[Finding]:
    if context.policy_type not in (PolicyType.RESOURCE, PolicyType.TRUST):
        return
    block = statement.principal
    if block is None:
        return
    if not (block.wildcard or any(e.kind == "AWS" and e.value == "*" for e in block.entries)):
        return
    if any(clause.key.lower() in NARROWING_KEYS for clause in statement.conditions or ()):
        return
    yield context.finding(
        "validate_public_principal",
        Severity.SECURITY_WARNING,
        f"{statement.pointer}/Principal",
        f'{describe(statement)} allows Principal "*" with no condition on who is calling: anyone, in any '
        "account or none at all, gets this access.",
        "Name the principals, or add a condition on aws:PrincipalOrgID, aws:PrincipalAccount, "
        "aws:SourceArn, aws:SourceAccount, aws:SourceVpce or aws:SourceIp.",
    )


def _full_access(context: CheckContext, statement: Statement) -> Iterator[Finding]:
    if context.policy_type is not PolicyType.IDENTITY:
        return  # "Allow * on *" is the normal way to write an open boundary, session policy or SCP
    actions = statement.action or ()
    if ("*" in actions or "*:*" in actions) and "*" in (statement.resource or ()):
        yield context.finding(
            "validate_full_access",
            Severity.WARNING,
            f"{statement.pointer}/Action",
            f"{describe(statement)} allows every action on every resource: full administrator access.",
            "Grant only the actions and resources the job needs (least privilege); AWS's managed "
            "AdministratorAccess policy exists if full access is really intended.",
        )
