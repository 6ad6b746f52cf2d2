"""Shared by every S3 operation: find the bucket, authorize against its policy as S3 does, answer with S3's statuses.

S3 specifics on top of the client base: a missing bucket is ``NoSuchBucket`` before any policy
is read (so existence can be probed, as in S3); the bucket policy that takes part is the one
Block Public Access leaves in force for this caller; the request context carries S3's keys
(``s3:ResourceAccount``, ``s3:authType``, ``s3:signatureversion``) and the bucket's region as
``aws:RequestedRegion`` (boto3 follows S3's redirect to it). AccessDenied carries the detailed
text only for callers of the bucket's own account or organization; others read "Access Denied",
as S3 answers them. Successful answers carry S3's HTTP status (204 for the deletes).
"""

from __future__ import annotations

import base64
import functools
import hashlib
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, TypeVar
from urllib.parse import quote

from workbench.account.authorization import Target, decide
from workbench.account.callers import Caller
from workbench.account.errors import AwsError
from workbench.account.restrictions import restriction
from workbench.account.service import ServiceClient, operation, service_model
from workbench.engine.decision import Decision
from workbench.services.s3.block_public_access import policy_seen_by
from workbench.services.s3.errors import s3_error
from workbench.services.s3.notifications import PendingEvent, deliver, principal_id
from workbench.services.state import Bucket, ServiceState

Method = TypeVar("Method", bound=Callable[..., dict[str, Any]])

_STATUS_BESIDES_MODEL: Mapping[str, int] = MappingProxyType({"PutBucketPolicy": 204, "PutBucketTagging": 204})
"""Statuses S3 answers that botocore's model does not record."""


def s3_operation(name: str, service: str = "s3") -> Callable[[Method], Method]:
    """``@operation`` plus S3's habits: its success status, boto3's CopySource dict form, event notifications."""

    def wrap(method: Method) -> Method:
        inner = operation(name)(method)

        @functools.wraps(inner)
        def call(self: ServiceClient, **params: Any) -> dict[str, Any]:
            if isinstance(params.get("CopySource"), Mapping):  # boto3 turns the dict into "bucket/key" first
                params["CopySource"] = copy_source_text(params["CopySource"])
            self._status = None  # type: ignore[attr-defined]
            self._pending_events = []  # type: ignore[attr-defined]
            answer = inner(self, **params)
            deliver(self.sim, self._pending_events)  # type: ignore[attr-defined]
            status = (
                getattr(self, "_status", None)
                or _STATUS_BESIDES_MODEL.get(name)
                or service_model(service).operation_model(name).http.get("responseCode", 200)
            )
            answer["ResponseMetadata"]["HTTPStatusCode"] = status
            return answer

        return call  # type: ignore[return-value]

    return wrap


def copy_source_text(source: Mapping[str, Any]) -> str:
    """boto3's rendering of ``CopySource={"Bucket": …, "Key": …, "VersionId": …}``."""
    text = f"{source.get('Bucket', '')}/{quote(str(source.get('Key', '')), safe='/~')}"
    if source.get("VersionId"):
        text += f"?versionId={source['VersionId']}"
    return text


def canonical_user_id(account_id: str) -> str:
    """The account's S3 canonical user id (64 hex digits; derived, so stable across runs)."""
    return hashlib.sha256(f"canonical-user:{account_id}".encode()).hexdigest()


def continuation_token(after: str) -> str:
    """An opaque continuation token that resumes a listing after ``after`` (a key or bucket name)."""
    return base64.urlsafe_b64encode(f"after:{after}".encode()).decode()


def token_position(token: str) -> str | None:
    """Where a continuation token resumes, or None when it is not one of ours."""
    try:
        text = base64.urlsafe_b64decode(token.encode()).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    return text.removeprefix("after:") if text.startswith("after:") else None


