"""What IAM checks before it stores a role's settings: the trust policy, the session duration, the description.

A trust policy is validated as a TRUST policy (G11, G12) within its own quota (G13), and every IAM
user or role it names in an account of this simulation must exist — IAM binds such principals to
the entity's unique id when it stores the policy, so it refuses names it cannot resolve with
``Invalid principal in policy``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from workbench.account.errors import AwsError
from workbench.account.iam.rules import TRUST_POLICY_QUOTA, check_policy_document
from workbench.account.model import State
from workbench.policy.model import PolicyType

MIN_SESSION_DURATION = 3600
MAX_SESSION_DURATION = 43200
MAX_DESCRIPTION = 1000
_ENTITY_ARN = re.compile(r"^arn:aws:iam::(\d{12}):(user|role)/(?:[^*?]*/)?([\w+=,.@-]+)$")


def check_trust_policy(state: State, text: str, operation: str) -> None:
    """``MalformedPolicyDocument`` or ``LimitExceeded`` unless IAM would store ``text`` as a trust policy."""
    check_policy_document(text, PolicyType.TRUST, operation, quota=TRUST_POLICY_QUOTA)
    for principal in _aws_principals(json.loads(text)):
        match = _ENTITY_ARN.match(principal)
        if match is None:
            continue
        account = state.accounts.get(match.group(1))
        if account is None:
            continue  # an account outside the simulation: nothing to resolve against
        entities = account.users if match.group(2) == "user" else account.roles
        found = entities.get(match.group(3).lower())
        if found is None or found.arn.lower() != principal.lower():
            raise AwsError("MalformedPolicyDocument", f'Invalid principal in policy: "AWS":"{principal}"', operation)


def _aws_principals(raw: Any) -> Iterator[str]:
    statements = raw.get("Statement", []) if isinstance(raw, dict) else []
    for statement in statements if isinstance(statements, list) else [statements]:
        if not isinstance(statement, dict):
            continue
        for element in ("Principal", "NotPrincipal"):
            value = statement.get(element)
            if isinstance(value, dict):
                named = value.get("AWS", [])
                yield from (named,) if isinstance(named, str) else (n for n in named if isinstance(n, str))


def check_session_duration(seconds: int, operation: str) -> None:
    """A role's MaxSessionDuration is 3,600–43,200 seconds (S2)."""
    if seconds > MAX_SESSION_DURATION:
        bound = f"less than or equal to {MAX_SESSION_DURATION}"
    elif seconds < MIN_SESSION_DURATION:
        bound = f"greater than or equal to {MIN_SESSION_DURATION}"
    else:
        return
    raise AwsError(
        "ValidationError",
        f"1 validation error detected: Value '{seconds}' at 'maxSessionDuration' failed to satisfy constraint: "
        f"Member must have value {bound}",
        operation,
    )


def check_description(description: str | None, operation: str) -> None:
    if description is not None and len(description) > MAX_DESCRIPTION:
        raise AwsError(
            "ValidationError",
            "1 validation error detected: Value at 'description' failed to satisfy constraint: "
            f"Member must have length less than or equal to {MAX_DESCRIPTION}",
            operation,
        )
