"""Deterministic identifiers: access key ids, secrets, unique ids, session tokens, MFA seeds.

Every id comes from a seed and a counter, so a lesson prints the same ``AKIA…`` every run, and a
saved simulation continues the same sequence after loading (the counter is part of the state).
"""

from __future__ import annotations

import base64
import hashlib

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


class IdFactory:
    """``next(prefix, length)`` → ``prefix`` + uppercase base32 characters, reproducible from ``seed``."""

    def __init__(self, seed: str = "iam-workbench", counter: int = 0) -> None:
        self.seed = seed
        self.counter = counter

    def _digest(self) -> bytes:
        self.counter += 1
        return hashlib.sha256(f"{self.seed}:{self.counter}".encode()).digest()

    def next(self, prefix: str, length: int = 16) -> str:
        digest = self._digest()
        return prefix + "".join(_ALPHABET[b % 32] for b in digest[:length])

    def access_key_id(self, *, temporary: bool) -> str:
        return self.next("ASIA" if temporary else "AKIA", 16)

    def secret(self) -> str:
        return base64.b64encode(self._digest() + self._digest())[:40].decode().replace("+", "x").replace("/", "y")

    def session_token(self) -> str:
        return base64.b64encode(self._digest() * 4).decode()

    def mfa_seed(self) -> str:
        """A 32-character base32 TOTP seed (160 bits, as AWS issues)."""
        return base64.b32encode(self._digest()[:20]).decode()

    def numeric(self, digits: int) -> str:
        return str(int.from_bytes(self._digest()[:8], "big"))[:digits].rjust(digits, "0")
