"""Validate, principals: the forms a ``Principal``/``NotPrincipal`` value may take (G11)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from workbench.policy.findings import Finding, Severity
from workbench.policy.model import PRINCIPAL_KINDS, PrincipalBlock, PrincipalEntry, Statement
from workbench.policy.source import escape_pointer_token
from workbench.policy.validate.context import CheckContext, describe, has_wildcard, quote
from workbench.policy.validate.rules import closest_name

_ACCOUNT: Final = re.compile(r"\d{12}")
_ACCOUNTISH: Final = re.compile(r"[\d\s-]+")
# Unique ids (AIDA… users, AROA… roles) appear where a named principal was deleted: valid, if stale.
_UNIQUE_ID: Final = re.compile(r"A(?:IDA|ROA|NPA|GPA|KIA|IPA)[A-Z0-9]{12,}")
_SERVICE: Final = re.compile(r"[a-z0-9][a-z0-9.-]*\.amazonaws\.com(?:\.cn)?")
_CANONICAL_USER: Final = re.compile(r"[0-9a-fA-F]{64}")
_IAM_PRINCIPAL: Final = re.compile(r"root|(?:user|role)/.+")
_STS_PRINCIPAL: Final = re.compile(r"assumed-role/[^/]+/[^/]+|federated-user/.+")
_PROVIDER: Final = re.compile(r"(?:saml-provider|oidc-provider)/.+")


def check(context: CheckContext) -> Iterator[Finding]:
    for statement in context.statements():
        for block in (statement.principal, statement.not_principal):
            if block is not None:
                yield from _block(context, statement, block)


def _block(context: CheckContext, statement: Statement, block: PrincipalBlock) -> Iterator[Finding]:
    reported_kinds: set[str] = set()
    for entry in block.entries:
        if entry.kind not in PRINCIPAL_KINDS:
            if entry.kind not in reported_kinds:
                reported_kinds.add(entry.kind)
                yield _unknown_kind(context, statement, block, entry.kind)
            continue
        problem = _problem(entry)
        if problem is not None:
            code, severity, message, hint = problem
            yield context.finding(code, severity, entry.pointer, f"{describe(statement)}: {message}", hint)


def _unknown_kind(context: CheckContext, statement: Statement, block: PrincipalBlock, kind: str) -> Finding:
    meant = closest_name(kind, PRINCIPAL_KINDS)
    hint = f'Did you mean "{meant}"?' if meant else ""
    return context.finding(
        "validate_unknown_principal_kind",
        Severity.ERROR,
        f"{block.pointer}/{escape_pointer_token(kind)}",
        f"{describe(statement)}: {quote(kind)} is not a kind of principal; the kinds are AWS, Service, "
        "Federated and CanonicalUser (case-sensitive).",
        (hint + " " if hint else "") + 'For example {"AWS": "arn:aws:iam::111122223333:root"}.',
        at_key=True,
    )


Problem = tuple[str, Severity, str, str]


def _problem(entry: PrincipalEntry) -> Problem | None:
    value = entry.value
    if entry.kind == "AWS":
        return _aws(value)
    if has_wildcard(value):
        return _partial_wildcard(entry.kind, value)
    if entry.kind == "Service":
        if value.startswith("arn:"):
            return (
                "validate_invalid_principal",
                Severity.ERROR,
                f"the Service principal {quote(value)} is an ARN; a service principal is a service name.",
                'Write the service\'s name, such as "lambda.amazonaws.com"; put ARNs under "AWS".',
            )
        if not _SERVICE.fullmatch(value):
            return (
                "validate_unusual_service_principal",
                Severity.WARNING,
                f"{quote(value)} does not look like a service principal (they end in .amazonaws.com).",
                'Check the spelling, e.g. "ec2.amazonaws.com" or "lambda.amazonaws.com".',
            )
        return None
    if entry.kind == "Federated":
        if value.startswith("arn:"):
            parts = value.split(":", 5)
            if len(parts) != 6 or parts[2] != "iam" or not _PROVIDER.fullmatch(parts[5]):
                return (
                    "validate_invalid_principal",
                    Severity.ERROR,
                    f"the Federated principal {quote(value)} is not an identity provider ARN.",
                    "Write arn:aws:iam::ACCOUNT:saml-provider/NAME or "
                    "arn:aws:iam::ACCOUNT:oidc-provider/URL, "
                    'or a provider name such as "accounts.google.com".',
                )
            return _account_segment(parts[4])
        if not value or any(c.isspace() for c in value):
            return (
                "validate_invalid_principal",
                Severity.ERROR,
                f"the Federated principal {quote(value)} is not a provider name or ARN.",
                'Write a provider such as "cognito-identity.amazonaws.com" or a saml-provider ARN.',
            )
        return None
    if not _CANONICAL_USER.fullmatch(value):
        return (
            "validate_invalid_principal",
            Severity.ERROR,
            f"the CanonicalUser {quote(value)} is not a canonical user id (64 hexadecimal characters).",
            'Copy the canonical id from the S3 console, or use an account id under "AWS" instead.',
        )
    return None


def _aws(value: str) -> Problem | None:
    if value == "*" or _ACCOUNT.fullmatch(value) or _UNIQUE_ID.fullmatch(value):
        return None
    if has_wildcard(value):
        return _partial_wildcard("AWS", value)
    if _ACCOUNTISH.fullmatch(value):
        return _bad_account(value)
    if not value.startswith("arn:"):
        return (
            "validate_invalid_principal",
            Severity.ERROR,
            f"the AWS principal {quote(value)} is neither a 12-digit account id nor an ARN.",
            'Write an account id such as "111122223333" or an ARN such as "arn:aws:iam::111122223333:role/Admin".',
        )
    parts = value.split(":", 5)
    if len(parts) != 6 or parts[2] not in ("iam", "sts") or parts[3]:
        return _bad_principal_arn(value)
    account_problem = _account_segment(parts[4])
    if account_problem is not None:
        return account_problem
    resource = parts[5]
    shape = _IAM_PRINCIPAL if parts[2] == "iam" else _STS_PRINCIPAL
    return None if shape.fullmatch(resource) else _bad_principal_arn(value)


def _account_segment(account: str) -> Problem | None:
    return None if _ACCOUNT.fullmatch(account) else _bad_account(account)


def _bad_account(text: str) -> Problem:
    return (
        "validate_invalid_account_id",
        Severity.ERROR,
        f"{quote(text)} is not an account id; an AWS account id is exactly 12 digits.",
        'Write the 12 digits without dashes or spaces, e.g. "111122223333" (keep leading zeros).',
    )


def _bad_principal_arn(value: str) -> Problem:
    return (
        "validate_invalid_principal",
        Severity.ERROR,
        f"{quote(value)} is not a principal ARN. A principal is an account (…:root), an IAM user or role, "
        "an assumed-role session or a federated user.",
        "Write e.g. arn:aws:iam::111122223333:role/Admin or arn:aws:iam::111122223333:root "
        "(groups and policies cannot be principals).",
    )


def _partial_wildcard(kind: str, value: str) -> Problem:
    return (
        "validate_principal_partial_wildcard",
        Severity.ERROR,
        f"the {kind} principal {quote(value)} contains a wildcard; principals do not support partial "
        "wildcards, so AWS rejects the policy.",
        'Write "Principal": "*" and narrow it with a condition, e.g. '
        f'"Condition": {{"ArnLike": {{"aws:PrincipalArn": "{value}"}}}}.'
        if kind == "AWS"
        else "List each principal by its exact name.",
    )
