"""Is a resource policy public? S3's definition, per statement (for GetBucketPolicyStatus, BPA and Access Analyzer).

S3 starts from "public" and looks for a reason to call a grant non-public: an ``Allow`` is
non-public when it names specific principals (not ``*``), or when one of its conditions pins a
*fixed* value (no ``*``, ``?`` or ``${…}``) of a key that identifies who or where the caller is:
a set of CIDRs in ``aws:SourceIp``, ``aws:SourceArn``, ``aws:SourceVpc``, ``aws:SourceVpce``,
``aws:SourceOwner``, ``aws:SourceAccount``, ``aws:PrincipalOrgID`` (and the other principal keys
``aws:PrincipalAccount``, ``aws:PrincipalArn``), ``s3:x-amz-server-side-encryption-aws-kms-key-id``,
``aws:userid`` (a role's ``AROLEID:*`` counts as fixed), ``s3:DataAccessPointArn`` (an access point
name may be a wildcard when the account is fixed) and ``s3:DataAccessPointAccount``. A policy is
public when any of its statements is.

Only positive tests narrow: a negated operator, ``…IfExists`` or ``ForAllValues:`` is true for a
caller without the key, so it leaves the grant open. Workbench choices the S3 page leaves open:
a CIDR of length 0 (``0.0.0.0/0``, ``::/0``) pins nothing; an ``Allow`` with ``NotPrincipal`` is
public.
"""

from __future__ import annotations

import ipaddress

from pydantic import BaseModel, ConfigDict

from workbench.errors import PolicyParseError
from workbench.policy.model import ConditionClause, PolicyDocument, Statement
from workbench.policy.parse import parse_policy

NARROWING_KEYS = frozenset(
    {
        "aws:sourceip",
        "aws:sourcearn",
        "aws:sourcevpc",
        "aws:sourcevpce",
        "aws:sourceowner",
        "aws:sourceaccount",
        "aws:principalorgid",
        "aws:principalaccount",
        "aws:principalarn",
        "aws:userid",
        "s3:x-amz-server-side-encryption-aws-kms-key-id",
        "s3:dataaccesspointarn",
        "s3:dataaccesspointaccount",
    }
)
"""Condition keys (lower-cased) whose fixed values make a grant to ``*`` non-public."""

_POSITIVE_OPERATORS = frozenset(
    {"stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike", "ipaddress"}
)


class PublicStatement(BaseModel):
    """One statement that makes a policy public, and why in a learner's words."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    index: int
    """0-based position in the policy's Statement list."""
    sid: str | None = None
    reason: str


class PolicyStatus(BaseModel):
    """Whether a policy is public as S3 defines it, and which statements make it so."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    is_public: bool
    public_statements: tuple[PublicStatement, ...] = ()


def policy_status(policy: PolicyDocument | str) -> PolicyStatus:
    """S3's verdict on ``policy`` (text that does not parse grants nothing, so it is not public)."""
    if isinstance(policy, str):
        try:
            policy = parse_policy(policy)
        except PolicyParseError:
            return PolicyStatus(is_public=False)
    found = tuple(
        PublicStatement(index=statement.index, sid=statement.sid, reason=reason)
        for statement in policy.statements
        if (reason := _why_public(statement)) is not None
    )
    return PolicyStatus(is_public=bool(found), public_statements=found)


def is_public_policy(policy: PolicyDocument | str) -> bool:
    return policy_status(policy).is_public


def _why_public(statement: Statement) -> str | None:
    if not statement.is_allow:
        return None
    if statement.not_principal is not None:
        return "it allows everyone except the principals listed in NotPrincipal"
    principal = statement.principal
    if principal is None:
        return None
    everyone = principal.wildcard or any(e.kind == "AWS" and e.value == "*" for e in principal.entries)
    if not everyone:
        return None
    if any(_pins_caller(clause) for clause in statement.conditions or ()):
        return None
    if statement.conditions:
        return 'it allows Principal "*" and none of its conditions pins a fixed source, account or principal'
    return 'it allows Principal "*" with no condition'


def _pins_caller(clause: ConditionClause) -> bool:
    """Whether this condition limits the grant to fixed callers, as S3 counts it."""
    key = clause.key.lower()
    if key not in NARROWING_KEYS or not clause.values:
        return False
    operator = clause.operator.lower()
    operator = operator.removeprefix("foranyvalue:")
    if operator not in _POSITIVE_OPERATORS:
        return False  # negated, …IfExists, ForAllValues:, Null, … leave callers without the key in
    if key == "aws:sourceip":
        return operator == "ipaddress" and all(_narrow_cidr(value) for value in clause.values)
    if operator == "ipaddress":
        return False
    return all(_fixed(key, value) for value in clause.values)


def _narrow_cidr(value: str) -> bool:
    try:
        return ipaddress.ip_network(value.strip(), strict=False).prefixlen > 0
    except ValueError:
        return False


def _fixed(key: str, value: str) -> bool:
    if "${" in value:
        return False
    if key == "aws:userid" and value.endswith(":*"):
        value = value[:-2]  # "AROLEID:*": every session of one role
    elif key == "s3:dataaccesspointarn" and ":accesspoint/" in value:
        value = value.split(":accesspoint/", 1)[0]  # any access point of one fixed account
    return not any(char in value for char in "*?")
