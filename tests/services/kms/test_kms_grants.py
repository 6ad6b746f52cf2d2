"""KMS grants: a grant adds its grantee to the key policy for its operations and context; retire and revoke."""

from __future__ import annotations

from typing import Any

import pytest
from kms_support import A, B, account_root, allow, deny, error_code, key_statement, make_user, policy_text, user_arn


@pytest.fixture
def locked_key(root_kms: Any) -> str:
    """A key whose policy trusts the account for key administration only (no cryptographic use)."""
    admin_only = policy_text(
        key_statement(account_root(A), ["kms:Describe*", "kms:Get*", "kms:List*", "kms:*Grant*", "kms:PutKeyPolicy"])
    )
    return str(root_kms.create_key(Policy=admin_only)["KeyMetadata"]["Arn"])


def test_a_grant_lets_its_grantee_use_the_key_without_a_key_policy_statement(
    root_kms: Any, user: Any, kms_as: Any, locked_key: str
) -> None:
    app = kms_as(user("app"))
    with pytest.raises(Exception) as raised:
        app.encrypt(KeyId=locked_key, Plaintext=b"x")
    assert error_code(raised) == "AccessDeniedException"
    answer = root_kms.create_grant(
        KeyId=locked_key, GranteePrincipal=user_arn(A, "app"), Operations=["Encrypt", "Decrypt"], Name="app-use"
    )
    assert len(answer["GrantId"]) == 64 and answer["GrantToken"]
    blob = app.encrypt(KeyId=locked_key, Plaintext=b"x")["CiphertextBlob"]
    assert app.decrypt(CiphertextBlob=blob)["Plaintext"] == b"x"
    with pytest.raises(Exception) as raised:
        app.generate_data_key(KeyId=locked_key, KeySpec="AES_256")
    assert error_code(raised) == "AccessDeniedException"


def test_grant_constraints_limit_the_encryption_context(root_kms: Any, user: Any, kms_as: Any, locked_key: str) -> None:
    app = kms_as(user("app"))
    root_kms.create_grant(
        KeyId=locked_key,
        GranteePrincipal=user_arn(A, "app"),
        Operations=["Encrypt"],
        Constraints={"EncryptionContextSubset": {"tenant": "acme"}},
    )
    assert app.encrypt(KeyId=locked_key, Plaintext=b"x", EncryptionContext={"tenant": "acme", "file": "1"})
    for context in ({"tenant": "other"}, {}):
        with pytest.raises(Exception) as raised:
            app.encrypt(KeyId=locked_key, Plaintext=b"x", EncryptionContext=context)
        assert error_code(raised) == "AccessDeniedException"
    exact = kms_as(user("exact"))
    root_kms.create_grant(
        KeyId=locked_key,
        GranteePrincipal=user_arn(A, "exact"),
        Operations=["Encrypt"],
        Constraints={"EncryptionContextEquals": {"tenant": "acme"}},
    )
    assert exact.encrypt(KeyId=locked_key, Plaintext=b"x", EncryptionContext={"tenant": "acme"})
    with pytest.raises(Exception) as raised:
        exact.encrypt(KeyId=locked_key, Plaintext=b"x", EncryptionContext={"tenant": "acme", "file": "1"})
    assert error_code(raised) == "AccessDeniedException"


def test_an_explicit_deny_beats_a_grant(root_kms: Any, user: Any, kms_as: Any, locked_key: str) -> None:
    denied = kms_as(user("denied", deny("kms:Encrypt")))
    root_kms.create_grant(KeyId=locked_key, GranteePrincipal=user_arn(A, "denied"), Operations=["Encrypt"])
    with pytest.raises(Exception) as raised:
        denied.encrypt(KeyId=locked_key, Plaintext=b"x")
    assert error_code(raised) == "AccessDeniedException"


def test_a_grant_to_a_role_covers_its_sessions(sim: Any, root_kms: Any, kms_as: Any, locked_key: str) -> None:
    iam = sim.client("iam", sim.root_credentials(A))
    trust = policy_text({"Effect": "Allow", "Principal": account_root(A), "Action": "sts:AssumeRole"})
    role = iam.create_role(RoleName="worker", AssumeRolePolicyDocument=trust)["Role"]
    caller = make_user(sim, A, "starter", allow("sts:AssumeRole", role["Arn"]))
    session = sim.client("sts", caller).assume_role(RoleArn=role["Arn"], RoleSessionName="job")["Credentials"]
    root_kms.create_grant(KeyId=locked_key, GranteePrincipal=role["Arn"], Operations=["Encrypt"])
    assert kms_as(session).encrypt(KeyId=locked_key, Plaintext=b"x")["KeyId"] == locked_key


