"""KMS, shared by every operation: a KeyId (id, ARN, alias) → its key, KMS's context keys, key-policy authorization.

Every use of a key is authorized by the engine with the key policy as a *mandatory* resource
policy (E9): even an administrator, even the account's root user, needs the key policy to allow
— by naming them, or by trusting the account and so delegating to IAM (E3, E11). Grants are
folded into that key policy (see :mod:`workbench.services.kms.policies`). AWS managed keys skip
resource control policies (E2). Denials are KMS's ``AccessDeniedException``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbench.account.authorization import Connection, Target, access_denied_message, decide
from workbench.account.callers import Caller, Credentials
from workbench.account.errors import AwsError
from workbench.account.model import State
from workbench.account.restrictions import restriction
from workbench.account.service import ServiceClient
from workbench.engine.decision import Decision
from workbench.services.kms.managed_keys import managed_alias_service, new_managed_key
from workbench.services.kms.policies import effective_key_policy
from workbench.services.kms.records import KeyRecords
from workbench.services.state import KmsKey

if TYPE_CHECKING:
    from workbench.account.simulation import Simulation

SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT"


@dataclass(frozen=True, slots=True)
class ResolvedKey:
    """A live key, its records, and the alias the request named it by (for ``kms:RequestAlias``)."""

    key: KmsKey
    records: KeyRecords
    request_alias: str | None = None

    @property
    def arn(self) -> str:
        return self.key.arn


def without_rcps(state: State) -> State:
    """``state`` with the organization's RCPs set aside (only ``RCPFullAWSAccess`` remains)."""
    organization = state.organization
    if organization is None:
        return state
    policies = {k: p for k, p in organization.policies.items() if p.type != "RESOURCE_CONTROL_POLICY"}
    return state.model_copy(update={"organization": organization.model_copy(update={"policies": policies})})


def new_key_id(sim: Simulation) -> str:
    """A deterministic, UUID-shaped key id (KMS key ids are UUIDs)."""
    digest = hashlib.sha256(sim.ids.next("KMS", 16).encode()).hexdigest()
    return "-".join((digest[:8], digest[8:12], digest[12:16], digest[16:20], digest[20:32]))


