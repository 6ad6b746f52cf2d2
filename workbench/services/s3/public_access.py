"""S3 bucket-level Block Public Access and bucket tags: Put/Get/DeletePublicAccessBlock, Put/Get/DeleteBucketTagging.

The account-level settings live in S3 Control (``s3control.py``). Deleting a bucket's settings
or its tags needs the matching *Put* permission, as S3 documents (``s3:PutBucketPublicAccessBlock``,
``s3:PutBucketTagging``).
"""

from __future__ import annotations

from typing import Any

from workbench.services.s3.base import S3Base, s3_operation
from workbench.services.s3.block_public_access import block_from_request, block_response
from workbench.services.s3.tagging import BUCKET_TAG_LIMIT, tag_set, tags_from_tag_set


class PublicAccessOperations(S3Base):
    @s3_operation("PutPublicAccessBlock")
    def put_public_access_block(
        self,
        *,
        Bucket: str,
        PublicAccessBlockConfiguration: dict[str, Any],
        ExpectedBucketOwner: str | None = None,
        **_ignored: Any,
    ) -> dict[str, Any]:
        caller = self.caller(anonymous_ok=True)
        bucket = self.find_bucket(Bucket, ExpectedBucketOwner)
        self.authorize_s3(caller, "s3:PutBucketPublicAccessBlock", bucket)
        block = block_from_request(PublicAccessBlockConfiguration)
        self.save_bucket(bucket.model_copy(update={"public_access_block": block}))
        return {}

    @s3_operation("GetPublicAccessBlock")
    def get_public_access_block(self, *, Bucket: str, ExpectedBucketOwner: str | None = None) -> dict[str, Any]:
        caller = self.caller(anonymous_ok=True)
        bucket = self.find_bucket(Bucket, ExpectedBucketOwner)
        self.authorize_s3(caller, "s3:GetBucketPublicAccessBlock", bucket)
        if bucket.public_access_block is None:
            raise self.s3_error("NoSuchPublicAccessBlockConfiguration", BucketName=Bucket)
        return {"PublicAccessBlockConfiguration": block_response(bucket.public_access_block)}

    @s3_operation("DeletePublicAccessBlock")
    def delete_public_access_block(self, *, Bucket: str, ExpectedBucketOwner: str | None = None) -> dict[str, Any]:
        caller = self.caller(anonymous_ok=True)
        bucket = self.find_bucket(Bucket, ExpectedBucketOwner)
        self.authorize_s3(caller, "s3:PutBucketPublicAccessBlock", bucket)
        self.save_bucket(bucket.model_copy(update={"public_access_block": None}))
        return {}

    @s3_operation("PutBucketTagging")
    def put_bucket_tagging(
        self, *, Bucket: str, Tagging: dict[str, Any], ExpectedBucketOwner: str | None = None, **_ignored: Any
    ) -> dict[str, Any]:
        caller = self.caller(anonymous_ok=True)
        bucket = self.find_bucket(Bucket, ExpectedBucketOwner)
        tags = tags_from_tag_set(Tagging.get("TagSet", ()), BUCKET_TAG_LIMIT, self._operation)
        self.authorize_s3(caller, "s3:PutBucketTagging", bucket)
        self.save_bucket(bucket.model_copy(update={"tags": tags}))
        return {}

    @s3_operation("GetBucketTagging")
    def get_bucket_tagging(self, *, Bucket: str, ExpectedBucketOwner: str | None = None) -> dict[str, Any]:
        caller = self.caller(anonymous_ok=True)
        bucket = self.find_bucket(Bucket, ExpectedBucketOwner)
        self.authorize_s3(caller, "s3:GetBucketTagging", bucket)
        if not bucket.tags:
            raise self.s3_error("NoSuchTagSet", BucketName=Bucket)
        return {"TagSet": tag_set(bucket.tags)}

    @s3_operation("DeleteBucketTagging")
    def delete_bucket_tagging(self, *, Bucket: str, ExpectedBucketOwner: str | None = None) -> dict[str, Any]:
        caller = self.caller(anonymous_ok=True)
        bucket = self.find_bucket(Bucket, ExpectedBucketOwner)
        self.authorize_s3(caller, "s3:PutBucketTagging", bucket)
        self.save_bucket(bucket.model_copy(update={"tags": {}}))
        return {}
