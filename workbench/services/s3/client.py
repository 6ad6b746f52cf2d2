"""Amazon S3 simulated: buckets, objects, bucket policies and Block Public Access, every call authorized by the engine.

``S3Client`` is boto3's s3 client assembled from one mixin per concern (buckets, bucket policies,
Block Public Access and bucket tags, objects, object tags, listings, and — from the Lambda
simulation — event notification configurations). Anonymous (unsigned) requests are accepted —
``sim.client("s3", None)`` — and succeed only where a bucket policy grants ``*`` and Block Public
Access lets it.
"""

from __future__ import annotations

from workbench.services.lambda_.notification_config import BucketNotificationOperations
from workbench.services.s3.bucket_policy import BucketPolicyOperations
from workbench.services.s3.buckets import BucketOperations
from workbench.services.s3.listing import ListingOperations
from workbench.services.s3.object_tagging import ObjectTaggingOperations
from workbench.services.s3.public_access import PublicAccessOperations


class S3Client(
    BucketOperations,
    BucketPolicyOperations,
    PublicAccessOperations,
    ObjectTaggingOperations,
    ListingOperations,
    BucketNotificationOperations,
):
    """``sim.client("s3", credentials)``: boto3's s3 client, simulated."""

    service = "s3"
