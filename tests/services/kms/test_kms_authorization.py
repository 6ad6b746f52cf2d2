"""Who may use a key: the key policy is a mandatory resource policy, even for admins and root (E3, E9, E10, E11)."""

from __future__ import annotations

from typing import Any

import pytest
from kms_support import A, B, account_root, allow, deny, error_code, error_message, key_statement, policy_text, user_arn

from workbench.account.errors import AwsError
from workbench.account.model import Organization, OrganizationPolicy, OrganizationRecords
from workbench.account.simulation import Simulation


def _key(root_kms: Any, *statements: dict[str, Any]) -> str:
    """A key with exactly these key-policy statements (stored past the lockout check)."""
    text = policy_text(*statements)
    return str(root_kms.create_key(Policy=text, BypassPolicyLockoutSafetyCheck=True)["KeyMetadata"]["Arn"])


def test_default_policy_delegates_to_iam(root_kms: Any, user: Any, kms_as: Any) -> None:
    key = root_kms.create_key()["KeyMetadata"]["Arn"]
    allowed = kms_as(user("alice", allow("kms:Encrypt", key)))
    assert allowed.encrypt(KeyId=key, Plaintext=b"x")["KeyId"] == key
    with pytest.raises(Exception) as raised:
        kms_as(user("bob")).encrypt(KeyId=key, Plaintext=b"x")
    assert error_code(raised) == "AccessDeniedException"
    assert "because no identity-based policy allows the kms:Encrypt action" in error_message(raised)


def test_root_uses_a_key_whose_policy_trusts_the_account(root_kms: Any) -> None:
    key = root_kms.create_key()["KeyMetadata"]["Arn"]
    assert root_kms.encrypt(KeyId=key, Plaintext=b"x")["KeyId"] == key


def test_a_key_policy_naming_only_another_user_blocks_administrators_and_root(
    root_kms: Any, user: Any, kms_as: Any
) -> None:
    admin = kms_as(user("admin", allow("*")))
    user("bob")
    key = _key(root_kms, key_statement({"AWS": user_arn(A, "bob")}))
    with pytest.raises(Exception) as raised:
        admin.encrypt(KeyId=key, Plaintext=b"x")
    assert error_code(raised) == "AccessDeniedException"
    assert "no resource-based policy allows" in error_message(raised)
    with pytest.raises(Exception) as raised:
        root_kms.encrypt(KeyId=key, Plaintext=b"x")
    assert error_code(raised) == "AccessDeniedException"


def test_a_key_policy_naming_the_user_needs_no_iam_permission(root_kms: Any, user: Any, kms_as: Any) -> None:
    bob = kms_as(user("bob"))
    key = _key(root_kms, key_statement(account_root(A)), key_statement({"AWS": user_arn(A, "bob")}, "kms:Decrypt"))
    blob = root_kms.encrypt(KeyId=key, Plaintext=b"payroll")["CiphertextBlob"]
    assert bob.decrypt(CiphertextBlob=blob)["Plaintext"] == b"payroll"
    with pytest.raises(Exception) as raised:
        bob.encrypt(KeyId=key, Plaintext=b"x")
    assert error_code(raised) == "AccessDeniedException"


def test_an_explicit_deny_in_the_key_policy_beats_every_allow(root_kms: Any, user: Any, kms_as: Any) -> None:
    admin = kms_as(user("admin", allow("*")))
    key = _key(
        root_kms,
        key_statement(account_root(A)),
        key_statement({"AWS": user_arn(A, "admin")}, "kms:Decrypt", effect="Deny"),
    )
    blob = admin.encrypt(KeyId=key, Plaintext=b"x")["CiphertextBlob"]
    with pytest.raises(Exception) as raised:
        admin.decrypt(CiphertextBlob=blob)
    assert "explicit deny in a resource-based policy" in error_message(raised)


def test_cross_account_use_needs_both_the_key_policy_and_the_callers_iam_policy(
    root_kms: Any, user: Any, kms_as: Any
) -> None:
    key = _key(root_kms, key_statement(account_root(A)), key_statement(account_root(B), "kms:Encrypt"))
    carol = kms_as(user("carol", allow("kms:Encrypt", key), account=B))
    assert carol.encrypt(KeyId=key, Plaintext=b"x")["KeyId"] == key
    dave = kms_as(user("dave", account=B))
    with pytest.raises(Exception) as raised:
        dave.encrypt(KeyId=key, Plaintext=b"x")
    assert error_code(raised) == "AccessDeniedException"
    private = root_kms.create_key()["KeyMetadata"]["Arn"]
    with pytest.raises(Exception) as raised:
        carol.encrypt(KeyId=private, Plaintext=b"x")
    assert error_code(raised) == "AccessDeniedException"


def test_another_accounts_key_must_be_named_by_arn(root_kms: Any, user: Any, kms_as: Any) -> None:
    key = root_kms.create_key()["KeyMetadata"]
    carol = kms_as(user("carol", allow("kms:*"), account=B))
    with pytest.raises(Exception) as raised:
        carol.describe_key(KeyId=key["KeyId"])
    assert error_code(raised) == "NotFoundException"


