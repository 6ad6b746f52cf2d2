"""S3 object tags: PutObjectTagging, GetObjectTagging and DeleteObjectTagging (tag-based ABAC on objects).

Each call carries the object's current tags as ``s3:ExistingObjectTag/<key>``; PutObjectTagging
also carries the new set as ``s3:RequestObjectTag/<key>`` and ``s3:RequestObjectTagKeys``. The new
set replaces the old one whole (at most 10 tags).
"""

from __future__ import annotations

from typing import Any

from workbench.services.s3.base import s3_operation
from workbench.services.s3.objects import ObjectOperations
from workbench.services.s3.tagging import (
    OBJECT_TAG_LIMIT,
    existing_object_tag_context,
    request_object_tag_context,
    tag_set,
    tags_from_tag_set,
)


class ObjectTaggingOperations(ObjectOperations):
    @s3_operation("PutObjectTagging")
    def put_object_tagging(
        self, *, Bucket: str, Key: str, Tagging: dict[str, Any], ExpectedBucketOwner: str | None = None, **_: Any
    ) -> dict[str, Any]:
        caller = self.caller(anonymous_ok=True)
        bucket = self.find_bucket(Bucket, ExpectedBucketOwner)
        tags = tags_from_tag_set(Tagging.get("TagSet", ()), OBJECT_TAG_LIMIT, self._operation)
        stored = bucket.objects.get(Key)
        context = {**existing_object_tag_context(stored.tags if stored else {}), **request_object_tag_context(tags)}
        self.authorize_s3(caller, "s3:PutObjectTagging", bucket, Key, context)
        if stored is None:
            raise self.s3_error("NoSuchKey", Key=Key)
        self.save_bucket(
            bucket.model_copy(update={"objects": {**bucket.objects, Key: stored.model_copy(update={"tags": tags})}})
        )
        return {}

    @s3_operation("GetObjectTagging")
    def get_object_tagging(
        self, *, Bucket: str, Key: str, ExpectedBucketOwner: str | None = None, **_: Any
    ) -> dict[str, Any]:
        caller = self.caller(anonymous_ok=True)
        bucket = self.find_bucket(Bucket, ExpectedBucketOwner)
        stored = self.readable_object(caller, bucket, Key, "s3:GetObjectTagging")
        return {"TagSet": tag_set(stored.tags)}

    @s3_operation("DeleteObjectTagging")
    def delete_object_tagging(
        self, *, Bucket: str, Key: str, ExpectedBucketOwner: str | None = None, **_: Any
    ) -> dict[str, Any]:
        caller = self.caller(anonymous_ok=True)
        bucket = self.find_bucket(Bucket, ExpectedBucketOwner)
        stored = bucket.objects.get(Key)
        context = existing_object_tag_context(stored.tags if stored else {})
        self.authorize_s3(caller, "s3:DeleteObjectTagging", bucket, Key, context)
        if stored is None:
            raise self.s3_error("NoSuchKey", Key=Key)
        self.save_bucket(
            bucket.model_copy(update={"objects": {**bucket.objects, Key: stored.model_copy(update={"tags": {}})}})
        )
        return {}
