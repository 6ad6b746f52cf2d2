"""GetObject's ``Range`` header (``bytes=first-last``, ``bytes=first-``, ``bytes=-suffix``) → the bytes to send.

One range per request, as S3 serves; a range that starts past the end is unsatisfiable (416);
a header that is not a byte range at all is ignored (the whole object is sent, with 200).
"""

from __future__ import annotations

import re

_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """``(first, last)`` inclusive, clipped to the object; None when the range cannot be served.

    Raises ``ValueError`` when ``header`` is not a single byte range (S3 then ignores it).
    """
    match = _RANGE.fullmatch(header.strip())
    if match is None or match.group(1) == match.group(2) == "":
        raise ValueError(f"not a byte range: {header!r}")
    first_text, last_text = match.groups()
    if first_text and last_text and int(last_text) < int(first_text):
        raise ValueError(f"not a byte range: {header!r}")
    if first_text == "":  # the last N bytes
        suffix = int(last_text)
        if suffix == 0 or size == 0:
            return None
        return max(size - suffix, 0), size - 1
    first = int(first_text)
    last = int(last_text) if last_text else size - 1
    if first >= size:
        return None
    return first, min(last, size - 1)
