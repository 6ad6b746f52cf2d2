"""PutBucketPolicy's gate: a bucket policy S3 refuses to store, and S3's ``MalformedPolicy`` message for it.

The document is validated as a resource policy by the workbench validator; the findings S3
itself refuses are answered with S3's wording ("Policy has invalid action", "Missing required
field Principal", …). On top of the generic checks, S3 insists that every Resource names this
bucket or its objects, that each action applies to some resource of its statement ("Action does
not apply to any resource(s) in statement": ``s3:ListBucket`` on ``bucket/*``), that ``s3:``
condition keys fit the statement's actions, and that the IAM users and roles named as principals
exist. The first fault found is the answer, as in S3.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from workbench.errors import PolicyParseError
from workbench.policy.catalog import ServiceCatalog, load_catalog
from workbench.policy.findings import Finding, Severity
from workbench.policy.model import Statement
from workbench.policy.parse import parse_policy
from workbench.policy.validate import validate_policy

MAX_POLICY_BYTES = 20 * 1024
"""Bucket policies are limited to 20 KB."""

_INVALID_ACTION = "Policy has invalid action"
_INVALID_RESOURCE = "Policy has invalid resource"
_INVALID_PRINCIPAL = "Invalid principal in policy"
_SYNTAX = "Invalid policy syntax."

_MESSAGES: Mapping[str, str] = MappingProxyType(
    {
        "validate_missing_statement": "Missing required field Statement",
        "validate_no_statements": "Could not parse the policy: Statement is empty!",
        "validate_invalid_version": "The policy must contain a valid version string",
        "validate_missing_effect": "Missing required field Effect",
        "validate_missing_principal": "Missing required field Principal",
        "validate_missing_action": "Missing required field Action",
        "validate_missing_resource": "Missing required field Resource",
        "validate_unknown_action": _INVALID_ACTION,
        "validate_invalid_action": _INVALID_ACTION,
        "validate_unknown_service": _INVALID_ACTION,
        "validate_action_service_wildcard": _INVALID_ACTION,
        "validate_invalid_arn": _INVALID_RESOURCE,
        "validate_arn_service_wildcard": _INVALID_RESOURCE,
        "validate_arn_variable_outside_resource": _INVALID_RESOURCE,
        "validate_invalid_principal": _INVALID_PRINCIPAL,
        "validate_invalid_account_id": _INVALID_PRINCIPAL,
        "validate_principal_partial_wildcard": _INVALID_PRINCIPAL,
        "validate_unknown_principal_kind": _INVALID_PRINCIPAL,
        "validate_unknown_condition_key": "Policy has an invalid condition key",
        "validate_action_and_not_action": _SYNTAX,
        "validate_resource_and_not_resource": _SYNTAX,
        "validate_principal_and_not_principal": _SYNTAX,
        "validate_invalid_character": _SYNTAX,
    }
)
"""Validator findings S3 refuses, with S3's message. (Other findings are advice: S3 stores the policy.)"""


def malformed_policy_message(
    text: str, bucket_name: str, principal_exists: Callable[[str], bool] = lambda arn: True
) -> str | None:
    """S3's MalformedPolicy message for ``text`` as the policy of ``bucket_name``, or None when S3 accepts it."""
    if len(text.encode("utf-8")) > MAX_POLICY_BYTES:
        return "Policy exceeds the maximum allowed document size."
    if not text.lstrip().startswith("{"):
        return "Policies must be valid JSON and the first byte must be '{'"
    try:
        document = parse_policy(text)
    except PolicyParseError:
        return "This policy contains invalid Json"
    for finding in validate_policy(document, "resource").findings:
        message = _message(finding, document.statements)
        if message is not None:
            return message
    catalog = load_catalog()
    for statement in document.statements:
        problem = _statement_problem(statement, bucket_name, catalog, principal_exists)
        if problem is not None:
            return problem
    return None


def _message(finding: Finding, statements: tuple[Statement, ...]) -> str | None:
    code = finding.code
    if code == "validate_unknown_element":
        return f"Unknown field {finding.pointer.rsplit('/', 1)[-1]}"
    if code == "validate_invalid_effect":
        effect = next((s.effect for s in statements if finding.pointer.startswith(s.pointer + "/")), "")
        return f"Invalid effect: {effect}"
    if code in ("validate_unknown_operator", "validate_null_if_exists"):
        return f"Invalid Condition type : {finding.pointer.rsplit('/', 1)[-1]}"
    if code == "validate_unknown_condition_key" or finding.severity is Severity.ERROR:
        return _MESSAGES.get(code)
    return None


def _statement_problem(
    statement: Statement, bucket_name: str, catalog: ServiceCatalog, principal_exists: Callable[[str], bool]
) -> str | None:
    resources = statement.resource or statement.not_resource or ()
    if not all(_names_this_bucket(resource, bucket_name) for resource in resources):
        return _INVALID_RESOURCE
    actions: set[str] = set()
    for action_entry in statement.action or ():
        if action_entry != "*" and not action_entry.lower().startswith("s3:"):
            return _INVALID_ACTION
        matching = set(catalog.actions_matching(action_entry if action_entry != "*" else "s3:*"))
        if statement.resource is not None and not any(
            catalog.arn_can_match_action(resource, action) is not False
            for resource in statement.resource
            for action in matching
        ):
            return "Action does not apply to any resource(s) in statement"
        actions |= matching
    if statement.action is not None:
        for clause in statement.conditions or ():
            key = clause.key
            if key.lower().startswith("s3:") and not any(
                catalog.key_supported_by_action(action, key) is not False for action in actions
            ):
                return "Conditions do not apply to combination of actions and resources in statement"
    for block in (statement.principal, statement.not_principal):
        for entry in block.entries if block is not None else ():
            if entry.kind == "AWS" and entry.value.startswith("arn:") and not principal_exists(entry.value):
                return _INVALID_PRINCIPAL
    return None


def _names_this_bucket(resource: str, bucket_name: str) -> bool:
    prefix = "arn:aws:s3:::"
    if not resource.startswith(prefix):
        return False
    return resource[len(prefix) :].split("/", 1)[0] == bucket_name
