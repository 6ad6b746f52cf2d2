"""KMS, key policies: the default policy AWS writes, what PutKeyPolicy refuses, and grants folded into the decision.

Grants are folded in as extra statements of the key policy, one per grant, evaluated by the engine
like any other key-policy statement::

    {"Sid": "Grant <id>", "Effect": "Allow", "Principal": {"AWS": <grantee>},
     "Action": ["kms:<operation>", ...], "Resource": "*",
     "Condition": <the grant's encryption-context constraints>}

So a grant is one more way the key's resource policy can allow (E9): it admits its grantee for
its operations exactly as a key-policy statement naming the grantee would — directly for a user
or session, through the role for a role ARN, as a delegation for an account ARN — while an
explicit ``Deny`` in the key policy or an IAM policy, SCPs and RCPs still apply. Across accounts
the grantee's own identity policies must also allow (E10). This is the workbench's reading of
KMS's "key policy, IAM policies and grants" model; AWS does not publish a formal algorithm.
"""

from __future__ import annotations

import json
from typing import Any

from workbench.account.errors import AwsError
from workbench.account.iam.rules import REJECTED_AT_WRITE
from workbench.account.model import State
from workbench.policy.model import PolicyType
from workbench.policy.parse import parse_policy
from workbench.policy.validate import validate_policy
from workbench.services.kms.records import KeyGrant
from workbench.services.state import KmsKey

KEY_POLICY_NAME = "default"
KEY_POLICY_MAX_BYTES = 32768

_DEFAULT_POLICY = """{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::%s:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}"""

_KMS_ACCEPTS = frozenset({"validate_invalid_sid"})
"""IAM refuses these, KMS does not: key-policy Sids may contain spaces ("Enable IAM User Permissions")."""


def default_key_policy(account_id: str) -> str:
    """The key policy CreateKey writes when none is given, character for character as AWS returns it.

    It trusts the account (``arn:aws:iam::<acct>:root``) with ``kms:*``: a delegation, so IAM
    policies decide for the account's users and roles, and the root user keeps access (E3, E9).
    """
    return _DEFAULT_POLICY % account_id


def check_key_policy(text: str, state: State, operation: str) -> None:
    """Refuse what KMS refuses to store (``MalformedPolicyDocumentException``, ``LimitExceededException``)."""
    if len(text.encode()) > KEY_POLICY_MAX_BYTES:
        raise AwsError(
            "LimitExceededException",
            f"The key policy is {len(text.encode())} bytes; a key policy may have at most {KEY_POLICY_MAX_BYTES}.",
            operation,
        )
    report = validate_policy(text, PolicyType.RESOURCE)
    refused = REJECTED_AT_WRITE - _KMS_ACCEPTS
    errors = [f for f in report.findings if f.code.startswith("parse_") or f.code in refused]
    if errors:
        first = errors[0]
        raise AwsError(
            "MalformedPolicyDocumentException", f"{first.message} (line {first.line}, column {first.column})", operation
        )
    unknown = _unknown_principals(text, state)
    if unknown:
        raise AwsError(
            "MalformedPolicyDocumentException",
            f"Policy contains a statement with one or more invalid principals: {', '.join(unknown)} "
            "does not exist in the simulation.",
            operation,
        )


def _unknown_principals(text: str, state: State) -> list[str]:
    """User and role ARNs of accounts in the simulation that name no existing user or role."""
    unknown: list[str] = []
    for statement in parse_policy(text, name="key policy").statements:
        for block in (statement.principal, statement.not_principal):
            for entry in block.entries if block is not None else ():
                if entry.kind == "AWS" and not _principal_exists(entry.value, state):
                    unknown.append(entry.value)
    return unknown


def _principal_exists(value: str, state: State) -> bool:
    parts = value.split(":", 5)
    if len(parts) != 6 or parts[2] != "iam":
        return True  # "*", an account id, a session ARN: nothing to look up
    account = state.accounts.get(parts[4])
    if account is None:
        return True  # an account outside the simulation: KMS could not tell either
    kind, _, rest = parts[5].partition("/")
    name = rest.rsplit("/", 1)[-1].lower()
    if kind == "user":
        return name in account.users
    if kind == "role":
        return name in account.roles
    return True


def effective_key_policy(key: KmsKey, grants: tuple[KeyGrant, ...]) -> str:
    """The key policy with one Allow statement per grant appended (see the module docstring)."""
    if not grants:
        return key.policy
    raw: dict[str, Any] = json.loads(key.policy)
    listed = raw.get("Statement", [])
    statements = list(listed) if isinstance(listed, list) else [listed]
    statements.extend(_grant_statement(grant) for grant in grants)
    raw["Statement"] = statements
    return json.dumps(raw, indent=2)


def _grant_statement(grant: KeyGrant) -> dict[str, Any]:
    principal_kind = "AWS" if grant.grantee_principal.startswith("arn:") else "Service"
    statement: dict[str, Any] = {
        "Sid": f"Grant {grant.grant_id}",
        "Effect": "Allow",
        "Principal": {principal_kind: grant.grantee_principal},
        "Action": [f"kms:{operation}" for operation in grant.operations],
        "Resource": "*",
    }
    condition: dict[str, dict[str, Any]] = {}
    pairs = {**(grant.encryption_context_subset or {}), **(grant.encryption_context_equals or {})}
    if pairs:
        condition["StringEquals"] = {f"kms:EncryptionContext:{k}": v for k, v in pairs.items()}
    equals = grant.encryption_context_equals
    if equals:  # "Equals": no other key may be present either
        condition["ForAllValues:StringEquals"] = {"kms:EncryptionContextKeys": sorted(equals)}
    elif equals is not None:  # an empty context must be exactly empty
        condition["Null"] = {"kms:EncryptionContextKeys": "true"}
    if condition:
        statement["Condition"] = condition
    return statement
