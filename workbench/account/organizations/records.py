"""Organization facts besides the tree (enabled policy types, memberships, CreateAccount requests), read and written.

They live in ``Organization.records``; every Organizations operation reads and writes them through
these three functions.
"""

from __future__ import annotations

from workbench.account.model import (
    CreateAccountRequest,
    Membership,
    Organization,
    OrganizationRecords,
    PolicyTypeName,
)

__all__ = [
    "CreateAccountRequest",
    "Membership",
    "OrganizationRecords",
    "PolicyTypeName",
    "records_of",
    "target_attachments",
    "with_records",
]


def records_of(organization: Organization) -> OrganizationRecords:
    return organization.records


def with_records(organization: Organization, records: OrganizationRecords) -> Organization:
    return organization.model_copy(update={"records": records})


def target_attachments(organization: Organization) -> dict[str, tuple[str, ...]]:
    """Target id → attached policy ids."""
    return dict(organization.attachments)
