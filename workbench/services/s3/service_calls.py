"""Calls an AWS service makes to S3 on its own behalf (log delivery, notifications): the bucket policy alone decides.

A service principal such as ``logging.s3.amazonaws.com`` has no identity policies and no SCPs:
it is allowed only when the bucket policy names it (or ``*``) and no Deny or RCP stops it (E12).
``aws:SourceArn`` and ``aws:SourceAccount`` say on whose behalf the service acts; pin them in the
policy to prevent the confused deputy. Block Public Access never cuts service principals off.
Each call is recorded in the activity log with principal type ``AWSService``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbench.account.activity import ActivityEvent
from workbench.account.authorization import document
from workbench.account.organization_paths import org_levels
from workbench.clock import iso
from workbench.engine.authorize import authorize
from workbench.engine.decision import Decision
from workbench.engine.policy_set import PolicySet
from workbench.engine.request import AuthorizationRequest, Principal, Resource
from workbench.services.s3.errors import s3_error
from workbench.services.s3.tagging import existing_object_tag_context

if TYPE_CHECKING:
    from workbench.account.simulation import Simulation

_S3_ARN = "arn:aws:s3:::"


def service_call(
    sim: Simulation,
    service_principal: str,
    action: str,
    resource_arn: str,
    source_arn: str | None = None,
    source_account: str | None = None,
) -> Decision:
    """Decide whether ``service_principal`` may perform ``action`` on a bucket or object; check ``.allowed``.

    ``resource_arn`` is ``arn:aws:s3:::bucket`` or ``arn:aws:s3:::bucket/key``. A bucket that does
    not exist raises ``NoSuchBucket``.
    """
    operation = action.split(":", 1)[-1]
    if not resource_arn.startswith(_S3_ARN):
        raise s3_error("InvalidArgument", operation, f"{resource_arn!r} is not an S3 bucket or object ARN")
    bucket_name, _, key = resource_arn[len(_S3_ARN) :].partition("/")
    state = sim.state
    bucket = state.services.buckets.get(bucket_name)
    if bucket is None:
        raise s3_error("NoSuchBucket", operation, BucketName=bucket_name)
    now = sim.clock.now()
    context: dict[str, Any] = {
        "aws:CurrentTime": iso(now),
        "aws:EpochTime": str(sim.clock.epoch()),
        "aws:SecureTransport": "true",
        "aws:RequestedRegion": bucket.region,
        "aws:ViaAWSService": "false",
        "aws:ResourceAccount": bucket.account_id,
        "s3:ResourceAccount": bucket.account_id,
    }
    if source_arn is not None:
        context["aws:SourceArn"] = source_arn
    if source_account is not None:
        context["aws:SourceAccount"] = source_account
    stored = bucket.objects.get(key) if key else None
    if stored is not None:
        context.update(existing_object_tag_context(stored.tags))
    request = AuthorizationRequest(
        principal=Principal(type="service", arn=service_principal),
        action=action,
        resource=Resource(arn=resource_arn, account=bucket.account_id),
        context=context,
    )
    request.check()
    policies = PolicySet(
        resource=document(bucket.policy, "bucket policy") if bucket.policy else None,
        rcp_levels=org_levels(state.organization, bucket.account_id, "RESOURCE_CONTROL_POLICY"),
    )
    decision = authorize(request, policies)
    sim.activity.record(
        ActivityEvent(
            event_time=now,
            event_source="s3.amazonaws.com",
            event_name=operation,
            aws_region=bucket.region,
            source_ip=service_principal,
            account_id=None,
            principal_type="AWSService",
            principal_arn=service_principal,
            access_key_id=None,
            action=action,
            resource_arn=resource_arn,
            resource_account=bucket.account_id,
            decision=decision.decision,
            error_code=None if decision.allowed else "AccessDenied",
            error_message=None if decision.allowed else "Access Denied",
            request_id=sim.next_request_id(),
        )
    )
    return decision
