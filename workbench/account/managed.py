"""AWS managed policies: their real documents for a curated set, read from data files (never written in code).

Each ``data/aws_managed/<Name>.json`` holds ``{"PolicyName", "Arn", "Path", "Description",
"DefaultVersionId", "Document"}``. They are global (the same ARN in every account) and read-only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from types import MappingProxyType

from workbench.account.model import ManagedPolicy, PolicyVersion

_PUBLISHED = datetime(2015, 2, 6, 18, 39, 46, tzinfo=UTC)
"""The creation date AWS shows for its original managed policies (used when a data file has none)."""


def _date(text: str | None) -> datetime:
    if not text:
        return _PUBLISHED
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


@cache
def aws_managed_policies() -> Mapping[str, ManagedPolicy]:
    """Every curated AWS managed policy, by ARN (loaded once, on first use)."""
    found: dict[str, ManagedPolicy] = {}
    folder = resources.files("workbench.account") / "data" / "aws_managed"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        raw = json.loads(entry.read_text(encoding="utf-8"))
        version = raw.get("DefaultVersionId", "v1")
        created = _date(raw.get("CreateDate"))
        updated = _date(raw.get("UpdateDate")) if raw.get("UpdateDate") else created
        policy = ManagedPolicy(
            arn=raw["Arn"],
            name=raw["PolicyName"],
            path=raw.get("Path", "/"),
            policy_id=raw.get("PolicyId", "ANPA" + raw["PolicyName"].upper()[:17].ljust(17, "X")),
            create_date=created,
            update_date=updated,
            description=raw.get("Description", ""),
            default_version_id=version,
            versions=(
                PolicyVersion(version_id=version, document=json.dumps(raw["Document"], indent=4), create_date=updated),
            ),
            aws_managed=True,
        )
        found[policy.arn] = policy
    return MappingProxyType(found)


def aws_managed_policy(arn: str) -> ManagedPolicy | None:
    return aws_managed_policies().get(arn)
