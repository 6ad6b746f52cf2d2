"""KMS aliases: creating, resolving (name and ARN), listing, moving and deleting; permission on alias and key."""

from __future__ import annotations

from typing import Any

import pytest
from kms_support import A, B, account_root, allow, error_code, key_statement, policy_text


def test_alias_name_and_alias_arn_resolve_to_the_key(root_kms: Any) -> None:
    key = root_kms.create_key()["KeyMetadata"]
    root_kms.create_alias(AliasName="alias/orders", TargetKeyId=key["KeyId"])
    by_name = root_kms.describe_key(KeyId="alias/orders")["KeyMetadata"]
    by_arn = root_kms.describe_key(KeyId=f"arn:aws:kms:us-east-1:{A}:alias/orders")["KeyMetadata"]
    assert by_name["Arn"] == by_arn["Arn"] == key["Arn"]
    blob = root_kms.encrypt(KeyId="alias/orders", Plaintext=b"x")["CiphertextBlob"]
    assert root_kms.decrypt(CiphertextBlob=blob)["KeyId"] == key["Arn"]


def test_list_aliases_shape_and_filter(root_kms: Any) -> None:
    first = root_kms.create_key()["KeyMetadata"]["KeyId"]
    second = root_kms.create_key()["KeyMetadata"]["KeyId"]
    root_kms.create_alias(AliasName="alias/b-orders", TargetKeyId=first)
    root_kms.create_alias(AliasName="alias/a-invoices", TargetKeyId=second)
    listed = root_kms.list_aliases()["Aliases"]
    assert [a["AliasName"] for a in listed] == ["alias/a-invoices", "alias/b-orders"]
    assert listed[1]["AliasArn"] == f"arn:aws:kms:us-east-1:{A}:alias/b-orders"
    assert listed[1]["TargetKeyId"] == first
    assert {"CreationDate", "LastUpdatedDate"} <= set(listed[1])
    only_first = root_kms.list_aliases(KeyId=first)["Aliases"]
    assert [a["AliasName"] for a in only_first] == ["alias/b-orders"]


def test_alias_names_are_checked(root_kms: Any) -> None:
    key = root_kms.create_key()["KeyMetadata"]["KeyId"]
    for bad in ("orders", "alias/aws/mine", "alias/has space"):
        with pytest.raises(Exception) as raised:
            root_kms.create_alias(AliasName=bad, TargetKeyId=key)
        assert error_code(raised) == "InvalidAliasNameException", bad
    root_kms.create_alias(AliasName="alias/orders", TargetKeyId=key)
    with pytest.raises(Exception) as raised:
        root_kms.create_alias(AliasName="alias/orders", TargetKeyId=key)
    assert error_code(raised) == "AlreadyExistsException"


def test_an_alias_cannot_name_another_alias_or_a_missing_key(root_kms: Any) -> None:
    key = root_kms.create_key()["KeyMetadata"]["KeyId"]
    root_kms.create_alias(AliasName="alias/orders", TargetKeyId=key)
    with pytest.raises(Exception) as raised:
        root_kms.create_alias(AliasName="alias/again", TargetKeyId="alias/orders")
    assert error_code(raised) == "ValidationException"
    with pytest.raises(Exception) as raised:
        root_kms.describe_key(KeyId="alias/nothing")
    assert error_code(raised) == "NotFoundException"


def test_create_alias_needs_permission_on_the_alias_and_on_the_key(root_kms: Any, user: Any, kms_as: Any) -> None:
    key = root_kms.create_key()["KeyMetadata"]["Arn"]
    alias_arn = f"arn:aws:kms:us-east-1:{A}:alias/team-*"
    key_only = kms_as(user("key-only", allow("kms:CreateAlias", key)))
    with pytest.raises(Exception) as raised:
        key_only.create_alias(AliasName="alias/team-orders", TargetKeyId=key)
    assert error_code(raised) == "AccessDeniedException"
    both = kms_as(user("both", allow("kms:CreateAlias", [key, alias_arn])))
    both.create_alias(AliasName="alias/team-orders", TargetKeyId=key)
    with pytest.raises(Exception) as raised:
        both.create_alias(AliasName="alias/other", TargetKeyId=key)
    assert error_code(raised) == "AccessDeniedException"


