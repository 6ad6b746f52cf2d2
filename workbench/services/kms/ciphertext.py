"""KMS, ciphertext: the opaque blob Encrypt and GenerateDataKey return — a deterministic stand-in, NOT cryptography.

What a learner can observe behaves as in KMS: the blob is unreadable bytes, it names its key (so
Decrypt needs no KeyId), it is bound to the encryption context (Decrypt with another context, or
with a changed byte, fails with ``InvalidCiphertextException``). How it is made is not secure at
all: the "encryption" is an XOR with a keystream derived from the key's ARN, and anyone who knows
the ARN can reverse it. The same key, context and plaintext always give the same blob, so lessons
print the same bytes every run.

Layout: ``MAGIC | len(arn) (2 bytes) | key ARN | context digest (16) | body | tag (16)``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass

from workbench.errors import WorkbenchError

MAGIC = b"WBKMS\x01"
_DIGEST = 16
_TAG = 16


class CiphertextError(WorkbenchError):
    """A blob that is not a ciphertext of this simulation, was altered, or is given the wrong context."""

    code = "kms_invalid_ciphertext"


@dataclass(frozen=True, slots=True)
class Ciphertext:
    """A blob taken apart (nothing is verified until :func:`open_ciphertext`)."""

    key_arn: str
    context_digest: bytes
    body: bytes
    tag: bytes
    signed: bytes
    """The bytes the tag covers."""


def canonical_context(context: Mapping[str, str]) -> bytes:
    """The context in one canonical form: key order does not matter, as in KMS."""
    return json.dumps(dict(sorted(context.items())), separators=(",", ":"), ensure_ascii=False).encode()


def _context_digest(context: Mapping[str, str]) -> bytes:
    return hashlib.sha256(b"context:" + canonical_context(context)).digest()[:_DIGEST]


def _keystream(key_arn: str, digest: bytes, length: int) -> bytes:
    stream = bytearray()
    counter = 0
    while len(stream) < length:
        stream += hashlib.sha256(b"stream:" + key_arn.encode() + digest + counter.to_bytes(4, "big")).digest()
        counter += 1
    return bytes(stream[:length])


def _tag(key_arn: str, signed: bytes) -> bytes:
    return hmac.new(b"tag:" + key_arn.encode(), signed, hashlib.sha256).digest()[:_TAG]


def seal(key_arn: str, context: Mapping[str, str], plaintext: bytes) -> bytes:
    """The ciphertext blob of ``plaintext`` under the key ``key_arn`` with ``context``."""
    arn = key_arn.encode()
    digest = _context_digest(context)
    body = bytes(a ^ b for a, b in zip(plaintext, _keystream(key_arn, digest, len(plaintext)), strict=True))
    signed = MAGIC + len(arn).to_bytes(2, "big") + arn + digest + body
    return signed + _tag(key_arn, signed)


def read_ciphertext(blob: bytes) -> Ciphertext:
    """Take a blob apart to learn which key it names (raises :class:`CiphertextError` if it is no blob)."""
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + 2:
        raise CiphertextError("the ciphertext was not produced by KMS in this simulation")
    start = len(MAGIC) + 2
    length = int.from_bytes(blob[len(MAGIC) : start], "big")
    end = start + length
    if len(blob) < end + _DIGEST + _TAG:
        raise CiphertextError("the ciphertext is truncated")
    try:
        key_arn = blob[start:end].decode()
    except UnicodeDecodeError:
        raise CiphertextError("the ciphertext's key reference is damaged") from None
    return Ciphertext(
        key_arn=key_arn,
        context_digest=blob[end : end + _DIGEST],
        body=blob[end + _DIGEST : -_TAG],
        tag=blob[-_TAG:],
        signed=blob[:-_TAG],
    )


def open_ciphertext(ciphertext: Ciphertext, context: Mapping[str, str]) -> bytes:
    """The plaintext, if the blob is intact and ``context`` is the one it was sealed with."""
    if not hmac.compare_digest(_tag(ciphertext.key_arn, ciphertext.signed), ciphertext.tag):
        raise CiphertextError("the ciphertext was altered")
    digest = _context_digest(context)
    if not hmac.compare_digest(digest, ciphertext.context_digest):
        raise CiphertextError("the encryption context does not match the one the data was encrypted with")
    stream = _keystream(ciphertext.key_arn, digest, len(ciphertext.body))
    return bytes(a ^ b for a, b in zip(ciphertext.body, stream, strict=True))


def data_key(key_arn: str, context: Mapping[str, str], size: int) -> bytes:
    """The plaintext data key GenerateDataKey returns: ``size`` bytes, fixed per (key, context, size)."""
    material = bytearray()
    counter = 0
    seed = b"data-key:" + key_arn.encode() + canonical_context(context) + size.to_bytes(4, "big")
    while len(material) < size:
        material += hashlib.sha256(seed + counter.to_bytes(4, "big")).digest()
        counter += 1
    return bytes(material[:size])


def sealed_data_key(key_arn: str, context: Mapping[str, str], size: int = 32) -> bytes:
    """The ``CiphertextBlob`` GenerateDataKey returned for this key, context and size (recomputable)."""
    return seal(key_arn, context, data_key(key_arn, context, size))
