"""KMS, stored data: a key's grants, aliases and scheduled deletion, read from and written to its ``KmsKey``.

Every operation goes through :class:`KeyRecords`, which also derives the key's state.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from workbench.services.state import KeyAlias, KeyGrant, KmsKey, ScheduledDeletion

__all__ = ["KeyAlias", "KeyGrant", "KeyRecords", "ScheduledDeletion", "context_map"]

KeyState = Literal["Enabled", "Disabled", "PendingDeletion"]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class KeyRecords(_Record):
    """Everything about a key that its ``KmsKey`` fields do not hold directly."""

    grants: tuple[KeyGrant, ...] = ()
    aliases: tuple[KeyAlias, ...] = ()
    deletion: ScheduledDeletion | None = None

    @classmethod
    def of(cls, key: KmsKey) -> KeyRecords:
        return cls(grants=key.grants, aliases=key.aliases, deletion=key.deletion)

    def store(self, key: KmsKey) -> KmsKey:
        """``key`` with these records."""
        return key.model_copy(update={"grants": self.grants, "aliases": self.aliases, "deletion": self.deletion})

    # -- derived facts ------------------------------------------------------------------------
    def state(self, key: KmsKey, now: datetime) -> KeyState | None:
        """The key's state at ``now``; None once a scheduled deletion has happened."""
        if self.deletion is not None:
            return "PendingDeletion" if now < self.deletion.deletion_date else None
        return "Enabled" if key.enabled else "Disabled"

    def alias_names(self) -> tuple[str, ...]:
        return tuple(alias.name for alias in self.aliases)

    def with_changes(self, **changes: Any) -> KeyRecords:
        return self.model_copy(update=changes)


def context_map(raw: Mapping[str, Any] | None) -> dict[str, str]:
    """An ``EncryptionContext`` parameter as a plain ``str → str`` dict."""
    return {str(k): str(v) for k, v in (raw or {}).items()}


GRANT_OPERATIONS: tuple[str, ...] = (
    "Decrypt",
    "Encrypt",
    "GenerateDataKey",
    "GenerateDataKeyWithoutPlaintext",
    "ReEncryptFrom",
    "ReEncryptTo",
    "Sign",
    "Verify",
    "GetPublicKey",
    "CreateGrant",
    "RetireGrant",
    "DescribeKey",
    "GenerateDataKeyPair",
    "GenerateDataKeyPairWithoutPlaintext",
    "GenerateMac",
    "VerifyMac",
    "DeriveSharedSecret",
)
"""The operations a grant may list (botocore's ``GrantOperation``)."""