def test_key_policy_decides_for_the_key_half_of_create_alias(root_kms: Any, user: Any, kms_as: Any) -> None:
    locked = policy_text(key_statement(account_root(A), "kms:Describe*"))
    key = root_kms.create_key(Policy=locked, BypassPolicyLockoutSafetyCheck=True)["KeyMetadata"]["Arn"]
    admin = kms_as(user("admin", allow("*")))
    with pytest.raises(Exception) as raised:
        admin.create_alias(AliasName="alias/locked", TargetKeyId=key)
    assert error_code(raised) == "AccessDeniedException"


def test_update_and_delete_alias(root_kms: Any) -> None:
    first = root_kms.create_key()["KeyMetadata"]
    second = root_kms.create_key()["KeyMetadata"]
    root_kms.create_alias(AliasName="alias/current", TargetKeyId=first["KeyId"])
    root_kms.update_alias(AliasName="alias/current", TargetKeyId=second["KeyId"])
    assert root_kms.describe_key(KeyId="alias/current")["KeyMetadata"]["Arn"] == second["Arn"]
    assert root_kms.list_aliases(KeyId=first["KeyId"])["Aliases"] == []
    root_kms.delete_alias(AliasName="alias/current")
    with pytest.raises(Exception) as raised:
        root_kms.describe_key(KeyId="alias/current")
    assert error_code(raised) == "NotFoundException"
    with pytest.raises(Exception) as raised:
        root_kms.delete_alias(AliasName="alias/current")
    assert error_code(raised) == "NotFoundException"


def test_aliases_are_per_account_and_region(sim: Any, root_kms: Any) -> None:
    key = root_kms.create_key()["KeyMetadata"]["KeyId"]
    root_kms.create_alias(AliasName="alias/orders", TargetKeyId=key)
    other_region = sim.client("kms", sim.root_credentials(A), region="eu-west-1")
    other_key = other_region.create_key()["KeyMetadata"]["KeyId"]
    other_region.create_alias(AliasName="alias/orders", TargetKeyId=other_key)
    assert other_region.describe_key(KeyId="alias/orders")["KeyMetadata"]["KeyId"] == other_key
    other_account = sim.client("kms", sim.root_credentials(B))
    with pytest.raises(Exception) as raised:
        other_account.describe_key(KeyId="alias/orders")
    assert error_code(raised) == "NotFoundException"


def test_aws_managed_alias_is_created_on_first_describe_and_cannot_be_moved(root_kms: Any) -> None:
    metadata = root_kms.describe_key(KeyId="alias/aws/s3")["KeyMetadata"]
    assert metadata["KeyManager"] == "AWS"
    assert "S3 objects" in metadata["Description"]
    assert root_kms.describe_key(KeyId="alias/aws/s3")["KeyMetadata"]["Arn"] == metadata["Arn"]
    listed = root_kms.list_aliases()["Aliases"]
    assert [(a["AliasName"], a["TargetKeyId"]) for a in listed] == [("alias/aws/s3", metadata["KeyId"])]
    mine = root_kms.create_key()["KeyMetadata"]["KeyId"]
    for attempt in (
        lambda: root_kms.update_alias(AliasName="alias/aws/s3", TargetKeyId=mine),
        lambda: root_kms.delete_alias(AliasName="alias/aws/s3"),
        lambda: root_kms.disable_key(KeyId=metadata["KeyId"]),
        lambda: root_kms.put_key_policy(KeyId=metadata["KeyId"], Policy=policy_text(key_statement("*"))),
        lambda: root_kms.schedule_key_deletion(KeyId=metadata["KeyId"]),
    ):
        with pytest.raises(Exception) as raised:
            attempt()
        assert error_code(raised) == "AccessDeniedException"
