"""S3 buckets: global names, regions, ownership, listing only one's own, deletion rules, tags, boto3 shapes."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from s3_support import OTHER, OWNER, allow, assert_boto3_shape, error_code, error_message, error_status

from workbench.account.simulation import Simulation
from workbench.services.s3.names import bucket_name_problem


def test_create_bucket_belongs_to_the_callers_account_with_block_public_access_on(s3: Any, sim: Simulation) -> None:
    answer = s3.create_bucket(Bucket="reports")
    assert answer["Location"] == "/reports"
    assert_boto3_shape("CreateBucket", answer)
    stored = sim.state.services.buckets["reports"]
    assert (stored.account_id, stored.region) == (OWNER, "us-east-1")
    block = s3.get_public_access_block(Bucket="reports")["PublicAccessBlockConfiguration"]
    assert block == {
        "BlockPublicAcls": True,
        "IgnorePublicAcls": True,
        "BlockPublicPolicy": True,
        "RestrictPublicBuckets": True,
    }


@pytest.mark.parametrize(
    "name",
    ["ab", "a" * 64, "Reports", "my_bucket", "-start", "end-", "two..dots", "192.168.5.4", "xn--bucket", "b-s3alias"],
)
def test_invalid_bucket_names_are_refused(s3: Any, name: str) -> None:
    assert bucket_name_problem(name) is not None
    with pytest.raises(ClientError) as raised:
        s3.create_bucket(Bucket=name)
    assert error_code(raised) == "InvalidBucketName"
    assert error_message(raised) == "The specified bucket is not valid."
    assert raised.value.response["Error"]["BucketName"] == name


@pytest.mark.parametrize("name", ["abc", "my-bucket.logs", "a" * 63, "123bucket"])
def test_valid_bucket_names(name: str) -> None:
    assert bucket_name_problem(name) is None


def test_bucket_names_are_global(s3: Any, other_root: Any) -> None:
    s3.create_bucket(Bucket="shared-name", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    with pytest.raises(ClientError) as raised:
        other_root.create_bucket(Bucket="shared-name")
    assert (error_code(raised), error_status(raised)) == ("BucketAlreadyExists", 409)
    with pytest.raises(ClientError) as raised:
        s3.create_bucket(Bucket="shared-name", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert error_code(raised) == "BucketAlreadyOwnedByYou"


def test_recreating_your_own_bucket_in_us_east_1_answers_200(s3: Any) -> None:
    s3.create_bucket(Bucket="legacy")
    assert s3.create_bucket(Bucket="legacy")["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_region_comes_from_the_location_constraint(sim: Simulation, s3: Any) -> None:
    answer = s3.create_bucket(Bucket="eu-data", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert answer["Location"] == "http://eu-data.s3.amazonaws.com/"
    assert s3.get_bucket_location(Bucket="eu-data")["LocationConstraint"] == "eu-west-1"
    s3.create_bucket(Bucket="us-data")
    assert s3.get_bucket_location(Bucket="us-data")["LocationConstraint"] is None
    assert s3.head_bucket(Bucket="eu-data")["BucketRegion"] == "eu-west-1"


def test_location_constraint_rules(sim: Simulation) -> None:
    regional = sim.client("s3", sim.root_credentials(OWNER), region="eu-west-1")
    with pytest.raises(ClientError) as raised:
        regional.create_bucket(Bucket="no-constraint")
    assert error_code(raised) == "IllegalLocationConstraintException"
    with pytest.raises(ClientError) as raised:
        regional.create_bucket(Bucket="wrong-region", CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
    assert error_code(raised) == "IllegalLocationConstraintException"
    global_endpoint = sim.client("s3", sim.root_credentials(OWNER))
    with pytest.raises(ClientError) as raised:
        global_endpoint.create_bucket(
            Bucket="explicit-us", CreateBucketConfiguration={"LocationConstraint": "us-east-1"}
        )
    assert error_code(raised) == "InvalidLocationConstraint"
    regional.create_bucket(Bucket="right-region", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})


def test_create_bucket_needs_s3_create_bucket(user_s3: Any) -> None:
    nobody = user_s3("nobody")
    with pytest.raises(ClientError) as raised:
        nobody.create_bucket(Bucket="denied-bucket")
    assert error_code(raised) == "AccessDenied"
    assert 's3:CreateBucket on resource: "arn:aws:s3:::denied-bucket"' in error_message(raised)
    maker = user_s3("maker", allow("s3:CreateBucket", "arn:aws:s3:::team-*"))
    maker.create_bucket(Bucket="team-blue")
    with pytest.raises(ClientError):
        maker.create_bucket(Bucket="other-bucket")


def test_create_bucket_with_tags_sends_request_tags(user_s3: Any, sim: Simulation) -> None:
    tagged_only = allow(
        ["s3:CreateBucket", "s3:TagResource"],
        "arn:aws:s3:::*",
        Condition={"StringEquals": {"aws:RequestTag/team": "blue"}},
    )
    alice = user_s3("alice", tagged_only)
    config: dict[str, Any] = {"Tags": [{"Key": "team", "Value": "blue"}]}
    alice.create_bucket(Bucket="blue-bucket", CreateBucketConfiguration=config)
    assert sim.state.services.buckets["blue-bucket"].tags == {"team": "blue"}
    with pytest.raises(ClientError):
        alice.create_bucket(Bucket="untagged-bucket")


def test_anonymous_callers_cannot_create_or_list(anonymous: Any) -> None:
    for call in (lambda: anonymous.create_bucket(Bucket="anon-bucket"), anonymous.list_buckets):
        with pytest.raises(ClientError) as raised:
            call()
        assert (error_code(raised), error_message(raised)) == ("AccessDenied", "Access Denied")


def test_list_buckets_shows_only_the_callers_account(s3: Any, other_root: Any, user_s3: Any) -> None:
    s3.create_bucket(Bucket="b-one")
    s3.create_bucket(Bucket="a-two", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    other_root.create_bucket(Bucket="theirs")
    answer = s3.list_buckets()
    assert_boto3_shape("ListBuckets", answer)
    assert [b["Name"] for b in answer["Buckets"]] == ["a-two", "b-one"]
    assert [b["BucketRegion"] for b in answer["Buckets"]] == ["eu-west-1", "us-east-1"]
    assert len(answer["Owner"]["ID"]) == 64
    assert [b["Name"] for b in other_root.list_buckets()["Buckets"]] == ["theirs"]
    assert [b["Name"] for b in s3.list_buckets(BucketRegion="eu-west-1")["Buckets"]] == ["a-two"]
    with pytest.raises(ClientError) as raised:
        user_s3("nobody").list_buckets()
    assert error_code(raised) == "AccessDenied"
    assert "s3:ListAllMyBuckets" in error_message(raised)
    lister = user_s3("lister", allow("s3:ListAllMyBuckets"))
    assert len(lister.list_buckets()["Buckets"]) == 2


def test_list_buckets_pages(s3: Any) -> None:
    for name in ("bkt-a", "bkt-b", "bkt-c"):
        s3.create_bucket(Bucket=name)
    first = s3.list_buckets(MaxBuckets=2)
    assert [b["Name"] for b in first["Buckets"]] == ["bkt-a", "bkt-b"]
    rest = s3.list_buckets(MaxBuckets=2, ContinuationToken=first["ContinuationToken"])
    assert [b["Name"] for b in rest["Buckets"]] == ["bkt-c"]
    assert "ContinuationToken" not in rest
    assert [b["Name"] for b in s3.list_buckets(Prefix="bkt-b")["Buckets"]] == ["bkt-b"]


def test_delete_bucket(s3: Any, bucket: str, sim: Simulation) -> None:
    with pytest.raises(ClientError) as raised:
        s3.delete_bucket(Bucket=bucket)
    assert (error_code(raised), error_status(raised)) == ("BucketNotEmpty", 409)
    s3.delete_object(Bucket=bucket, Key="q1.csv")
    s3.delete_object(Bucket=bucket, Key="q2.csv")
    assert s3.delete_bucket(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert bucket not in sim.state.services.buckets
    with pytest.raises(ClientError) as raised:
        s3.delete_bucket(Bucket=bucket)
    assert (error_code(raised), error_status(raised)) == ("NoSuchBucket", 404)
    assert raised.value.response["Error"]["BucketName"] == bucket


def test_missing_bucket_is_reported_before_authorization(user_s3: Any) -> None:
    nobody = user_s3("nobody")
    with pytest.raises(ClientError) as raised:
        nobody.get_object(Bucket="does-not-exist", Key="k")
    assert error_code(raised) == "NoSuchBucket"


def test_head_bucket_errors_have_no_body(s3: Any, bucket: str, anonymous: Any) -> None:
    assert s3.head_bucket(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 200
    with pytest.raises(ClientError) as raised:
        s3.head_bucket(Bucket="missing-bucket")
    assert (error_code(raised), error_message(raised), error_status(raised)) == ("404", "Not Found", 404)
    with pytest.raises(ClientError) as raised:
        anonymous.head_bucket(Bucket=bucket)
    assert (error_code(raised), error_message(raised), error_status(raised)) == ("403", "Forbidden", 403)


def test_expected_bucket_owner(s3: Any, bucket: str) -> None:
    s3.head_bucket(Bucket=bucket, ExpectedBucketOwner=OWNER)
    with pytest.raises(ClientError) as raised:
        s3.get_bucket_location(Bucket=bucket, ExpectedBucketOwner=OTHER)
    assert error_code(raised) == "AccessDenied"


def test_bucket_tagging(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as raised:
        s3.get_bucket_tagging(Bucket=bucket)
    assert (error_code(raised), error_status(raised)) == ("NoSuchTagSet", 404)
    answer = s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "env", "Value": "prod"}]})
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 204
    got = s3.get_bucket_tagging(Bucket=bucket)
    assert_boto3_shape("GetBucketTagging", got)
    assert got["TagSet"] == [{"Key": "env", "Value": "prod"}]
    assert s3.delete_bucket_tagging(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError):
        s3.get_bucket_tagging(Bucket=bucket)


@pytest.mark.parametrize(
    ("tags", "code"),
    [
        ([{"Key": "aws:owner", "Value": "x"}], "InvalidTag"),
        ([{"Key": "k", "Value": "1"}, {"Key": "k", "Value": "2"}], "InvalidTag"),
        ([{"Key": "k" * 129, "Value": "v"}], "InvalidTag"),
        ([{"Key": f"k{i}", "Value": "v"} for i in range(51)], "InvalidTag"),
    ],
)
def test_bucket_tags_are_checked(s3: Any, bucket: str, tags: list[dict[str, str]], code: str) -> None:
    with pytest.raises(ClientError) as raised:
        s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": tags})
    assert error_code(raised) == code


def test_deleting_bucket_tags_needs_put_bucket_tagging(user_s3: Any, s3: Any, bucket: str) -> None:
    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "env", "Value": "prod"}]})
    tagger = user_s3("tagger", allow("s3:PutBucketTagging", f"arn:aws:s3:::{bucket}"))
    tagger.delete_bucket_tagging(Bucket=bucket)


def test_public_access_block_settings(s3: Any, bucket: str) -> None:
    s3.put_public_access_block(
        Bucket=bucket, PublicAccessBlockConfiguration={"BlockPublicPolicy": True, "RestrictPublicBuckets": False}
    )
    got = s3.get_public_access_block(Bucket=bucket)
    assert_boto3_shape("GetPublicAccessBlock", got)
    assert got["PublicAccessBlockConfiguration"]["BlockPublicPolicy"] is True
    assert got["PublicAccessBlockConfiguration"]["BlockPublicAcls"] is False
    assert s3.delete_public_access_block(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as raised:
        s3.get_public_access_block(Bucket=bucket)
    assert (error_code(raised), error_status(raised)) == ("NoSuchPublicAccessBlockConfiguration", 404)


def test_calls_are_in_the_activity_log(s3: Any, bucket: str, sim: Simulation, anonymous: Any) -> None:
    with pytest.raises(ClientError):
        anonymous.list_objects_v2(Bucket=bucket)
    event = list(sim.activity)[-1]
    assert (event.event_source, event.event_name, event.action) == (
        "s3.amazonaws.com",
        "ListObjectsV2",
        "s3:ListBucket",
    )
    assert (event.resource_arn, event.resource_account, event.decision) == (
        f"arn:aws:s3:::{bucket}",
        OWNER,
        "implicitDeny",
    )
    assert event.error_code == "AccessDenied"
