"""CreateBucket's first check: S3's naming rules for general purpose buckets (InvalidBucketName otherwise).

Rules: 3–63 characters; lower-case letters, digits, dots and hyphens; begins and ends with a
letter or digit; no two adjacent dots; not shaped like an IP address; none of the reserved
prefixes (``xn--``, ``sthree-``, ``amzn-s3-demo-``) or suffixes (``-s3alias``, ``--ol-s3``,
``.mrap``, ``--x-s3``, ``--table-s3``).
"""

from __future__ import annotations

import re

_SHAPE = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_IP_SHAPED = re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}")
RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")


def bucket_name_problem(name: str) -> str | None:
    """Why ``name`` is not a valid bucket name, or None when it is."""
    if not 3 <= len(name) <= 63:
        return "a bucket name is 3 to 63 characters long"
    if not _SHAPE.fullmatch(name):
        return (
            "a bucket name uses only lower-case letters, digits, dots and hyphens, "
            "and begins and ends with a letter or digit"
        )
    if ".." in name:
        return "a bucket name never has two dots in a row"
    if _IP_SHAPED.fullmatch(name):
        return "a bucket name is never formatted as an IP address"
    for prefix in RESERVED_PREFIXES:
        if name.startswith(prefix):
            return f"the prefix {prefix!r} is reserved"
    for suffix in RESERVED_SUFFIXES:
        if name.endswith(suffix):
            return f"the suffix {suffix!r} is reserved"
    return None
