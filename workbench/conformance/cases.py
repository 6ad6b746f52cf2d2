"""Conformance cases (design.md §2.1): read a case file, merge ``defaults``, build requests and policy sets.

Big files share one policy set across thousands of cases through ``defaults``. Deep-merging keeps
the very same JSON objects for everything a case does not override, so parsed documents and
compiled policy sets are cached by the identity of those objects: each shared policy is parsed
and compiled once per file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from workbench.engine.authorize import ROLE_ASSUMPTION_ACTIONS
from workbench.engine.policy_set import PolicySet
from workbench.engine.request import PRINCIPAL_TYPES, AuthorizationRequest, Principal, Resource
from workbench.errors import CaseFormatError, PolicyParseError, WorkbenchError
from workbench.policy.model import PolicyDocument, PolicyType
from workbench.policy.parse import parse_policy


@dataclass(frozen=True, slots=True)
class Case:
    """One case, ready to evaluate; ``policy_types`` says how to validate each document."""

    id: str
    request: AuthorizationRequest
    policies: PolicySet
    expected: str | None
    documents: tuple[tuple[PolicyDocument, PolicyType], ...]


@dataclass(frozen=True, slots=True)
class BrokenCase:
    """A case that cannot be evaluated; it is reported with its error and counts as failed."""

    id: str
    expected: str | None
    error: WorkbenchError


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise CaseFormatError(f'duplicate key "{key}" in one JSON object', code="case_duplicate_key")
        result[key] = value
    return result


def read_case_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CaseFormatError(f"cannot read {path}: {error.strerror}", code="case_file_unreadable") from error
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as error:
        raise CaseFormatError(
            f"{path}: not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}",
            code="case_invalid_json",
        ) from error
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise CaseFormatError(f'{path}: a case file is an object with a "cases" array', code="case_file_shape")
    return data


def deep_merge(defaults: Any, case: Any) -> Any:
    """Objects merge key by key, recursively, the case winning; lists and scalars are replaced."""
    if isinstance(defaults, dict) and isinstance(case, dict):
        merged = dict(defaults)
        for key, value in case.items():
            merged[key] = deep_merge(defaults[key], value) if key in defaults else value
        return merged
    return case


class CaseBuilder:
    """Turns raw cases into :class:`Case` objects, parsing each shared policy object only once."""

    def __init__(self) -> None:
        # Keyed by id() of JSON objects; the objects themselves are kept alive in the values.
        self._documents: dict[int, tuple[Any, PolicyDocument]] = {}
        self._policy_sets: dict[tuple[int, ...], tuple[tuple[Any, ...], PolicySet]] = {}

    def build_all(self, data: dict[str, Any]) -> Iterator[Case | BrokenCase]:
        defaults = data.get("defaults") or {}
        if not isinstance(defaults, dict):
            raise CaseFormatError('"defaults" must be an object', code="case_file_shape")
        for position, raw in enumerate(data["cases"]):
            merged = deep_merge(defaults, raw) if isinstance(raw, dict) else raw
            case_id = str(merged.get("id", f"#{position + 1}")) if isinstance(merged, dict) else f"#{position + 1}"
            expected = merged.get("expected") if isinstance(merged, dict) else None
            try:
                if not isinstance(merged, dict):
                    raise CaseFormatError("a case must be a JSON object", code="case_shape")
                yield self.build(case_id, merged)
            except WorkbenchError as error:
                yield BrokenCase(case_id, expected, error)
            except ValidationError as error:
                problem = error.errors()[0]
                where = ".".join(str(part) for part in problem["loc"])
                message = f"{where}: {problem['msg']}"
                yield BrokenCase(case_id, expected, CaseFormatError(message, code="case_shape"))

    def build(self, case_id: str, raw: dict[str, Any]) -> Case:
        principal = _principal(raw.get("principal"))
        resource_raw = raw.get("resource") or {}
        if not isinstance(resource_raw, dict):
            raise CaseFormatError("resource must be an object", code="case_shape")
        resource = Resource(arn=resource_raw.get("arn") or "*", account=resource_raw.get("account"))
        context = raw.get("context") or {}
        if not isinstance(context, dict):
            raise CaseFormatError("context must be an object of key → value", code="case_shape")
        action = raw.get("action")
        if not isinstance(action, str):
            raise CaseFormatError("action must be a string such as s3:GetObject", code="case_shape")
        request = AuthorizationRequest(principal=principal, action=action, resource=resource, context=context)
        request.check()
        accounts = raw.get("accounts") or {}
        if not isinstance(accounts, dict):
            raise CaseFormatError("accounts must be an object keyed by account id", code="case_shape")
        own = accounts.get(principal.account or "") or {}
        target = accounts.get(resource.account or principal.account or "") or {}
        policies, documents = self.policy_set(own, target, resource_raw.get("policy"), _resource_policy_type(request))
        expected = raw.get("expected")
        return Case(case_id, request, policies, expected, documents)

    def document(self, raw: Any, name: str) -> PolicyDocument:
        cached = self._documents.get(id(raw))
        if cached is not None and cached[0] is raw:
            return cached[1]
        if not isinstance(raw, dict | str):
            raise PolicyParseError(
                f"{name}: a policy is a JSON object (or its text)",
                code="parse_not_an_object",
                line=1,
                column=1,
            )
        document = parse_policy(raw, name=name)
        self._documents[id(raw)] = (raw, document)
        return document

    def policy_set(
        self, own: dict[str, Any], target: dict[str, Any], resource_policy: Any, resource_type: PolicyType
    ) -> tuple[PolicySet, tuple[tuple[PolicyDocument, PolicyType], ...]]:
        parts = (
            own.get("identity_policies"),
            own.get("permission_boundary"),
            own.get("session_policy"),
            own.get("org_scps"),
            target.get("org_rcps"),
            resource_policy,
        )
        key = tuple(id(part) for part in parts)
        cached = self._policy_sets.get(key)
        if cached is not None and all(a is b for a, b in zip(cached[0], parts, strict=True)):
            policy_set = cached[1]
        else:
            policy_set = self._new_policy_set(*parts)
            self._policy_sets[key] = (parts, policy_set)
        return policy_set, _typed_documents(policy_set, resource_type)

    def _new_policy_set(
        self, identity: Any, boundary: Any, session: Any, scps: Any, rcps: Any, resource: Any
    ) -> PolicySet:
        if identity is not None and not isinstance(identity, list):
            raise CaseFormatError("identity_policies must be a list of policies", code="case_shape")
        return PolicySet(
            identity=tuple(self.document(p, f"identity policy {i + 1}") for i, p in enumerate(identity or [])),
            resource=self.document(resource, "resource policy") if resource is not None else None,
            boundary=self.document(boundary, "permissions boundary") if boundary is not None else None,
            session=self.document(session, "session policy") if session is not None else None,
            scp_levels=self._levels(scps, "SCP"),
            rcp_levels=self._levels(rcps, "RCP"),
        )

    def _levels(self, levels: Any, label: str) -> tuple[tuple[PolicyDocument, ...], ...] | None:
        if levels is None:
            return None
        if not isinstance(levels, list) or not all(isinstance(level, list) for level in levels):
            raise CaseFormatError(f"org_{label.lower()}s must be a list of levels, each a list", code="case_shape")
        return tuple(
            tuple(self.document(p, f"{label} {j + 1} at level {i}") for j, p in enumerate(level))
            for i, level in enumerate(levels)
        )


def _resource_policy_type(request: AuthorizationRequest) -> PolicyType:
    """A role's trust policy is the resource policy of the role-assumption actions."""
    arn = request.resource_arn
    if request.action_lower in ROLE_ASSUMPTION_ACTIONS and arn is not None and arn.resource_type == "role":
        return PolicyType.TRUST
    return PolicyType.RESOURCE


