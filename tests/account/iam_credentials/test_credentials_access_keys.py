"""Access keys of users and the root user: create (at most two), update, delete, list, last used."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError
from iam_credentials_support import ACCOUNT, allow, assert_boto3_shape, error_code, error_message
from key_use import use_key

from workbench.account.callers import Credentials
from workbench.account.model import Role, Session
from workbench.account.simulation import Simulation

OWN_KEYS = allow(
    ["iam:CreateAccessKey", "iam:ListAccessKeys", "iam:UpdateAccessKey", "iam:DeleteAccessKey"],
    "arn:aws:iam::*:user/${aws:username}",
)


def test_create_access_key_returns_an_akia_id_and_a_40_character_secret(iam: Any) -> None:
    iam.create_user(UserName="alice")
    answer = iam.create_access_key(UserName="alice")
    assert_boto3_shape("CreateAccessKey", answer)
    key = answer["AccessKey"]
    assert key["UserName"] == "alice" and key["Status"] == "Active"
    assert key["AccessKeyId"].startswith("AKIA") and len(key["AccessKeyId"]) == 20
    assert len(key["SecretAccessKey"]) == 40


def test_the_new_key_works_and_is_listed_without_its_secret(sim: Simulation, iam: Any) -> None:
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    alice = sim.client("iam", Credentials(access_key_id=key["AccessKeyId"], secret_access_key=key["SecretAccessKey"]))
    with pytest.raises(ClientError) as raised:
        alice.list_users()
    assert error_code(raised) == "AccessDenied"  # authenticated, just not allowed
    listed = iam.list_access_keys(UserName="alice")
    assert_boto3_shape("ListAccessKeys", listed)
    assert [k["AccessKeyId"] for k in listed["AccessKeyMetadata"]] == [key["AccessKeyId"]]
    assert "SecretAccessKey" not in listed["AccessKeyMetadata"][0]


def test_a_third_key_exceeds_the_quota(iam: Any) -> None:
    iam.create_user(UserName="alice")
    iam.create_access_key(UserName="alice")
    iam.create_access_key(UserName="alice")
    with pytest.raises(ClientError) as raised:
        iam.create_access_key(UserName="alice")
    assert error_code(raised) == "LimitExceeded"
    assert "AccessKeysPerUser: 2" in error_message(raised)
    assert len(iam.list_access_keys(UserName="alice")["AccessKeyMetadata"]) == 2


def test_an_inactive_key_no_longer_authenticates_and_can_be_reactivated(sim: Simulation, iam: Any) -> None:
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    credentials = Credentials(access_key_id=key["AccessKeyId"], secret_access_key=key["SecretAccessKey"])
    iam.update_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"], Status="Inactive")
    assert iam.list_access_keys(UserName="alice")["AccessKeyMetadata"][0]["Status"] == "Inactive"
    with pytest.raises(ClientError) as raised:
        sim.client("iam", credentials).get_user()
    assert error_code(raised) == "InvalidClientTokenId"
    iam.update_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"], Status="Active")
    with pytest.raises(ClientError) as raised:
        sim.client("iam", credentials).list_users()
    assert error_code(raised) == "AccessDenied"


def test_status_expired_is_refused(iam: Any) -> None:
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    with pytest.raises(ClientError) as raised:
        iam.update_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"], Status="Expired")
    assert error_code(raised) == "InvalidInput"


def test_delete_access_key_and_unknown_keys(sim: Simulation, iam: Any) -> None:
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    iam.delete_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"])
    assert iam.list_access_keys(UserName="alice")["AccessKeyMetadata"] == []
    with pytest.raises(ClientError) as raised:
        iam.delete_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"])
    assert error_code(raised) == "NoSuchEntity"
    with pytest.raises(ClientError) as raised:
        iam.update_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"], Status="Active")
    assert error_code(raised) == "NoSuchEntity"
    with pytest.raises(ClientError) as raised:
        sim.client(
            "iam", Credentials(access_key_id=key["AccessKeyId"], secret_access_key=key["SecretAccessKey"])
        ).get_user()
    assert error_code(raised) == "InvalidClientTokenId"


def test_unknown_user_is_no_such_entity(iam: Any) -> None:
    with pytest.raises(ClientError) as raised:
        iam.create_access_key(UserName="nobody")
    assert error_code(raised) == "NoSuchEntity"


def test_without_user_name_a_user_manages_its_own_keys(client_as: Callable[..., Any]) -> None:
    alice = client_as("alice", OWN_KEYS)
    created = alice.create_access_key()["AccessKey"]
    assert created["UserName"] == "alice"
    assert len(alice.list_access_keys()["AccessKeyMetadata"]) == 2
    alice.delete_access_key(AccessKeyId=created["AccessKeyId"])
    assert len(alice.list_access_keys()["AccessKeyMetadata"]) == 1


def test_keys_are_authorized_on_the_owning_user(client_as: Callable[..., Any], iam: Any) -> None:
    alice = client_as("alice", OWN_KEYS)
    iam.create_user(UserName="bob")
    with pytest.raises(ClientError) as raised:
        alice.create_access_key(UserName="bob")
    assert error_code(raised) == "AccessDenied"
    assert "iam:CreateAccessKey on resource: arn:aws:iam::111111111111:user/bob" in error_message(raised)
    assert iam.list_access_keys(UserName="bob")["AccessKeyMetadata"] == []


def test_the_root_user_manages_its_own_keys_without_a_user_name(sim: Simulation, iam: Any) -> None:
    listed = iam.list_access_keys()["AccessKeyMetadata"]
    assert len(listed) == 1 and "UserName" not in listed[0]  # the root user has no user name
    created = iam.create_access_key()["AccessKey"]
    assert "UserName" not in created
    assert len(sim.state.accounts[ACCOUNT].root.access_keys) == 2
    with pytest.raises(ClientError) as raised:
        iam.create_access_key()
    assert error_code(raised) == "LimitExceeded"


def test_get_access_key_last_used_before_and_after_use(sim: Simulation, iam: Any) -> None:
    iam.create_user(UserName="alice")
    key_id = iam.create_access_key(UserName="alice")["AccessKey"]["AccessKeyId"]
    never = iam.get_access_key_last_used(AccessKeyId=key_id)
    assert_boto3_shape("GetAccessKeyLastUsed", never)
    assert never["UserName"] == "alice"
    assert never["AccessKeyLastUsed"] == {"ServiceName": "N/A", "Region": "N/A"}
    used_at = sim.clock.advance(hours=1)
    use_key(sim, key_id, "s3", "eu-west-1")
    last = iam.get_access_key_last_used(AccessKeyId=key_id)["AccessKeyLastUsed"]
    assert last == {"LastUsedDate": used_at, "ServiceName": "s3", "Region": "eu-west-1"}


def test_key_use_is_recorded_at_most_once_per_15_minutes(sim: Simulation, iam: Any) -> None:
    iam.create_user(UserName="alice")
    key_id = iam.create_access_key(UserName="alice")["AccessKey"]["AccessKeyId"]
    first = sim.clock.now()
    use_key(sim, key_id, "s3", "us-east-1")
    sim.clock.advance(minutes=14)
    use_key(sim, key_id, "iam", "us-east-1")
    assert iam.get_access_key_last_used(AccessKeyId=key_id)["AccessKeyLastUsed"]["LastUsedDate"] == first
    later = sim.clock.advance(minutes=1)
    use_key(sim, key_id, "iam", "us-east-1")
    last = iam.get_access_key_last_used(AccessKeyId=key_id)["AccessKeyLastUsed"]
    assert (last["LastUsedDate"], last["ServiceName"]) == (later, "iam")


def test_temporary_and_unknown_keys_have_no_last_use(sim: Simulation) -> None:
    from workbench.account.credential_use import key_last_used

    assert key_last_used(sim, "ASIAEXAMPLEEXAMPLE00") is None
    assert key_last_used(sim, "AKIANOSUCHKEY0000000") is None


def test_root_key_use_is_recorded_too(sim: Simulation, root: Credentials, iam: Any) -> None:
    use_key(sim, root.access_key_id, "iam", "us-east-1")
    answer = iam.get_access_key_last_used(AccessKeyId=root.access_key_id)
    assert "UserName" not in answer and answer["AccessKeyLastUsed"]["ServiceName"] == "iam"


def test_last_used_of_an_unknown_key_is_no_such_entity(iam: Any) -> None:
    with pytest.raises(ClientError) as raised:
        iam.get_access_key_last_used(AccessKeyId="AKIANOSUCHKEY0000000")
    assert error_code(raised) == "NoSuchEntity"


def test_a_role_session_must_name_the_user(sim: Simulation) -> None:
    now = sim.clock.now()
    role = Role(
        name="ops",
        role_id="AROAEXAMPLEOPS000000",
        arn=f"arn:aws:iam::{ACCOUNT}:role/ops",
        create_date=now,
        trust_policy="{}",
    )
    account = sim.state.accounts[ACCOUNT]
    sim.put_account(account.model_copy(update={"roles": {"ops": role}}))
    session = Session(
        access_key_id=sim.ids.access_key_id(temporary=True),
        secret_access_key=sim.ids.secret(),
        session_token=sim.ids.session_token(),
        kind="assumed-role",
        account_id=ACCOUNT,
        arn=f"arn:aws:sts::{ACCOUNT}:assumed-role/ops/s1",
        issued=now,
        expiration=now + timedelta(hours=1),
        role_name="ops",
        session_name="s1",
    )
    sim.update(lambda state: state.model_copy(update={"sessions": {session.access_key_id: session}}))
    ops = sim.client(
        "iam",
        Credentials(
            access_key_id=session.access_key_id,
            secret_access_key=session.secret_access_key,
            session_token=session.session_token,
        ),
    )
    with pytest.raises(ClientError) as raised:
        ops.create_access_key()
    assert error_code(raised) == "ValidationError"