def test_encryption_context_reaches_conditions(root_kms: Any, user: Any, kms_as: Any) -> None:
    key = root_kms.create_key()["KeyMetadata"]["Arn"]
    condition = {"StringEquals": {"kms:EncryptionContext:department": "finance"}}
    finance = kms_as(user("finance", allow("kms:Encrypt", key, Condition=condition)))
    assert finance.encrypt(KeyId=key, Plaintext=b"x", EncryptionContext={"department": "finance"})
    with pytest.raises(Exception) as raised:
        finance.encrypt(KeyId=key, Plaintext=b"x", EncryptionContext={"department": "sales"})
    assert error_code(raised) == "AccessDeniedException"
    keys_condition = {
        "ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["department"]},
        "Null": {"kms:EncryptionContextKeys": "false"},
    }
    tidy = kms_as(user("tidy", allow("kms:Encrypt", key, Condition=keys_condition)))
    assert tidy.encrypt(KeyId=key, Plaintext=b"x", EncryptionContext={"department": "any"})
    with pytest.raises(AwsError):
        tidy.encrypt(KeyId=key, Plaintext=b"x")


def test_request_alias_and_caller_account_reach_conditions(root_kms: Any, user: Any, kms_as: Any) -> None:
    key = root_kms.create_key()["KeyMetadata"]["Arn"]
    root_kms.create_alias(AliasName="alias/orders", TargetKeyId=key)
    condition = {"StringEquals": {"kms:RequestAlias": "alias/orders", "kms:CallerAccount": A}}
    by_alias = kms_as(user("alias-only", allow("kms:Encrypt", "*", Condition=condition)))
    assert by_alias.encrypt(KeyId="alias/orders", Plaintext=b"x")["KeyId"] == key
    with pytest.raises(Exception) as raised:
        by_alias.encrypt(KeyId=key, Plaintext=b"x")
    assert error_code(raised) == "AccessDeniedException"


def _organization_with_rcp(sim: Simulation, *statements: dict[str, Any]) -> None:
    rcp = OrganizationPolicy(
        policy_id="p-rcp1",
        arn="arn:aws:organizations::333333333333:policy/o-example/resource_control_policy/p-rcp1",
        name="deny-kms",
        type="RESOURCE_CONTROL_POLICY",
        content=policy_text(*statements),
    )
    full = OrganizationPolicy(
        policy_id="p-FullAWSAccess",
        arn="arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess",
        name="FullAWSAccess",
        type="SERVICE_CONTROL_POLICY",
        content=policy_text(allow("*")),
        aws_managed=True,
    )
    organization = Organization(
        org_id="o-example",
        arn="arn:aws:organizations::333333333333:organization/o-example",
        management_account_id="333333333333",
        root_id="r-root",
        parents={A: "r-root", B: "r-root"},
        policies={rcp.policy_id: rcp, full.policy_id: full},
        attachments={"r-root": (rcp.policy_id, full.policy_id), A: (full.policy_id,), B: (full.policy_id,)},
        records=OrganizationRecords(enabled_policy_types=("SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY")),
    )
    sim.update(lambda state: state.model_copy(update={"organization": organization}))


def test_rcps_apply_to_customer_keys_but_never_to_aws_managed_keys(sim: Simulation, root_kms: Any) -> None:
    from workbench.services.kms.via import kms_call_via

    key = root_kms.create_key()["KeyMetadata"]["Arn"]
    root = sim.root_credentials(A)
    _organization_with_rcp(sim, {**deny("kms:*"), "Principal": "*"})
    with pytest.raises(Exception) as raised:
        root_kms.encrypt(KeyId=key, Plaintext=b"x")
    assert "explicit deny in a resource control policy" in error_message(raised)
    answer = kms_call_via(sim, root, "s3", "GenerateDataKey", KeyId="alias/aws/s3", KeySpec="AES_256")
    assert answer["KeyId"].startswith(f"arn:aws:kms:us-east-1:{A}:key/")


def test_scps_still_apply_to_aws_managed_keys(sim: Simulation) -> None:
    from workbench.services.kms.via import kms_call_via

    scp = OrganizationPolicy(
        policy_id="p-scp1",
        arn="arn:aws:organizations::333333333333:policy/o-example/service_control_policy/p-scp1",
        name="no-kms",
        type="SERVICE_CONTROL_POLICY",
        content=policy_text(allow("*"), deny("kms:*")),
    )
    organization = Organization(
        org_id="o-example",
        arn="arn:aws:organizations::333333333333:organization/o-example",
        management_account_id="333333333333",
        root_id="r-root",
        parents={A: "r-root"},
        policies={scp.policy_id: scp},
        attachments={"r-root": (scp.policy_id,), A: (scp.policy_id,)},
    )
    root = sim.root_credentials(A)
    sim.update(lambda state: state.model_copy(update={"organization": organization}))
    with pytest.raises(Exception) as raised:
        kms_call_via(sim, root, "s3", "GenerateDataKey", KeyId="alias/aws/s3", KeySpec="AES_256")
    assert "service control policy" in error_message(raised)


def test_denials_are_recorded_in_the_activity_log(sim: Simulation, root_kms: Any, user: Any, kms_as: Any) -> None:
    key = root_kms.create_key()["KeyMetadata"]["Arn"]
    with pytest.raises(AwsError):
        kms_as(user("bob")).encrypt(KeyId=key, Plaintext=b"x")
    event = list(sim.activity)[-1]
    assert (event.event_source, event.event_name, event.action) == ("kms.amazonaws.com", "Encrypt", "kms:Encrypt")
    assert (event.resource_arn, event.decision, event.error_code) == (key, "implicitDeny", "AccessDeniedException")
    assert event.principal_arn == user_arn(A, "bob")
