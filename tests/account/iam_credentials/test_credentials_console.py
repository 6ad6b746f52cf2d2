"""Console sign-in: password, MFA code when a device is enabled, PasswordLastUsed, 12-hour session credentials."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError
from iam_credentials_support import ACCOUNT, error_code

from workbench.account import totp
from workbench.account.console import sign_in
from workbench.account.simulation import Simulation

PASSWORD = "Corr3ct-Horse!"


@pytest.fixture
def alice(iam: Any) -> None:
    iam.create_user(UserName="alice")
    iam.create_login_profile(UserName="alice", Password=PASSWORD)


def _mfa(sim: Simulation, iam: Any, user: str) -> bytes:
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName=user.strip("<>"))["VirtualMFADevice"]
    now = sim.clock.now()
    iam.enable_mfa_device(
        UserName=user,
        SerialNumber=device["SerialNumber"],
        AuthenticationCode1=totp.code_at(device["Base32StringSeed"], now - timedelta(seconds=30)),
        AuthenticationCode2=totp.current_code(device["Base32StringSeed"], now),
    )
    return bytes(device["Base32StringSeed"])


@pytest.mark.usefixtures("alice")
def test_sign_in_returns_temporary_credentials_for_12_hours(sim: Simulation) -> None:
    credentials = sign_in(sim, ACCOUNT, "alice", PASSWORD)
    assert credentials.access_key_id.startswith("ASIA") and credentials.session_token
    session = sim.state.sessions[credentials.access_key_id]
    assert session.kind == "console" and session.user_name == "alice"
    assert session.arn == f"arn:aws:iam::{ACCOUNT}:user/alice"
    assert credentials.expiration == session.expiration == sim.clock.now() + timedelta(hours=12)
    assert session.mfa_authenticated_at is None


@pytest.mark.usefixtures("alice")
def test_wrong_password_or_unknown_user_fails(sim: Simulation, iam: Any) -> None:
    for account, user, password in (
        (ACCOUNT, "alice", "wrong"),
        (ACCOUNT, "bob", PASSWORD),
        ("999999999999", "alice", PASSWORD),
    ):
        with pytest.raises(ClientError) as raised:
            sign_in(sim, account, user, password)
        assert error_code(raised) == "SignInFailed"
    iam.create_user(UserName="nopassword")
    with pytest.raises(ClientError) as raised:
        sign_in(sim, ACCOUNT, "nopassword", "")
    assert error_code(raised) == "SignInFailed"
    assert sim.state.sessions == {}


@pytest.mark.usefixtures("alice")
def test_user_names_are_case_insensitive_at_sign_in(sim: Simulation) -> None:
    credentials = sign_in(sim, ACCOUNT, "ALICE", PASSWORD)
    assert sim.state.sessions[credentials.access_key_id].user_name == "alice"


@pytest.mark.usefixtures("alice")
def test_password_last_used_is_recorded_at_most_once_per_5_minutes(sim: Simulation, iam: Any) -> None:
    assert "PasswordLastUsed" not in iam.get_user(UserName="alice")["User"]
    first = sim.clock.now()
    sign_in(sim, ACCOUNT, "alice", PASSWORD)
    sim.clock.advance(minutes=4)
    sign_in(sim, ACCOUNT, "alice", PASSWORD)
    assert iam.get_user(UserName="alice")["User"]["PasswordLastUsed"] == first
    later = sim.clock.advance(minutes=1)
    sign_in(sim, ACCOUNT, "alice", PASSWORD)
    assert iam.get_user(UserName="alice")["User"]["PasswordLastUsed"] == later


@pytest.mark.usefixtures("alice")
def test_with_an_mfa_device_a_current_code_is_required(sim: Simulation, iam: Any) -> None:
    seed = _mfa(sim, iam, "alice")
    now = sim.clock.advance(seconds=30)
    with pytest.raises(ClientError) as raised:
        sign_in(sim, ACCOUNT, "alice", PASSWORD)
    assert error_code(raised) == "SignInFailed"
    with pytest.raises(ClientError) as raised:
        sign_in(
            sim, ACCOUNT, "alice", PASSWORD, mfa_code="123456" if totp.current_code(seed, now) != "123456" else "654321"
        )
    assert error_code(raised) == "SignInFailed"
    credentials = sign_in(sim, ACCOUNT, "alice", PASSWORD, mfa_code=totp.current_code(seed, now))
    assert sim.state.sessions[credentials.access_key_id].mfa_authenticated_at == now
    with pytest.raises(ClientError) as raised:  # the same code twice (AMB-24)
        sign_in(sim, ACCOUNT, "alice", PASSWORD, mfa_code=totp.current_code(seed, now))
    assert error_code(raised) == "SignInFailed"


def test_the_root_user_signs_in_with_its_password_and_mfa(sim: Simulation, iam: Any) -> None:
    with pytest.raises(ClientError):
        sign_in(sim, ACCOUNT, None, "wrong")
    seed = _mfa(sim, iam, "<root_account>")
    now = sim.clock.advance(seconds=30)
    credentials = sign_in(sim, ACCOUNT, None, "R00t-Passw0rd!", mfa_code=totp.current_code(seed, now))
    session = sim.state.sessions[credentials.access_key_id]
    assert session.arn == f"arn:aws:iam::{ACCOUNT}:root" and session.user_name is None
    assert sim.state.accounts[ACCOUNT].root.password_last_used == now
    root_console = sim.client("iam", credentials)
    assert root_console.get_user()["User"]["Arn"] == f"arn:aws:iam::{ACCOUNT}:root"


def test_a_console_session_without_mfa_may_still_use_iam_when_policies_allow() -> None:
    # Unlike GetSessionToken credentials without MFA (AMB-18), a console session is not barred from IAM.
    from workbench.account.callers import Caller
    from workbench.account.model import Session
    from workbench.account.restrictions import restriction
    from workbench.clock import DEFAULT_START

    session = Session(
        access_key_id="ASIAEXAMPLE", secret_access_key="s", session_token="t", kind="console",
        account_id="111122223333", arn="arn:aws:iam::111122223333:user/alice", issued=DEFAULT_START,
        expiration=DEFAULT_START, user_name="alice",
    )  # fmt: skip
    caller = Caller("console", "111122223333", session.arn, session.access_key_id, session=session)
    assert restriction(caller, "iam:ListUsers") is None
    token_caller = Caller(
        "session-token",
        "111122223333",
        session.arn,
        "ASIAX",
        session=session.model_copy(update={"kind": "session-token"}),
    )
    assert restriction(token_caller, "iam:ListUsers") is not None
