"""S3 Control, account-level Block Public Access: boto3's ``s3control`` Put/Get/DeletePublicAccessBlock, simulated.

The account's settings combine with each bucket's (the most restrictive wins, see
``block_public_access.py``). ``AccountId`` must be the caller's own account. The permissions are
``s3:PutAccountPublicAccessBlock`` (also for the delete) and ``s3:GetAccountPublicAccessBlock``,
on no particular resource. Until the ``s3control`` name is registered with ``sim.client``, the
module functions below reach the same operations.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from workbench.account.authorization import Connection
from workbench.account.callers import Caller, Credentials
from workbench.services.s3.base import S3Base, s3_operation
from workbench.services.s3.block_public_access import block_from_request, block_response
from workbench.services.state import PublicAccessBlock

if TYPE_CHECKING:
    from workbench.account.simulation import Simulation


class S3ControlClient(S3Base):
    """``sim.client("s3control", credentials)``: boto3's s3control client (account Block Public Access)."""

    service = "s3control"

    @s3_operation("PutPublicAccessBlock", service="s3control")
    def put_public_access_block(
        self, *, AccountId: str, PublicAccessBlockConfiguration: dict[str, Any]
    ) -> dict[str, Any]:
        caller = self._account_caller(AccountId, "s3:PutAccountPublicAccessBlock")
        blocks = {**self.services.account_public_access_blocks}
        blocks[caller.account_id] = block_from_request(PublicAccessBlockConfiguration)
        self.save_services(self.services.model_copy(update={"account_public_access_blocks": blocks}))
        return {}

    @s3_operation("GetPublicAccessBlock", service="s3control")
    def get_public_access_block(self, *, AccountId: str) -> dict[str, Any]:
        caller = self._account_caller(AccountId, "s3:GetAccountPublicAccessBlock")
        block = self.services.account_public_access_blocks.get(caller.account_id)
        if block is None:
            raise self.s3_error("NoSuchPublicAccessBlockConfiguration", AccountId=AccountId)
        return {"PublicAccessBlockConfiguration": block_response(block)}

    @s3_operation("DeletePublicAccessBlock", service="s3control")
    def delete_public_access_block(self, *, AccountId: str) -> dict[str, Any]:
        caller = self._account_caller(AccountId, "s3:PutAccountPublicAccessBlock")
        blocks = {k: v for k, v in self.services.account_public_access_blocks.items() if k != caller.account_id}
        self.save_services(self.services.model_copy(update={"account_public_access_blocks": blocks}))
        return {}

    def _account_caller(self, account_id: str, action: str) -> Caller:
        caller = self.caller(anonymous_ok=True)
        if caller.kind == "anonymous" or caller.account_id != account_id:
            raise self.s3_error("AccessDenied")
        self.authorize_account_level(caller, action)
        return caller


def s3control_client(sim: Simulation, credentials: Credentials | None, region: str = "us-east-1") -> S3ControlClient:
    """An S3 Control client without going through ``sim.client`` (for callers before it is registered)."""
    return S3ControlClient(sim, credentials, Connection(region=region))


def put_account_public_access_block(
    sim: Simulation,
    credentials: Credentials | None,
    account_id: str,
    config: Mapping[str, Any] | PublicAccessBlock,
) -> dict[str, Any]:
    """Turn account-level Block Public Access settings on or off, as ``s3control.put_public_access_block``."""
    configuration = block_response(config) if isinstance(config, PublicAccessBlock) else dict(config)
    return s3control_client(sim, credentials).put_public_access_block(
        AccountId=account_id, PublicAccessBlockConfiguration=configuration
    )


def get_account_public_access_block(
    sim: Simulation, credentials: Credentials | None, account_id: str
) -> dict[str, Any]:
    return s3control_client(sim, credentials).get_public_access_block(AccountId=account_id)


def delete_account_public_access_block(
    sim: Simulation, credentials: Credentials | None, account_id: str
) -> dict[str, Any]:
    return s3control_client(sim, credentials).delete_public_access_block(AccountId=account_id)
