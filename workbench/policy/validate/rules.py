"""Validate, reference data: what each policy type requires, forbids and allows (G3, G4, G12, G13).

One frozen row per :class:`PolicyType`, so a check asks ``rules_for(type).principal`` instead of
repeating lists of types; the table is the one place to change when AWS changes a rule.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

from workbench.policy.model import PolicyType


@dataclass(frozen=True, slots=True)
class TypeRules:
    """The grammar differences of one policy type."""

    label: str
    """How messages name the type: "identity policy", "role trust policy", …"""
    principal: Literal["required", "forbidden"]
    not_principal_allowed: bool
    resource: Literal["required", "forbidden"]
    strict_sid: bool
    """IAM and Organizations: Sids unique and only A–Z a–z 0–9 (G4). Other services allow more."""
    id_discouraged: bool
    """``Id`` belongs to resource-based policies (G3, AMB-11)."""
    version_required: bool
    """RCPs must state Version; elsewhere a missing Version is a warning (AMB-05)."""
    size_quota: int | None
    """Characters without whitespace (G13); None when the quota is the resource service's own."""

    @property
    def a_label(self) -> str:
        """The label with its article: "an identity policy", "a role trust policy"."""
        return ("an " if self.label[0] in "aeiou" else "a ") + self.label


def _identity_like(label: str, size_quota: int) -> TypeRules:
    """Identity, boundary, session and SCP documents share one grammar (G12)."""
    return TypeRules(
        label=label,
        principal="forbidden",
        not_principal_allowed=False,
        resource="required",
        strict_sid=True,
        id_discouraged=True,
        version_required=False,
        size_quota=size_quota,
    )


RULES: Final[Mapping[PolicyType, TypeRules]] = MappingProxyType(
    {
        PolicyType.IDENTITY: _identity_like("identity policy", 6144),
        PolicyType.BOUNDARY: _identity_like("permissions boundary", 6144),
        PolicyType.SESSION: _identity_like("session policy", 2048),
        PolicyType.SCP: _identity_like("service control policy", 5120),
        PolicyType.RCP: TypeRules(
            label="resource control policy",
            principal="required",
            not_principal_allowed=False,
            resource="required",
            strict_sid=True,
            id_discouraged=False,
            version_required=True,
            size_quota=5120,
        ),
        PolicyType.TRUST: TypeRules(
            label="role trust policy",
            principal="required",
            not_principal_allowed=False,
            resource="forbidden",
            strict_sid=True,
            id_discouraged=False,
            version_required=False,
            size_quota=2048,
        ),
        PolicyType.RESOURCE: TypeRules(
            label="resource-based policy",
            principal="required",
            not_principal_allowed=True,
            resource="required",
            strict_sid=False,
            id_discouraged=False,
            version_required=False,
            size_quota=None,
        ),
    }
)


def rules_for(policy_type: PolicyType) -> TypeRules:
    return RULES[policy_type]


DOCUMENT_ELEMENTS: Final = ("Version", "Id", "Statement")
STATEMENT_ELEMENTS: Final = (
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
)
VALID_VERSIONS: Final = ("2012-10-17", "2008-10-17")


def closest_name(written: str, known: tuple[str, ...]) -> str | None:
    """The known name a misspelt one most likely means: same letters in another case, else a close one."""
    for name in known:
        if name.lower() == written.lower():
            return name
    found = difflib.get_close_matches(written, known, n=1, cutoff=0.6)
    return found[0] if found else None


def miscased(name: str, written: tuple[str, ...]) -> bool:
    """True when ``name`` was written, but in another letter case (so it counts as unknown, AMB-12)."""
    return any(w.lower() == name.lower() for w in written)
