"""S3 tag sets, read and checked before they are authorized: bucket tags (up to 50) and object tags (up to 10).

Tags arrive as a ``TagSet`` list (PutBucketTagging, PutObjectTagging, CreateBucket's ``Tags``)
or, on PutObject and CopyObject, as a URL query string (``Tagging="team=blue&env=dev"``). Keys
are 1–128 characters, values 0–256, both from letters, digits, spaces and ``+ - = . _ : / @``;
``aws:`` is reserved; a key may appear once. The request-side condition keys follow from them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

from workbench.services.s3.errors import s3_error

BUCKET_TAG_LIMIT = 50
OBJECT_TAG_LIMIT = 10
_ALLOWED = re.compile(r"[\w\s+\-=.:/@]*")
_BAD_HEADER = (
    "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters "
    "without tag name duplicates."
)


def tags_from_tag_set(tag_set: Iterable[Mapping[str, Any]], limit: int, operation: str) -> dict[str, str]:
    """A ``TagSet`` (``[{"Key": …, "Value": …}]``) as a dict, refused as S3 refuses it."""
    pairs = [(str(tag.get("Key", "")), str(tag.get("Value", ""))) for tag in tag_set]
    return _checked(pairs, limit, operation)


def tags_from_query(tagging: str, operation: str) -> dict[str, str]:
    """PutObject's ``Tagging`` header: ``"k1=v1&k2=v2"``, URL-encoded."""
    try:
        pairs = parse_qsl(tagging, keep_blank_values=True, strict_parsing=bool(tagging))
    except ValueError:
        raise s3_error("InvalidArgument", operation, _BAD_HEADER) from None
    return _checked(pairs, OBJECT_TAG_LIMIT, operation)


def tag_set(tags: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"Key": key, "Value": value} for key, value in tags.items()]


def tags_as_query(tags: Mapping[str, str]) -> str:
    return urlencode(list(tags.items()))


def request_object_tag_context(tags: Mapping[str, str]) -> dict[str, Any]:
    """``s3:RequestObjectTag/<key>`` for each tag sent, and ``s3:RequestObjectTagKeys`` (multivalued)."""
    context: dict[str, Any] = {f"s3:RequestObjectTag/{key}": value for key, value in tags.items()}
    context["s3:RequestObjectTagKeys"] = list(tags)
    return context


def existing_object_tag_context(tags: Mapping[str, str]) -> dict[str, Any]:
    """``s3:ExistingObjectTag/<key>`` for each tag the object already has."""
    return {f"s3:ExistingObjectTag/{key}": value for key, value in tags.items()}


def _checked(pairs: list[tuple[str, str]], limit: int, operation: str) -> dict[str, str]:
    tags: dict[str, str] = {}
    for key, value in pairs:
        if key in tags:
            raise s3_error("InvalidTag", operation, "Cannot provide multiple Tags with the same key", TagKey=key)
        problem = _problem(key, value)
        if problem is not None:
            raise s3_error("InvalidTag", operation, problem, TagKey=key)
        tags[key] = value
    if len(tags) > limit:
        if limit == OBJECT_TAG_LIMIT:
            raise s3_error("BadRequest", operation, "Object tags cannot be greater than 10")
        raise s3_error("InvalidTag", operation, f"Bucket tag count cannot be greater than {limit}")
    return tags


def _problem(key: str, value: str) -> str | None:
    if not key:
        return "The TagKey you have provided is invalid"
    if len(key) > 128:
        return "The TagKey you have provided is too long, max 128"
    if len(value) > 256:
        return "The TagValue you have provided is too long, max 256"
    if key.lower().startswith("aws:"):
        return "Your TagKey cannot be prefixed with aws:"
    if not _ALLOWED.fullmatch(key):
        return "The TagKey you have provided is invalid"
    if not _ALLOWED.fullmatch(value):
        return "The TagValue you have provided is invalid"
    return None
