"""Import, step 1: one authorization-details document → the model's users, groups, roles, policies and profiles.

Entries are read as the CLI prints them or as boto3 returns them: documents as JSON objects, JSON
text or IAM's URL-encoded text; timestamps as ``datetime`` or ISO 8601 text. The reader remembers
which entry it is reading (``where``) so that an error can name it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

from workbench.account.managed import aws_managed_policy
from workbench.account.model import Group, InstanceProfile, ManagedPolicy, PolicyVersion, Role, User

AWS_POLICY_PREFIX = "arn:aws:iam::aws:policy/"


class AuthorizationDetailsReader:
    """Reads one document; ``where`` names the entry being read, for error messages."""

    def __init__(self, account_id: str) -> None:
        self.account_id = account_id
        self.where = "the document"

    def read(self, data: Mapping[str, Any]) -> dict[str, Any]:
        users = {u.name.lower(): u for u in self._each(data, "UserDetailList", self._user)}
        groups = {g.name.lower(): g for g in self._each(data, "GroupDetailList", self._group)}
        profiles: dict[str, InstanceProfile] = {}
        roles = {r.name.lower(): r for r in self._each(data, "RoleDetailList", lambda raw: self._role(raw, profiles))}
        policies: dict[str, ManagedPolicy] = {}
        for policy in self._each(data, "Policies", self._policy):
            if not policy.aws_managed:
                policies[policy.name.lower()] = policy
            elif _differs_from_shipped(policy):
                policies[policy.arn] = policy
        self.where = "the document"
        return {"users": users, "groups": groups, "roles": roles, "policies": policies, "instance_profiles": profiles}

    def _each(self, data: Mapping[str, Any], key: str, build: Any) -> Iterable[Any]:
        entries = data.get(key, [])
        if not isinstance(entries, list):
            self.where = key
            raise TypeError(f"expected a list, found {type(entries).__name__}")
        for index, raw in enumerate(entries):
            self.where = f"{key}[{index}]"
            if not isinstance(raw, Mapping):
                raise TypeError(f"expected an object, found {type(raw).__name__}")
            yield build(raw)

    def _own_arn(self, arn: str) -> str:
        parts = arn.split(":", 5)
        if len(parts) != 6 or parts[4] != self.account_id:
            raise ValueError(f"the ARN {arn!r} does not belong to account {self.account_id}")
        return arn

    def _user(self, raw: Mapping[str, Any]) -> User:
        return User(
            name=raw["UserName"],
            path=raw.get("Path", "/"),
            user_id=raw["UserId"],
            arn=self._own_arn(raw["Arn"]),
            create_date=_moment(raw["CreateDate"]),
            tags=_tag_map(raw.get("Tags")),
            inline_policies=_inline_map(raw.get("UserPolicyList")),
            attached_policies=_arns(raw.get("AttachedManagedPolicies")),
            permissions_boundary=_boundary_arn(raw.get("PermissionsBoundary")),
            groups=tuple(raw.get("GroupList") or ()),
        )

    def _group(self, raw: Mapping[str, Any]) -> Group:
        return Group(
            name=raw["GroupName"],
            path=raw.get("Path", "/"),
            group_id=raw["GroupId"],
            arn=self._own_arn(raw["Arn"]),
            create_date=_moment(raw["CreateDate"]),
            inline_policies=_inline_map(raw.get("GroupPolicyList")),
            attached_policies=_arns(raw.get("AttachedManagedPolicies")),
        )

    def _role(self, raw: Mapping[str, Any], profiles: dict[str, InstanceProfile]) -> Role:
        # Only the copy of a role inside an instance profile carries its description and duration.
        full: Mapping[str, Any] = next(
            (
                r
                for p in raw.get("InstanceProfileList") or ()
                for r in p.get("Roles") or ()
                if r.get("RoleId") == raw["RoleId"]
            ),
            {},
        )
        last_used = raw.get("RoleLastUsed") or {}
        role = Role(
            name=raw["RoleName"],
            path=raw.get("Path", "/"),
            role_id=raw["RoleId"],
            arn=self._own_arn(raw["Arn"]),
            create_date=_moment(raw["CreateDate"]),
            trust_policy=_document(raw["AssumeRolePolicyDocument"]),
            description=full.get("Description", ""),
            max_session_duration=full.get("MaxSessionDuration", 3600),
            permissions_boundary=_boundary_arn(raw.get("PermissionsBoundary")),
            inline_policies=_inline_map(raw.get("RolePolicyList")),
            attached_policies=_arns(raw.get("AttachedManagedPolicies")),
            tags=_tag_map(raw.get("Tags")),
            last_used_date=_moment(last_used["LastUsedDate"]) if last_used.get("LastUsedDate") else None,
            last_used_region=last_used.get("Region") if last_used.get("LastUsedDate") else None,
        )
        for entry in raw.get("InstanceProfileList") or ():
            key = entry["InstanceProfileName"].lower()
            if key not in profiles:
                profiles[key] = InstanceProfile(
                    name=entry["InstanceProfileName"],
                    path=entry.get("Path", "/"),
                    instance_profile_id=entry["InstanceProfileId"],
                    arn=self._own_arn(entry["Arn"]),
                    create_date=_moment(entry["CreateDate"]),
                    roles=tuple(member["RoleName"] for member in entry.get("Roles") or ()),
                    tags=_tag_map(entry.get("Tags")),
                )
        return role

    def _policy(self, raw: Mapping[str, Any]) -> ManagedPolicy:
        arn = raw["Arn"]
        aws_managed = arn.startswith(AWS_POLICY_PREFIX)
        if not aws_managed:
            self._own_arn(arn)
        versions = tuple(
            PolicyVersion(
                version_id=v["VersionId"], document=_document(v["Document"]), create_date=_moment(v["CreateDate"])
            )
            for v in raw.get("PolicyVersionList") or ()
        )
        default = raw.get("DefaultVersionId") or next(
            (v["VersionId"] for v in raw.get("PolicyVersionList") or () if v.get("IsDefaultVersion")), None
        )
        if not versions or default not in {v.version_id for v in versions}:
            raise ValueError(f"policy {arn} lists no document for its default version {default!r}")
        numbers = [int(v.version_id[1:]) for v in versions if v.version_id[1:].isdigit()]
        created = _moment(raw["CreateDate"]) if raw.get("CreateDate") else versions[0].create_date
        return ManagedPolicy(
            arn=arn,
            name=raw["PolicyName"],
            path=raw.get("Path", "/"),
            policy_id=raw["PolicyId"],
            create_date=created,
            update_date=_moment(raw["UpdateDate"]) if raw.get("UpdateDate") else created,
            description=raw.get("Description") or "",
            default_version_id=default,
            versions=versions,
            aws_managed=aws_managed,
            next_version=max(numbers, default=0) + 1,
        )


def _differs_from_shipped(policy: ManagedPolicy) -> bool:
    shipped = aws_managed_policy(policy.arn)
    if shipped is None or shipped.default_version_id != policy.default_version_id:
        return True
    return json.loads(shipped.default_document) != json.loads(policy.default_document)


def _moment(value: Any) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    else:
        raise TypeError(f"expected a timestamp, found {type(value).__name__}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _document(value: Any) -> str:
    """Policy text from a JSON object, JSON text, or IAM's URL-encoded JSON text."""
    if isinstance(value, Mapping):
        return json.dumps(value, indent=4)
    if not isinstance(value, str):
        raise TypeError(f"expected a policy document, found {type(value).__name__}")
    text = value if value.lstrip().startswith("{") else unquote(value)
    if not isinstance(json.loads(text), dict):
        raise ValueError("a policy document must be a JSON object")
    return text


def _tag_map(raw: Any) -> dict[str, str]:
    return {tag["Key"]: tag["Value"] for tag in raw or ()}


def _inline_map(raw: Any) -> dict[str, str]:
    return {entry["PolicyName"]: _document(entry["PolicyDocument"]) for entry in raw or ()}


def _arns(raw: Any) -> tuple[str, ...]:
    return tuple(entry["PolicyArn"] for entry in raw or ())


def _boundary_arn(raw: Any) -> str | None:
    return raw.get("PermissionsBoundaryArn") if raw else None
