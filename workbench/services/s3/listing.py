"""S3 listings: ListObjectsV2 (and the older ListObjects), authorized as ``s3:ListBucket`` on the bucket ARN.

The request's parameters become condition keys when sent — ``s3:prefix``, ``s3:delimiter``,
``s3:max-keys`` — which is how home-folder policies (``StringLike s3:prefix home/${aws:username}/*``)
work. Keys are listed in UTF-8 byte order; with a ``Delimiter`` the keys that share a prefix up
to the delimiter fold into one ``CommonPrefixes`` entry; ``MaxKeys`` (default 1,000) counts keys
and common prefixes together; a truncated page carries a continuation token (V2) or a marker (V1).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from workbench.services.s3.base import S3Base, canonical_user_id, continuation_token, s3_operation, token_position
from workbench.services.state import Bucket, S3Object

DEFAULT_MAX_KEYS = 1000


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a listing: the keys, the folded common prefixes, and whether more follow."""

    keys: tuple[str, ...]
    common_prefixes: tuple[str, ...]
    truncated: bool
    last: str | None
    """The last key or common prefix on the page (where the next page starts after)."""


def list_page(
    keys: Iterable[str],
    *,
    prefix: str = "",
    delimiter: str | None = None,
    max_keys: int = DEFAULT_MAX_KEYS,
    after: str = "",
) -> Page:
    """The page of ``keys`` S3 returns for these parameters (``after``: StartAfter or the token's key)."""
    found: list[str] = []
    folded: list[str] = []
    entries: list[str] = []
    truncated = False
    for key in sorted(keys, key=lambda k: k.encode("utf-8")):
        if not key.startswith(prefix) or _utf8(key) <= _utf8(after):
            continue
        entry, is_prefix = key, False
        if delimiter:
            cut = key.find(delimiter, len(prefix))
            if cut >= 0:
                entry, is_prefix = key[: cut + len(delimiter)], True
                if (folded and folded[-1] == entry) or _utf8(entry) <= _utf8(after):
                    continue
        if len(entries) >= max_keys:
            truncated = True
            break
        entries.append(entry)
        (folded if is_prefix else found).append(entry)
    return Page(tuple(found), tuple(folded), truncated, entries[-1] if entries else None)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


class ListingOperations(S3Base):
    @s3_operation("ListObjectsV2")
    def list_objects_v2(
        self,
        *,
        Bucket: str,
        Prefix: str | None = None,
        Delimiter: str | None = None,
        MaxKeys: int | None = None,
        ContinuationToken: str | None = None,
        StartAfter: str | None = None,
        FetchOwner: bool | None = None,
        EncodingType: str | None = None,
        ExpectedBucketOwner: str | None = None,
        **_ignored: Any,
    ) -> dict[str, Any]:
        bucket = self._authorized_listing(Bucket, Prefix, Delimiter, MaxKeys, ExpectedBucketOwner)
        after = StartAfter or ""
        if ContinuationToken is not None:
            position = token_position(ContinuationToken)
            if position is None:
                raise self.s3_error("InvalidArgument", "The continuation token provided is incorrect")
            after = position
        page = self._page(bucket, Prefix, Delimiter, MaxKeys, after)
        encode = _encoder(EncodingType)
        answer: dict[str, Any] = {"IsTruncated": page.truncated}
        if page.keys:
            owner = canonical_user_id(bucket.account_id) if FetchOwner else None
            answer["Contents"] = [_entry(bucket.objects[k], encode, owner) for k in page.keys]
        answer.update(self._shared_fields(bucket, Prefix, Delimiter, MaxKeys, EncodingType, page))
        answer["KeyCount"] = len(page.keys) + len(page.common_prefixes)
        if ContinuationToken is not None:
            answer["ContinuationToken"] = ContinuationToken
        if page.truncated and page.last is not None:
            answer["NextContinuationToken"] = continuation_token(page.last)
        if StartAfter is not None:
            answer["StartAfter"] = encode(StartAfter)
        return answer

    @s3_operation("ListObjects")
    def list_objects(
        self,
        *,
        Bucket: str,
        Prefix: str | None = None,
        Delimiter: str | None = None,
        MaxKeys: int | None = None,
        Marker: str | None = None,
        EncodingType: str | None = None,
        ExpectedBucketOwner: str | None = None,
        **_ignored: Any,
    ) -> dict[str, Any]:
        bucket = self._authorized_listing(Bucket, Prefix, Delimiter, MaxKeys, ExpectedBucketOwner)
        page = self._page(bucket, Prefix, Delimiter, MaxKeys, Marker or "")
        encode = _encoder(EncodingType)
        answer: dict[str, Any] = {"IsTruncated": page.truncated, "Marker": encode(Marker or "")}
        if page.truncated and Delimiter and page.last is not None:
            answer["NextMarker"] = encode(page.last)
        if page.keys:
            owner = canonical_user_id(bucket.account_id)
            answer["Contents"] = [_entry(bucket.objects[k], encode, owner) for k in page.keys]
        answer.update(self._shared_fields(bucket, Prefix, Delimiter, MaxKeys, EncodingType, page))
        return answer

    def _authorized_listing(
        self, name: str, prefix: str | None, delimiter: str | None, max_keys: int | None, owner: str | None
    ) -> Bucket:
        caller = self.caller(anonymous_ok=True)
        bucket = self.find_bucket(name, owner)
        context: dict[str, Any] = {}
        if prefix is not None:
            context["s3:prefix"] = prefix
        if delimiter is not None:
            context["s3:delimiter"] = delimiter
        if max_keys is not None:
            context["s3:max-keys"] = str(max_keys)
        self.authorize_s3(caller, "s3:ListBucket", bucket, extra=context)
        return bucket

    def _page(
        self, bucket: Bucket, prefix: str | None, delimiter: str | None, max_keys: int | None, after: str
    ) -> Page:
        if max_keys is not None and max_keys < 0:
            raise self.s3_error("InvalidArgument", "Argument maxKeys must be an integer between 0 and 2147483647")
        limit = DEFAULT_MAX_KEYS if max_keys is None else min(max_keys, DEFAULT_MAX_KEYS)
        return list_page(bucket.objects, prefix=prefix or "", delimiter=delimiter, max_keys=limit, after=after)

    def _shared_fields(
        self,
        bucket: Bucket,
        prefix: str | None,
        delimiter: str | None,
        max_keys: int | None,
        encoding_type: str | None,
        page: Page,
    ) -> dict[str, Any]:
        encode = _encoder(encoding_type)
        fields: dict[str, Any] = {"Name": bucket.name, "Prefix": encode(prefix or "")}
        if delimiter is not None:
            fields["Delimiter"] = encode(delimiter)
        fields["MaxKeys"] = DEFAULT_MAX_KEYS if max_keys is None else max_keys
        if page.common_prefixes:
            fields["CommonPrefixes"] = [{"Prefix": encode(p)} for p in page.common_prefixes]
        if encoding_type is not None:
            fields["EncodingType"] = encoding_type
        return fields


def _entry(stored: S3Object, encode: Any, owner_id: str | None) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "Key": encode(stored.key),
        "LastModified": stored.last_modified,
        "ETag": stored.etag,
        "Size": len(stored.content),
        "StorageClass": "STANDARD",
    }
    if owner_id is not None:
        entry["Owner"] = {"ID": owner_id}
    return entry


def _encoder(encoding_type: str | None) -> Any:
    if encoding_type == "url":
        return lambda text: quote(text, safe="/")
    return lambda text: text
