"""KMS through S3 (SSE-KMS): kms:ViaService, aws:CalledVia, AWS managed keys, and the readable-only-if-both scenario."""

from __future__ import annotations

from typing import Any

import pytest
from kms_support import A, B, account_root, allow, error_code, error_message, key_statement, policy_text, user_arn

from workbench.account.simulation import Simulation
from workbench.services.kms.ciphertext import sealed_data_key
from workbench.services.kms.via import kms_call_via, s3_encryption_context

CONTEXT = s3_encryption_context("payroll", "2026/january.csv")


def _put(sim: Simulation, credentials: Any, key_id: str | None = None) -> str:
    """What S3's PutObject does with KMS under SSE-KMS: a data key under ``key_id`` (default alias/aws/s3)."""
    answer = kms_call_via(
        sim,
        credentials,
        "s3",
        "GenerateDataKey",
        KeyId=key_id or "alias/aws/s3",
        KeySpec="AES_256",
        EncryptionContext=CONTEXT,
    )
    return str(answer["KeyId"])


def _get(sim: Simulation, credentials: Any, key_arn: str) -> bytes:
    """What S3's GetObject does with KMS: decrypt the object's data key (recomputed: no field stores it yet)."""
    blob = sealed_data_key(key_arn, CONTEXT)
    answer = kms_call_via(sim, credentials, "s3", "Decrypt", CiphertextBlob=blob, EncryptionContext=CONTEXT)
    return bytes(answer["Plaintext"])


def test_via_service_keys_reach_the_key_policy(sim: Simulation, root_kms: Any, user: Any, kms_as: Any) -> None:
    credentials = user("app")
    only_through_s3 = {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}
    key = root_kms.create_key(
        Policy=policy_text(
            key_statement(account_root(A), ["kms:Describe*", "kms:Get*", "kms:List*", "kms:PutKeyPolicy"]),
            key_statement(
                {"AWS": user_arn(A, "app")}, ["kms:GenerateDataKey", "kms:Decrypt"], Condition=only_through_s3
            ),
        )
    )["KeyMetadata"]["Arn"]
    assert _put(sim, credentials, key) == key
    assert len(_get(sim, credentials, key)) == 32
    with pytest.raises(Exception) as raised:  # the same user calling KMS directly
        kms_as(credentials).decrypt(CiphertextBlob=sealed_data_key(key, CONTEXT), EncryptionContext=CONTEXT)
    assert error_code(raised) == "AccessDeniedException"
    with pytest.raises(Exception) as raised:  # through another service
        kms_call_via(sim, credentials, "dynamodb", "GenerateDataKey", KeyId=key, KeySpec="AES_256")
    assert error_code(raised) == "AccessDeniedException"


def test_called_via_keys_and_the_missing_source_ip(sim: Simulation, root_kms: Any, user: Any) -> None:
    key = root_kms.create_key()["KeyMetadata"]["Arn"]
    via_s3 = {
        "ForAnyValue:StringEquals": {"aws:CalledVia": ["s3.amazonaws.com"]},
        "StringEquals": {"aws:CalledViaFirst": "s3.amazonaws.com", "kms:CallerAccount": A},
        "Bool": {"aws:ViaAWSService": "true"},
    }
    credentials = user("app", allow("kms:GenerateDataKey", key, Condition=via_s3))
    assert _put(sim, credentials, key) == key
    office_only = user(
        "office",
        allow("kms:GenerateDataKey", key),
        {
            "Effect": "Deny",
            "Action": "*",
            "Resource": "*",
            "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
        },
    )
    # The classic pitfall: the forwarded request has no aws:SourceIp, so the IP deny also blocks S3's use of KMS.
    with pytest.raises(Exception) as raised:
        _put(sim, office_only, key)
    assert "explicit deny in an identity-based policy" in error_message(raised)


def test_forwarded_calls_are_logged_as_the_callers_with_the_service_as_source(
    sim: Simulation, root_kms: Any, user: Any
) -> None:
    key = root_kms.create_key()["KeyMetadata"]["Arn"]
    credentials = user("app", allow("kms:GenerateDataKey", key))
    _put(sim, credentials, key)
    event = list(sim.activity)[-1]
    assert (event.event_source, event.event_name, event.principal_arn) == (
        "kms.amazonaws.com",
        "GenerateDataKey",
        user_arn(A, "app"),
    )
    assert event.source_ip == "s3.amazonaws.com" and event.decision == "allowed"
    assert [e.event_name for e in sim.activity].count("GenerateDataKey") == 1


def test_forwarded_calls_are_not_uses_of_the_access_key(sim: Simulation, root_kms: Any, user: Any) -> None:
    key = root_kms.create_key()["KeyMetadata"]["Arn"]
    credentials = user("app", allow("kms:GenerateDataKey", key))
    _put(sim, credentials, key)
    from workbench.account.credential_use import key_last_used

    stored = sim.state.accounts[A].users["app"].access_keys[0]
    assert key_last_used(sim, stored.access_key_id) is None  # only a call forwarded by S3: not a use of the key


