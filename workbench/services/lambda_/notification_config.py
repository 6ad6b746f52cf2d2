"""S3 → Lambda, configuring: Put/GetBucketNotificationConfiguration for Lambda destinations, validated as S3 does.

``BucketNotificationOperations`` is written to be mixed into the S3 client (``S3Client``); until it
is, :func:`put_bucket_notification` calls it through a small S3-named client. Configuring needs
``s3:PutBucketNotification`` on the bucket. Then, as S3 does, each destination is validated: S3
itself (``s3.amazonaws.com``, with ``aws:SourceArn`` = the bucket and ``aws:SourceAccount`` = its
owner) must be allowed by the function policy to invoke the function, else ``InvalidArgument``
"Unable to validate the following destination configurations" — unless
``SkipDestinationValidation=True``, which stores it anyway (deliveries will then fail).
The bucket stores one entry per event: ``{"Id", "LambdaFunctionArn", "Event", "Prefix", "Suffix"}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from workbench.account.authorization import Connection, Target
from workbench.account.callers import Credentials
from workbench.account.errors import AwsError
from workbench.account.model import State
from workbench.account.service import ServiceClient, operation, service_model
from workbench.engine.decision import Decision
from workbench.services.lambda_.service_principals import service_decision
from workbench.services.state import Bucket, LambdaFunction

if TYPE_CHECKING:
    from workbench.account.simulation import Simulation

S3_SERVICE = "s3.amazonaws.com"
S3_STATUS = {"NoSuchBucket": 404, "InvalidArgument": 400, "AccessDenied": 403}


def notification_events() -> tuple[str, ...]:
    """Every event type S3 can notify about (botocore's ``Event`` enum)."""
    return tuple(service_model("s3").shape_for("Event").enum)


def event_matches(configured: str, event: str) -> bool:
    """``s3:ObjectCreated:*`` covers ``s3:ObjectCreated:Put``; otherwise the names must be equal."""
    if configured.endswith(":*"):
        return event.startswith(configured[:-1])
    return configured == event


def destination_decision(sim: Simulation, bucket: Bucket, function: LambdaFunction) -> Decision:
    """May S3, notifying for ``bucket``, invoke ``function``? (E12: the function policy must name S3.)"""
    target = Target(function.arn, function.account_id, function.policy, function.tags)
    context = {"aws:SourceArn": bucket.arn, "aws:SourceAccount": bucket.account_id}
    return service_decision(sim, S3_SERVICE, "lambda:InvokeFunction", target, region=function.region, context=context)


def _filter_rules(raw: dict[str, Any] | None) -> tuple[str, str]:
    prefix = suffix = ""
    for rule in (raw or {}).get("Key", {}).get("FilterRules", []):
        name = str(rule.get("Name", "")).lower()
        if name == "prefix":
            prefix = str(rule.get("Value", ""))
        elif name == "suffix":
            suffix = str(rule.get("Value", ""))
    return prefix, suffix


def _overlap(a: dict[str, str], b: dict[str, str]) -> bool:
    events = event_matches(a["Event"], b["Event"]) or event_matches(b["Event"], a["Event"])
    prefix_a, prefix_b = a.get("Prefix", ""), b.get("Prefix", "")
    suffix_a, suffix_b = a.get("Suffix", ""), b.get("Suffix", "")
    prefixes = prefix_a.startswith(prefix_b) or prefix_b.startswith(prefix_a)
    suffixes = suffix_a.endswith(suffix_b) or suffix_b.endswith(suffix_a)
    return events and prefixes and suffixes


def grouped(entries: Iterable[dict[str, str]]) -> list[dict[str, Any]]:
    """Stored per-event entries → boto3's ``LambdaFunctionConfigurations`` (one per Id)."""
    configurations: dict[str, dict[str, Any]] = {}
    for entry in entries:
        found = configurations.get(entry["Id"])
        if found is None:
            found = {"Id": entry["Id"], "LambdaFunctionArn": entry["LambdaFunctionArn"], "Events": []}
            rules = [{"Name": name, "Value": entry[name]} for name in ("Prefix", "Suffix") if entry.get(name)]
            if rules:
                found["Filter"] = {"Key": {"FilterRules": rules}}
            configurations[entry["Id"]] = found
        found["Events"].append(entry["Event"])
    return list(configurations.values())


class BucketNotificationOperations(ServiceClient):
    """S3's notification-configuration API, for Lambda destinations (mix into ``S3Client``)."""

    def s3_fail(self, code: str, message: str) -> AwsError:
        return AwsError(code, message, self._operation, status=S3_STATUS.get(code, 400))

    def notified_bucket(self, name: str, expected_owner: str | None) -> Bucket:
        bucket = self.sim.state.services.buckets.get(name)
        if bucket is None:
            raise self.s3_fail("NoSuchBucket", "The specified bucket does not exist")
        if expected_owner is not None and expected_owner != bucket.account_id:
            raise self.s3_fail("AccessDenied", "Access Denied")
        return bucket

    def entries(self, bucket: Bucket, configuration: dict[str, Any]) -> list[dict[str, str]]:
        unsupported = [k for k in ("TopicConfigurations", "QueueConfigurations") if configuration.get(k)]
        if unsupported or configuration.get("EventBridgeConfiguration") is not None:
            raise self.s3_fail(
                "InvalidArgument",
                "The simulation delivers S3 notifications to Lambda functions only "
                "(LambdaFunctionConfigurations); SNS, SQS and EventBridge destinations are not simulated.",
            )
        known = set(notification_events())
        entries: list[dict[str, str]] = []
        for listed in configuration.get("LambdaFunctionConfigurations", []):
            config_id = listed.get("Id") or self.sim.ids.next("", 24)
            prefix, suffix = _filter_rules(listed.get("Filter"))
            for event in listed["Events"]:
                if event not in known:
                    raise self.s3_fail("InvalidArgument", "The event is not supported for notifications")
                entry = {
                    "Id": config_id,
                    "LambdaFunctionArn": listed["LambdaFunctionArn"],
                    "Event": event,
                    "Prefix": prefix,
                    "Suffix": suffix,
                }
                if any(_overlap(entry, other) for other in entries if other["Id"] != config_id):
                    raise self.s3_fail(
                        "InvalidArgument",
                        "Configurations overlap. Configurations on the same bucket cannot share a common event type.",
                    )
                entries.append(entry)
        return entries

    def validate_destinations(self, bucket: Bucket, entries: Sequence[dict[str, str]], skip: bool) -> None:
        for arn in dict.fromkeys(entry["LambdaFunctionArn"] for entry in entries):
            parts = arn.split(":")
            if len(parts) < 7 or parts[2] != "lambda" or parts[3] != bucket.region:
                raise self.s3_fail(
                    "InvalidArgument",
                    "The notification destination service region is not valid for the bucket location constraint",
                )
            if skip:
                continue
            function = self.sim.state.services.functions.get(arn)
            if function is None or not destination_decision(self.sim, bucket, function).allowed:
                raise self.s3_fail("InvalidArgument", "Unable to validate the following destination configurations")

    @operation("PutBucketNotificationConfiguration")
    def put_bucket_notification_configuration(
        self,
        *,
        Bucket: str,
        NotificationConfiguration: dict[str, Any],
        ExpectedBucketOwner: str | None = None,
        SkipDestinationValidation: bool = False,
    ) -> dict[str, Any]:
        caller = self.caller()
        bucket = self.notified_bucket(Bucket, ExpectedBucketOwner)
        target = Target(bucket.arn, bucket.account_id, bucket.policy, bucket.tags)
        self.authorize(caller, "s3:PutBucketNotification", target)
        entries = self.entries(bucket, NotificationConfiguration)
        self.validate_destinations(bucket, entries, SkipDestinationValidation)
        changed = bucket.model_copy(update={"notifications": tuple(entries)})

        def change(state: State) -> State:
            buckets = {**state.services.buckets, changed.name: changed}
            return state.model_copy(update={"services": state.services.model_copy(update={"buckets": buckets})})

        self.sim.update(change)
        return {}

    @operation("GetBucketNotificationConfiguration")
    def get_bucket_notification_configuration(
        self, *, Bucket: str, ExpectedBucketOwner: str | None = None
    ) -> dict[str, Any]:
        caller = self.caller()
        bucket = self.notified_bucket(Bucket, ExpectedBucketOwner)
        target = Target(bucket.arn, bucket.account_id, bucket.policy, bucket.tags)
        self.authorize(caller, "s3:GetBucketNotification", target)
        configurations = grouped(bucket.notifications)
        return {"LambdaFunctionConfigurations": configurations} if configurations else {}


class _NotificationClient(BucketNotificationOperations):
    """Stands in for the S3 client's notification operations until ``S3Client`` mixes them in."""

    service = "s3"


def put_bucket_notification(
    sim: Simulation,
    credentials: Credentials | dict[str, Any],
    bucket: str,
    function_arn: str,
    events: Sequence[str] = ("s3:ObjectCreated:*",),
    prefix: str = "",
    suffix: str = "",
    *,
    configuration_id: str | None = None,
    skip_destination_validation: bool = False,
) -> dict[str, Any]:
    """Add (or replace, by Id) one Lambda destination on ``bucket``, signed with ``credentials``.

    The bucket's other Lambda configurations are kept. Same checks as S3's
    PutBucketNotificationConfiguration, which this calls.
    """
    found = sim.state.services.buckets.get(bucket)
    kept = [c for c in grouped(found.notifications if found else ()) if c["Id"] != configuration_id]
    rules = [{"Name": name, "Value": value} for name, value in (("Prefix", prefix), ("Suffix", suffix)) if value]
    added: dict[str, Any] = {"LambdaFunctionArn": function_arn, "Events": list(events)}
    if configuration_id is not None:
        added["Id"] = configuration_id
    if rules:
        added["Filter"] = {"Key": {"FilterRules": rules}}
    if isinstance(credentials, dict):
        credentials = (
            Credentials.from_response(credentials) if "AccessKeyId" in credentials else Credentials(**credentials)
        )
    region = found.region if found is not None else "us-east-1"
    client = _NotificationClient(sim, credentials, Connection(region))
    return client.put_bucket_notification_configuration(
        Bucket=bucket,
        NotificationConfiguration={"LambdaFunctionConfigurations": [*kept, added]},
        SkipDestinationValidation=skip_destination_validation,
    )
