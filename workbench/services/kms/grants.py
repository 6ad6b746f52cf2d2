"""KMS grants: CreateGrant, ListGrants, RetireGrant, RevokeGrant.

A grant lets its grantee principal perform the listed operations on one key, in addition to what
the key policy allows, optionally only for a given encryption context. How grants take part in
a decision is in :mod:`workbench.services.kms.policies` (each grant is one more Allow statement of
the key policy). Retiring a grant is decided by the grant itself, not by policies: its retiring
principal, its grantee when the grant lists ``RetireGrant``, or the root user of the account that
issued it may retire it. Revoking needs ``kms:RevokeGrant`` on the key.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from workbench.account.callers import Caller
from workbench.account.service import operation
from workbench.services.kms.base import KmsBase, ResolvedKey
from workbench.services.kms.crypto import context_keys
from workbench.services.kms.records import GRANT_OPERATIONS, KeyGrant, context_map


def _grant_entry(resolved: ResolvedKey, grant: KeyGrant) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "KeyId": resolved.arn,
        "GrantId": grant.grant_id,
        "Name": grant.name,
        "CreationDate": grant.creation_date,
        "GranteePrincipal": grant.grantee_principal,
        "IssuingAccount": f"arn:aws:iam::{grant.issuing_account}:root",
        "Operations": list(grant.operations),
    }
    if grant.retiring_principal:
        entry["RetiringPrincipal"] = grant.retiring_principal
    constraints = grant.constraints()
    if constraints:
        entry["Constraints"] = constraints
    return entry


def _identities(caller: Caller) -> set[str]:
    """Every principal ARN a grant could name the caller by."""
    names = {caller.arn}
    if caller.role is not None:
        names.add(caller.role.arn)
    if caller.user is not None:
        names.add(caller.user.arn)
    return names


class GrantOperations(KmsBase):
    @operation("CreateGrant")
    def create_grant(
        self,
        *,
        KeyId: str,
        Operations: list[str],
        GranteePrincipal: str | None = None,
        RetiringPrincipal: str | None = None,
        Constraints: dict[str, Any] | None = None,
        GrantTokens: list[str] | None = None,
        Name: str = "",
        DryRun: bool | None = None,
        GranteeServicePrincipal: str | None = None,
        RetiringServicePrincipal: str | None = None,
    ) -> dict[str, Any]:
        caller = self.caller()
        resolved = self.resolve_key(caller, KeyId, aliases=False)
        grantee = GranteePrincipal or GranteeServicePrincipal
        retiring = RetiringPrincipal or RetiringServicePrincipal
        if not grantee:
            raise self.error("ValidationException", "A grant needs a GranteePrincipal (or GranteeServicePrincipal).")
        unknown = [op for op in Operations if op not in GRANT_OPERATIONS]
        if not Operations or unknown:
            raise self.error(
                "ValidationException", f"Operations must list grant operations ({', '.join(GRANT_OPERATIONS)})."
            )
        subset, equals = self._constraints(Constraints)
        extra: dict[str, Any] = {
            "kms:GranteePrincipal": grantee,
            "kms:GrantOperations": list(Operations),
            "kms:GrantIsForAWSResource": "true" if self.via else "false",
            **context_keys({**(subset or {}), **(equals or {})}, None),
        }
        if retiring:
            extra["kms:RetiringPrincipal"] = retiring
        if subset is not None or equals is not None:
            kind = "EncryptionContextSubset" if subset is not None else "EncryptionContextEquals"
            extra["kms:GrantConstraintType"] = kind
        self.authorize_key(caller, "kms:CreateGrant", resolved, extra)
        self.require_usable(resolved)
        self.stop_dry_run(DryRun)
        seed = self.sim.ids.next("GRANT", 16)
        grant = KeyGrant(
            grant_id=hashlib.sha256(seed.encode()).hexdigest(),
            grant_token=base64.b64encode(hashlib.sha512(b"token:" + seed.encode()).digest() * 2).decode(),
            name=Name,
            grantee_principal=grantee,
            retiring_principal=retiring,
            operations=tuple(Operations),
            encryption_context_subset=subset,
            encryption_context_equals=equals,
            issuing_account=caller.account_id,
            creation_date=self.now,
        )
        self.save_key(resolved.key, resolved.records.with_changes(grants=(*resolved.records.grants, grant)))
        return {"GrantToken": grant.grant_token, "GrantId": grant.grant_id}

    def _constraints(self, raw: dict[str, Any] | None) -> tuple[dict[str, str] | None, dict[str, str] | None]:
        if not raw:
            return None, None
        if "SourceArn" in raw:
            raise self.error("ValidationException", "The simulation does not support SourceArn grant constraints.")
        subset, equals = raw.get("EncryptionContextSubset"), raw.get("EncryptionContextEquals")
        if subset is not None and equals is not None:
            raise self.error("ValidationException", "Use EncryptionContextSubset or EncryptionContextEquals, not both.")
        return (
            context_map(subset) if subset is not None else None,
            context_map(equals) if equals is not None else None,
        )

    @operation("ListGrants")
    def list_grants(
        self,
        *,
        KeyId: str,
        Limit: int | None = None,
        Marker: str | None = None,
        GrantId: str | None = None,
        GranteePrincipal: str | None = None,
        GranteeServicePrincipal: str | None = None,
    ) -> dict[str, Any]:
        caller = self.caller()
        resolved = self.resolve_key(caller, KeyId, aliases=False)
        self.authorize_key(caller, "kms:ListGrants", resolved)
        wanted_grantee = GranteePrincipal or GranteeServicePrincipal
        grants = [
            _grant_entry(resolved, grant)
            for grant in resolved.records.grants
            if (GrantId is None or grant.grant_id == GrantId)
            and (wanted_grantee is None or grant.grantee_principal == wanted_grantee)
        ]
        return self.kms_page("Grants", grants, Limit, Marker)

    @operation("RetireGrant")
    def retire_grant(
        self,
        *,
        GrantToken: str | None = None,
        KeyId: str | None = None,
        GrantId: str | None = None,
        DryRun: bool | None = None,
    ) -> dict[str, Any]:
        caller = self.caller()
        resolved, grant = self._find_grant(caller, GrantToken, KeyId, GrantId)
        identities = _identities(caller)
        may_retire = (
            grant.retiring_principal in identities
            or (grant.grantee_principal in identities and "RetireGrant" in grant.operations)
            or (caller.is_root and caller.account_id == grant.issuing_account)
        )
        if not may_retire:
            raise self.error(
                "AccessDeniedException",
                f"User: {caller.arn} is not authorized to perform: kms:RetireGrant on resource: {resolved.arn} "
                "because it is neither the grant's retiring principal, nor its grantee with the RetireGrant "
                "operation, nor the root user of the account that issued it",
            )
        self.stop_dry_run(DryRun)
        self._remove(resolved, grant)
        return {}

    def _find_grant(
        self, caller: Caller, token: str | None, key_id: str | None, grant_id: str | None
    ) -> tuple[ResolvedKey, KeyGrant]:
        if token is not None:
            for key in self.sim.state.services.keys.values():
                resolved = self.live_key(key.arn)
                for grant in resolved.records.grants if resolved is not None else ():
                    if grant.grant_token == token:
                        return resolved, grant  # type: ignore[return-value]
            raise self.error("InvalidGrantTokenException", "The grant token is not valid.")
        if key_id is None or grant_id is None:
            raise self.error("ValidationException", "Give a GrantToken, or both KeyId and GrantId.")
        resolved = self.resolve_key(caller, key_id, aliases=False)
        for grant in resolved.records.grants:
            if grant.grant_id == grant_id:
                return resolved, grant
        raise self.error("InvalidGrantIdException", f"Grant {grant_id} does not exist on {resolved.arn}.")

    @operation("RevokeGrant")
    def revoke_grant(self, *, KeyId: str, GrantId: str, DryRun: bool | None = None) -> dict[str, Any]:
        caller = self.caller()
        resolved = self.resolve_key(caller, KeyId, aliases=False)
        self.authorize_key(caller, "kms:RevokeGrant", resolved)
        grant = next((g for g in resolved.records.grants if g.grant_id == GrantId), None)
        if grant is None:
            raise self.error("InvalidGrantIdException", f"Grant {GrantId} does not exist on {resolved.arn}.")
        self.stop_dry_run(DryRun)
        self._remove(resolved, grant)
        return {}

    def _remove(self, resolved: ResolvedKey, grant: KeyGrant) -> None:
        remaining = tuple(g for g in resolved.records.grants if g.grant_id != grant.grant_id)
        self.save_key(resolved.key, resolved.records.with_changes(grants=remaining))