class S3Base(ServiceClient):
    """What every S3 mixin uses."""

    service = "s3"
    _status: int | None = None
    """A success status other than the operation's usual one (206 for a ranged GetObject)."""
    _pending_events: list[PendingEvent]
    """Event notifications the current call will deliver once it has succeeded."""

    # -- errors and state -------------------------------------------------------------------------
    def s3_error(self, code: str, message: str | None = None, **fields: str) -> AwsError:
        return s3_error(code, self._operation, message, **fields)

    @property
    def services(self) -> ServiceState:
        return self.sim.state.services

    def find_bucket(self, name: str, expected_owner: str | None = None) -> Bucket:
        """The bucket, or ``NoSuchBucket`` (checked before any authorization, as S3 does)."""
        bucket = self.services.buckets.get(name)
        if bucket is None:
            raise self.s3_error("NoSuchBucket", BucketName=name)
        if expected_owner is not None and expected_owner != bucket.account_id:
            raise self.s3_error("AccessDenied")
        return bucket

    def save_bucket(self, bucket: Bucket) -> None:
        self.sim.update(
            lambda state: state.model_copy(
                update={
                    "services": state.services.model_copy(
                        update={"buckets": {**state.services.buckets, bucket.name: bucket}}
                    )
                }
            )
        )

    def notify(self, caller: Caller, bucket: Bucket, key: str, event: str) -> None:
        """Queue S3 event ``event`` on ``key``, delivered to the bucket's notification targets after this call."""
        pending = PendingEvent(bucket.name, key, event, principal_id(caller), self.connection.source_ip)
        self._pending_events.append(pending)

    def save_services(self, services: ServiceState) -> None:
        self.sim.update(lambda state: state.model_copy(update={"services": services}))

    # -- authorization ------------------------------------------------------------------------------
    def bucket_target(self, caller: Caller, bucket: Bucket, key: str | None = None, *, policy: bool = True) -> Target:
        """The bucket (or one object) as the engine sees it, with the policy in force for ``caller``."""
        arn = bucket.arn if key is None else f"{bucket.arn}/{key}"
        seen = policy_seen_by(self.services, bucket, None if caller.kind == "anonymous" else caller.account_id)
        return Target(arn, bucket.account_id, seen if policy else None, display=f'"{arn}"')

    def s3_context(self, caller: Caller, bucket: Bucket | None, extra: Mapping[str, Any] | None) -> dict[str, Any]:
        context: dict[str, Any] = {}
        if caller.kind != "anonymous":
            context["s3:authType"] = "REST-HEADER"
            context["s3:signatureversion"] = "AWS4-HMAC-SHA256"
        if bucket is not None:
            context["s3:ResourceAccount"] = bucket.account_id
            context["aws:RequestedRegion"] = bucket.region
        context.update(extra or {})
        return context

    def authorize_s3(
        self,
        caller: Caller,
        action: str,
        bucket: Bucket,
        key: str | None = None,
        extra: Mapping[str, Any] | None = None,
        *,
        target: Target | None = None,
    ) -> Decision:
        """Authorize ``action`` on the bucket (or object ``key``); AccessDenied worded as S3 words it."""
        target = target or self.bucket_target(caller, bucket, key)
        try:
            return self.authorize(caller, action, target, self.s3_context(caller, bucket, extra))
        except AwsError as error:
            if error.aws_code == "AccessDenied" and not self.told_why(caller, bucket.account_id):
                raise self.s3_error("AccessDenied") from None
            raise

    def authorize_account_level(
        self, caller: Caller, action: str, arn: str = "*", extra: Mapping[str, Any] | None = None
    ) -> Decision:
        """Actions on no bucket of anyone else (ListAllMyBuckets, CreateBucket): the caller's own account."""
        if caller.kind == "anonymous":
            raise self.s3_error("AccessDenied")
        target = Target(arn, caller.account_id, display=f'"{arn}"' if arn != "*" else None)
        context = self.s3_context(caller, None, {"s3:ResourceAccount": caller.account_id, **(extra or {})})
        return self.authorize(caller, action, target, context)

    def permitted(
        self,
        caller: Caller,
        action: str,
        bucket: Bucket,
        key: str | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> bool:
        """Would ``action`` be allowed? Asked silently (S3 asks it about s3:ListBucket for a missing key)."""
        if restriction(caller, action) is not None:
            return False
        state = self.sim.state.model_copy(update={"now": self.now})
        target = self.bucket_target(caller, bucket, key)
        context = self.s3_context(caller, bucket, extra)
        decision, _ = decide(state, caller, action, target, self.connection, self.sim.clock.epoch(), context)
        return decision.allowed

    def told_why(self, caller: Caller, owner_account: str) -> bool:
        """S3 explains a denial only to callers of the bucket owner's account or organization."""
        if caller.kind == "anonymous":
            return False
        if caller.account_id == owner_account:
            return True
        organization = self.sim.state.organization
        return organization is not None and {caller.account_id, owner_account} <= set(organization.parents)

    def owner_only(self, caller: Caller, bucket: Bucket) -> None:
        """Bucket-policy calls from outside the owner account fail with 405 even when a policy allows them."""
        if caller.kind == "anonymous" or caller.account_id != bucket.account_id:
            raise self.s3_error("MethodNotAllowed", Method=self._method(), ResourceType="BUCKETPOLICY")

    def _method(self) -> str:
        return str(service_model(self.service).operation_model(self._operation).http.get("method", "GET"))
