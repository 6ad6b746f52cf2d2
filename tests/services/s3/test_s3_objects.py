"""S3 objects: content and metadata, NoSuchKey vs AccessDenied, copies, ranges, tags, SSE headers and SSE-KMS."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from botocore.exceptions import ClientError
from botocore.response import StreamingBody
from s3_support import OTHER, OWNER, allow, assert_boto3_shape, error_code, error_message, error_status, policy_text

from workbench.account.simulation import Simulation

OBJECTS = "arn:aws:s3:::reports/*"
BUCKET_ARN = "arn:aws:s3:::reports"


def test_put_and_get_object(s3: Any, bucket: str) -> None:
    put = s3.put_object(Bucket=bucket, Key="docs/readme.txt", Body="hello, S3", ContentType="text/plain")
    assert_boto3_shape("PutObject", put)
    assert put["ETag"] == f'"{hashlib.md5(b"hello, S3").hexdigest()}"'
    assert put["ServerSideEncryption"] == "AES256"  # S3 encrypts with SSE-S3 by default
    got = s3.get_object(Bucket=bucket, Key="docs/readme.txt")
    assert_boto3_shape("GetObject", got)
    assert isinstance(got["Body"], StreamingBody)
    assert got["Body"].read() == b"hello, S3"
    assert (got["ContentLength"], got["ContentType"], got["ETag"]) == (9, "text/plain", put["ETag"])
    head = s3.head_object(Bucket=bucket, Key="docs/readme.txt")
    assert_boto3_shape("HeadObject", head)
    assert head["ContentLength"] == 9 and "Body" not in head


def test_body_may_be_a_file_object(s3: Any, bucket: str) -> None:
    import io

    s3.put_object(Bucket=bucket, Key="f.bin", Body=io.BytesIO(b"\x00\x01\x02"))
    assert s3.get_object(Bucket=bucket, Key="f.bin")["Body"].read() == b"\x00\x01\x02"
    assert s3.get_object(Bucket=bucket, Key="f.bin")["ContentType"] == "binary/octet-stream"


def test_ranged_get(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="digits", Body=b"0123456789")
    part = s3.get_object(Bucket=bucket, Key="digits", Range="bytes=2-4")
    assert part["Body"].read() == b"234"
    assert (part["ContentRange"], part["ContentLength"]) == ("bytes 2-4/10", 3)
    assert part["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert s3.get_object(Bucket=bucket, Key="digits", Range="bytes=-3")["Body"].read() == b"789"
    assert s3.get_object(Bucket=bucket, Key="digits", Range="bytes=8-")["Body"].read() == b"89"
    assert s3.get_object(Bucket=bucket, Key="digits", Range="lines=1")["ResponseMetadata"]["HTTPStatusCode"] == 200
    with pytest.raises(ClientError) as raised:
        s3.get_object(Bucket=bucket, Key="digits", Range="bytes=20-30")
    assert (error_code(raised), error_status(raised)) == ("InvalidRange", 416)


def test_missing_key_is_no_such_key_only_for_callers_who_may_list(user_s3: Any, bucket: str) -> None:
    reader = user_s3("reader", allow("s3:GetObject", OBJECTS))
    lister = user_s3("lister", allow("s3:GetObject", OBJECTS), allow("s3:ListBucket", BUCKET_ARN))
    with pytest.raises(ClientError) as raised:
        reader.get_object(Bucket=bucket, Key="missing.csv")
    assert (error_code(raised), error_status(raised)) == ("AccessDenied", 403)
    with pytest.raises(ClientError) as raised:
        lister.get_object(Bucket=bucket, Key="missing.csv")
    assert (error_code(raised), error_status(raised)) == ("NoSuchKey", 404)
    assert error_message(raised) == "The specified key does not exist."
    assert raised.value.response["Error"]["Key"] == "missing.csv"
    with pytest.raises(ClientError) as raised:
        lister.head_object(Bucket=bucket, Key="missing.csv")
    assert (error_code(raised), error_message(raised)) == ("404", "Not Found")
    with pytest.raises(ClientError) as raised:
        reader.head_object(Bucket=bucket, Key="missing.csv")
    assert (error_code(raised), error_message(raised)) == ("403", "Forbidden")


def test_object_actions_are_authorized_on_the_object_arn(user_s3: Any, bucket: str) -> None:
    bucket_only = user_s3("bucket-only", allow("s3:*", BUCKET_ARN))
    with pytest.raises(ClientError) as raised:
        bucket_only.get_object(Bucket=bucket, Key="q1.csv")
    assert error_message(raised) == (
        f"User: arn:aws:iam::{OWNER}:user/bucket-only is not authorized to perform: s3:GetObject on resource: "
        f'"arn:aws:s3:::reports/q1.csv" because no identity-based policy allows the s3:GetObject action'
    )


def test_delete_object(s3: Any, bucket: str, sim: Simulation, user_s3: Any) -> None:
    assert s3.delete_object(Bucket=bucket, Key="q1.csv")["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert "q1.csv" not in sim.state.services.buckets[bucket].objects
    assert s3.delete_object(Bucket=bucket, Key="never-there")["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as raised:
        user_s3("nobody").delete_object(Bucket=bucket, Key="q2.csv")
    assert error_code(raised) == "AccessDenied"


def test_copy_object(s3: Any, bucket: str) -> None:
    s3.put_object_tagging(Bucket=bucket, Key="q1.csv", Tagging={"TagSet": [{"Key": "team", "Value": "blue"}]})
    s3.create_bucket(Bucket="archive")
    answer = s3.copy_object(Bucket="archive", Key="2024/q1.csv", CopySource={"Bucket": bucket, "Key": "q1.csv"})
    assert_boto3_shape("CopyObject", answer)
    copied = s3.get_object(Bucket="archive", Key="2024/q1.csv")
    assert copied["Body"].read() == b"a,b\n1,2\n"
    assert s3.get_object_tagging(Bucket="archive", Key="2024/q1.csv")["TagSet"] == [{"Key": "team", "Value": "blue"}]
    s3.copy_object(
        Bucket="archive", Key="q2.csv", CopySource=f"{bucket}/q2.csv", TaggingDirective="REPLACE", Tagging="env=dev"
    )
    assert s3.get_object_tagging(Bucket="archive", Key="q2.csv")["TagSet"] == [{"Key": "env", "Value": "dev"}]
    with pytest.raises(ClientError) as raised:
        s3.copy_object(Bucket="archive", Key="x", CopySource=f"{bucket}/missing")
    assert error_code(raised) == "NoSuchKey"
    with pytest.raises(ClientError) as raised:
        s3.copy_object(Bucket=bucket, Key="q1.csv", CopySource=f"{bucket}/q1.csv")
    assert error_code(raised) == "InvalidRequest"
    s3.copy_object(
        Bucket=bucket, Key="q1.csv", CopySource=f"{bucket}/q1.csv", MetadataDirective="REPLACE", ContentType="text/csv"
    )
    assert s3.head_object(Bucket=bucket, Key="q1.csv")["ContentType"] == "text/csv"


def test_copy_needs_read_on_the_source_and_write_on_the_target(user_s3: Any, s3: Any, bucket: str) -> None:
    s3.create_bucket(Bucket="archive")
    read_only = user_s3("read-only", allow("s3:GetObject", OBJECTS))
    write_only = user_s3("write-only", allow("s3:PutObject", "arn:aws:s3:::archive/*"))
    both = user_s3("both", allow("s3:GetObject", OBJECTS), allow("s3:PutObject", "arn:aws:s3:::archive/*"))
    for caller, action in ((read_only, "s3:PutObject"), (write_only, "s3:GetObject")):
        with pytest.raises(ClientError) as raised:
            caller.copy_object(Bucket="archive", Key="q1.csv", CopySource=f"{bucket}/q1.csv")
        assert action in error_message(raised)
    both.copy_object(Bucket="archive", Key="q1.csv", CopySource=f"{bucket}/q1.csv")


def test_copy_sends_the_copy_source_key(user_s3: Any, s3: Any, bucket: str) -> None:
    s3.create_bucket(Bucket="archive")
    only_from_reports = allow(
        "s3:PutObject", "arn:aws:s3:::archive/*", Condition={"StringLike": {"s3:x-amz-copy-source": "reports/*"}}
    )
    copier = user_s3("copier", allow("s3:GetObject", "*"), only_from_reports)
    copier.copy_object(Bucket="archive", Key="q1.csv", CopySource=f"{bucket}/q1.csv")
    with pytest.raises(ClientError):
        copier.put_object(Bucket="archive", Key="direct.csv", Body=b"x")


def test_object_tagging(s3: Any, bucket: str) -> None:
    assert s3.get_object_tagging(Bucket=bucket, Key="q1.csv")["TagSet"] == []
    s3.put_object(Bucket=bucket, Key="tagged.csv", Body=b"x", Tagging="team=blue&env=dev")
    got = s3.get_object_tagging(Bucket=bucket, Key="tagged.csv")
    assert_boto3_shape("GetObjectTagging", got)
    assert got["TagSet"] == [{"Key": "team", "Value": "blue"}, {"Key": "env", "Value": "dev"}]
    assert s3.head_object(Bucket=bucket, Key="tagged.csv")["TagCount"] == 2
    s3.put_object_tagging(Bucket=bucket, Key="tagged.csv", Tagging={"TagSet": [{"Key": "team", "Value": "red"}]})
    assert s3.get_object_tagging(Bucket=bucket, Key="tagged.csv")["TagSet"] == [{"Key": "team", "Value": "red"}]
    assert s3.delete_object_tagging(Bucket=bucket, Key="tagged.csv")["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert s3.get_object_tagging(Bucket=bucket, Key="tagged.csv")["TagSet"] == []
    with pytest.raises(ClientError) as raised:
        s3.put_object_tagging(Bucket=bucket, Key="nope", Tagging={"TagSet": []})
    assert error_code(raised) == "NoSuchKey"
    with pytest.raises(ClientError) as raised:
        s3.put_object_tagging(
            Bucket=bucket, Key="q1.csv", Tagging={"TagSet": [{"Key": f"k{i}", "Value": "v"} for i in range(11)]}
        )
    assert (error_code(raised), error_message(raised)) == ("BadRequest", "Object tags cannot be greater than 10")


def test_tagging_on_upload_needs_put_object_tagging(user_s3: Any, bucket: str) -> None:
    uploader = user_s3("uploader", allow("s3:PutObject", OBJECTS))
    uploader.put_object(Bucket=bucket, Key="plain.csv", Body=b"x")
    with pytest.raises(ClientError) as raised:
        uploader.put_object(Bucket=bucket, Key="tagged.csv", Body=b"x", Tagging="team=blue")
    assert "s3:PutObjectTagging" in error_message(raised)


def test_request_object_tags_in_the_context(user_s3: Any, bucket: str) -> None:
    blue_only = allow(
        ["s3:PutObject", "s3:PutObjectTagging"],
        OBJECTS,
        Condition={
            "StringEquals": {"s3:RequestObjectTag/team": "blue"},
            "ForAllValues:StringEquals": {"s3:RequestObjectTagKeys": ["team"]},
        },
    )
    writer = user_s3("writer", blue_only)
    writer.put_object(Bucket=bucket, Key="blue.csv", Body=b"x", Tagging="team=blue")
    for tagging in ("team=red", "team=blue&secret=1"):
        with pytest.raises(ClientError):
            writer.put_object(Bucket=bucket, Key="other.csv", Body=b"x", Tagging=tagging)


def test_sse_headers_are_checked(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as raised:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", ServerSideEncryption="ROT13")
    assert error_code(raised) == "InvalidArgument"
    with pytest.raises(ClientError) as raised:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", ServerSideEncryption="AES256", SSEKMSKeyId="some-key")
    assert error_code(raised) == "InvalidArgument"


def test_acls_are_refused_as_bucket_owner_enforced_does(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="ok", Body=b"x", ACL="bucket-owner-full-control")
    with pytest.raises(ClientError) as raised:
        s3.put_object(Bucket=bucket, Key="public", Body=b"x", ACL="public-read")
    assert error_code(raised) == "AccessControlListNotSupported"
    with pytest.raises(ClientError) as raised:
        s3.create_bucket(Bucket="acl-bucket", ACL="public-read")
    assert error_code(raised) == "InvalidBucketAclWithObjectOwnership"


class TestSseKms:
    """SSE-KMS: S3 asks KMS with the caller's credentials; the key policy decides."""

    @pytest.fixture
    def key_arn(self, sim: Simulation) -> str:
        kms = sim.client("kms", sim.root_credentials(OWNER))
        return str(kms.create_key(Description="reports key")["KeyMetadata"]["Arn"])

    def test_round_trip_with_a_customer_key(self, s3: Any, bucket: str, key_arn: str) -> None:
        put = s3.put_object(
            Bucket=bucket, Key="secret.csv", Body=b"s", ServerSideEncryption="aws:kms", SSEKMSKeyId=key_arn
        )
        assert (put["ServerSideEncryption"], put["SSEKMSKeyId"]) == ("aws:kms", key_arn)
        got = s3.get_object(Bucket=bucket, Key="secret.csv")
        assert (got["Body"].read(), got["SSEKMSKeyId"]) == (b"s", key_arn)

    def test_default_aws_managed_key(self, s3: Any, bucket: str, sim: Simulation) -> None:
        put = s3.put_object(Bucket=bucket, Key="managed.csv", Body=b"m", ServerSideEncryption="aws:kms")
        assert put["SSEKMSKeyId"].startswith(f"arn:aws:kms:us-east-1:{OWNER}:key/")
        assert sim.state.services.keys[put["SSEKMSKeyId"]].aws_managed
        assert s3.get_object(Bucket=bucket, Key="managed.csv")["Body"].read() == b"m"

    def test_reading_needs_kms_decrypt(self, s3: Any, bucket: str, key_arn: str, user_s3: Any) -> None:
        s3.put_object(Bucket=bucket, Key="secret.csv", Body=b"s", ServerSideEncryption="aws:kms", SSEKMSKeyId=key_arn)
        s3_only = user_s3("s3-only", allow("s3:GetObject", OBJECTS))
        with pytest.raises(ClientError) as raised:
            s3_only.get_object(Bucket=bucket, Key="secret.csv")
        assert error_code(raised) == "AccessDenied"
        assert "kms:Decrypt" in error_message(raised)
        with_kms = user_s3("with-kms", allow("s3:GetObject", OBJECTS), allow("kms:Decrypt", key_arn))
        assert with_kms.get_object(Bucket=bucket, Key="secret.csv")["Body"].read() == b"s"

    def test_writing_needs_kms_generate_data_key(self, bucket: str, key_arn: str, user_s3: Any) -> None:
        writer = user_s3("writer", allow("s3:PutObject", OBJECTS))
        with pytest.raises(ClientError) as raised:
            writer.put_object(Bucket=bucket, Key="k", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId=key_arn)
        assert "kms:GenerateDataKey" in error_message(raised)
        writer.put_object(Bucket=bucket, Key="k", Body=b"x")  # SSE-S3 needs no KMS permission

    def test_unknown_key(self, s3: Any, bucket: str) -> None:
        missing = f"arn:aws:kms:us-east-1:{OWNER}:key/00000000-0000-0000-0000-000000000000"
        with pytest.raises(ClientError) as raised:
            s3.put_object(Bucket=bucket, Key="k", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId=missing)
        assert error_code(raised) == "KMS.NotFoundException"

    def test_cross_account_reader_needs_the_key_policy_too(
        self, s3: Any, sim: Simulation, bucket: str, key_arn: str, user_s3: Any
    ) -> None:
        s3.put_object(Bucket=bucket, Key="secret.csv", Body=b"s", ServerSideEncryption="aws:kms", SSEKMSKeyId=key_arn)
        s3.put_bucket_policy(
            Bucket=bucket, Policy=policy_text(allow("s3:GetObject", OBJECTS, Principal={"AWS": OTHER}))
        )
        partner = user_s3("partner", allow("s3:GetObject", OBJECTS), allow("kms:Decrypt", key_arn), account=OTHER)
        with pytest.raises(ClientError) as raised:
            partner.get_object(Bucket=bucket, Key="secret.csv")
        assert (error_code(raised), error_message(raised)) == ("AccessDenied", "Access Denied")
        kms = sim.client("kms", sim.root_credentials(OWNER))
        key_policy = json.loads(kms.get_key_policy(KeyId=key_arn, PolicyName="default")["Policy"])
        key_policy["Statement"].append(allow("kms:Decrypt", "*", Principal={"AWS": OTHER}))
        kms.put_key_policy(KeyId=key_arn, PolicyName="default", Policy=json.dumps(key_policy))
        assert partner.get_object(Bucket=bucket, Key="secret.csv")["Body"].read() == b"s"
