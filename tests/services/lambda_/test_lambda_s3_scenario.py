"""Scenario: an S3-triggered function writes to another bucket with its execution role — and the confused-deputy guard.

An upload to ``uploads`` makes S3 invoke ``make-thumbnail`` (as ``s3.amazonaws.com``, allowed by
the function policy pinned to that bucket and account); the function reads the object and writes
``thumbnails/…`` with its role's temporary credentials — the uploader's permissions play no part.
Without the function policy, or with one pinned to another bucket, S3's invocation is refused and
the refusal is in the activity log.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_plus

import pytest
from lambda_support import LAMBDA_TRUST, A, allow, create_function, put_role, put_user

from workbench.account.simulation import Simulation
from workbench.services.lambda_ import deliver_s3_event, put_bucket_notification, register_handler

FN = f"arn:aws:lambda:us-east-1:{A}:function:make-thumbnail"


def make_thumbnail(event: Any, context: Any) -> dict[str, Any]:
    """The learner's handler: read the uploaded object, write a "thumbnail" to the other bucket."""
    s3 = context.client("s3")
    written = []
    for record in event["Records"]:
        bucket = record["s3"]["bucket"]["name"]
        key = unquote_plus(record["s3"]["object"]["key"])
        original = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        s3.put_object(Bucket="thumbnails", Key=f"small/{key}", Body=original[:2])
        written.append(f"small/{key}")
    return {"written": written}


def s3_invocations(sim: Simulation) -> int:
    return len(sim.activity.query(principal_arn="s3.amazonaws.com", action="lambda:InvokeFunction"))


def upload(sim: Simulation, uploader: Any, key: str, body: bytes) -> None:
    """PutObject as ``uploader``; then S3's notification (delivered here until PutObject delivers it itself)."""
    before = s3_invocations(sim)
    sim.client("s3", uploader).put_object(Bucket="uploads", Key=key, Body=body)
    if s3_invocations(sim) == before:
        deliver_s3_event(sim, "uploads", key, "s3:ObjectCreated:Put")


@pytest.fixture
def world(sim: Simulation, lam: Any) -> dict[str, Any]:
    """Two buckets, the thumbnail role and function, and an uploader who may only put into ``uploads``."""
    root = sim.root_credentials(A)
    s3 = sim.client("s3", root)
    s3.create_bucket(Bucket="uploads")
    s3.create_bucket(Bucket="thumbnails")
    put_role(
        sim,
        A,
        "thumbnail-role",
        [LAMBDA_TRUST],
        allow("s3:GetObject", "arn:aws:s3:::uploads/*"),
        allow("s3:PutObject", "arn:aws:s3:::thumbnails/*"),
    )
    register_handler(sim, "thumbnail.handler", make_thumbnail)
    create_function(lam, "make-thumbnail", f"arn:aws:iam::{A}:role/thumbnail-role", handler="thumbnail.handler")
    uploader = put_user(sim, A, "uploader", allow("s3:PutObject", "arn:aws:s3:::uploads/*"))
    return {"root": root, "s3": s3, "uploader": uploader}


def allow_s3_from(lam: Any, bucket: str) -> None:
    lam.add_permission(
        FunctionName="make-thumbnail",
        StatementId="s3-invoke",
        Action="lambda:InvokeFunction",
        Principal="s3.amazonaws.com",
        SourceArn=f"arn:aws:s3:::{bucket}",
        SourceAccount=A,
    )


def thumbnails(world: dict[str, Any]) -> list[str]:
    return [o["Key"] for o in world["s3"].list_objects_v2(Bucket="thumbnails").get("Contents", [])]


def test_the_function_writes_with_its_role(sim: Simulation, lam: Any, world: dict[str, Any]) -> None:
    allow_s3_from(lam, "uploads")
    put_bucket_notification(sim, world["root"], "uploads", FN)
    upload(sim, world["uploader"], "cat photo.jpg", b"meow")

    assert thumbnails(world) == ["small/cat photo.jpg"]
    assert world["s3"].get_object(Bucket="thumbnails", Key="small/cat photo.jpg")["Body"].read() == b"me"
    (write,) = sim.activity.query(action="s3:PutObject", principal_arn=f"arn:aws:iam::{A}:role/thumbnail-role")
    assert write.principal_arn == f"arn:aws:sts::{A}:assumed-role/thumbnail-role/make-thumbnail"
    assert write.access_key_id is not None and write.access_key_id.startswith("ASIA")
    (invoked,) = sim.activity.query(principal_arn="s3.amazonaws.com", action="lambda:InvokeFunction")
    assert invoked.decision == "allowed" and invoked.principal_type == "AWSService"


def test_the_uploader_could_not_have_written_the_thumbnail(sim: Simulation, world: dict[str, Any]) -> None:
    with pytest.raises(Exception) as raised:
        sim.client("s3", world["uploader"]).put_object(Bucket="thumbnails", Key="small/x", Body=b"x")
    assert raised.value.response["Error"]["Code"] == "AccessDenied"


def test_without_the_function_policy_nothing_is_written(sim: Simulation, world: dict[str, Any]) -> None:
    put_bucket_notification(sim, world["root"], "uploads", FN, skip_destination_validation=True)
    upload(sim, world["uploader"], "dog.jpg", b"woof")

    assert thumbnails(world) == []
    (refused,) = sim.activity.query(principal_arn="s3.amazonaws.com", action="lambda:InvokeFunction")
    assert refused.decision == "implicitDeny" and refused.error_code == "AccessDeniedException"
    assert not [e for e in sim.activity if e.event_name == "AssumeRole"]  # the role was never used


def test_a_policy_pinned_to_another_bucket_refuses_this_one(sim: Simulation, lam: Any, world: dict[str, Any]) -> None:
    allow_s3_from(lam, "uploads-archive")
    put_bucket_notification(sim, world["root"], "uploads", FN, skip_destination_validation=True)
    upload(sim, world["uploader"], "bird.jpg", b"tweet")

    assert thumbnails(world) == []
    (refused,) = sim.activity.query(principal_arn="s3.amazonaws.com", action="lambda:InvokeFunction")
    assert refused.decision == "implicitDeny" and refused.resource_arn == FN


def test_removing_the_permission_later_stops_deliveries(sim: Simulation, lam: Any, world: dict[str, Any]) -> None:
    allow_s3_from(lam, "uploads")
    put_bucket_notification(sim, world["root"], "uploads", FN)
    upload(sim, world["uploader"], "one.jpg", b"11")
    lam.remove_permission(FunctionName="make-thumbnail", StatementId="s3-invoke")
    upload(sim, world["uploader"], "two.jpg", b"22")

    assert thumbnails(world) == ["small/one.jpg"]
    decisions = [e.decision for e in sim.activity.query(principal_arn="s3.amazonaws.com")]
    assert decisions == ["allowed", "implicitDeny"]
