"""KMS operations on keys themselves: CreateKey, DescribeKey, ListKeys, Get/PutKeyPolicy, Enable/DisableKey, deletion.

CreateKey without ``Policy`` writes AWS's default key policy (the account trusted with
``kms:*``). A ``Policy`` given to CreateKey or PutKeyPolicy is validated as a resource policy and
must pass KMS's *policy lockout safety check*: the caller must still be allowed
``kms:PutKeyPolicy`` on the key under the new policy, or the call fails with
``MalformedPolicyDocumentException`` — unless ``BypassPolicyLockoutSafetyCheck`` is true, which
lets a learner lock everyone out, administrators and root included (E3, E9).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from workbench.account.authorization import Target
from workbench.account.callers import Caller
from workbench.account.service import operation
from workbench.services.kms.base import SYMMETRIC_DEFAULT, KmsBase, ResolvedKey, new_key_id
from workbench.services.kms.policies import KEY_POLICY_NAME, check_key_policy, default_key_policy
from workbench.services.kms.records import KeyRecords, ScheduledDeletion
from workbench.services.state import KmsKey

DELETION_WINDOW_DAYS = (7, 30)
DEFAULT_DELETION_WINDOW = 30
_LOCKOUT = (
    "The new key policy will not allow you to update the key policy in the future. "
    "(Set BypassPolicyLockoutSafetyCheck to true to store it anyway.)"
)


def _tags(raw: list[dict[str, str]] | None) -> dict[str, str]:
    return {tag["TagKey"]: tag["TagValue"] for tag in raw or []}


class KeyOperations(KmsBase):
    @operation("CreateKey")
    def create_key(
        self,
        *,
        Policy: str | None = None,
        Description: str = "",
        KeyUsage: str = "ENCRYPT_DECRYPT",
        CustomerMasterKeySpec: str | None = None,
        KeySpec: str | None = None,
        Origin: str = "AWS_KMS",
        CustomKeyStoreId: str | None = None,
        BypassPolicyLockoutSafetyCheck: bool | None = None,
        Tags: list[dict[str, str]] | None = None,
        MultiRegion: bool = False,
        XksKeyId: str | None = None,
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        tags = _tags(Tags)
        extra: dict[str, Any] = {
            **self.kms_context(caller),
            "kms:KeySpec": KeySpec or CustomerMasterKeySpec or SYMMETRIC_DEFAULT,
            "kms:KeyUsage": KeyUsage,
            "kms:KeyOrigin": Origin,
            "kms:MultiRegion": "true" if MultiRegion else "false",
        }
        if BypassPolicyLockoutSafetyCheck is not None:
            extra["kms:BypassPolicyLockoutSafetyCheck"] = "true" if BypassPolicyLockoutSafetyCheck else "false"
        if tags:
            extra.update({f"aws:RequestTag/{k}": v for k, v in tags.items()})
            extra["aws:TagKeys"] = list(tags)
        self.authorize(caller, "kms:CreateKey", Target("*", account.account_id), extra)
        spec = KeySpec or CustomerMasterKeySpec or SYMMETRIC_DEFAULT
        if spec != SYMMETRIC_DEFAULT or KeyUsage != "ENCRYPT_DECRYPT" or Origin != "AWS_KMS" or MultiRegion:
            raise self.error(
                "UnsupportedOperationException",
                "The simulation has single-Region symmetric encryption keys only "
                "(KeySpec SYMMETRIC_DEFAULT, KeyUsage ENCRYPT_DECRYPT, Origin AWS_KMS).",
            )
        if CustomKeyStoreId or XksKeyId:
            raise self.error("UnsupportedOperationException", "The simulation has no custom key stores.")
        key_id = new_key_id(self.sim)
        region = self.connection.region
        key = KmsKey(
            key_id=key_id,
            arn=f"arn:aws:kms:{region}:{account.account_id}:key/{key_id}",
            account_id=account.account_id,
            region=region,
            policy=Policy if Policy is not None else default_key_policy(account.account_id),
            description=Description,
            create_date=self.now,
            tags=tags,
        )
        if Policy is not None:
            check_key_policy(Policy, self.sim.state, self._operation)
            if not BypassPolicyLockoutSafetyCheck:
                self._lockout_check(caller, key, Policy)
        stored = self.save_key(key)
        return {"KeyMetadata": self.key_metadata(ResolvedKey(stored, KeyRecords.of(stored)))}

    def _lockout_check(self, caller: Caller, key: KmsKey, policy: str) -> None:
        target = Target(key.arn, key.account_id, policy, key.tags)
        if not self.would_allow(caller, "kms:PutKeyPolicy", target, self.kms_context(caller)):
            raise self.error("MalformedPolicyDocumentException", _LOCKOUT)

    @operation("DescribeKey")
    def describe_key(self, *, KeyId: str, GrantTokens: list[str] | None = None) -> dict[str, Any]:
        caller = self.caller()
        resolved = self.resolve_key(caller, KeyId)
        self.authorize_key(caller, "kms:DescribeKey", resolved)
        return {"KeyMetadata": self.key_metadata(resolved)}

    @operation("ListKeys")
    def list_keys(
        self, *, Limit: int | None = None, Marker: str | None = None, ResourceOwners: list[str] | None = None
    ) -> dict[str, Any]:
        caller = self.caller()
        self.authorize(caller, "kms:ListKeys", Target("*", caller.account_id), self.kms_context(caller))
        keys = sorted(self.keys_in(caller.account_id, self.connection.region), key=lambda r: r.key.key_id)
        entries = [{"KeyId": r.key.key_id, "KeyArn": r.arn} for r in keys]
        return self.kms_page("Keys", entries, Limit, Marker)

    # -- the key policy -------------------------------------------------------------------------
    @operation("GetKeyPolicy")
    def get_key_policy(self, *, KeyId: str, PolicyName: str = KEY_POLICY_NAME) -> dict[str, Any]:
        caller = self.caller()
        resolved = self.resolve_key(caller, KeyId, aliases=False)
        self.authorize_key(caller, "kms:GetKeyPolicy", resolved)
        self._require_default_name(PolicyName)
        return {"Policy": resolved.key.policy, "PolicyName": KEY_POLICY_NAME}

    @operation("ListKeyPolicies")
    def list_key_policies(self, *, KeyId: str, Limit: int | None = None, Marker: str | None = None) -> dict[str, Any]:
        caller = self.caller()
        resolved = self.resolve_key(caller, KeyId, aliases=False)
        self.authorize_key(caller, "kms:ListKeyPolicies", resolved)
        return self.kms_page("PolicyNames", [KEY_POLICY_NAME], Limit, Marker)

    @operation("PutKeyPolicy")
    def put_key_policy(
        self,
        *,
        KeyId: str,
        Policy: str,
        PolicyName: str = KEY_POLICY_NAME,
        BypassPolicyLockoutSafetyCheck: bool | None = None,
    ) -> dict[str, Any]:
        caller = self.caller()
        resolved = self.resolve_key(caller, KeyId, aliases=False)
        extra: dict[str, Any] = {}
        if BypassPolicyLockoutSafetyCheck is not None:
            extra["kms:BypassPolicyLockoutSafetyCheck"] = "true" if BypassPolicyLockoutSafetyCheck else "false"
        self.authorize_key(caller, "kms:PutKeyPolicy", resolved, extra)
        self._require_default_name(PolicyName)
        self.require_customer_managed(resolved)
        check_key_policy(Policy, self.sim.state, self._operation)
        if not BypassPolicyLockoutSafetyCheck:
            self._lockout_check(caller, resolved.key, Policy)
        self.save_key(resolved.key.model_copy(update={"policy": Policy}))
        return {}

    def _require_default_name(self, name: str) -> None:
        if name != KEY_POLICY_NAME:
            raise self.error("NotFoundException", f"Policy {name!r} does not exist: a key has one policy, 'default'.")

    # -- enabling, disabling, deleting ----------------------------------------------------------
    @operation("EnableKey")
    def enable_key(self, *, KeyId: str) -> dict[str, Any]:
        return self._set_enabled(KeyId, "kms:EnableKey", enabled=True)

    @operation("DisableKey")
    def disable_key(self, *, KeyId: str) -> dict[str, Any]:
        return self._set_enabled(KeyId, "kms:DisableKey", enabled=False)

    def _set_enabled(self, key_id: str, action: str, *, enabled: bool) -> dict[str, Any]:
        caller = self.caller()
        resolved = self.resolve_key(caller, key_id, aliases=False)
        self.authorize_key(caller, action, resolved)
        self.require_customer_managed(resolved)
        if resolved.records.deletion is not None:
            raise self.error("KMSInvalidStateException", f"{resolved.arn} is pending deletion.")
        self.save_key(resolved.key.model_copy(update={"enabled": enabled}))
        return {}

    @operation("ScheduleKeyDeletion")
    def schedule_key_deletion(self, *, KeyId: str, PendingWindowInDays: int | None = None) -> dict[str, Any]:
        caller = self.caller()
        resolved = self.resolve_key(caller, KeyId, aliases=False)
        window = DEFAULT_DELETION_WINDOW if PendingWindowInDays is None else PendingWindowInDays
        extra = {"kms:ScheduleKeyDeletionPendingWindowInDays": str(window)}
        self.authorize_key(caller, "kms:ScheduleKeyDeletion", resolved, extra)
        self.require_customer_managed(resolved)
        low, high = DELETION_WINDOW_DAYS
        if not low <= window <= high:
            raise self.error("ValidationException", f"PendingWindowInDays must be between {low} and {high} days.")
        if resolved.records.deletion is not None:
            raise self.error("KMSInvalidStateException", f"{resolved.arn} is already pending deletion.")
        deletion = ScheduledDeletion(deletion_date=self.now + timedelta(days=window), window_days=window)
        records = resolved.records.with_changes(deletion=deletion)
        self.save_key(resolved.key.model_copy(update={"enabled": False}), records)
        return {
            "KeyId": resolved.arn,
            "DeletionDate": deletion.deletion_date,
            "KeyState": "PendingDeletion",
            "PendingWindowInDays": window,
        }

    @operation("CancelKeyDeletion")
    def cancel_key_deletion(self, *, KeyId: str) -> dict[str, Any]:
        caller = self.caller()
        resolved = self.resolve_key(caller, KeyId, aliases=False)
        self.authorize_key(caller, "kms:CancelKeyDeletion", resolved)
        if resolved.records.deletion is None:
            raise self.error("KMSInvalidStateException", f"{resolved.arn} is not pending deletion.")
        # A key whose deletion is cancelled comes back Disabled, as in KMS.
        self.save_key(resolved.key.model_copy(update={"enabled": False}), resolved.records.with_changes(deletion=None))
        return {"KeyId": resolved.arn}

    # -- tags -----------------------------------------------------------------------------------
    @operation("TagResource")
    def tag_resource(self, *, KeyId: str, Tags: list[dict[str, str]]) -> dict[str, Any]:
        caller = self.caller()
        resolved = self.resolve_key(caller, KeyId, aliases=False)
        tags = _tags(Tags)
        extra: dict[str, Any] = {f"aws:RequestTag/{k}": v for k, v in tags.items()}
        extra["aws:TagKeys"] = list(tags)
        self.authorize_key(caller, "kms:TagResource", resolved, extra)
        self.require_customer_managed(resolved)
        self.save_key(resolved.key.model_copy(update={"tags": {**resolved.key.tags, **tags}}))
        return {}

    @operation("UntagResource")
    def untag_resource(self, *, KeyId: str, TagKeys: list[str]) -> dict[str, Any]:
        caller = self.caller()
        resolved = self.resolve_key(caller, KeyId, aliases=False)
        self.authorize_key(caller, "kms:UntagResource", resolved, {"aws:TagKeys": list(TagKeys)})
        self.require_customer_managed(resolved)
        tags = {k: v for k, v in resolved.key.tags.items() if k not in TagKeys}
        self.save_key(resolved.key.model_copy(update={"tags": tags}))
        return {}

    @operation("ListResourceTags")
    def list_resource_tags(self, *, KeyId: str, Limit: int | None = None, Marker: str | None = None) -> dict[str, Any]:
        caller = self.caller()
        resolved = self.resolve_key(caller, KeyId, aliases=False)
        self.authorize_key(caller, "kms:ListResourceTags", resolved)
        tags = [{"TagKey": k, "TagValue": v} for k, v in sorted(resolved.key.tags.items())]
        return self.kms_page("Tags", tags, Limit, Marker)
