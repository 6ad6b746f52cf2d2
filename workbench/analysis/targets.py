"""Analysis, step 0's other half: the resource of a request — its account, resource-based policy, tags and RCPs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from workbench.account.model import State
from workbench.arn import Arn
from workbench.engine.compile import CompiledPolicy
from workbench.engine.request import ContextValue, Resource
from workbench.policy.model import PolicyDocument


@dataclass(frozen=True, slots=True, eq=False)
class ResourceTarget:
    """The resource of a request: its ARN, account, resource-based policy (compiled) and tags."""

    arn: str
    parsed: Arn | None
    account_id: str | None
    policy: PolicyDocument | None
    compiled_policy: CompiledPolicy | None
    resource: Resource
    context: Mapping[str, ContextValue]
    """``aws:ResourceAccount`` and ``aws:ResourceTag/…`` keys, lower-cased."""
    rcp_levels: tuple[tuple[PolicyDocument, ...], ...] | None
    compiled_rcps: tuple[tuple[CompiledPolicy, ...], ...] | None


def resource_facts(state: State, arn: str, *, trust: bool = False) -> tuple[str | None, str | None, Mapping[str, str]]:
    """(owning account, resource-based policy text, tags) of a resource the simulation holds."""
    if arn == "*":
        return None, None, {}
    parts = arn.split(":", 5)
    account_id = parts[4] or None
    service, resource = parts[2], parts[5]
    account = state.accounts.get(account_id or "")
    if service == "iam" and account is not None:
        kind, _, rest = resource.partition("/")
        name = rest.rsplit("/", 1)[-1].lower()
        if kind == "user" and name in account.users:
            return account_id, None, account.users[name].tags
        if kind == "role" and name in account.roles:
            role = account.roles[name]
            return account_id, role.trust_policy if trust else None, role.tags
    elif service == "s3":
        bucket = state.services.buckets.get(resource.split("/", 1)[0])
        if bucket is not None:
            return bucket.account_id, bucket.policy, bucket.tags if "/" not in resource else {}
    elif service == "lambda":
        functions = state.services.functions
        function = functions.get(arn) or functions.get(arn.rsplit(":", 1)[0])
        if function is not None:
            return account_id, function.policy, function.tags
    elif service == "kms":
        key = state.services.keys.get(arn)
        if key is not None:
            return account_id, key.policy, key.tags
    return account_id, None, {}
