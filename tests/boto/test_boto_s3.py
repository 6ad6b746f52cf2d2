"""S3 through real boto3: objects in and out, listings, anonymous requests, and boto3's transfer helpers."""

from __future__ import annotations

import io
import json

import pytest
from boto_support import ACCOUNT
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.response import StreamingBody

BUCKET = "reports-111111111111"


@pytest.fixture
def s3(admin):
    client = admin.client("s3")
    client.create_bucket(Bucket=BUCKET)
    return client


def test_put_then_get_an_object(s3):
    put = s3.put_object(Bucket=BUCKET, Key="q1/summary.txt", Body=b"hello, world")

    got = s3.get_object(Bucket=BUCKET, Key="q1/summary.txt")

    assert isinstance(got["Body"], StreamingBody)
    assert got["Body"].read() == b"hello, world"
    assert got["ContentLength"] == 12
    assert got["ETag"] == put["ETag"]
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 200


@pytest.mark.parametrize("body", ["some text", io.BytesIO(b"some text")], ids=["str", "file"])
def test_bodies_as_boto3_accepts_them(s3, body):
    s3.put_object(Bucket=BUCKET, Key="k", Body=body)

    assert s3.get_object(Bucket=BUCKET, Key="k")["Body"].read() == b"some text"


def test_missing_key_is_the_modeled_no_such_key(s3):
    with pytest.raises(s3.exceptions.NoSuchKey) as caught:
        s3.get_object(Bucket=BUCKET, Key="nope")

    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_head_errors_carry_only_the_status_as_in_boto3(s3):
    with pytest.raises(ClientError) as caught:
        s3.head_object(Bucket=BUCKET, Key="nope")

    assert caught.value.response["Error"]["Code"] == "404"
    assert caught.value.response["Error"]["Message"] == "Not Found"


def test_missing_bucket(s3):
    with pytest.raises(s3.exceptions.NoSuchBucket):
        s3.list_objects_v2(Bucket="no-such-bucket-anywhere")


def test_delete_answers_204(s3):
    s3.put_object(Bucket=BUCKET, Key="k", Body=b"x")

    assert s3.delete_object(Bucket=BUCKET, Key="k")["ResponseMetadata"]["HTTPStatusCode"] == 204


def test_list_objects_v2_paginator_and_awkward_keys(s3):
    keys = ["a b.txt", "c+d.txt", "e%2Ff.txt", "g/h.txt", "ü.txt"]
    for key in keys:
        s3.put_object(Bucket=BUCKET, Key=key, Body=b"x")

    pages = list(s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, PaginationConfig={"PageSize": 2}))

    assert [len(page["Contents"]) for page in pages] == [2, 2, 1]
    assert [item["Key"] for page in pages for item in page["Contents"]] == keys


def test_anonymous_requests_are_unsigned_and_need_a_public_grant(admin, s3):
    s3.put_object(Bucket=BUCKET, Key="public/logo.png", Body=b"png")
    anonymous = admin.client("s3", config=Config(signature_version=UNSIGNED))

    with pytest.raises(ClientError) as caught:
        anonymous.get_object(Bucket=BUCKET, Key="public/logo.png")
    assert caught.value.response["Error"]["Code"] == "AccessDenied"

    s3.put_public_access_block(
        Bucket=BUCKET,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": False,
            "IgnorePublicAcls": False,
            "BlockPublicPolicy": False,
            "RestrictPublicBuckets": False,
        },
    )
    s3.put_bucket_policy(
        Bucket=BUCKET,
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": f"arn:aws:s3:::{BUCKET}/public/*",
                    }
                ],
            }
        ),
    )
    assert anonymous.get_object(Bucket=BUCKET, Key="public/logo.png")["Body"].read() == b"png"


def test_transfer_helpers(s3):
    s3.upload_fileobj(io.BytesIO(b"uploaded"), BUCKET, "transfer.bin")
    downloaded = io.BytesIO()

    s3.download_fileobj(BUCKET, "transfer.bin", downloaded)

    assert downloaded.getvalue() == b"uploaded"


def test_s3_resource(admin, s3):
    s3.put_object(Bucket=BUCKET, Key="k", Body=b"resource")

    bucket = admin.resource("s3").Bucket(BUCKET)

    assert [o.key for o in bucket.objects.all()] == ["k"]
    assert bucket.Object("k").get()["Body"].read() == b"resource"


def test_bucket_owner_identity(admin, s3):
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == [BUCKET]
    assert admin.client("sts").get_caller_identity()["Account"] == ACCOUNT
