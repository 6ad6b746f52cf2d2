"""ListObjectsV2 and ListObjects: prefixes, delimiters and common prefixes, paging, and the s3:prefix family of keys."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from hypothesis import given
from hypothesis import strategies as st
from s3_support import allow, assert_boto3_shape, error_code

from workbench.services.s3.listing import list_page

KEYS = ["a.txt", "photos/2023/x.jpg", "photos/2024/y.jpg", "photos/z.jpg", "zeta/1", "zeta/2"]


@pytest.fixture
def tree(s3: Any) -> str:
    s3.create_bucket(Bucket="tree")
    for key in KEYS:
        s3.put_object(Bucket="tree", Key=key, Body=key.encode())
    return "tree"


def test_everything(s3: Any, tree: str) -> None:
    answer = s3.list_objects_v2(Bucket=tree)
    assert_boto3_shape("ListObjectsV2", answer)
    assert [c["Key"] for c in answer["Contents"]] == KEYS
    assert (answer["KeyCount"], answer["IsTruncated"], answer["Prefix"], answer["MaxKeys"]) == (6, False, "", 1000)
    assert answer["Contents"][0]["Size"] == len(b"a.txt")
    assert "Owner" not in answer["Contents"][0]
    assert "Owner" in s3.list_objects_v2(Bucket=tree, FetchOwner=True)["Contents"][0]


def test_delimiter_folds_common_prefixes(s3: Any, tree: str) -> None:
    top = s3.list_objects_v2(Bucket=tree, Delimiter="/")
    assert [c["Key"] for c in top["Contents"]] == ["a.txt"]
    assert top["CommonPrefixes"] == [{"Prefix": "photos/"}, {"Prefix": "zeta/"}]
    assert top["KeyCount"] == 3
    inside = s3.list_objects_v2(Bucket=tree, Prefix="photos/", Delimiter="/")
    assert [c["Key"] for c in inside["Contents"]] == ["photos/z.jpg"]
    assert [p["Prefix"] for p in inside["CommonPrefixes"]] == ["photos/2023/", "photos/2024/"]
    empty = s3.list_objects_v2(Bucket=tree, Prefix="nothing/")
    assert "Contents" not in empty and empty["KeyCount"] == 0


def test_paging_with_continuation_tokens(s3: Any, tree: str) -> None:
    seen: list[str] = []
    token = None
    pages = 0
    while True:
        params: dict[str, Any] = {"Bucket": tree, "MaxKeys": 2, "Delimiter": "/"}
        if token:
            params["ContinuationToken"] = token
        page = s3.list_objects_v2(**params)
        pages += 1
        seen += [c["Key"] for c in page.get("Contents", [])] + [p["Prefix"] for p in page.get("CommonPrefixes", [])]
        if not page["IsTruncated"]:
            break
        token = page["NextContinuationToken"]
    assert pages == 2 and sorted(seen) == ["a.txt", "photos/", "zeta/"]
    with pytest.raises(ClientError) as raised:
        s3.list_objects_v2(Bucket=tree, ContinuationToken="garbage!")
    assert error_code(raised) == "InvalidArgument"


def test_start_after(s3: Any, tree: str) -> None:
    answer = s3.list_objects_v2(Bucket=tree, StartAfter="photos/z.jpg")
    assert [c["Key"] for c in answer["Contents"]] == ["zeta/1", "zeta/2"]
    assert answer["StartAfter"] == "photos/z.jpg"


def test_list_objects_v1_markers(s3: Any, tree: str) -> None:
    first = s3.list_objects(Bucket=tree, MaxKeys=2, Delimiter="/")
    assert_boto3_shape("ListObjects", first)
    assert first["IsTruncated"] and first["NextMarker"] == "photos/"
    rest = s3.list_objects(Bucket=tree, Marker=first["NextMarker"], Delimiter="/")
    assert rest["CommonPrefixes"] == [{"Prefix": "zeta/"}] and not rest["IsTruncated"]


def test_url_encoding_when_asked(s3: Any) -> None:
    s3.create_bucket(Bucket="odd-keys")
    s3.put_object(Bucket="odd-keys", Key="a b/c+d", Body=b"")
    assert s3.list_objects_v2(Bucket="odd-keys")["Contents"][0]["Key"] == "a b/c+d"
    encoded = s3.list_objects_v2(Bucket="odd-keys", EncodingType="url")
    assert encoded["Contents"][0]["Key"] == "a%20b/c%2Bd" and encoded["EncodingType"] == "url"


def test_listing_needs_list_bucket_on_the_bucket_arn(user_s3: Any, tree: str) -> None:
    wrong_arn = user_s3("wrong-arn", allow("s3:ListBucket", "arn:aws:s3:::tree/*"))
    with pytest.raises(ClientError) as raised:
        wrong_arn.list_objects_v2(Bucket=tree)
    assert error_code(raised) == "AccessDenied"
    right_arn = user_s3("right-arn", allow("s3:ListBucket", "arn:aws:s3:::tree"))
    assert right_arn.list_objects_v2(Bucket=tree)["KeyCount"] == 6


def test_listing_keys_in_the_request_context(user_s3: Any, tree: str) -> None:
    limited = allow(
        "s3:ListBucket",
        "arn:aws:s3:::tree",
        Condition={
            "StringEquals": {"s3:prefix": "photos/", "s3:delimiter": "/"},
            "NumericLessThanEquals": {"s3:max-keys": "10"},
        },
    )
    browser = user_s3("browser", limited)
    browser.list_objects_v2(Bucket=tree, Prefix="photos/", Delimiter="/", MaxKeys=10)
    for params in (
        {"Prefix": "photos/", "Delimiter": "/", "MaxKeys": 50},
        {"Prefix": "photos/", "Delimiter": "/"},  # s3:max-keys absent: the numeric test fails
        {"Prefix": "zeta/", "Delimiter": "/", "MaxKeys": 10},
        {"Delimiter": "/", "MaxKeys": 10},
    ):
        with pytest.raises(ClientError):
            browser.list_objects_v2(Bucket=tree, **params)


@given(
    keys=st.sets(st.text(alphabet="ab/", min_size=1, max_size=5), max_size=12),
    prefix=st.text(alphabet="ab/", max_size=2),
    size=st.integers(min_value=1, max_value=4),
)
def test_paging_visits_each_entry_once(keys: set[str], prefix: str, size: int) -> None:
    whole = list_page(keys, prefix=prefix, delimiter="/", max_keys=10_000)
    collected: list[str] = []
    after = ""
    while True:
        page = list_page(keys, prefix=prefix, delimiter="/", max_keys=size, after=after)
        collected += list(page.keys) + list(page.common_prefixes)
        if not page.truncated:
            break
        assert page.last is not None
        after = page.last
    assert sorted(collected) == sorted(whole.keys + whole.common_prefixes)
    assert len(collected) == len(set(collected))
