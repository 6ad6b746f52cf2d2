"""S3 → Lambda, delivering: an S3 event invokes each configured function AS ``s3.amazonaws.com`` (E12, R2, K2).

The S3 simulation calls :func:`deliver_s3_event` after a change (``s3:ObjectCreated:Put`` after
PutObject…). For each notification configuration whose event and key filter match, S3 invokes the
function asynchronously as the service principal ``s3.amazonaws.com``, with ``aws:SourceArn`` = the
bucket's ARN and ``aws:SourceAccount`` = the bucket owner's account. Only the function policy can
allow that (a service principal has no identity policies); when it does not — no statement for S3,
or one pinned to another bucket or account (the confused-deputy guard) — the delivery fails, and
the attempt is in the activity log either way. The event is S3's own JSON (``Records[…]``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote_plus

from pydantic import BaseModel, ConfigDict

from workbench.account.authorization import Target
from workbench.clock import iso
from workbench.engine.decision import Decision
from workbench.services.lambda_.execution import execute_function
from workbench.services.lambda_.notification_config import S3_SERVICE, destination_decision, event_matches
from workbench.services.lambda_.service_principals import (
    ServiceRoleError,
    record_service_call,
    service_denied_message,
)
from workbench.services.state import Bucket

if TYPE_CHECKING:
    from workbench.account.simulation import Simulation

NOT_FOUND = "ResourceNotFoundException"
ACCESS_DENIED = "AccessDeniedException"
ROLE_FAILURE = "InvalidParameterValueException"


class S3EventDelivery(BaseModel):
    """What happened to one S3 event for one notification configuration."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    configuration_id: str
    function_arn: str
    event_name: str
    key: str
    delivered: bool
    """S3 was allowed to invoke the function (by its function policy) and Lambda accepted the event."""
    decision: str | None = None
    """The engine's decision on ``lambda:InvokeFunction`` by ``s3.amazonaws.com`` (None: no such function)."""
    ran: bool = False
    """The handler ran (Lambda could take the execution role)."""
    function_error: str | None = None
    error_code: str | None = None
    error_message: str | None = None
    payload: bytes | None = None
    log: str = ""


def s3_event(
    sim: Simulation, bucket: Bucket, key: str, event: str, configuration_id: str, requester: str, source_ip: str
) -> dict[str, Any]:
    """The event document S3 sends to Lambda (event structure version 2.1)."""
    stored = bucket.objects.get(key)
    now = sim.clock.now()
    details: dict[str, Any] = {"key": quote_plus(key, safe="/"), "sequencer": f"{int(now.timestamp() * 1000):016X}"}
    if stored is not None and event.startswith("s3:ObjectCreated:"):
        details.update(size=len(stored.content), eTag=stored.etag.strip('"'))
    return {
        "Records": [
            {
                "eventVersion": "2.1",
                "eventSource": "aws:s3",
                "awsRegion": bucket.region,
                "eventTime": iso(now).replace("Z", ".000Z"),
                "eventName": event.removeprefix("s3:"),
                "userIdentity": {"principalId": requester},
                "requestParameters": {"sourceIPAddress": source_ip},
                "responseElements": {"x-amz-request-id": sim.next_request_id().replace("-", "")[:16].upper()},
                "s3": {
                    "s3SchemaVersion": "1.0",
                    "configurationId": configuration_id,
                    "bucket": {
                        "name": bucket.name,
                        "ownerIdentity": {"principalId": bucket.account_id},
                        "arn": bucket.arn,
                    },
                    "object": details,
                },
            }
        ]
    }


def deliver_s3_event(
    sim: Simulation,
    bucket: str,
    key: str,
    event: str = "s3:ObjectCreated:Put",
    *,
    requester: str | None = None,
    source_ip: str = "203.0.113.10",
) -> tuple[S3EventDelivery, ...]:
    """Deliver ``event`` (``s3:ObjectCreated:Put``…) on ``bucket``/``key`` to every matching Lambda configuration.

    ``requester`` is the principal id S3 reports for whoever caused the event (``AWS:AIDA…``);
    ``source_ip`` where that request came from. Returns one :class:`S3EventDelivery` per
    configuration that matched (none when the bucket has no matching configuration).
    """
    found = sim.state.services.buckets.get(bucket)
    if found is None:
        return ()
    event = event if event.startswith("s3:") else f"s3:{event}"
    matched: dict[str, dict[str, str]] = {}
    for entry in found.notifications:
        if (
            event_matches(entry["Event"], event)
            and key.startswith(entry.get("Prefix", ""))
            and key.endswith(entry.get("Suffix", ""))
        ):
            matched.setdefault(entry["Id"], entry)
    return tuple(
        _deliver(sim, found, key, event, entry, requester or f"AWS:{found.account_id}", source_ip)
        for entry in matched.values()
    )


def _record_invoke(
    sim: Simulation, region: str, target: Target, decision: Decision | None, code: str | None, message: str | None
) -> None:
    """The activity-log event of S3's invocation attempt (allowed or not)."""
    record_service_call(
        sim,
        S3_SERVICE,
        event_source="lambda.amazonaws.com",
        event_name="Invoke",
        region=region,
        action="lambda:InvokeFunction",
        target=target,
        decision=decision,
        error_code=code,
        error_message=message,
    )


def _deliver(
    sim: Simulation, bucket: Bucket, key: str, event: str, entry: dict[str, str], requester: str, source_ip: str
) -> S3EventDelivery:
    arn = entry["LambdaFunctionArn"]
    parts = arn.split(":")
    region = parts[3] if len(parts) > 3 else bucket.region
    base = {"configuration_id": entry["Id"], "function_arn": arn, "event_name": event, "key": key}
    function = sim.state.services.functions.get(arn)
    if function is None:
        message = f"Function not found: {arn}"
        _record_invoke(sim, region, Target(arn, parts[4] if len(parts) > 4 else None), None, NOT_FOUND, message)
        return S3EventDelivery(**base, delivered=False, error_code=NOT_FOUND, error_message=message)
    target = Target(function.arn, function.account_id, function.policy, function.tags)
    decision = destination_decision(sim, bucket, function)
    if not decision.allowed:
        denied = service_denied_message(S3_SERVICE, "lambda:InvokeFunction", arn, decision)
        _record_invoke(sim, region, target, decision, ACCESS_DENIED, denied)
        return S3EventDelivery(
            **base, delivered=False, decision=decision.decision, error_code=ACCESS_DENIED, error_message=denied
        )
    _record_invoke(sim, region, target, decision, None, None)
    document = s3_event(sim, bucket, key, event, entry["Id"], requester, source_ip)
    try:
        result = execute_function(sim, function, document, region=region)
    except ServiceRoleError as error:
        return S3EventDelivery(
            **base, delivered=True, decision=decision.decision, error_code=ROLE_FAILURE, error_message=error.message
        )
    return S3EventDelivery(
        **base,
        delivered=True,
        decision=decision.decision,
        ran=True,
        function_error=result.function_error,
        payload=result.payload,
        log=result.log,
    )