def test_list_grants(root_kms: Any, user: Any, locked_key: str) -> None:
    user("app")
    grant = root_kms.create_grant(
        KeyId=locked_key,
        GranteePrincipal=user_arn(A, "app"),
        RetiringPrincipal=account_root(A)["AWS"],
        Operations=["Decrypt"],
        Name="reader",
        Constraints={"EncryptionContextSubset": {"tenant": "acme"}},
    )
    listed = root_kms.list_grants(KeyId=locked_key)["Grants"]
    assert len(listed) == 1
    entry = listed[0]
    assert entry["GrantId"] == grant["GrantId"] and entry["Name"] == "reader"
    assert entry["KeyId"] == locked_key and entry["IssuingAccount"] == f"arn:aws:iam::{A}:root"
    assert entry["Operations"] == ["Decrypt"] and entry["Constraints"] == {
        "EncryptionContextSubset": {"tenant": "acme"}
    }
    assert root_kms.list_grants(KeyId=locked_key, GranteePrincipal="arn:aws:iam::111111111111:user/x")["Grants"] == []


def test_grant_validation(root_kms: Any, locked_key: str) -> None:
    for bad in ({"Operations": ["Encrypt"]}, {"Operations": ["Fly"], "GranteePrincipal": account_root(A)["AWS"]}):
        with pytest.raises(Exception) as raised:
            root_kms.create_grant(KeyId=locked_key, **bad)
        assert error_code(raised) == "ValidationException"


def test_retire_by_grantee_or_retiring_principal_only(root_kms: Any, user: Any, kms_as: Any, locked_key: str) -> None:
    app = kms_as(user("app"))
    other = kms_as(user("other", allow("kms:*")))
    plain = root_kms.create_grant(KeyId=locked_key, GranteePrincipal=user_arn(A, "app"), Operations=["Encrypt"])
    with pytest.raises(Exception) as raised:
        other.retire_grant(GrantToken=plain["GrantToken"])
    assert error_code(raised) == "AccessDeniedException"
    with pytest.raises(Exception) as raised:  # the grantee may retire only when the grant lists RetireGrant
        app.retire_grant(GrantToken=plain["GrantToken"])
    assert error_code(raised) == "AccessDeniedException"
    retirable = root_kms.create_grant(
        KeyId=locked_key, GranteePrincipal=user_arn(A, "app"), Operations=["Encrypt", "RetireGrant"]
    )
    app.retire_grant(KeyId=locked_key, GrantId=retirable["GrantId"])
    by_other = root_kms.create_grant(
        KeyId=locked_key,
        GranteePrincipal=user_arn(A, "app"),
        RetiringPrincipal=user_arn(A, "other"),
        Operations=["Decrypt"],
    )
    other.retire_grant(GrantToken=by_other["GrantToken"])
    root_kms.retire_grant(GrantToken=plain["GrantToken"])  # the issuing account's root user
    assert root_kms.list_grants(KeyId=locked_key)["Grants"] == []
    with pytest.raises(Exception) as raised:
        app.encrypt(KeyId=locked_key, Plaintext=b"x")
    assert error_code(raised) == "AccessDeniedException"
    with pytest.raises(Exception) as raised:
        root_kms.retire_grant(GrantToken="unknown")
    assert error_code(raised) == "InvalidGrantTokenException"


def test_revoke_needs_permission_on_the_key(root_kms: Any, user: Any, kms_as: Any, locked_key: str) -> None:
    app = kms_as(user("app"))
    grant = root_kms.create_grant(KeyId=locked_key, GranteePrincipal=user_arn(A, "app"), Operations=["Encrypt"])
    with pytest.raises(Exception) as raised:
        app.revoke_grant(KeyId=locked_key, GrantId=grant["GrantId"])
    assert error_code(raised) == "AccessDeniedException"
    root_kms.revoke_grant(KeyId=locked_key, GrantId=grant["GrantId"])
    with pytest.raises(Exception) as raised:
        app.encrypt(KeyId=locked_key, Plaintext=b"x")
    assert error_code(raised) == "AccessDeniedException"
    with pytest.raises(Exception) as raised:
        root_kms.revoke_grant(KeyId=locked_key, GrantId=grant["GrantId"])
    assert error_code(raised) == "InvalidGrantIdException"


def test_cross_account_grantee_also_needs_its_own_iam_permission(
    root_kms: Any, user: Any, kms_as: Any, locked_key: str
) -> None:
    without = kms_as(user("without", account=B))
    with_iam = kms_as(user("with-iam", allow("kms:Encrypt", locked_key), account=B))
    for name in ("without", "with-iam"):
        root_kms.create_grant(KeyId=locked_key, GranteePrincipal=user_arn(B, name), Operations=["Encrypt"])
    with pytest.raises(Exception) as raised:
        without.encrypt(KeyId=locked_key, Plaintext=b"x")
    assert error_code(raised) == "AccessDeniedException"
    assert with_iam.encrypt(KeyId=locked_key, Plaintext=b"x")["KeyId"] == locked_key