def _typed_documents(policies: PolicySet, resource_type: PolicyType) -> tuple[tuple[PolicyDocument, PolicyType], ...]:
    documents: list[tuple[PolicyDocument, PolicyType]] = [(d, PolicyType.IDENTITY) for d in policies.identity]
    if policies.resource is not None:
        documents.append((policies.resource, resource_type))
    if policies.boundary is not None:
        documents.append((policies.boundary, PolicyType.BOUNDARY))
    if policies.session is not None:
        documents.append((policies.session, PolicyType.SESSION))
    for level in policies.scp_levels or ():
        documents.extend((d, PolicyType.SCP) for d in level)
    for level in policies.rcp_levels or ():
        documents.extend((d, PolicyType.RCP) for d in level)
    return tuple(documents)


def _principal(raw: Any) -> Principal:
    if not isinstance(raw, dict):
        raise CaseFormatError("principal must be an object with at least a type", code="case_shape")
    kind = raw.get("type")
    if kind not in PRINCIPAL_TYPES:
        raise CaseFormatError(
            f"unknown principal type {kind!r}; use one of {', '.join(PRINCIPAL_TYPES)}",
            code="case_principal_type",
        )
    tags = raw.get("tags") or {}
    if not isinstance(tags, dict) or not all(isinstance(v, str) for v in tags.values()):
        raise CaseFormatError("principal tags must be an object of strings", code="case_shape")
    return Principal(
        type=kind,
        arn=raw.get("arn"),
        account=raw.get("account"),
        tags=tags,
        role_arn=raw.get("role_arn"),
        source_user_arn=raw.get("source_user_arn"),
        userid=raw.get("userid"),
    )
