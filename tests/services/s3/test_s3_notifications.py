"""Event notifications: object writes and deletes reach the bucket's Lambda destinations after the call succeeds."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from s3_support import OWNER, policy_text

from workbench.account.simulation import Simulation
from workbench.services.lambda_ import register_handler
from workbench.services.s3.notifications import principal_id

LAMBDA_TRUST = {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}


def test_writes_and_deletes_are_delivered_in_order(sim: Simulation, s3: Any, bucket: str) -> None:
    seen: list[tuple[str, str]] = []

    def handler(event: Any, context: Any) -> None:
        seen.extend((r["eventName"], r["s3"]["object"]["key"]) for r in event["Records"])

    root = sim.root_credentials(OWNER)
    iam = sim.client("iam", root)
    role = iam.create_role(RoleName="listener", AssumeRolePolicyDocument=policy_text(LAMBDA_TRUST))["Role"]["Arn"]
    register_handler(sim, "listener.handler", handler)
    lam = sim.client("lambda", root)
    function = lam.create_function(
        FunctionName="listener", Runtime="python3.12", Role=role, Handler="listener.handler", Code={"ZipFile": b"PK"}
    )["FunctionArn"]
    lam.add_permission(
        FunctionName="listener",
        StatementId="s3",
        Action="lambda:InvokeFunction",
        Principal="s3.amazonaws.com",
        SourceArn=f"arn:aws:s3:::{bucket}",
        SourceAccount=OWNER,
    )
    s3.put_bucket_notification_configuration(
        Bucket=bucket,
        NotificationConfiguration={
            "LambdaFunctionConfigurations": [
                {"LambdaFunctionArn": function, "Events": ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"]}
            ]
        },
    )
    s3.put_object(Bucket=bucket, Key="new.csv", Body=b"x")
    s3.copy_object(Bucket=bucket, Key="copy.csv", CopySource=f"{bucket}/new.csv")
    s3.delete_object(Bucket=bucket, Key="new.csv")
    s3.delete_object(Bucket=bucket, Key="never-existed.csv")
    assert seen == [
        ("ObjectCreated:Put", "new.csv"),
        ("ObjectCreated:Copy", "copy.csv"),
        ("ObjectRemoved:Delete", "new.csv"),
    ]
    names = [e.event_name for e in sim.activity]
    after = names[names.index("PutBucketNotificationConfiguration") + 1 :]
    assert after[:2] == ["PutObject", "Invoke"]  # the write is logged first, then S3 invoking the function


def test_failed_writes_notify_nobody(sim: Simulation, anonymous: Any, bucket: str) -> None:
    before = len(sim.activity)
    with pytest.raises(ClientError):
        anonymous.put_object(Bucket=bucket, Key="x", Body=b"x")
    assert len(sim.activity) == before + 1


def test_principal_ids(sim: Simulation) -> None:
    from workbench.account.callers import ANONYMOUS

    assert principal_id(ANONYMOUS) == "Anonymous"
