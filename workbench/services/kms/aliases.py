"""KMS operations on aliases: CreateAlias, ListAliases, UpdateAlias, DeleteAlias.

An alias (``alias/orders``) names one key within an account and Region; every ``KeyId`` parameter
that takes aliases also accepts the alias ARN (``arn:aws:kms:<region>:<acct>:alias/orders``).
Creating, moving or deleting an alias needs the permission twice, as in KMS: on the alias (an IAM
policy: aliases have no policy of their own) and on each key involved (its key policy).
``alias/aws/…`` names are reserved for AWS managed keys.
"""

from __future__ import annotations

import re
from typing import Any

from workbench.account.authorization import Target
from workbench.account.callers import Caller
from workbench.account.service import operation
from workbench.services.kms.base import KmsBase, ResolvedKey
from workbench.services.kms.managed_keys import AWS_ALIAS_PREFIX
from workbench.services.kms.records import KeyAlias

ALIAS_NAME = re.compile(r"^alias/[a-zA-Z0-9/_-]+$")


class AliasOperations(KmsBase):
    def _alias_arn(self, caller: Caller, alias_name: str) -> str:
        return f"arn:aws:kms:{self.connection.region}:{caller.account_id}:{alias_name}"

    def _check_alias_name(self, alias_name: str) -> None:
        if not ALIAS_NAME.match(alias_name) or len(alias_name) > 256:
            raise self.error(
                "InvalidAliasNameException",
                f"Alias {alias_name!r} is invalid: it must begin with alias/ followed by letters, digits, / _ or -.",
            )
        if alias_name.startswith(AWS_ALIAS_PREFIX):
            raise self.error(
                "InvalidAliasNameException", f"Alias {alias_name} is reserved: alias/aws/ names AWS managed keys."
            )

    def _own_key(self, caller: Caller, key_id: str) -> ResolvedKey:
        resolved = self.resolve_key(caller, key_id, aliases=False)
        if resolved.key.account_id != caller.account_id or resolved.key.region != self.connection.region:
            raise self.error(
                "NotFoundException", f"Key '{resolved.arn}' is not in this account and Region: an alias cannot name it."
            )
        return resolved

    def _authorize_alias(self, caller: Caller, action: str, alias_name: str) -> None:
        alias_arn = self._alias_arn(caller, alias_name)
        self.authorize(caller, action, Target(alias_arn, caller.account_id), self.kms_context(caller))

    @operation("CreateAlias")
    def create_alias(self, *, AliasName: str, TargetKeyId: str) -> dict[str, Any]:
        caller = self.caller()
        self._check_alias_name(AliasName)
        target = self._own_key(caller, TargetKeyId)
        self._authorize_alias(caller, "kms:CreateAlias", AliasName)
        self.authorize_key(caller, "kms:CreateAlias", target)
        if self.find_alias(caller.account_id, self.connection.region, AliasName) is not None:
            raise self.error(
                "AlreadyExistsException", f"An alias with the name {self._alias_arn(caller, AliasName)} already exists"
            )
        alias = KeyAlias(name=AliasName, creation_date=self.now, last_updated_date=self.now)
        self.save_key(target.key, target.records.with_changes(aliases=(*target.records.aliases, alias)))
        return {}

    @operation("ListAliases")
    def list_aliases(
        self, *, KeyId: str | None = None, Limit: int | None = None, Marker: str | None = None
    ) -> dict[str, Any]:
        caller = self.caller()
        self.authorize(caller, "kms:ListAliases", Target("*", caller.account_id), self.kms_context(caller))
        if KeyId is not None:
            keys = [self._own_key(caller, KeyId)]
        else:
            keys = self.keys_in(caller.account_id, self.connection.region)
        entries = [
            {
                "AliasName": alias.name,
                "AliasArn": self._alias_arn(caller, alias.name),
                "TargetKeyId": resolved.key.key_id,
                "CreationDate": alias.creation_date,
                "LastUpdatedDate": alias.last_updated_date,
            }
            for resolved in keys
            for alias in resolved.records.aliases
        ]
        entries.sort(key=lambda entry: str(entry["AliasName"]))
        return self.kms_page("Aliases", entries, Limit, Marker)

    def _require_alias(self, caller: Caller, alias_name: str) -> ResolvedKey:
        found = self.find_alias(caller.account_id, self.connection.region, alias_name)
        if found is None:
            raise self.error("NotFoundException", f"Alias '{self._alias_arn(caller, alias_name)}' is not found.")
        return found

    @operation("UpdateAlias")
    def update_alias(self, *, AliasName: str, TargetKeyId: str) -> dict[str, Any]:
        caller = self.caller()
        current = self._require_alias(caller, AliasName)
        target = self._own_key(caller, TargetKeyId)
        self._authorize_alias(caller, "kms:UpdateAlias", AliasName)
        self.authorize_key(caller, "kms:UpdateAlias", current)
        self.authorize_key(caller, "kms:UpdateAlias", target)
        if AliasName.startswith(AWS_ALIAS_PREFIX):
            raise self.error("InvalidAliasNameException", f"Alias {AliasName} belongs to an AWS managed key.")
        if target.arn == current.arn:
            return {}
        moved = next(a for a in current.records.aliases if a.name == AliasName)
        moved = moved.model_copy(update={"last_updated_date": self.now})
        remaining = tuple(a for a in current.records.aliases if a.name != AliasName)
        self.save_key(current.key, current.records.with_changes(aliases=remaining))
        refreshed = self.live_key(target.arn) or target
        self.save_key(refreshed.key, refreshed.records.with_changes(aliases=(*refreshed.records.aliases, moved)))
        return {}

    @operation("DeleteAlias")
    def delete_alias(self, *, AliasName: str) -> dict[str, Any]:
        caller = self.caller()
        current = self._require_alias(caller, AliasName)
        self._authorize_alias(caller, "kms:DeleteAlias", AliasName)
        self.authorize_key(caller, "kms:DeleteAlias", current)
        remaining = tuple(a for a in current.records.aliases if a.name != AliasName)
        self.save_key(current.key, current.records.with_changes(aliases=remaining))
        return {}
