"""KMS cryptographic operations: Encrypt, Decrypt, GenerateDataKey (with and without plaintext).

Each is authorized on the key (``kms:Encrypt``, ``kms:Decrypt``, ``kms:GenerateDataKey``…) with
the request's encryption context as ``kms:EncryptionContext:<key>`` and
``kms:EncryptionContextKeys``, and needs an enabled key. The ciphertext is the simulation's opaque
stand-in (:mod:`workbench.services.kms.ciphertext`): deterministic, bound to its key and context,
and not real cryptography.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from workbench.account.callers import Caller
from workbench.account.service import operation
from workbench.services.kms.base import SYMMETRIC_DEFAULT, KmsBase, ResolvedKey
from workbench.services.kms.ciphertext import CiphertextError, open_ciphertext, read_ciphertext, seal, sealed_data_key
from workbench.services.kms.ciphertext import data_key as derive_data_key
from workbench.services.kms.records import context_map

PLAINTEXT_LIMIT = 4096
DATA_KEY_SPECS = {"AES_256": 32, "AES_128": 16}


def _as_bytes(value: bytes | bytearray | str) -> bytes:
    return value.encode() if isinstance(value, str) else bytes(value)


def context_keys(context: Mapping[str, str], algorithm: str | None = SYMMETRIC_DEFAULT) -> dict[str, Any]:
    """The condition keys an encryption context brings to the request."""
    keys: dict[str, Any] = {f"kms:EncryptionContext:{k}": v for k, v in context.items()}
    if context:
        keys["kms:EncryptionContextKeys"] = list(context)
    if algorithm is not None:
        keys["kms:EncryptionAlgorithm"] = algorithm
    return keys


class CryptoOperations(KmsBase):
    def _prepare(
        self,
        caller: Caller,
        action: str,
        resolved: ResolvedKey,
        context: Mapping[str, str],
        algorithm: str | None,
        dry_run: bool | None,
    ) -> None:
        """Authorize, check the algorithm and the key's state; stop here for a dry run."""
        self.authorize_key(caller, action, resolved, context_keys(context, algorithm))
        if algorithm is not None and algorithm != SYMMETRIC_DEFAULT:
            raise self.error(
                "InvalidKeyUsageException", f"{resolved.arn} is a symmetric key: its algorithm is SYMMETRIC_DEFAULT."
            )
        self.require_usable(resolved)
        self.stop_dry_run(dry_run)

    @operation("Encrypt")
    def encrypt(
        self,
        *,
        KeyId: str,
        Plaintext: bytes | str,
        EncryptionContext: dict[str, str] | None = None,
        GrantTokens: list[str] | None = None,
        EncryptionAlgorithm: str = SYMMETRIC_DEFAULT,
        DryRun: bool | None = None,
    ) -> dict[str, Any]:
        caller = self.caller()
        resolved = self.resolve_key(caller, KeyId)
        context = context_map(EncryptionContext)
        plaintext = _as_bytes(Plaintext)
        self._prepare(caller, "kms:Encrypt", resolved, context, EncryptionAlgorithm, DryRun)
        if not 1 <= len(plaintext) <= PLAINTEXT_LIMIT:
            raise self.error("ValidationException", f"Plaintext must be 1 to {PLAINTEXT_LIMIT} bytes.")
        return {
            "CiphertextBlob": seal(resolved.arn, context, plaintext),
            "KeyId": resolved.arn,
            "EncryptionAlgorithm": SYMMETRIC_DEFAULT,
        }

    @operation("Decrypt")
    def decrypt(
        self,
        *,
        CiphertextBlob: bytes | None = None,
        EncryptionContext: dict[str, str] | None = None,
        GrantTokens: list[str] | None = None,
        KeyId: str | None = None,
        EncryptionAlgorithm: str = SYMMETRIC_DEFAULT,
        Recipient: dict[str, Any] | None = None,
        DryRun: bool | None = None,
        DryRunModifiers: list[str] | None = None,
    ) -> dict[str, Any]:
        caller = self.caller()
        if CiphertextBlob is None:
            raise self.error("ValidationException", "CiphertextBlob is required for a symmetric key.")
        try:
            ciphertext = read_ciphertext(_as_bytes(CiphertextBlob))
        except CiphertextError as error:
            raise self.error("InvalidCiphertextException", error.message) from None
        resolved = self.live_key(ciphertext.key_arn)
        if resolved is None:
            raise self.error("NotFoundException", f"Key '{ciphertext.key_arn}' does not exist")
        if KeyId is not None and self.resolve_key(caller, KeyId).arn != resolved.arn:
            raise self.error(
                "IncorrectKeyException", f"The ciphertext was not encrypted under {KeyId}: it names {resolved.arn}."
            )
        if resolved.key.region != self.connection.region:
            raise self.error(
                "InvalidCiphertextException",
                f"The ciphertext was made by a key in {resolved.key.region}: decrypt it there.",
            )
        context = context_map(EncryptionContext)
        self._prepare(caller, "kms:Decrypt", resolved, context, EncryptionAlgorithm, DryRun)
        try:
            plaintext = open_ciphertext(ciphertext, context)
        except CiphertextError as error:
            raise self.error("InvalidCiphertextException", error.message) from None
        return {"KeyId": resolved.arn, "Plaintext": plaintext, "EncryptionAlgorithm": SYMMETRIC_DEFAULT}

    def _data_key_size(self, number_of_bytes: int | None, key_spec: str | None) -> int:
        if (number_of_bytes is None) == (key_spec is None):
            raise self.error("ValidationException", "Specify either KeySpec or NumberOfBytes (one of them, not both).")
        if key_spec is not None:
            if key_spec not in DATA_KEY_SPECS:
                raise self.error("ValidationException", f"KeySpec must be one of {sorted(DATA_KEY_SPECS)}.")
            return DATA_KEY_SPECS[key_spec]
        assert number_of_bytes is not None
        return number_of_bytes

    @operation("GenerateDataKey")
    def generate_data_key(
        self,
        *,
        KeyId: str,
        EncryptionContext: dict[str, str] | None = None,
        NumberOfBytes: int | None = None,
        KeySpec: str | None = None,
        GrantTokens: list[str] | None = None,
        Recipient: dict[str, Any] | None = None,
        DryRun: bool | None = None,
    ) -> dict[str, Any]:
        caller = self.caller()
        resolved = self.resolve_key(caller, KeyId)
        context = context_map(EncryptionContext)
        size = self._data_key_size(NumberOfBytes, KeySpec)
        self._prepare(caller, "kms:GenerateDataKey", resolved, context, None, DryRun)
        return {
            "CiphertextBlob": sealed_data_key(resolved.arn, context, size),
            "Plaintext": derive_data_key(resolved.arn, context, size),
            "KeyId": resolved.arn,
        }

    @operation("GenerateDataKeyWithoutPlaintext")
    def generate_data_key_without_plaintext(
        self,
        *,
        KeyId: str,
        EncryptionContext: dict[str, str] | None = None,
        KeySpec: str | None = None,
        NumberOfBytes: int | None = None,
        GrantTokens: list[str] | None = None,
        DryRun: bool | None = None,
    ) -> dict[str, Any]:
        caller = self.caller()
        resolved = self.resolve_key(caller, KeyId)
        context = context_map(EncryptionContext)
        size = self._data_key_size(NumberOfBytes, KeySpec)
        self._prepare(caller, "kms:GenerateDataKeyWithoutPlaintext", resolved, context, None, DryRun)
        return {"CiphertextBlob": sealed_data_key(resolved.arn, context, size), "KeyId": resolved.arn}
