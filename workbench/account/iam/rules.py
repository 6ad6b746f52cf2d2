"""IAM's write-time rules (G13): names, paths, tags, policy documents and size quotas, with AWS's error codes."""

from __future__ import annotations

import re
from collections.abc import Mapping

from workbench.account.errors import AwsError
from workbench.policy.model import PolicyType
from workbench.policy.validate import validate_policy

NAME = re.compile(r"^[\w+=,.@-]+$")
INLINE_POLICY_NAME = re.compile(r"^[\x21-\x7e]+$")
NAME_LIMITS = {"user": 64, "role": 64, "group": 128, "policy": 128, "instance profile": 128, "MFA device": 64}
PARAMETER_NAMES = {
    "user": "userName",
    "role": "roleName",
    "group": "groupName",
    "policy": "policyName",
    "instance profile": "instanceProfileName",
    "MFA device": "virtualMFADeviceName",
}
INLINE_QUOTA = {"user": 2048, "group": 5120, "role": 10240}
"""Aggregate inline policy size per entity, whitespace not counted (G13)."""
MANAGED_POLICY_QUOTA = 6144
TRUST_POLICY_QUOTA = 2048


def check_name(kind: str, name: str, operation: str) -> None:
    limit = NAME_LIMITS[kind]
    if not 1 <= len(name) <= limit or not NAME.match(name):
        raise AwsError(
            "ValidationError",
            f"The specified value for {PARAMETER_NAMES[kind]} is invalid. It must contain only alphanumeric "
            f"characters and/or the following: +=,.@_- and be 1 to {limit} characters long.",
            operation,
        )


def check_inline_policy_name(name: str, operation: str) -> None:
    if not 1 <= len(name) <= 128 or not INLINE_POLICY_NAME.match(name) or any(c in name for c in "\\/*?"):
        raise AwsError(
            "ValidationError",
            "The specified value for policyName is invalid. It must be 1 to 128 ASCII characters, "
            "without spaces or \\ / * ?.",
            operation,
        )


def check_path(path: str, operation: str) -> None:
    if not (1 <= len(path) <= 512 and path.startswith("/") and path.endswith("/")) or "//" in path:
        raise AwsError(
            "ValidationError",
            f"The specified value for path is invalid: {path!r} must begin and end with /.",
            operation,
        )


def check_tags(tags: Mapping[str, str], operation: str) -> None:
    if len(tags) > 50:
        raise AwsError("LimitExceeded", "Cannot exceed quota for TagsPerResource: 50.", operation)
    for key, value in tags.items():
        if not 1 <= len(key) <= 128 or len(value) > 256:
            raise AwsError("ValidationError", f"The tag {key!r} is invalid: keys 1–128, values up to 256.", operation)
    folded = [k.lower() for k in tags]
    if len(folded) != len(set(folded)):
        raise AwsError("InvalidInput", "Duplicate tag keys found. Tag keys are case insensitive.", operation)


def tags_from(raw: list[dict[str, str]] | None) -> dict[str, str]:
    return {tag["Key"]: tag["Value"] for tag in raw or []}


def tag_list(tags: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"Key": key, "Value": value} for key, value in tags.items()]


def size_without_whitespace(text: str) -> int:
    return sum(1 for c in text if not c.isspace())


REJECTED_AT_WRITE = frozenset(
    {
        "validate_missing_statement",
        "validate_unknown_element",
        "validate_invalid_version",
        "validate_invalid_character",
        "validate_missing_effect",
        "validate_invalid_effect",
        "validate_action_and_not_action",
        "validate_missing_action",
        "validate_resource_and_not_resource",
        "validate_missing_resource",
        "validate_resource_in_trust_policy",
        "validate_principal_not_allowed",
        "validate_principal_and_not_principal",
        "validate_not_principal_not_allowed",
        "validate_missing_principal",
        "validate_invalid_sid",
        "validate_duplicate_sid",
        "validate_invalid_arn",
        "validate_invalid_action",
        "validate_unknown_operator",
        "validate_null_if_exists",
        "validate_principal_partial_wildcard",
        "validate_invalid_principal",
        "validate_unknown_principal_kind",
        "validate_invalid_account_id",
        "validate_trust_action_not_allowed",
    }
)
"""Validation findings that IAM itself refuses (MalformedPolicyDocument). Other ERRORs, such as an
unknown action name, are Access Analyzer's opinion: IAM stores such a policy, and it simply never
matches that action."""


def check_policy_document(text: str, policy_type: PolicyType, operation: str, *, quota: int | None = None) -> None:
    """Refuse what IAM refuses to store: ``MalformedPolicyDocument``, or ``LimitExceeded`` when too large."""
    report = validate_policy(text, policy_type)
    errors = [f for f in report.findings if f.code.startswith("parse_") or f.code in REJECTED_AT_WRITE]
    if errors:
        first = errors[0]
        raise AwsError(
            "MalformedPolicyDocument", f"{first.message} (line {first.line}, column {first.column})", operation
        )
    if quota is not None and size_without_whitespace(text) > quota:
        raise AwsError(
            "LimitExceeded",
            f"Cannot exceed quota for PolicySize: {quota} (this document has "
            f"{size_without_whitespace(text)} characters without whitespace).",
            operation,
        )
