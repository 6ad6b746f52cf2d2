"""KMS keys: CreateKey and its default policy, Describe/ListKeys, key policies, the lockout check, state, tags."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from kms_support import A, B, account_root, allow, error_code, error_message, key_statement, policy_text, user_arn

from workbench.account.simulation import Simulation
from workbench.services.kms.policies import default_key_policy

DEFAULT_POLICY_A = (
    "{\n"
    '  "Version" : "2012-10-17",\n'
    '  "Id" : "key-default-1",\n'
    '  "Statement" : [ {\n'
    '    "Sid" : "Enable IAM User Permissions",\n'
    '    "Effect" : "Allow",\n'
    '    "Principal" : {\n'
    '      "AWS" : "arn:aws:iam::111111111111:root"\n'
    "    },\n"
    '    "Action" : "kms:*",\n'
    '    "Resource" : "*"\n'
    "  } ]\n"
    "}"
)


def test_create_key_writes_the_default_key_policy_exactly_as_aws_does(root_kms: Any) -> None:
    key = root_kms.create_key(Description="orders")["KeyMetadata"]
    assert root_kms.get_key_policy(KeyId=key["KeyId"])["Policy"] == DEFAULT_POLICY_A
    assert default_key_policy(A) == DEFAULT_POLICY_A
    assert json.loads(DEFAULT_POLICY_A)["Statement"][0]["Principal"] == account_root(A)


def test_key_metadata_has_botocore_shape_and_aws_values(root_kms: Any) -> None:
    metadata = root_kms.create_key(Description="orders")["KeyMetadata"]
    assert metadata["AWSAccountId"] == A
    assert metadata["Arn"] == f"arn:aws:kms:us-east-1:{A}:key/{metadata['KeyId']}"
    assert len(metadata["KeyId"]) == 36 and metadata["KeyId"].count("-") == 4
    assert metadata["KeyState"] == "Enabled" and metadata["Enabled"] is True
    assert metadata["KeyManager"] == "CUSTOMER" and metadata["KeySpec"] == "SYMMETRIC_DEFAULT"
    assert metadata["EncryptionAlgorithms"] == ["SYMMETRIC_DEFAULT"]
    described = root_kms.describe_key(KeyId=metadata["Arn"])["KeyMetadata"]
    assert described == metadata


def test_key_ids_are_deterministic_across_runs() -> None:
    def first_key() -> str:
        sim = Simulation()
        sim.create_account("alpha", account_id=A)
        return str(sim.client("kms", sim.root_credentials(A)).create_key()["KeyMetadata"]["KeyId"])

    assert first_key() == first_key()


def test_unknown_key_is_not_found_and_a_malformed_arn_is_invalid(root_kms: Any) -> None:
    with pytest.raises(Exception) as raised:
        root_kms.describe_key(KeyId="00000000-0000-0000-0000-000000000000")
    assert error_code(raised) == "NotFoundException"
    with pytest.raises(Exception) as raised:
        root_kms.describe_key(KeyId="arn:aws:s3:::not-a-key")
    assert error_code(raised) == "InvalidArnException"


def test_list_keys_lists_this_account_and_region_only(sim: Simulation, root_kms: Any) -> None:
    first = root_kms.create_key()["KeyMetadata"]
    second = root_kms.create_key()["KeyMetadata"]
    sim.client("kms", sim.root_credentials(A), region="eu-west-1").create_key()
    sim.client("kms", sim.root_credentials(B)).create_key()
    listed = root_kms.list_keys()
    assert {k["KeyArn"] for k in listed["Keys"]} == {first["Arn"], second["Arn"]}
    assert listed["Truncated"] is False
    page = root_kms.list_keys(Limit=1)
    assert page["Truncated"] is True and len(page["Keys"]) == 1
    rest = root_kms.list_keys(Limit=1, Marker=page["NextMarker"])
    assert {page["Keys"][0]["KeyId"], rest["Keys"][0]["KeyId"]} == {first["KeyId"], second["KeyId"]}


def test_user_needs_iam_permission_for_create_key(user: Any, kms_as: Any) -> None:
    with pytest.raises(Exception) as raised:
        kms_as(user("nobody")).create_key()
    assert error_code(raised) == "AccessDeniedException"
    assert "kms:CreateKey" in error_message(raised)
    assert kms_as(user("maker", allow("kms:CreateKey"))).create_key()["KeyMetadata"]["KeyState"] == "Enabled"


def test_put_key_policy_validates_the_policy_as_a_resource_policy(root_kms: Any) -> None:
    key_id = root_kms.create_key()["KeyMetadata"]["KeyId"]
    without_principal = policy_text(allow("kms:*"))
    with pytest.raises(Exception) as raised:
        root_kms.put_key_policy(KeyId=key_id, PolicyName="default", Policy=without_principal)
    assert error_code(raised) == "MalformedPolicyDocumentException"
    with pytest.raises(Exception) as raised:
        root_kms.put_key_policy(KeyId=key_id, Policy="{not json")
    assert error_code(raised) == "MalformedPolicyDocumentException"


def test_key_policy_naming_a_user_that_does_not_exist_is_refused(root_kms: Any) -> None:
    text = policy_text(key_statement(account_root(A)), key_statement({"AWS": user_arn(A, "ghost")}))
    with pytest.raises(Exception) as raised:
        root_kms.create_key(Policy=text)
    assert error_code(raised) == "MalformedPolicyDocumentException"
    assert "invalid principals" in error_message(raised)


def test_key_policy_sids_may_contain_spaces(root_kms: Any) -> None:
    text = policy_text({**key_statement(account_root(A)), "Sid": "Allow use by the team"})
    key_id = root_kms.create_key(Policy=text)["KeyMetadata"]["KeyId"]
    assert root_kms.get_key_policy(KeyId=key_id)["Policy"] == text


def test_lockout_check_refuses_a_policy_that_locks_the_caller_out(root_kms: Any, user: Any) -> None:
    user("bob")
    only_bob = policy_text(key_statement({"AWS": user_arn(A, "bob")}))
    with pytest.raises(Exception) as raised:
        root_kms.create_key(Policy=only_bob)
    assert error_code(raised) == "MalformedPolicyDocumentException"
    assert "will not allow you to update the key policy" in error_message(raised)
    created = root_kms.create_key(Policy=only_bob, BypassPolicyLockoutSafetyCheck=True)["KeyMetadata"]
    # The root user is now locked out of its own account's key (E3).
    with pytest.raises(Exception) as raised:
        root_kms.get_key_policy(KeyId=created["KeyId"])
    assert error_code(raised) == "AccessDeniedException"


def test_lockout_check_applies_to_put_key_policy_too(root_kms: Any, user: Any) -> None:
    user("bob")
    key_id = root_kms.create_key()["KeyMetadata"]["KeyId"]
    only_bob = policy_text(key_statement({"AWS": user_arn(A, "bob")}))
    with pytest.raises(Exception) as raised:
        root_kms.put_key_policy(KeyId=key_id, Policy=only_bob)
    assert error_code(raised) == "MalformedPolicyDocumentException"
    root_kms.put_key_policy(KeyId=key_id, Policy=only_bob, BypassPolicyLockoutSafetyCheck=True)
    with pytest.raises(Exception) as raised:
        root_kms.put_key_policy(KeyId=key_id, Policy=DEFAULT_POLICY_A)
    assert error_code(raised) == "AccessDeniedException"


def test_bypass_condition_key_reaches_the_policies(root_kms: Any, user: Any, kms_as: Any) -> None:
    careful = user(
        "careful",
        allow("kms:*"),
        {
            "Effect": "Deny",
            "Action": ["kms:CreateKey", "kms:PutKeyPolicy"],
            "Resource": "*",
            "Condition": {"Bool": {"kms:BypassPolicyLockoutSafetyCheck": "true"}},
        },
    )
    kms = kms_as(careful)
    with pytest.raises(Exception) as raised:
        kms.create_key(Policy=DEFAULT_POLICY_A, BypassPolicyLockoutSafetyCheck=True)
    assert error_code(raised) == "AccessDeniedException"
    assert "explicit deny" in error_message(raised)
    assert kms.create_key(Policy=DEFAULT_POLICY_A)["KeyMetadata"]["KeyState"] == "Enabled"


def test_get_key_policy_only_knows_the_default_policy_name(root_kms: Any) -> None:
    key_id = root_kms.create_key()["KeyMetadata"]["KeyId"]
    assert root_kms.list_key_policies(KeyId=key_id)["PolicyNames"] == ["default"]
    with pytest.raises(Exception) as raised:
        root_kms.get_key_policy(KeyId=key_id, PolicyName="other")
    assert error_code(raised) == "NotFoundException"


def test_disable_and_enable(root_kms: Any) -> None:
    key_id = root_kms.create_key()["KeyMetadata"]["KeyId"]
    root_kms.disable_key(KeyId=key_id)
    assert root_kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Disabled"
    with pytest.raises(Exception) as raised:
        root_kms.encrypt(KeyId=key_id, Plaintext=b"secret")
    assert error_code(raised) == "DisabledException"
    root_kms.enable_key(KeyId=key_id)
    assert root_kms.encrypt(KeyId=key_id, Plaintext=b"secret")["KeyId"].endswith(key_id)


def test_schedule_and_cancel_deletion(sim: Simulation, root_kms: Any) -> None:
    key_id = root_kms.create_key()["KeyMetadata"]["KeyId"]
    with pytest.raises(Exception) as raised:
        root_kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=3)
    assert error_code(raised) == "ValidationException"
    answer = root_kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    assert answer["KeyState"] == "PendingDeletion" and answer["PendingWindowInDays"] == 7
    assert answer["DeletionDate"] == sim.clock.now() + timedelta(days=7)
    metadata = root_kms.describe_key(KeyId=key_id)["KeyMetadata"]
    assert metadata["KeyState"] == "PendingDeletion" and metadata["DeletionDate"] == answer["DeletionDate"]
    with pytest.raises(Exception) as raised:
        root_kms.encrypt(KeyId=key_id, Plaintext=b"x")
    assert error_code(raised) == "KMSInvalidStateException"
    with pytest.raises(Exception) as raised:
        root_kms.enable_key(KeyId=key_id)
    assert error_code(raised) == "KMSInvalidStateException"
    root_kms.cancel_key_deletion(KeyId=key_id)
    assert root_kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Disabled"


def test_a_key_is_gone_once_its_deletion_window_has_passed(sim: Simulation, root_kms: Any) -> None:
    key_id = root_kms.create_key()["KeyMetadata"]["KeyId"]
    root_kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    sim.clock.advance(days=7)
    with pytest.raises(Exception) as raised:
        root_kms.describe_key(KeyId=key_id)
    assert error_code(raised) == "NotFoundException"
    assert root_kms.list_keys()["Keys"] == []


def test_tags_reach_the_policies_as_resource_tags(root_kms: Any, user: Any, kms_as: Any) -> None:
    key_id = root_kms.create_key(Tags=[{"TagKey": "team", "TagValue": "blue"}])["KeyMetadata"]["KeyId"]
    other = root_kms.create_key()["KeyMetadata"]["KeyId"]
    blue = kms_as(user("blue", allow("kms:Encrypt", Condition={"StringEquals": {"aws:ResourceTag/team": "blue"}})))
    assert blue.encrypt(KeyId=key_id, Plaintext=b"x")["KeyId"].endswith(key_id)
    with pytest.raises(Exception) as raised:
        blue.encrypt(KeyId=other, Plaintext=b"x")
    assert error_code(raised) == "AccessDeniedException"
    root_kms.tag_resource(KeyId=other, Tags=[{"TagKey": "team", "TagValue": "blue"}])
    assert root_kms.list_resource_tags(KeyId=other)["Tags"] == [{"TagKey": "team", "TagValue": "blue"}]
    assert blue.encrypt(KeyId=other, Plaintext=b"x")["KeyId"].endswith(other)
    root_kms.untag_resource(KeyId=other, TagKeys=["team"])
    assert root_kms.list_resource_tags(KeyId=other)["Tags"] == []


def test_only_symmetric_keys_are_simulated(root_kms: Any) -> None:
    with pytest.raises(Exception) as raised:
        root_kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")
    assert error_code(raised) == "UnsupportedOperationException"


def test_keys_survive_snapshot_and_restore(sim: Simulation, root_kms: Any) -> None:
    before = sim.snapshot()
    key_id = root_kms.create_key()["KeyMetadata"]["KeyId"]
    root_kms.create_alias(AliasName="alias/orders", TargetKeyId=key_id)
    after = sim.snapshot()
    sim.restore(before)
    assert root_kms.list_keys()["Keys"] == []
    sim.restore(after)
    assert root_kms.describe_key(KeyId="alias/orders")["KeyMetadata"]["KeyId"] == key_id


def test_aliases_grants_and_deletions_survive_save_and_load(sim: Simulation, root_kms: Any, user: Any) -> None:
    from workbench.account.persistence import dumps, loads

    user("app")
    key_id = root_kms.create_key()["KeyMetadata"]["KeyId"]
    root_kms.create_alias(AliasName="alias/orders", TargetKeyId=key_id)
    grant = root_kms.create_grant(KeyId=key_id, GranteePrincipal=user_arn(A, "app"), Operations=["Decrypt"])
    doomed = root_kms.create_key()["KeyMetadata"]["KeyId"]
    root_kms.schedule_key_deletion(KeyId=doomed, PendingWindowInDays=7)
    loaded = loads(dumps(sim))
    kms = loaded.client("kms", sim.root_credentials(A))
    assert kms.describe_key(KeyId="alias/orders")["KeyMetadata"]["KeyId"] == key_id
    assert [g["GrantId"] for g in kms.list_grants(KeyId=key_id)["Grants"]] == [grant["GrantId"]]
    assert kms.describe_key(KeyId=doomed)["KeyMetadata"]["KeyState"] == "PendingDeletion"
