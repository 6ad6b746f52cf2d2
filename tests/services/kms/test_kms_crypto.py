"""KMS Encrypt, Decrypt, GenerateDataKey, and the simulated ciphertext (opaque, deterministic, bound to its context)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kms_support import A, allow, error_code

from workbench.services.kms.ciphertext import (
    CiphertextError,
    data_key,
    open_ciphertext,
    read_ciphertext,
    seal,
    sealed_data_key,
)

KEY_ARN = f"arn:aws:kms:us-east-1:{A}:key/00000000-1111-2222-3333-444444444444"


def test_round_trip_with_context(root_kms: Any) -> None:
    key = root_kms.create_key()["KeyMetadata"]["Arn"]
    answer = root_kms.encrypt(KeyId=key, Plaintext=b"card 4111", EncryptionContext={"order": "17"})
    assert answer["KeyId"] == key and answer["EncryptionAlgorithm"] == "SYMMETRIC_DEFAULT"
    blob = answer["CiphertextBlob"]
    assert isinstance(blob, bytes) and b"card 4111" not in blob
    decrypted = root_kms.decrypt(CiphertextBlob=blob, EncryptionContext={"order": "17"})
    assert decrypted["Plaintext"] == b"card 4111" and decrypted["KeyId"] == key


def test_ciphertext_is_deterministic(root_kms: Any) -> None:
    key = root_kms.create_key()["KeyMetadata"]["Arn"]
    first = root_kms.encrypt(KeyId=key, Plaintext=b"same", EncryptionContext={"a": "1", "b": "2"})
    second = root_kms.encrypt(KeyId=key, Plaintext=b"same", EncryptionContext={"b": "2", "a": "1"})
    assert first["CiphertextBlob"] == second["CiphertextBlob"]


def test_wrong_or_missing_context_and_tampering_are_invalid_ciphertext(root_kms: Any) -> None:
    key = root_kms.create_key()["KeyMetadata"]["Arn"]
    blob = root_kms.encrypt(KeyId=key, Plaintext=b"secret", EncryptionContext={"order": "17"})["CiphertextBlob"]
    for context in ({"order": "18"}, {}, {"order": "17", "extra": "x"}):
        with pytest.raises(Exception) as raised:
            root_kms.decrypt(CiphertextBlob=blob, EncryptionContext=context)
        assert error_code(raised) == "InvalidCiphertextException", context
    tampered = blob[:-20] + bytes([blob[-20] ^ 1]) + blob[-19:]
    with pytest.raises(Exception) as raised:
        root_kms.decrypt(CiphertextBlob=tampered, EncryptionContext={"order": "17"})
    assert error_code(raised) == "InvalidCiphertextException"
    with pytest.raises(Exception) as raised:
        root_kms.decrypt(CiphertextBlob=b"definitely not a ciphertext")
    assert error_code(raised) == "InvalidCiphertextException"


def test_decrypt_with_the_wrong_key_id_is_incorrect_key(root_kms: Any) -> None:
    key = root_kms.create_key()["KeyMetadata"]["Arn"]
    other = root_kms.create_key()["KeyMetadata"]["Arn"]
    blob = root_kms.encrypt(KeyId=key, Plaintext=b"x")["CiphertextBlob"]
    with pytest.raises(Exception) as raised:
        root_kms.decrypt(CiphertextBlob=blob, KeyId=other)
    assert error_code(raised) == "IncorrectKeyException"
    assert root_kms.decrypt(CiphertextBlob=blob, KeyId=key)["Plaintext"] == b"x"


def test_decrypt_finds_a_disabled_key_and_refuses(root_kms: Any) -> None:
    key = root_kms.create_key()["KeyMetadata"]["Arn"]
    blob = root_kms.encrypt(KeyId=key, Plaintext=b"x")["CiphertextBlob"]
    root_kms.disable_key(KeyId=key)
    with pytest.raises(Exception) as raised:
        root_kms.decrypt(CiphertextBlob=blob)
    assert error_code(raised) == "DisabledException"


def test_decrypt_in_another_region_fails(sim: Any, root_kms: Any) -> None:
    key = root_kms.create_key()["KeyMetadata"]["Arn"]
    blob = root_kms.encrypt(KeyId=key, Plaintext=b"x")["CiphertextBlob"]
    elsewhere = sim.client("kms", sim.root_credentials(A), region="eu-west-1")
    with pytest.raises(Exception) as raised:
        elsewhere.decrypt(CiphertextBlob=blob)
    assert error_code(raised) == "InvalidCiphertextException"


def test_plaintext_limits_and_algorithm(root_kms: Any) -> None:
    key = root_kms.create_key()["KeyMetadata"]["Arn"]
    for size in (0, 4097):
        with pytest.raises(Exception) as raised:
            root_kms.encrypt(KeyId=key, Plaintext=b"x" * size)
        assert error_code(raised) == "ValidationException"
    with pytest.raises(Exception) as raised:
        root_kms.encrypt(KeyId=key, Plaintext=b"x", EncryptionAlgorithm="RSAES_OAEP_SHA_256")
    assert error_code(raised) == "InvalidKeyUsageException"


def test_generate_data_key(root_kms: Any) -> None:
    key = root_kms.create_key()["KeyMetadata"]["Arn"]
    answer = root_kms.generate_data_key(KeyId=key, KeySpec="AES_256", EncryptionContext={"file": "a"})
    assert len(answer["Plaintext"]) == 32 and answer["KeyId"] == key
    opened = root_kms.decrypt(CiphertextBlob=answer["CiphertextBlob"], EncryptionContext={"file": "a"})
    assert opened["Plaintext"] == answer["Plaintext"]
    assert len(root_kms.generate_data_key(KeyId=key, NumberOfBytes=16)["Plaintext"]) == 16
    for bad in ({}, {"KeySpec": "AES_256", "NumberOfBytes": 32}):
        with pytest.raises(Exception) as raised:
            root_kms.generate_data_key(KeyId=key, **bad)
        assert error_code(raised) == "ValidationException"
    without = root_kms.generate_data_key_without_plaintext(KeyId=key, KeySpec="AES_128")
    assert "Plaintext" not in without
    assert len(root_kms.decrypt(CiphertextBlob=without["CiphertextBlob"])["Plaintext"]) == 16


def test_generate_data_key_needs_its_own_permission(root_kms: Any, user: Any, kms_as: Any) -> None:
    key = root_kms.create_key()["KeyMetadata"]["Arn"]
    encrypt_only = kms_as(user("encrypt-only", allow("kms:Encrypt", key)))
    with pytest.raises(Exception) as raised:
        encrypt_only.generate_data_key(KeyId=key, KeySpec="AES_256")
    assert error_code(raised) == "AccessDeniedException"


def test_dry_run_checks_permission_without_doing_it(root_kms: Any) -> None:
    key = root_kms.create_key()["KeyMetadata"]["Arn"]
    with pytest.raises(Exception) as raised:
        root_kms.encrypt(KeyId=key, Plaintext=b"x", DryRun=True)
    assert error_code(raised) == "DryRunOperationException"


# -- the ciphertext format itself ---------------------------------------------------------------------
def test_blob_names_its_key() -> None:
    assert read_ciphertext(seal(KEY_ARN, {}, b"x")).key_arn == KEY_ARN


def test_sealed_data_key_is_what_generate_data_key_returns(root_kms: Any) -> None:
    key = root_kms.create_key()["KeyMetadata"]["Arn"]
    context = {"aws:s3:arn": "arn:aws:s3:::bucket/object"}
    answer = root_kms.generate_data_key(KeyId=key, KeySpec="AES_256", EncryptionContext=context)
    assert answer["CiphertextBlob"] == sealed_data_key(key, context)
    assert answer["Plaintext"] == data_key(key, context, 32)


@given(
    plaintext=st.binary(min_size=1, max_size=200),
    context=st.dictionaries(st.text(min_size=1, max_size=8), st.text(max_size=8), max_size=3),
)
def test_seal_then_open_gives_the_plaintext_back(plaintext: bytes, context: dict[str, str]) -> None:
    assert open_ciphertext(read_ciphertext(seal(KEY_ARN, context, plaintext)), context) == plaintext


@given(plaintext=st.binary(min_size=1, max_size=64), position=st.integers(min_value=0, max_value=10_000))
def test_any_flipped_byte_is_detected(plaintext: bytes, position: int) -> None:
    blob = bytearray(seal(KEY_ARN, {"k": "v"}, plaintext))
    blob[position % len(blob)] ^= 0x01
    with pytest.raises(CiphertextError):
        open_ciphertext(read_ciphertext(bytes(blob)), {"k": "v"})
