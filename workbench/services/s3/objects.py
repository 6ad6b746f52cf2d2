"""S3 object operations: PutObject, GetObject, HeadObject, DeleteObject and CopyObject.

Objects are authorized against ``arn:aws:s3:::bucket/key`` (R4). Reads carry the object's tags as
``s3:ExistingObjectTag/<key>``; writes carry the SSE headers and the tags sent
(``s3:RequestObjectTag/<key>``), and tagging on upload also needs ``s3:PutObjectTagging``. A key
that does not exist is ``NoSuchKey`` only for callers allowed ``s3:ListBucket``; others get
``AccessDenied``, so that a bucket's contents cannot be probed. Deleting a missing key succeeds,
as in S3. Writes and deletes queue S3's event notifications (``s3:ObjectCreated:*``,
``s3:ObjectRemoved:Delete``) for the bucket's Lambda destinations. Objects belong to the bucket
owner (Object Ownership "bucket owner enforced", the default), so ACLs other than
``bucket-owner-full-control`` are refused.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any
from urllib.parse import unquote

from botocore.response import StreamingBody

from workbench.account.callers import Caller
from workbench.account.errors import AwsError
from workbench.services.s3.base import s3_operation
from workbench.services.s3.encryption import KMS_KINDS, SSE_S3, EncryptionOperations, sse_context, sse_response
from workbench.services.s3.errors import head_error
from workbench.services.s3.ranges import byte_range
from workbench.services.s3.tagging import existing_object_tag_context, request_object_tag_context, tags_from_query
from workbench.services.state import Bucket, S3Object

MAX_KEY_BYTES = 1024
_OWNER_ACLS = (None, "private", "bucket-owner-full-control")


class ObjectOperations(EncryptionOperations):
    @s3_operation("PutObject")
    def put_object(
        self,
        *,
        Bucket: str,
        Key: str,
        Body: Any = None,
        ContentType: str | None = None,
        ServerSideEncryption: str | None = None,
        SSEKMSKeyId: str | None = None,
        Tagging: str | None = None,
        ACL: str | None = None,
        ExpectedBucketOwner: str | None = None,
        **_ignored: Any,
    ) -> dict[str, Any]:
        caller = self.caller(anonymous_ok=True)
        bucket = self.find_bucket(Bucket, ExpectedBucketOwner)
        self._check_key(Key)
        content = _content_of(Body)
        self.check_sse_headers(ServerSideEncryption, SSEKMSKeyId)
        tags = tags_from_query(Tagging, self._operation) if Tagging is not None else {}
        context = sse_context(ServerSideEncryption, SSEKMSKeyId)
        if ACL is not None:
            context["s3:x-amz-acl"] = ACL
        if tags:
            context.update(request_object_tag_context(tags))
        self.authorize_s3(caller, "s3:PutObject", bucket, Key, context)
        if tags:
            self.authorize_s3(caller, "s3:PutObjectTagging", bucket, Key, request_object_tag_context(tags))
        if ACL not in _OWNER_ACLS:
            raise self.s3_error("AccessControlListNotSupported", "The bucket does not allow ACLs")
        stored = self._store(
            caller, bucket, Key, content, ContentType or "binary/octet-stream", tags, ServerSideEncryption, SSEKMSKeyId
        )
        self.notify(caller, bucket, Key, "s3:ObjectCreated:Put")
        return {"ETag": stored.etag, **sse_response(stored.server_side_encryption, stored.kms_key_id)}

    @s3_operation("GetObject")
    def get_object(
        self,
        *,
        Bucket: str,
        Key: str,
        Range: str | None = None,
        ResponseContentType: str | None = None,
        ExpectedBucketOwner: str | None = None,
        **_ignored: Any,
    ) -> dict[str, Any]:
        caller = self.caller(anonymous_ok=True)
        bucket = self.find_bucket(Bucket, ExpectedBucketOwner)
        stored = self.readable_object(caller, bucket, Key, "s3:GetObject")
        if stored.server_side_encryption in KMS_KINDS:
            self.use_kms_key(caller, "kms:Decrypt", stored.kms_key_id, bucket, Key)
        answer = self._object_headers(stored)
        data = stored.content
        part = self._range(Range, len(data)) if Range is not None else None
        if part is not None:
            first, last = part
            data = data[first : last + 1]
            answer["ContentRange"] = f"bytes {first}-{last}/{len(stored.content)}"
            self._status = 206
        answer["ContentLength"] = len(data)
        if ResponseContentType is not None:
            answer["ContentType"] = ResponseContentType
        answer["Body"] = StreamingBody(io.BytesIO(data), len(data))
        return answer

    def _range(self, header: str, size: int) -> tuple[int, int] | None:
        try:
            part = byte_range(header, size)
        except ValueError:
            return None  # not a byte range: S3 ignores the header
        if part is None:
            raise self.s3_error("InvalidRange", "The requested range is not satisfiable", RangeRequested=header)
        return part

    @s3_operation("HeadObject")
    def head_object(
        self, *, Bucket: str, Key: str, ExpectedBucketOwner: str | None = None, **_ignored: Any
    ) -> dict[str, Any]:
        try:
            caller = self.caller(anonymous_ok=True)
            bucket = self.find_bucket(Bucket, ExpectedBucketOwner)
            stored = self.readable_object(caller, bucket, Key, "s3:GetObject")
        except AwsError as error:
            raise head_error(error) from None
        return self._object_headers(stored)

    @s3_operation("DeleteObject")
    def delete_object(
        self, *, Bucket: str, Key: str, ExpectedBucketOwner: str | None = None, **_ignored: Any
    ) -> dict[str, Any]:
        caller = self.caller(anonymous_ok=True)
        bucket = self.find_bucket(Bucket, ExpectedBucketOwner)
        self.authorize_s3(caller, "s3:DeleteObject", bucket, Key)
        if Key in bucket.objects:
            objects = {k: v for k, v in bucket.objects.items() if k != Key}
            self.save_bucket(bucket.model_copy(update={"objects": objects}))
            self.notify(caller, bucket, Key, "s3:ObjectRemoved:Delete")
        return {}

    @s3_operation("CopyObject")
    def copy_object(
        self,
        *,
        Bucket: str,
        Key: str,
        CopySource: str,
        MetadataDirective: str | None = None,
        TaggingDirective: str | None = None,
        Tagging: str | None = None,
        ContentType: str | None = None,
        ServerSideEncryption: str | None = None,
        SSEKMSKeyId: str | None = None,
        StorageClass: str | None = None,
        ExpectedBucketOwner: str | None = None,
        ExpectedSourceBucketOwner: str | None = None,
        **_ignored: Any,
    ) -> dict[str, Any]:
        caller = self.caller(anonymous_ok=True)
        source_bucket_name, source_key = self._copy_source(CopySource)
        source_bucket = self.find_bucket(source_bucket_name, ExpectedSourceBucketOwner)
        bucket = self.find_bucket(Bucket, ExpectedBucketOwner)
        self._check_key(Key)
        self.check_sse_headers(ServerSideEncryption, SSEKMSKeyId)
        source = source_bucket.objects.get(source_key)
        source_tags = source.tags if source is not None else {}
        self.authorize_s3(caller, "s3:GetObject", source_bucket, source_key, existing_object_tag_context(source_tags))
        if source is None:
            raise self.s3_error("NoSuchKey", Key=source_key)
        replace_tags = TaggingDirective == "REPLACE"
        tags = tags_from_query(Tagging or "", self._operation) if replace_tags else dict(source.tags)
        if (
            (source_bucket.name, source_key) == (bucket.name, Key)
            and MetadataDirective != "REPLACE"
            and not (ServerSideEncryption or StorageClass)
        ):
            raise self.s3_error(
                "InvalidRequest",
                "This copy request is illegal because it is trying to copy an object to itself without changing "
                "the object's metadata, storage class, website redirect location or encryption attributes.",
            )
        context = {
            "s3:x-amz-copy-source": f"{source_bucket.name}/{source_key}",
            **sse_context(ServerSideEncryption, SSEKMSKeyId),
        }
        if MetadataDirective is not None:
            context["s3:x-amz-metadata-directive"] = MetadataDirective
        if replace_tags and tags:
            context.update(request_object_tag_context(tags))
        self.authorize_s3(caller, "s3:PutObject", bucket, Key, context)
        if tags:
            if not replace_tags:
                existing = existing_object_tag_context(source.tags)
                self.authorize_s3(caller, "s3:GetObjectTagging", source_bucket, source_key, existing)
            self.authorize_s3(caller, "s3:PutObjectTagging", bucket, Key, request_object_tag_context(tags))
        if source.server_side_encryption in KMS_KINDS:
            self.use_kms_key(caller, "kms:Decrypt", source.kms_key_id, source_bucket, source_key)
        content_type = (ContentType or "binary/octet-stream") if MetadataDirective == "REPLACE" else source.content_type
        stored = self._store(caller, bucket, Key, source.content, content_type, tags, ServerSideEncryption, SSEKMSKeyId)
        self.notify(caller, bucket, Key, "s3:ObjectCreated:Copy")
        return {
            "CopyObjectResult": {"ETag": stored.etag, "LastModified": stored.last_modified},
            **sse_response(stored.server_side_encryption, stored.kms_key_id),
        }

    # -- shared ------------------------------------------------------------------------------------
    def readable_object(self, caller: Caller, bucket: Bucket, key: str, action: str) -> S3Object:
        """The object after ``action`` is authorized on it; a missing one is NoSuchKey or AccessDenied."""
        stored = bucket.objects.get(key)
        tags = existing_object_tag_context(stored.tags) if stored is not None else {}
        self.authorize_s3(caller, action, bucket, key, tags)
        if stored is None:
            if self.permitted(caller, "s3:ListBucket", bucket):
                raise self.s3_error("NoSuchKey", Key=key)
            raise self.s3_error("AccessDenied")
        return stored

    def _check_key(self, key: str) -> None:
        if len(key.encode("utf-8")) > MAX_KEY_BYTES:
            raise self.s3_error("KeyTooLongError", "Your key is too long")

    def _copy_source(self, copy_source: str) -> tuple[str, str]:
        path = copy_source.split("?versionId=", 1)[0].lstrip("/")
        bucket, _, key = path.partition("/")
        if not bucket or not key:
            raise self.s3_error("InvalidArgument", "Invalid copy source object key")
        return bucket, unquote(key)

    def _store(
        self,
        caller: Caller,
        bucket: Bucket,
        key: str,
        content: bytes,
        content_type: str,
        tags: dict[str, str],
        server_side_encryption: str | None,
        kms_key_ref: str | None,
    ) -> S3Object:
        """Encrypt as asked (KMS authorizes the caller's data key) and save the object; return it."""
        encryption = server_side_encryption or SSE_S3
        kms_key_id = None
        if encryption in KMS_KINDS:
            kms_key_id = self.use_kms_key(caller, "kms:GenerateDataKey", kms_key_ref, bucket, key)
        stored = S3Object(
            key=key,
            content=content,
            content_type=content_type,
            last_modified=self.now.replace(microsecond=0),
            etag=f'"{hashlib.md5(content).hexdigest()}"',
            tags=tags,
            server_side_encryption=encryption,
            kms_key_id=kms_key_id,
        )
        latest = self.services.buckets[bucket.name]  # a copy within one bucket: start from the current objects
        self.save_bucket(latest.model_copy(update={"objects": {**latest.objects, key: stored}}))
        return stored

    def _object_headers(self, stored: S3Object) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "AcceptRanges": "bytes",
            "LastModified": stored.last_modified,
            "ContentLength": len(stored.content),
            "ETag": stored.etag,
            "ContentType": stored.content_type,
            "Metadata": {},
            **sse_response(stored.server_side_encryption, stored.kms_key_id),
        }
        if stored.tags:
            answer["TagCount"] = len(stored.tags)
        return answer


def _content_of(body: Any) -> bytes:
    """PutObject's Body as bytes: bytes, text (UTF-8) or a readable file object, as boto3 accepts."""
    if body is None:
        return b""
    if isinstance(body, bytes | bytearray | memoryview):
        return bytes(body)
    if isinstance(body, str):
        return body.encode("utf-8")
    data = body.read()
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)
