"""When a user or role is deleted, trust policies that named it now name its unique id instead (G11).

IAM binds the user and role ARNs in a role's trust policy to the entities' unique ids when the
policy is saved. After the entity is deleted, the policy shows the old unique id (``AIDA…`` or
``AROA…``) where the ARN was; a new entity with the same name has a new id, so it is not trusted.
The simulation does exactly that rewrite, in every account's trust policies.
"""

from __future__ import annotations

import json
from typing import Any

from workbench.account.model import State


def _rewrite(value: Any, arn: str, unique_id: str) -> tuple[Any, bool]:
    if isinstance(value, str):
        return (unique_id, True) if value == arn else (value, False)
    if isinstance(value, list):
        items = [_rewrite(item, arn, unique_id) for item in value]
        return [item for item, _ in items], any(changed for _, changed in items)
    return value, False


def _rewrite_trust(text: str, arn: str, unique_id: str) -> str | None:
    """The trust policy with ``arn`` replaced by ``unique_id`` in its principals, or None if unchanged."""
    if arn not in text:
        return None
    document = json.loads(text)
    statements = document.get("Statement", [])
    changed = False
    for statement in statements if isinstance(statements, list) else [statements]:
        for element in ("Principal", "NotPrincipal"):
            block = statement.get(element)
            if isinstance(block, dict) and "AWS" in block:
                block["AWS"], touched = _rewrite(block["AWS"], arn, unique_id)
                changed = changed or touched
    return json.dumps(document, indent=2) if changed else None


def forget_principal(state: State, arn: str, unique_id: str) -> State:
    """Replace ``arn`` by ``unique_id`` in every role trust policy of every account."""
    accounts = dict(state.accounts)
    for account_id, account in state.accounts.items():
        roles = dict(account.roles)
        for key, role in account.roles.items():
            rewritten = _rewrite_trust(role.trust_policy, arn, unique_id)
            if rewritten is not None:
                roles[key] = role.model_copy(update={"trust_policy": rewritten})
        if roles != account.roles:
            accounts[account_id] = account.model_copy(update={"roles": roles})
    return state.model_copy(update={"accounts": accounts})
