"""Layer 1, Binary family: the kernel behind BinaryEquals (C7).

The policy value is base64; so is the request value on the wire. Both are decoded and the bytes
compared, so two encodings of the same bytes match. Decoding is strict (standard alphabet,
correct padding, no whitespace): text that is not valid base64 never matches.
"""

from __future__ import annotations

import base64
from functools import lru_cache
from typing import Final

from workbench.conditions.kernel import Kernel, PolicyValue, texts


@lru_cache(maxsize=256)
def decode_base64(text: str) -> bytes | None:
    """The bytes ``text`` encodes in standard base64, or None when it is not valid base64."""
    try:
        return base64.b64decode(text, validate=True)
    except ValueError:  # binascii.Error, and non-ASCII text
        return None


def check_base64(value: str) -> str | None:
    return None if decode_base64(value) is not None else "not valid base64"


def _compile(values: tuple[PolicyValue, ...]) -> frozenset[bytes]:
    return frozenset(raw for text in texts(values) if (raw := decode_base64(text)) is not None)


def _hit(text: str, data: frozenset[bytes]) -> bool | None:
    raw = decode_base64(text)
    return None if raw is None else raw in data


BINARY_EQUALS: Final = Kernel(_compile, _hit, check_base64)
