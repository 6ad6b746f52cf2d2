"""IAM operations on the access keys of users and of the root user (CreateAccessKey, UpdateAccessKey, …).

A user (and the root user) holds at most two keys (G13). A key's "last used" data comes from the
activity log (``credential_use.key_last_used``), recorded at most once per 15 minutes as IAM does (A1).
"""

from __future__ import annotations

from typing import Any

from workbench.account.authorization import Target
from workbench.account.credential_use import key_last_used
from workbench.account.iam.base import IamBase
from workbench.account.iam.owners import CredentialOwner, resolve_owner
from workbench.account.model import AccessKey, Account
from workbench.account.service import operation

ACCESS_KEYS_PER_USER = 2


def _key_metadata(owner: CredentialOwner, key: AccessKey) -> dict[str, Any]:
    answer: dict[str, Any] = {}
    if owner.user_name is not None:
        answer["UserName"] = owner.user_name
    answer.update({"AccessKeyId": key.access_key_id, "Status": key.status, "CreateDate": key.create_date})
    return answer


class AccessKeyOperations(IamBase):
    def _find_key(self, owner: CredentialOwner, access_key_id: str) -> AccessKey:
        for key in owner.access_keys:
            if key.access_key_id == access_key_id:
                return key
        raise self.error("NoSuchEntity", f"The Access Key with id {access_key_id} cannot be found.")

    @operation("CreateAccessKey")
    def create_access_key(self, *, UserName: str | None = None) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        owner = resolve_owner(caller, account, UserName, self._operation)
        self.authorize(caller, "iam:CreateAccessKey", Target(owner.arn, account.account_id, tags=owner.tags))
        if len(owner.access_keys) >= ACCESS_KEYS_PER_USER:
            raise self.error("LimitExceeded", f"Cannot exceed quota for AccessKeysPerUser: {ACCESS_KEYS_PER_USER}")
        key = AccessKey(
            access_key_id=self.sim.ids.access_key_id(temporary=False),
            secret_access_key=self.sim.ids.secret(),
            create_date=self.now,
        )
        self.save_account(owner.with_access_keys((*owner.access_keys, key)))
        return {"AccessKey": {**_key_metadata(owner, key), "SecretAccessKey": key.secret_access_key}}

    @operation("UpdateAccessKey")
    def update_access_key(self, *, AccessKeyId: str, Status: str, UserName: str | None = None) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        owner = resolve_owner(caller, account, UserName, self._operation)
        self.authorize(caller, "iam:UpdateAccessKey", Target(owner.arn, account.account_id, tags=owner.tags))
        if Status not in ("Active", "Inactive"):
            raise self.error("InvalidInput", f"Invalid status {Status!r}: an access key is Active or Inactive.")
        key = self._find_key(owner, AccessKeyId)
        changed = key.model_copy(update={"status": Status})
        keys = tuple(changed if k.access_key_id == AccessKeyId else k for k in owner.access_keys)
        self.save_account(owner.with_access_keys(keys))
        return {}

    @operation("DeleteAccessKey")
    def delete_access_key(self, *, AccessKeyId: str, UserName: str | None = None) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        owner = resolve_owner(caller, account, UserName, self._operation)
        self.authorize(caller, "iam:DeleteAccessKey", Target(owner.arn, account.account_id, tags=owner.tags))
        self._find_key(owner, AccessKeyId)
        self.save_account(owner.with_access_keys(tuple(k for k in owner.access_keys if k.access_key_id != AccessKeyId)))
        return {}

    @operation("ListAccessKeys")
    def list_access_keys(
        self, *, UserName: str | None = None, Marker: str | None = None, MaxItems: int | None = None
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        owner = resolve_owner(caller, account, UserName, self._operation)
        self.authorize(caller, "iam:ListAccessKeys", Target(owner.arn, account.account_id, tags=owner.tags))
        listed = [_key_metadata(owner, key) for key in owner.access_keys]
        return self.page("AccessKeyMetadata", listed, Marker, MaxItems)

    @operation("GetAccessKeyLastUsed")
    def get_access_key_last_used(self, *, AccessKeyId: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        owner, key = self._key_owner(account, AccessKeyId)
        self.authorize(caller, "iam:GetAccessKeyLastUsed", Target(owner.arn, account.account_id, tags=owner.tags))
        used = key_last_used(self.sim, key.access_key_id)  # from the activity log, as IAM records it (A1)
        last_used: dict[str, Any] = {"ServiceName": "N/A", "Region": "N/A"}
        if used is not None:
            last_used = {"LastUsedDate": used.last_used_date, "ServiceName": used.service_name, "Region": used.region}
        answer: dict[str, Any] = {}
        if owner.user_name is not None:
            answer["UserName"] = owner.user_name
        answer["AccessKeyLastUsed"] = last_used
        return answer

    def _key_owner(self, account: Account, access_key_id: str) -> tuple[CredentialOwner, AccessKey]:
        owners = [CredentialOwner(account, None)] + [CredentialOwner(account, u) for u in account.users.values()]
        for owner in owners:
            for key in owner.access_keys:
                if key.access_key_id == access_key_id:
                    return owner, key
        raise self.error("NoSuchEntity", f"The Access Key with id {access_key_id} cannot be found.")
