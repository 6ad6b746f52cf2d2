"""An account ⇄ the output of ``aws iam get-account-authorization-details`` (what PMapper and Cloudsplaining read).

Export gives exactly what the simulated IAM client's ``get_account_authorization_details`` answers
(botocore's output shape, documents decoded into JSON objects as boto3 and the CLI show them,
timestamps as ``datetime``), all in one page. Import reads such an output — documents as JSON
objects, JSON text, or IAM's URL-encoded text; timestamps as ``datetime`` or ISO text — and builds
the account's state in one step (no API calls, so thousands of entities load in well under a
second). AWS managed policies the export carries that differ from the curated ones shipped with the
workbench (or that it lacks) are kept in the account, keyed by their ARN, so nothing is lost.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from botocore.handlers import json_decode_policies
from pydantic import ValidationError

from workbench.account.authorization_details_reader import AuthorizationDetailsReader
from workbench.account.managed import aws_managed_policies
from workbench.account.model import Account, Group, ManagedPolicy, Role, User
from workbench.account.service import service_model
from workbench.account.simulation import Simulation
from workbench.errors import WorkbenchError

LISTS = ("UserDetailList", "GroupDetailList", "RoleDetailList", "Policies")


class AuthorizationDetailsError(WorkbenchError):
    """An authorization-details document that cannot be imported; the message names the entry and the problem."""

    code = "authorization_details_invalid"


# -- export -----------------------------------------------------------------------------------------


def export_authorization_details(account: Account) -> dict[str, Any]:
    """The account as ``get_account_authorization_details`` answers it, in one page."""
    usage = _Usage(account)
    answer: dict[str, Any] = {
        "UserDetailList": [_user_detail(u) for u in _by_key(account.users)],
        "GroupDetailList": [_group_detail(g) for g in _by_key(account.groups)],
        "RoleDetailList": [_role_detail(account, r) for r in _by_key(account.roles)],
        "Policies": [_policy_detail(usage, p) for p in _by_key(account.policies) if not p.aws_managed]
        + [_policy_detail(usage, p) for p in _aws_managed_in_use(account, usage)],
        "IsTruncated": False,
    }
    # IAM sends documents URL-encoded; boto3 decodes them into JSON objects (botocore's own handler).
    json_decode_policies(answer, service_model("iam").operation_model("GetAccountAuthorizationDetails"))
    return answer


def dumps_authorization_details(details: Mapping[str, Any]) -> str:
    """JSON text as the AWS CLI prints it (timestamps as ISO 8601 with ``+00:00``)."""

    def iso(value: Any) -> str:
        if isinstance(value, datetime):
            return value.astimezone(UTC).isoformat()
        raise TypeError(f"{type(value).__name__} is not JSON serializable")

    return json.dumps(details, indent=4, default=iso) + "\n"


def _by_key(entities: Mapping[str, Any]) -> list[Any]:
    return [entities[key] for key in sorted(entities)]


class _Usage:
    """How many users, groups and roles attach each policy, and how many use it as their boundary (one pass)."""

    def __init__(self, account: Account) -> None:
        holders: list[User | Group | Role] = [
            *account.users.values(),
            *account.groups.values(),
            *account.roles.values(),
        ]
        self.attached: Counter[str] = Counter(arn for holder in holders for arn in holder.attached_policies)
        principals: list[User | Role] = [*account.users.values(), *account.roles.values()]
        self.boundaries: Counter[str] = Counter(p.permissions_boundary for p in principals if p.permissions_boundary)


def _aws_managed_in_use(account: Account, usage: _Usage) -> list[ManagedPolicy]:
    known = {**aws_managed_policies(), **{p.arn: p for p in account.policies.values() if p.aws_managed}}
    used = set(usage.attached) | set(usage.boundaries)
    return sorted((known[arn] for arn in used if arn in known), key=lambda p: p.name)


def _inline(policies: Mapping[str, str]) -> list[dict[str, Any]]:
    return [{"PolicyName": name, "PolicyDocument": quote(text)} for name, text in policies.items()]


def _attached(arns: Iterable[str]) -> list[dict[str, str]]:
    return [{"PolicyName": arn.rsplit("/", 1)[-1], "PolicyArn": arn} for arn in arns]


def _boundary(arn: str | None) -> dict[str, Any]:
    if not arn:
        return {}
    return {
        "PermissionsBoundary": {"PermissionsBoundaryType": "PermissionsBoundaryPolicy", "PermissionsBoundaryArn": arn}
    }


def _tags(tags: Mapping[str, str]) -> dict[str, Any]:
    return {"Tags": [{"Key": k, "Value": v} for k, v in tags.items()]} if tags else {}


def _user_detail(user: User) -> dict[str, Any]:
    return {
        "Path": user.path,
        "UserName": user.name,
        "UserId": user.user_id,
        "Arn": user.arn,
        "CreateDate": user.create_date,
        "UserPolicyList": _inline(user.inline_policies),
        "GroupList": list(user.groups),
        "AttachedManagedPolicies": _attached(user.attached_policies),
        **_boundary(user.permissions_boundary),
        **_tags(user.tags),
    }


def _group_detail(group: Group) -> dict[str, Any]:
    return {
        "Path": group.path,
        "GroupName": group.name,
        "GroupId": group.group_id,
        "Arn": group.arn,
        "CreateDate": group.create_date,
        "GroupPolicyList": _inline(group.inline_policies),
        "AttachedManagedPolicies": _attached(group.attached_policies),
    }


def _last_used(role: Role) -> dict[str, Any]:
    if role.last_used_date is None:
        return {}
    return {"LastUsedDate": role.last_used_date, "Region": role.last_used_region or "us-east-1"}


def _role(role: Role) -> dict[str, Any]:
    """A role as GetRole answers it (the shape inside an instance profile)."""
    return {
        "Path": role.path,
        "RoleName": role.name,
        "RoleId": role.role_id,
        "Arn": role.arn,
        "CreateDate": role.create_date,
        "AssumeRolePolicyDocument": quote(role.trust_policy),
        "MaxSessionDuration": role.max_session_duration,
        **({"Description": role.description} if role.description else {}),
        **_boundary(role.permissions_boundary),
        **_tags(role.tags),
        "RoleLastUsed": _last_used(role),
    }


def _role_detail(account: Account, role: Role) -> dict[str, Any]:
    profiles = []
    for profile in account.instance_profiles.values():
        if role.name in profile.roles:
            members = [account.roles[name.lower()] for name in profile.roles if name.lower() in account.roles]
            profiles.append(
                {
                    "Path": profile.path,
                    "InstanceProfileName": profile.name,
                    "InstanceProfileId": profile.instance_profile_id,
                    "Arn": profile.arn,
                    "CreateDate": profile.create_date,
                    "Roles": [_role(member) for member in members],
                    **_tags(profile.tags),
                }
            )
    return {
        "Path": role.path,
        "RoleName": role.name,
        "RoleId": role.role_id,
        "Arn": role.arn,
        "CreateDate": role.create_date,
        "AssumeRolePolicyDocument": quote(role.trust_policy),
        "InstanceProfileList": profiles,
        "RolePolicyList": _inline(role.inline_policies),
        "AttachedManagedPolicies": _attached(role.attached_policies),
        **_boundary(role.permissions_boundary),
        **_tags(role.tags),
        "RoleLastUsed": _last_used(role),
    }


def _policy_detail(usage: _Usage, policy: ManagedPolicy) -> dict[str, Any]:
    return {
        "PolicyName": policy.name,
        "PolicyId": policy.policy_id,
        "Arn": policy.arn,
        "Path": policy.path,
        "DefaultVersionId": policy.default_version_id,
        "AttachmentCount": usage.attached[policy.arn],
        "PermissionsBoundaryUsageCount": usage.boundaries[policy.arn],
        "IsAttachable": True,
        "Description": policy.description,
        "CreateDate": policy.create_date,
        "UpdateDate": policy.update_date,
        "PolicyVersionList": [
            {
                "Document": quote(version.document),
                "VersionId": version.version_id,
                "IsDefaultVersion": version.version_id == policy.default_version_id,
                "CreateDate": version.create_date,
            }
            for version in policy.versions
        ],
    }


# -- import -----------------------------------------------------------------------------------------


def read_authorization_details(path: str | Path) -> dict[str, Any]:
    """The JSON object in a file written by ``aws iam get-account-authorization-details > FILE``."""
    source = Path(path)
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except OSError as error:
        raise AuthorizationDetailsError(f"{source}: cannot read it ({error.strerror or error})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise AuthorizationDetailsError(f"{source}: not a JSON document ({error})") from None
    if not isinstance(data, dict):
        raise AuthorizationDetailsError(f"{source}: the top level is not a JSON object")
    return data


def import_authorization_details(
    sim: Simulation,
    data: Mapping[str, Any],
    account_id: str,
    *,
    name: str | None = None,
    replace: bool = False,
) -> Account:
    """Build account ``account_id`` from an authorization-details output; returns the new account.

    The account is created (named ``name``, default ``imported-<id>``) unless it exists, in which
    case ``replace=True`` swaps its IAM entities for the imported ones and anything else raises.
    Every entity's ARN must belong to ``account_id``. Nothing changes unless the whole import succeeds.
    """
    if not isinstance(data, Mapping) or not any(key in data for key in LISTS):
        raise AuthorizationDetailsError(f"not an authorization-details document: it has none of {', '.join(LISTS)}")
    existing = sim.state.accounts.get(account_id)
    if existing is not None and not replace:
        raise AuthorizationDetailsError(
            f"account {account_id} already exists in this simulation (pass replace=True to replace its IAM entities)",
            code="authorization_details_account_exists",
        )
    reader = AuthorizationDetailsReader(account_id)
    try:
        entities = reader.read(data)
    except (KeyError, TypeError, ValueError, ValidationError) as error:
        raise AuthorizationDetailsError(f"{reader.where}: {_describe(error)}") from None
    if existing is None:
        existing = sim.create_account(name or f"imported-{account_id}", account_id=account_id)
    account = existing.model_copy(update=entities)
    sim.put_account(account)
    return account


def _describe(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"missing {error.args[0]!r}"
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        return f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
    return str(error)
