"""After a successful object write or delete: S3's event notifications, handed to the Lambda simulation to deliver.

An operation queues its event (``s3:ObjectCreated:Put``, ``s3:ObjectCreated:Copy``,
``s3:ObjectRemoved:Delete``) while it runs; the events are delivered once the call itself has
succeeded and been logged, so the activity log reads in the order AWS records it (the write,
then S3 invoking the function). Delivery is asynchronous in AWS: its outcome never changes the
answer of the call that caused it. The bucket's configurations are managed by
``PutBucketNotificationConfiguration`` (mixed in from the Lambda simulation).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.account.callers import Caller
from workbench.services.lambda_.s3_events import deliver_s3_event

if TYPE_CHECKING:
    from workbench.account.simulation import Simulation


@dataclass(frozen=True, slots=True)
class PendingEvent:
    """One S3 event to deliver after the call that caused it."""

    bucket: str
    key: str
    event: str
    requester: str
    """The principal id S3 reports for whoever caused it (``AWS:AIDA…``)."""
    source_ip: str | None


def principal_id(caller: Caller) -> str:
    """The ``principalId`` S3 puts in an event's ``userIdentity`` for ``caller``."""
    if caller.kind == "anonymous":
        return "Anonymous"
    if caller.kind == "assumed-role" and caller.role is not None and caller.session is not None:
        return f"AWS:{caller.role.role_id}:{caller.session.session_name}"
    if caller.kind == "federated-user" and caller.session is not None:
        return f"AWS:{caller.account_id}:{caller.arn.rsplit('/', 1)[-1]}"
    if caller.user is not None:
        return f"AWS:{caller.user.user_id}"
    return f"AWS:{caller.account_id}"


def deliver(sim: Simulation, events: list[PendingEvent]) -> None:
    """Deliver each queued event to the bucket's matching Lambda configurations (none: nothing happens)."""
    for pending in events:
        if pending.source_ip is None:
            deliver_s3_event(sim, pending.bucket, pending.key, pending.event, requester=pending.requester)
        else:
            deliver_s3_event(
                sim,
                pending.bucket,
                pending.key,
                pending.event,
                requester=pending.requester,
                source_ip=pending.source_ip,
            )
