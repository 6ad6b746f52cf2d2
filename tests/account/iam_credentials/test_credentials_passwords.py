"""Console passwords: login profiles, ChangePassword, and the account password policy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError
from iam_credentials_support import ACCOUNT, allow, assert_boto3_shape, deny, error_code, error_message

from workbench.account.passwords import password_matches
from workbench.account.simulation import Simulation

GOOD = "Corr3ct-Horse!"


def _hash(sim: Simulation, user: str) -> str:
    profile = sim.state.accounts[ACCOUNT].users[user].login_profile
    assert profile is not None
    return profile.password_hash


def test_create_get_and_delete_a_login_profile(sim: Simulation, iam: Any) -> None:
    iam.create_user(UserName="alice")
    created = iam.create_login_profile(UserName="alice", Password=GOOD, PasswordResetRequired=True)
    assert_boto3_shape("CreateLoginProfile", created)
    assert created["LoginProfile"] == {
        "UserName": "alice",
        "CreateDate": sim.clock.now(),
        "PasswordResetRequired": True,
    }
    assert password_matches(GOOD, _hash(sim, "alice"))  # stored hashed, never in clear
    assert GOOD not in _hash(sim, "alice")
    fetched = iam.get_login_profile(UserName="alice")
    assert_boto3_shape("GetLoginProfile", fetched)
    assert fetched["LoginProfile"] == created["LoginProfile"]
    iam.delete_login_profile(UserName="alice")
    with pytest.raises(ClientError) as raised:
        iam.get_login_profile(UserName="alice")
    assert error_code(raised) == "NoSuchEntity"
    assert error_message(raised) == "Login Profile for User alice cannot be found."


def test_a_second_login_profile_already_exists(iam: Any) -> None:
    iam.create_user(UserName="alice")
    iam.create_login_profile(UserName="alice", Password=GOOD)
    with pytest.raises(ClientError) as raised:
        iam.create_login_profile(UserName="alice", Password=GOOD)
    assert error_code(raised) == "EntityAlreadyExists"


def test_the_password_policy_is_enforced_when_a_password_is_set(iam: Any) -> None:
    iam.create_user(UserName="alice")
    iam.update_account_password_policy(MinimumPasswordLength=12, RequireNumbers=True, RequireSymbols=True)
    for weak in ("short1!", "no-digits-in-here!", "n0symbolsinhere"):
        with pytest.raises(ClientError) as raised:
            iam.create_login_profile(UserName="alice", Password=weak)
        assert error_code(raised) == "PasswordPolicyViolation"
    iam.create_login_profile(UserName="alice", Password="l0ng-enough-pass")
    with pytest.raises(ClientError) as raised:
        iam.update_login_profile(UserName="alice", Password="weak")
    assert error_code(raised) == "PasswordPolicyViolation"


def test_without_a_policy_the_default_rules_apply(iam: Any) -> None:
    iam.create_user(UserName="alice")
    with pytest.raises(ClientError) as raised:
        iam.create_login_profile(UserName="alice", Password="abc")
    assert error_code(raised) == "PasswordPolicyViolation"


def test_update_login_profile_changes_password_and_reset_flag(sim: Simulation, iam: Any) -> None:
    iam.create_user(UserName="alice")
    iam.create_login_profile(UserName="alice", Password=GOOD)
    iam.update_login_profile(UserName="alice", Password="N3w-Password!", PasswordResetRequired=True)
    assert password_matches("N3w-Password!", _hash(sim, "alice"))
    assert iam.get_login_profile(UserName="alice")["LoginProfile"]["PasswordResetRequired"] is True
    iam.update_login_profile(UserName="alice", PasswordResetRequired=False)
    assert password_matches("N3w-Password!", _hash(sim, "alice"))
    iam.create_user(UserName="bob")
    with pytest.raises(ClientError) as raised:
        iam.update_login_profile(UserName="bob", Password=GOOD)
    assert error_code(raised) == "NoSuchEntity"


def test_change_password_needs_the_old_password(sim: Simulation, iam: Any, client_as: Callable[..., Any]) -> None:
    alice = client_as("alice", allow("iam:ChangePassword", "arn:aws:iam::*:user/${aws:username}"))
    iam.create_login_profile(UserName="alice", Password=GOOD, PasswordResetRequired=True)
    with pytest.raises(ClientError) as raised:
        alice.change_password(OldPassword="wrong", NewPassword="N3w-Password!")
    assert error_code(raised) == "EntityTemporarilyUnmodifiable"
    assert password_matches(GOOD, _hash(sim, "alice"))
    alice.change_password(OldPassword=GOOD, NewPassword="N3w-Password!")
    assert password_matches("N3w-Password!", _hash(sim, "alice"))
    assert iam.get_login_profile(UserName="alice")["LoginProfile"]["PasswordResetRequired"] is False
    with pytest.raises(ClientError) as raised:
        alice.change_password(OldPassword="N3w-Password!", NewPassword="x")
    assert error_code(raised) == "PasswordPolicyViolation"


def test_change_password_without_a_login_profile(client_as: Callable[..., Any]) -> None:
    alice = client_as("alice", allow("iam:ChangePassword"))
    with pytest.raises(ClientError) as raised:
        alice.change_password(OldPassword=GOOD, NewPassword="N3w-Password!")
    assert error_code(raised) == "NoSuchEntity"


def test_the_root_user_cannot_call_change_password(iam: Any) -> None:
    with pytest.raises(ClientError) as raised:
        iam.change_password(OldPassword="R00t-Passw0rd!", NewPassword="N3w-Password!")
    assert error_code(raised) == "InvalidUserType"


def test_change_password_needs_permission_unless_the_account_allows_it(iam: Any, client_as: Callable[..., Any]) -> None:
    alice = client_as("alice")
    iam.create_login_profile(UserName="alice", Password=GOOD)
    with pytest.raises(ClientError) as raised:
        alice.change_password(OldPassword=GOOD, NewPassword="N3w-Password!")
    assert error_code(raised) == "AccessDenied"
    with pytest.raises(ClientError) as raised:
        alice.get_account_password_policy()
    assert error_code(raised) == "AccessDenied"
    iam.update_account_password_policy(AllowUsersToChangePassword=True)
    alice.change_password(OldPassword=GOOD, NewPassword="N3w-Password!")
    assert alice.get_account_password_policy()["PasswordPolicy"]["AllowUsersToChangePassword"] is True


def test_an_explicit_deny_beats_allow_users_to_change_password(iam: Any, client_as: Callable[..., Any]) -> None:
    alice = client_as("alice", deny("iam:ChangePassword"))
    iam.create_login_profile(UserName="alice", Password=GOOD)
    iam.update_account_password_policy(AllowUsersToChangePassword=True)
    with pytest.raises(ClientError) as raised:
        alice.change_password(OldPassword=GOOD, NewPassword="N3w-Password!")
    assert error_code(raised) == "AccessDenied"
    assert "explicit deny" in error_message(raised)


def test_account_password_policy_round_trip_and_defaults(iam: Any) -> None:
    with pytest.raises(ClientError) as raised:
        iam.get_account_password_policy()
    assert error_code(raised) == "NoSuchEntity"
    assert error_message(raised) == f"The Password Policy with domain name {ACCOUNT} cannot be found."
    iam.update_account_password_policy(RequireUppercaseCharacters=True, MaxPasswordAge=90, PasswordReusePrevention=3)
    answer = iam.get_account_password_policy()
    assert_boto3_shape("GetAccountPasswordPolicy", answer)
    assert answer["PasswordPolicy"] == {
        "MinimumPasswordLength": 6,
        "RequireSymbols": False,
        "RequireNumbers": False,
        "RequireUppercaseCharacters": True,
        "RequireLowercaseCharacters": False,
        "AllowUsersToChangePassword": False,
        "ExpirePasswords": True,
        "MaxPasswordAge": 90,
        "PasswordReusePrevention": 3,
    }
    # No partial updates: what is left out goes back to its default.
    iam.update_account_password_policy(MinimumPasswordLength=10)
    policy = iam.get_account_password_policy()["PasswordPolicy"]
    assert policy["MinimumPasswordLength"] == 10 and policy["RequireUppercaseCharacters"] is False
    assert policy["ExpirePasswords"] is False and "MaxPasswordAge" not in policy
    iam.delete_account_password_policy()
    with pytest.raises(ClientError) as raised:
        iam.delete_account_password_policy()
    assert error_code(raised) == "NoSuchEntity"


def test_password_policy_values_out_of_range(iam: Any) -> None:
    for bad in ({"MinimumPasswordLength": 129}, {"MaxPasswordAge": 2000}, {"PasswordReusePrevention": 25}):
        with pytest.raises(ClientError) as raised:
            iam.update_account_password_policy(**bad)
        assert error_code(raised) == "ValidationError"


def test_password_policy_operations_are_authorized(client_as: Callable[..., Any]) -> None:
    bob = client_as("bob", allow("iam:GetAccountPasswordPolicy"))
    with pytest.raises(ClientError) as raised:
        bob.update_account_password_policy(MinimumPasswordLength=8)
    assert error_code(raised) == "AccessDenied"
    with pytest.raises(ClientError) as raised:
        bob.get_account_password_policy()
    assert error_code(raised) == "NoSuchEntity"  # allowed, and there is none
