"""Scenario (M2, M5, S3): alice signs in with her password and a TOTP code; only then does an MFA-only policy allow.

Her requests from the console session carry ``aws:MultiFactorAuthPresent = true`` and
``aws:MultiFactorAuthAge``; her long-term keys carry neither, so ``Bool aws:MultiFactorAuthPresent
true`` denies them. Twelve hours later the console credentials fail with ``ExpiredToken``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError
from iam_credentials_support import ACCOUNT, allow, error_code, policy_text

from workbench.account import totp
from workbench.account.authorization import Connection, Target, request_context
from workbench.account.callers import Credentials, resolve_caller
from workbench.account.console import sign_in
from workbench.account.simulation import Simulation

PASSWORD = "Corr3ct-Horse!"
MFA_ONLY = allow("iam:ListUsers", Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}})
FRESH_MFA = allow("iam:ListGroups", Condition={"NumericLessThanEquals": {"aws:MultiFactorAuthAge": "3600"}})


def _context(sim: Simulation, credentials: Credentials) -> dict[str, Any]:
    state = sim.state.model_copy(update={"now": sim.clock.now()})
    caller = resolve_caller(state, credentials, sim.clock.now(), "Test")
    return request_context(state, caller, Connection(), sim.clock.epoch(), Target(), {})


def test_mfa_sign_in_unlocks_the_mfa_only_policy_until_the_session_expires(sim: Simulation, iam: Any) -> None:
    iam.create_user(UserName="alice")
    iam.create_login_profile(UserName="alice", Password=PASSWORD)
    iam.put_user_policy(UserName="alice", PolicyName="mfa-only", PolicyDocument=policy_text(MFA_ONLY, FRESH_MFA))
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    keys = Credentials(access_key_id=key["AccessKeyId"], secret_access_key=key["SecretAccessKey"])
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName="alice")["VirtualMFADevice"]
    seed = device["Base32StringSeed"]
    now = sim.clock.now()
    iam.enable_mfa_device(
        UserName="alice",
        SerialNumber=device["SerialNumber"],
        AuthenticationCode1=totp.current_code(seed, now),
        AuthenticationCode2=totp.next_code(seed, now),
    )

    # Long-term keys: the MFA keys are absent, so "Bool ... true" does not match.
    assert "aws:MultiFactorAuthPresent" not in _context(sim, keys)
    with pytest.raises(ClientError) as raised:
        sim.client("iam", keys).list_users()
    assert error_code(raised) == "AccessDenied"

    # A minute later (the codes used to enable the device are spent), alice signs in with her app's code.
    signed_in_at = sim.clock.advance(minutes=1)
    console = sign_in(sim, ACCOUNT, "alice", PASSWORD, mfa_code=totp.current_code(seed, signed_in_at))
    alice = sim.client("iam", console)
    assert [u["UserName"] for u in alice.list_users()["Users"]] == ["alice"]
    alice.list_groups()

    sim.clock.advance(minutes=10)
    context = _context(sim, console)
    assert context["aws:MultiFactorAuthPresent"] == "true"
    assert context["aws:MultiFactorAuthAge"] == "600"
    assert context["aws:TokenIssueTime"] == "2026-01-05T09:01:00Z"

    # M5: two hours after signing in, MFA is no longer fresh; presence still is.
    sim.clock.advance(hours=2)
    alice.list_users()
    with pytest.raises(ClientError) as raised:
        alice.list_groups()
    assert error_code(raised) == "AccessDenied"

    # S3: past the 12-hour expiration, the console credentials stop working before any policy is read.
    sim.clock.advance(hours=10)
    assert sim.clock.now() - signed_in_at > timedelta(hours=12)
    with pytest.raises(ClientError) as raised:
        alice.list_users()
    assert error_code(raised) == "ExpiredToken"
