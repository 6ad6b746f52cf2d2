"""Calls made by AWS services to S3 (log delivery, notifications): the bucket policy alone decides (E12)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from s3_support import OWNER, allow, deny, error_code, policy_text

from workbench.account.simulation import Simulation
from workbench.services.s3.service_calls import service_call

LOGS = "arn:aws:s3:::reports/logs/*"
LOGGING = "logging.s3.amazonaws.com"
SOURCE = "arn:aws:s3:::website"


def test_a_service_needs_the_bucket_policy_to_name_it(sim: Simulation, s3: Any, bucket: str) -> None:
    assert not service_call(sim, LOGGING, "s3:PutObject", "arn:aws:s3:::reports/logs/1.log").allowed
    pinned = allow(
        "s3:PutObject",
        LOGS,
        Principal={"Service": LOGGING},
        Condition={"ArnLike": {"aws:SourceArn": SOURCE}, "StringEquals": {"aws:SourceAccount": OWNER}},
    )
    s3.put_bucket_policy(Bucket=bucket, Policy=policy_text(pinned))
    decision = service_call(sim, LOGGING, "s3:PutObject", "arn:aws:s3:::reports/logs/1.log", SOURCE, OWNER)
    assert decision.allowed and decision.reason == "service_principal_granted"
    # the confused deputy: the same service acting for someone else's bucket
    assert not service_call(
        sim, LOGGING, "s3:PutObject", "arn:aws:s3:::reports/logs/1.log", "arn:aws:s3:::evil", "999999999999"
    ).allowed
    assert not service_call(
        sim, "cloudtrail.amazonaws.com", "s3:PutObject", "arn:aws:s3:::reports/logs/1.log", SOURCE, OWNER
    ).allowed
    assert not service_call(sim, LOGGING, "s3:PutObject", "arn:aws:s3:::reports/other/1.log", SOURCE, OWNER).allowed


def test_deny_statements_apply_to_services(sim: Simulation, s3: Any, bucket: str) -> None:
    s3.put_bucket_policy(
        Bucket=bucket,
        Policy=policy_text(
            allow("s3:PutObject", LOGS, Principal={"Service": LOGGING}),
            deny("s3:PutObject", LOGS, Principal="*", Condition={"StringNotEquals": {"aws:SourceAccount": OWNER}}),
        ),
    )
    assert service_call(sim, LOGGING, "s3:PutObject", "arn:aws:s3:::reports/logs/a", source_account=OWNER).allowed
    assert service_call(sim, LOGGING, "s3:PutObject", "arn:aws:s3:::reports/logs/a").decision == "explicitDeny"


def test_restrict_public_buckets_does_not_cut_services_off(sim: Simulation, s3: Any, bucket: str) -> None:
    s3.delete_public_access_block(Bucket=bucket)
    s3.put_bucket_policy(
        Bucket=bucket, Policy=policy_text(allow("s3:GetObject", "arn:aws:s3:::reports/*", Principal="*"))
    )
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={"RestrictPublicBuckets": True})
    assert service_call(sim, "cloudfront.amazonaws.com", "s3:GetObject", "arn:aws:s3:::reports/q1.csv").allowed


def test_service_calls_are_logged(sim: Simulation, bucket: str) -> None:
    service_call(sim, LOGGING, "s3:PutObject", "arn:aws:s3:::reports/logs/1.log", SOURCE, OWNER)
    event = list(sim.activity)[-1]
    assert (event.principal_type, event.principal_arn, event.event_name) == ("AWSService", LOGGING, "PutObject")
    assert (event.decision, event.error_code) == ("implicitDeny", "AccessDenied")


def test_missing_bucket(sim: Simulation) -> None:
    with pytest.raises(ClientError) as raised:
        service_call(sim, LOGGING, "s3:PutObject", "arn:aws:s3:::nowhere/x")
    assert error_code(raised) == "NoSuchBucket"