class KmsBase(ServiceClient):
    service = "kms"

    def __init__(
        self, sim: Simulation, credentials: Credentials | None, connection: Connection, *, via: str | None = None
    ) -> None:
        super().__init__(sim, credentials, connection)
        self.via = via
        """The service namespace (``s3``) calling KMS on the caller's behalf, or None for a direct call."""

    # -- calls made through another service ------------------------------------------------------
    def _record(self, operation_name: str, request_id: str, error: AwsError | None) -> None:
        """As the client base records; a forwarded call names the service as its source, as CloudTrail does."""
        super()._record(operation_name, request_id, error)
        if self.via is not None:
            log = self.sim.activity
            last = list(log)[-1]
            log.truncate(len(log) - 1)
            log.record(last.model_copy(update={"source_ip": f"{self.via}.amazonaws.com"}))

    # -- finding keys ---------------------------------------------------------------------------
    def live_key(self, arn: str) -> ResolvedKey | None:
        key = self.sim.state.services.keys.get(arn)
        if key is None:
            return None
        records = KeyRecords.of(key)
        return ResolvedKey(key, records) if records.state(key, self.now) is not None else None

    def keys_in(self, account_id: str, region: str) -> list[ResolvedKey]:
        found = []
        for key in self.sim.state.services.keys.values():
            if key.account_id == account_id and key.region == region:
                resolved = self.live_key(key.arn)
                if resolved is not None:
                    found.append(resolved)
        return found

    def find_alias(self, account_id: str, region: str, alias_name: str) -> ResolvedKey | None:
        for resolved in self.keys_in(account_id, region):
            if alias_name in resolved.records.alias_names():
                return ResolvedKey(resolved.key, resolved.records, alias_name)
        return None

    def resolve_key(self, caller: Caller, key_id: str, *, aliases: bool = True) -> ResolvedKey:
        """The key a ``KeyId`` parameter names: key id, key ARN, alias name or alias ARN."""
        account_id, region = caller.account_id, self.connection.region
        if key_id.startswith("arn:"):
            parts = key_id.split(":", 5)
            if len(parts) != 6 or parts[2] != "kms" or not parts[5].startswith(("key/", "alias/")):
                raise self.error("InvalidArnException", f"{key_id} is not a valid KMS key or alias ARN.")
            region, account_id, resource = parts[3], parts[4], parts[5]
            if resource.startswith("key/"):
                return self._key_or_not_found(key_id)
            key_id = resource
        if key_id.startswith("alias/"):
            if not aliases:
                raise self.error("ValidationException", f"{key_id} is an alias; this parameter takes a key id or ARN.")
            found = self.find_alias(account_id, region, key_id)
            if found is not None:
                return found
            service = managed_alias_service(key_id)
            if service is not None and account_id == caller.account_id:
                return self.create_managed_key(account_id, region, service)
            raise self.error("NotFoundException", f"Alias 'arn:aws:kms:{region}:{account_id}:{key_id}' is not found.")
        return self._key_or_not_found(f"arn:aws:kms:{region}:{account_id}:key/{key_id}")

    def _key_or_not_found(self, arn: str) -> ResolvedKey:
        resolved = self.live_key(arn)
        if resolved is None:
            raise self.error("NotFoundException", f"Key '{arn}' does not exist")
        return resolved

    def create_managed_key(self, account_id: str, region: str, service: str) -> ResolvedKey:
        """Create the AWS managed key ``alias/aws/<service>`` (AWS does so the first time it is used)."""
        key = new_managed_key(new_key_id(self.sim), account_id, region, service, self.now)
        self.save_key(key)
        return ResolvedKey(key, KeyRecords.of(key), f"alias/aws/{service}")

    def save_key(self, key: KmsKey, records: KeyRecords | None = None) -> KmsKey:
        stored = records.store(key) if records is not None else key
        self.sim.update(
            lambda state: state.model_copy(
                update={
                    "services": state.services.model_copy(update={"keys": {**state.services.keys, stored.arn: stored}})
                }
            )
        )
        return stored

    # -- authorization --------------------------------------------------------------------------
    def kms_context(self, caller: Caller, resolved: ResolvedKey | None = None) -> dict[str, Any]:
        """``kms:CallerAccount``, ``kms:RequestAlias``, ``kms:ResourceAliases``, and the via-service keys."""
        context: dict[str, Any] = {"kms:CallerAccount": caller.account_id}
        if resolved is not None:
            if resolved.request_alias:
                context["kms:RequestAlias"] = resolved.request_alias
            if resolved.records.aliases:
                context["kms:ResourceAliases"] = list(resolved.records.alias_names())
        if self.via is not None:
            principal = f"{self.via}.amazonaws.com"
            context.update(
                {
                    "kms:ViaService": f"{self.via}.{self.connection.region}.amazonaws.com",
                    "aws:ViaAWSService": "true",
                    "aws:CalledVia": [principal],
                    "aws:CalledViaFirst": principal,
                    "aws:CalledViaLast": principal,
                }
            )
        return context

    def key_target(self, resolved: ResolvedKey) -> Target:
        key = resolved.key
        return Target(key.arn, key.account_id, effective_key_policy(key, resolved.records.grants), key.tags)

    def authorize_key(
        self, caller: Caller, action: str, resolved: ResolvedKey, extra: Mapping[str, Any] | None = None
    ) -> Decision:
        context = {**self.kms_context(caller, resolved), **(extra or {})}
        return self.authorize(caller, action, self.key_target(resolved), context, rcp_exempt=resolved.key.aws_managed)

    def authorize(
        self,
        caller: Caller,
        action: str,
        target: Target,
        extra_context: Mapping[str, Any] | None = None,
        *,
        rcp_exempt: bool = False,
    ) -> Decision:
        """As the client base does, with KMS's error code; ``rcp_exempt`` for AWS managed keys (E2)."""
        try:
            if not rcp_exempt:
                return super().authorize(caller, action, target, extra_context)
            return self._authorize_without_rcps(caller, action, target, extra_context)
        except AwsError as error:
            if error.aws_code == "AccessDenied":
                raise self.error("AccessDeniedException", error.message) from None
            raise

    def _authorize_without_rcps(
        self, caller: Caller, action: str, target: Target, extra_context: Mapping[str, Any] | None
    ) -> Decision:
        why_not = restriction(caller, action)
        if why_not is not None:
            raise self.error(
                "AccessDenied",
                f"User: {caller.arn} is not authorized to perform: {action} on resource: {target.arn} ({why_not})",
            )
        state = without_rcps(self.sim.state).model_copy(update={"now": self.now})
        decision, _ = decide(state, caller, action, target, self.connection, self.sim.clock.epoch(), extra_context)
        self._authorized = (action, target, decision)
        if not decision.allowed:
            raise self.error("AccessDenied", access_denied_message(caller, action, target.arn, decision))
        return decision

    def would_allow(self, caller: Caller, action: str, target: Target, extra: Mapping[str, Any]) -> bool:
        """Whether ``caller`` could do ``action`` on ``target`` — asked without recording anything."""
        state = self.sim.state.model_copy(update={"now": self.now})
        decision, _ = decide(state, caller, action, target, self.connection, self.sim.clock.epoch(), extra)
        return decision.allowed

    # -- key state ------------------------------------------------------------------------------
    def require_usable(self, resolved: ResolvedKey) -> None:
        """Cryptographic operations need an enabled key (``DisabledException``, ``KMSInvalidStateException``)."""
        state = resolved.records.state(resolved.key, self.now)
        if state == "Disabled":
            raise self.error("DisabledException", f"{resolved.arn} is disabled.")
        if state == "PendingDeletion":
            raise self.error("KMSInvalidStateException", f"{resolved.arn} is pending deletion.")

    def stop_dry_run(self, dry_run: bool | None) -> None:
        """After every check has passed: a dry run ends here, as KMS answers it."""
        if dry_run:
            raise self.error(
                "DryRunOperationException", "The request would have succeeded, but the DryRun flag is set."
            )

    def require_customer_managed(self, resolved: ResolvedKey) -> None:
        if resolved.key.aws_managed:
            raise self.error(
                "UnsupportedOperationException", f"{resolved.arn} is an AWS managed key: AWS manages it, you cannot."
            )

    # -- shapes ---------------------------------------------------------------------------------
    def key_metadata(self, resolved: ResolvedKey) -> dict[str, Any]:
        key, records = resolved.key, resolved.records
        state = records.state(key, self.now)
        metadata: dict[str, Any] = {
            "AWSAccountId": key.account_id,
            "KeyId": key.key_id,
            "Arn": key.arn,
            "CreationDate": key.create_date,
            "Enabled": state == "Enabled",
            "Description": key.description,
            "KeyUsage": "ENCRYPT_DECRYPT",
            "KeyState": state,
            "Origin": "AWS_KMS",
            "KeyManager": "AWS" if key.aws_managed else "CUSTOMER",
            "CustomerMasterKeySpec": SYMMETRIC_DEFAULT,
            "KeySpec": SYMMETRIC_DEFAULT,
            "EncryptionAlgorithms": [SYMMETRIC_DEFAULT],
            "MultiRegion": False,
        }
        if records.deletion is not None:
            metadata["DeletionDate"] = records.deletion.deletion_date
            metadata["PendingDeletionWindowInDays"] = records.deletion.window_days
        return metadata

    def kms_page(self, key: str, items: list[Any], limit: int | None, marker: str | None) -> dict[str, Any]:
        """One page as KMS answers: ``Truncated`` and, when there is more, ``NextMarker``."""
        if marker is not None and not marker.isdigit():
            raise self.error("InvalidMarkerException", f"The marker {marker!r} is not one this API returned.")
        start = int(marker) if marker else 0
        size = limit or 100
        answer: dict[str, Any] = {key: items[start : start + size], "Truncated": start + size < len(items)}
        if answer["Truncated"]:
            answer["NextMarker"] = str(start + size)
        return answer
