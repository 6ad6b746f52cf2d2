"""Amazon S3 simulated: buckets, objects, bucket policies and Block Public Access."""

from __future__ import annotations

from workbench.account.service import ServiceClient


class S3Client(ServiceClient):
    """``sim.client("s3", credentials)``: boto3's s3 client, simulated."""

    service = "s3"