def test_aws_managed_s3_key_is_created_on_first_use_and_usable_only_through_s3(
    sim: Simulation, root_kms: Any, user: Any, kms_as: Any
) -> None:
    nobody_kms = user("plain", allow("s3:*"))  # no KMS permission at all
    key_arn = _put(sim, nobody_kms)
    metadata = root_kms.describe_key(KeyId=key_arn)["KeyMetadata"]
    assert metadata["KeyManager"] == "AWS"
    assert [a["AliasName"] for a in root_kms.list_aliases()["Aliases"]] == ["alias/aws/s3"]
    assert _put(sim, nobody_kms) == key_arn  # the same key afterwards
    assert len(_get(sim, nobody_kms, key_arn)) == 32
    admin = kms_as(user("admin", allow("*")))
    with pytest.raises(Exception) as raised:
        admin.encrypt(KeyId="alias/aws/s3", Plaintext=b"x")
    assert error_code(raised) == "AccessDeniedException"
    policy = root_kms.get_key_policy(KeyId=metadata["KeyId"])["Policy"]
    assert '"kms:ViaService": "s3.us-east-1.amazonaws.com"' in policy and f'"kms:CallerAccount": "{A}"' in policy


def test_aws_managed_keys_belong_to_the_callers_account_and_region(sim: Simulation, user: Any) -> None:
    east = _put(sim, user("east", allow("s3:*")))
    other = kms_call_via(
        sim,
        user("west", allow("s3:*"), account=B),
        "s3",
        "GenerateDataKey",
        region="eu-west-1",
        KeyId="alias/aws/s3",
        KeySpec="AES_256",
    )["KeyId"]
    assert east.startswith(f"arn:aws:kms:us-east-1:{A}:key/")
    assert other.startswith(f"arn:aws:kms:eu-west-1:{B}:key/")


def test_unknown_operation_is_a_typed_error(sim: Simulation) -> None:
    from workbench.services.kms.via import UnknownKmsOperationError

    with pytest.raises(UnknownKmsOperationError):
        kms_call_via(sim, sim.root_credentials(A), "s3", "Teleport")


# -- the scenario: an SSE-KMS object is readable only when the key policy and IAM both allow ------------------
def test_scenario_sse_kms_object_readable_only_when_key_policy_and_identity_policy_allow(
    sim: Simulation, root_kms: Any, user: Any
) -> None:
    root = sim.root_credentials(A)
    # 1. A key with the default policy: the account is trusted, so IAM decides (delegation, E9).
    delegated = root_kms.create_key(Description="payroll")["KeyMetadata"]["Arn"]
    _put(sim, root, delegated)
    reader = user("reader", allow("s3:GetObject", "arn:aws:s3:::payroll/*"), allow("kms:Decrypt", delegated))
    s3_only = user("s3-only", allow("s3:GetObject", "arn:aws:s3:::payroll/*"))
    assert len(_get(sim, reader, delegated)) == 32
    with pytest.raises(Exception) as raised:
        _get(sim, s3_only, delegated)
    assert "because no identity-based policy allows the kms:Decrypt action" in error_message(raised)
    assert len(_get(sim, root, delegated)) == 32  # root: the key policy trusts the account

    # 2. A key whose policy names only bob: even an administrator is refused, and so is root (E3, E11).
    admin = user("admin", allow("*"))
    bob = user("bob", allow("s3:*"))
    bobs = root_kms.create_key(
        Policy=policy_text(key_statement({"AWS": user_arn(A, "bob")})), BypassPolicyLockoutSafetyCheck=True
    )["KeyMetadata"]["Arn"]
    assert _put(sim, bob, bobs) == bobs
    assert len(_get(sim, bob, bobs)) == 32  # named directly: no IAM permission for KMS needed
    for refused in (admin, root):
        with pytest.raises(Exception) as raised:
            _get(sim, refused, bobs)
        assert error_code(raised) == "AccessDeniedException"
        assert "no resource-based policy allows the kms:Decrypt action" in error_message(raised)


def test_scenario_through_the_s3_client(sim: Simulation, root_kms: Any, user: Any) -> None:
    """The same story end to end through S3 PutObject/GetObject (skipped until S3 does SSE-KMS)."""
    from workbench.services.s3.client import S3Client

    if not hasattr(S3Client, "put_object") or not hasattr(S3Client, "get_object"):
        pytest.skip("the S3 client has no objects yet")
    root = sim.root_credentials(A)
    s3_root = sim.client("s3", root)
    s3_root.create_bucket(Bucket="payroll")
    key = root_kms.create_key()["KeyMetadata"]["Arn"]
    put = s3_root.put_object(
        Bucket="payroll", Key="january.csv", Body=b"alice,100", ServerSideEncryption="aws:kms", SSEKMSKeyId=key
    )
    if put.get("ServerSideEncryption") != "aws:kms":
        pytest.skip("the S3 client does not do SSE-KMS yet")
    reader = user("reader", allow("s3:GetObject", "arn:aws:s3:::payroll/*"), allow("kms:Decrypt", key))
    s3_only = user("s3-only", allow("s3:GetObject", "arn:aws:s3:::payroll/*"))
    assert sim.client("s3", reader).get_object(Bucket="payroll", Key="january.csv")["Body"].read() == b"alice,100"
    with pytest.raises(Exception) as raised:
        sim.client("s3", s3_only).get_object(Bucket="payroll", Key="january.csv")
    assert error_code(raised).startswith("AccessDenied")
