"""S3 → Lambda: notification configurations (validated as S3 does) and S3 events delivered as s3.amazonaws.com (E12)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from lambda_support import LAMBDA_TRUST, A, B, allow, create_function, error_code, error_message, put_role, put_user

from workbench.account.model import Role
from workbench.account.simulation import Simulation
from workbench.services.lambda_ import deliver_s3_event, put_bucket_notification, register_handler
from workbench.services.lambda_.notification_config import BucketNotificationOperations

FN = f"arn:aws:lambda:us-east-1:{A}:function:on-upload"


@pytest.fixture
def root(sim: Simulation) -> Any:
    return sim.root_credentials(A)


@pytest.fixture
def events(sim: Simulation, lam: Any, execution_role: Role, root: Any) -> list[Any]:
    """Bucket ``uploads`` and function ``on-upload`` (records the events it receives), both in account A."""
    received: list[Any] = []
    register_handler(sim, "upload.handler", lambda event, context: received.append(event) or "ok")
    create_function(lam, "on-upload", execution_role.arn, handler="upload.handler")
    sim.client("s3", root).create_bucket(Bucket="uploads")
    return received


def allow_s3(lam: Any, source_arn: str | None = "arn:aws:s3:::uploads", source_account: str | None = A) -> None:
    params: dict[str, Any] = {"SourceArn": source_arn, "SourceAccount": source_account}
    lam.add_permission(
        FunctionName="on-upload",
        StatementId="s3",
        Action="lambda:InvokeFunction",
        Principal="s3.amazonaws.com",
        **{k: v for k, v in params.items() if v is not None},
    )


def notifications_client(sim: Simulation, credentials: Any) -> Any:
    """The S3 client if it has the notification operations, else the stand-in used by put_bucket_notification."""
    client = sim.client("s3", credentials)
    if isinstance(client, BucketNotificationOperations):
        return client
    from workbench.services.lambda_.notification_config import _NotificationClient

    return _NotificationClient(sim, client.credentials, client.connection)


# -- configuring ------------------------------------------------------------------------------------


def test_configuration_round_trips(sim: Simulation, lam: Any, root: Any, events: list[Any]) -> None:
    allow_s3(lam)
    s3 = notifications_client(sim, root)
    configuration = {
        "Id": "thumbs",
        "LambdaFunctionArn": FN,
        "Events": ["s3:ObjectCreated:*", "s3:ObjectRemoved:Delete"],
        "Filter": {
            "Key": {"FilterRules": [{"Name": "Prefix", "Value": "images/"}, {"Name": "Suffix", "Value": ".jpg"}]}
        },
    }
    s3.put_bucket_notification_configuration(
        Bucket="uploads", NotificationConfiguration={"LambdaFunctionConfigurations": [configuration]}
    )
    assert s3.get_bucket_notification_configuration(Bucket="uploads")["LambdaFunctionConfigurations"] == [configuration]
    assert len(sim.state.services.buckets["uploads"].notifications) == 2


def test_s3_must_be_allowed_to_invoke_the_destination(sim: Simulation, root: Any, events: list[Any]) -> None:
    with pytest.raises(Exception) as raised:
        put_bucket_notification(sim, root, "uploads", FN)
    assert error_code(raised) == "InvalidArgument"
    assert error_message(raised) == "Unable to validate the following destination configurations"
    assert sim.state.services.buckets["uploads"].notifications == ()


def test_a_permission_pinned_to_another_bucket_does_not_validate(
    sim: Simulation, lam: Any, root: Any, events: list[Any]
) -> None:
    allow_s3(lam, source_arn="arn:aws:s3:::some-other-bucket")
    with pytest.raises(Exception) as raised:
        put_bucket_notification(sim, root, "uploads", FN)
    assert error_code(raised) == "InvalidArgument"


def test_skipping_destination_validation_stores_it_anyway(sim: Simulation, root: Any, events: list[Any]) -> None:
    put_bucket_notification(sim, root, "uploads", FN, skip_destination_validation=True)
    assert sim.state.services.buckets["uploads"].notifications[0]["LambdaFunctionArn"] == FN


def test_configuring_needs_put_bucket_notification(sim: Simulation, lam: Any, events: list[Any]) -> None:
    allow_s3(lam)
    keys = put_user(sim, A, "dev", allow("s3:GetBucketNotification", "arn:aws:s3:::uploads"))
    with pytest.raises(Exception) as raised:
        put_bucket_notification(sim, keys, "uploads", FN)
    assert error_code(raised) == "AccessDenied"
    assert "s3:PutBucketNotification" in error_message(raised)
    granted = put_user(sim, A, "ops", allow("s3:PutBucketNotification", "arn:aws:s3:::uploads"))
    put_bucket_notification(sim, granted, "uploads", FN)


def test_unknown_bucket(sim: Simulation, root: Any) -> None:
    with pytest.raises(Exception) as raised:
        put_bucket_notification(sim, root, "nope", FN)
    assert error_code(raised) == "NoSuchBucket"


def test_overlapping_configurations_are_refused(sim: Simulation, lam: Any, root: Any, events: list[Any]) -> None:
    allow_s3(lam)
    put_bucket_notification(sim, root, "uploads", FN, prefix="images/", configuration_id="one")
    with pytest.raises(Exception) as raised:
        put_bucket_notification(sim, root, "uploads", FN, ("s3:ObjectCreated:Put",), prefix="images/thumbs/")
    assert error_message(raised).startswith("Configurations overlap.")
    put_bucket_notification(sim, root, "uploads", FN, prefix="docs/", configuration_id="two")
    stored = notifications_client(sim, root).get_bucket_notification_configuration(Bucket="uploads")
    assert [c["Id"] for c in stored["LambdaFunctionConfigurations"]] == ["one", "two"]


def test_only_lambda_destinations_are_simulated(sim: Simulation, root: Any, events: list[Any]) -> None:
    topic = {"TopicArn": f"arn:aws:sns:us-east-1:{A}:t", "Events": ["s3:ObjectCreated:*"]}
    with pytest.raises(Exception) as raised:
        notifications_client(sim, root).put_bucket_notification_configuration(
            Bucket="uploads", NotificationConfiguration={"TopicConfigurations": [topic]}
        )
    assert error_code(raised) == "InvalidArgument"


# -- delivering -------------------------------------------------------------------------------------


def test_matching_events_reach_the_function_as_s3_sends_them(
    sim: Simulation, lam: Any, root: Any, events: list[Any]
) -> None:
    allow_s3(lam)
    put_bucket_notification(sim, root, "uploads", FN, prefix="images/", configuration_id="thumbs")
    sim.client("s3", root).put_object(Bucket="uploads", Key="images/cat photo.jpg", Body=b"meow")
    events.clear()  # PutObject may already have delivered: deliver again, explicitly
    (delivery,) = deliver_s3_event(sim, "uploads", "images/cat photo.jpg", "s3:ObjectCreated:Put")
    assert delivery.delivered and delivery.ran and delivery.decision == "allowed"
    assert delivery.function_error is None and json.loads(delivery.payload or b"") == "ok"
    (record,) = events[0]["Records"]
    assert record["eventSource"] == "aws:s3" and record["eventName"] == "ObjectCreated:Put"
    assert record["s3"]["bucket"] == {
        "name": "uploads",
        "ownerIdentity": {"principalId": A},
        "arn": "arn:aws:s3:::uploads",
    }
    assert record["s3"]["object"]["key"] == "images/cat+photo.jpg"
    assert record["s3"]["object"]["size"] == 4 and record["s3"]["configurationId"] == "thumbs"


def test_events_outside_the_filter_are_not_delivered(sim: Simulation, lam: Any, root: Any, events: list[Any]) -> None:
    allow_s3(lam)
    put_bucket_notification(sim, root, "uploads", FN, prefix="images/", suffix=".jpg")
    assert deliver_s3_event(sim, "uploads", "docs/a.jpg") == ()
    assert deliver_s3_event(sim, "uploads", "images/a.png") == ()
    assert deliver_s3_event(sim, "uploads", "images/a.jpg", "s3:ObjectRemoved:Delete") == ()
    assert len(deliver_s3_event(sim, "uploads", "images/a.jpg", "ObjectCreated:Copy")) == 1


def test_without_the_function_policy_the_delivery_fails_and_is_logged(
    sim: Simulation, root: Any, events: list[Any]
) -> None:
    put_bucket_notification(sim, root, "uploads", FN, skip_destination_validation=True)
    (delivery,) = deliver_s3_event(sim, "uploads", "a.jpg")
    assert not delivery.delivered and not delivery.ran and events == []
    assert delivery.decision == "implicitDeny" and delivery.error_code == "AccessDeniedException"
    (logged,) = sim.activity.query(principal_arn="s3.amazonaws.com", action="lambda:InvokeFunction")
    assert (logged.principal_type, logged.event_name, logged.event_source) == (
        "AWSService",
        "Invoke",
        "lambda.amazonaws.com",
    )
    assert logged.error_code == "AccessDeniedException" and logged.resource_arn == FN
    assert logged.error_message == (
        f"s3.amazonaws.com is not authorized to perform: lambda:InvokeFunction on resource: {FN} "
        "because no resource-based policy allows the lambda:InvokeFunction action"
    )


def test_a_deleted_function_fails_the_delivery(sim: Simulation, lam: Any, root: Any, events: list[Any]) -> None:
    allow_s3(lam)
    put_bucket_notification(sim, root, "uploads", FN)
    lam.delete_function(FunctionName="on-upload")
    (delivery,) = deliver_s3_event(sim, "uploads", "a.jpg")
    assert not delivery.delivered and delivery.error_code == "ResourceNotFoundException"


def test_a_function_error_does_not_fail_the_delivery(sim: Simulation, lam: Any, root: Any, events: list[Any]) -> None:
    allow_s3(lam)
    put_bucket_notification(sim, root, "uploads", FN)

    def broken(event: Any, context: Any) -> None:
        raise KeyError("Records")

    register_handler(sim, "upload.handler", broken)
    (delivery,) = deliver_s3_event(sim, "uploads", "a.jpg")
    assert delivery.delivered and delivery.ran and delivery.function_error == "Unhandled"


# -- the confused deputy ----------------------------------------------------------------------------


def test_an_unpinned_permission_lets_any_bucket_invoke_the_function(
    sim: Simulation, lam: Any, events: list[Any]
) -> None:
    allow_s3(lam, source_arn=None, source_account=None)  # the confused-deputy mistake
    attacker = sim.root_credentials(B)
    sim.client("s3", attacker).create_bucket(Bucket="attacker-bucket")
    put_bucket_notification(sim, attacker, "attacker-bucket", FN)
    (delivery,) = deliver_s3_event(sim, "attacker-bucket", "payload.bin")
    assert delivery.ran and events[0]["Records"][0]["s3"]["bucket"]["name"] == "attacker-bucket"


def test_pinning_source_account_and_arn_stops_other_buckets(sim: Simulation, lam: Any, events: list[Any]) -> None:
    allow_s3(lam)
    attacker = sim.root_credentials(B)
    sim.client("s3", attacker).create_bucket(Bucket="attacker-bucket")
    with pytest.raises(Exception) as raised:
        put_bucket_notification(sim, attacker, "attacker-bucket", FN)
    assert error_code(raised) == "InvalidArgument"
    put_bucket_notification(sim, attacker, "attacker-bucket", FN, skip_destination_validation=True)
    (delivery,) = deliver_s3_event(sim, "attacker-bucket", "payload.bin")
    assert not delivery.delivered and delivery.decision == "implicitDeny" and events == []


def test_a_wrong_source_account_alone_also_stops_the_delivery(
    sim: Simulation, lam: Any, root: Any, events: list[Any]
) -> None:
    allow_s3(lam, source_account=B)
    put_bucket_notification(sim, root, "uploads", FN, skip_destination_validation=True)
    (delivery,) = deliver_s3_event(sim, "uploads", "a.jpg")
    assert not delivery.delivered and delivery.error_code == "AccessDeniedException"


def test_execution_role_trouble_is_reported_on_the_delivery(sim: Simulation, lam: Any, root: Any) -> None:
    put_role(sim, A, "gone-soon", [LAMBDA_TRUST])
    register_handler(sim, "x.main", lambda event, context: None)
    create_function(lam, "on-upload", f"arn:aws:iam::{A}:role/gone-soon", handler="x.main")
    sim.client("s3", root).create_bucket(Bucket="uploads")
    allow_s3(lam)
    put_bucket_notification(sim, root, "uploads", FN)
    account = sim.state.accounts[A]
    sim.put_account(account.model_copy(update={"roles": {}}))
    (delivery,) = deliver_s3_event(sim, "uploads", "a.jpg")
    assert delivery.delivered and not delivery.ran and delivery.error_code == "InvalidParameterValueException"
