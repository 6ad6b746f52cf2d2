"""Console sign-in: a password (and a TOTP code when MFA is enabled) → 12-hour console-session credentials.

This stands in for the AWS sign-in page. The credentials are temporary (``ASIA…`` + token), so
their requests carry ``aws:MultiFactorAuthPresent`` — ``true`` with ``aws:MultiFactorAuthAge``
when a code was given (M2) — and ``aws:TokenIssueTime``; after 12 hours they fail with
``ExpiredToken``. Signing in records the password's last use (at most once per 5 minutes, A1).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from workbench.account.activity import ActivityEvent
from workbench.account.callers import Credentials
from workbench.account.credential_use import PASSWORD_USE_RECORDING
from workbench.account.errors import AwsError
from workbench.account.model import Account, MFADevice, Session
from workbench.account.passwords import password_matches
from workbench.account.totp import accepted_step

if TYPE_CHECKING:
    from workbench.account.simulation import Simulation

CONSOLE_SESSION = timedelta(hours=12)

_OPERATION = "ConsoleSignIn"
_INCORRECT = "Your authentication information is incorrect. Please try again."


def _refused(detail: str) -> AwsError:
    return AwsError("SignInFailed", f"{_INCORRECT} ({detail})", _OPERATION, status=403)


def _last_used(previous: datetime | None, now: datetime) -> datetime:
    if previous is not None and now - previous < PASSWORD_USE_RECORDING:
        return previous
    return now


def _check_mfa(account: Account, serials: tuple[str, ...], code: str | None, now: datetime) -> MFADevice | None:
    """The device that accepted ``code`` (with its step recorded), None when no device is enabled."""
    if not serials:
        return None
    if code is None:
        raise _refused("this identity has an MFA device: give mfa_code, the code your authenticator app shows")
    for serial in serials:
        device = account.mfa_devices.get(serial)
        if device is None:
            continue
        step = accepted_step(device.seed_base32, code, now, device.last_accepted_step)
        if step is not None:
            return device.model_copy(update={"last_accepted_step": step})
    raise _refused("the MFA code is wrong, too old, or was already used; wait for the next code")


def sign_in(
    sim: Simulation, account_id: str, user_name: str | None, password: str, mfa_code: str | None = None
) -> Credentials:
    """Sign in to the console as IAM user ``user_name`` (None: the root user) and return session credentials.

    Raises ``SignInFailed`` for an unknown account or user, a user without a password, a wrong
    password, or a missing or wrong MFA code when the identity has an enabled MFA device.
    """
    now = sim.clock.now()
    account = sim.state.accounts.get(account_id)
    if account is None:
        raise _refused(f"no account {account_id}")
    if user_name is None:
        if not password_matches(password, account.root.password_hash):
            raise _refused("wrong root user password")
        device = _check_mfa(account, account.root.mfa_serials, mfa_code, now)
        root = account.root.model_copy(update={"password_last_used": _last_used(account.root.password_last_used, now)})
        account = account.model_copy(update={"root": root})
        arn, session_user = f"arn:aws:iam::{account_id}:root", None
    else:
        user = account.users.get(user_name.lower())
        if user is None or user.login_profile is None:
            raise _refused(f"no IAM user {user_name} with a console password")
        if not password_matches(password, user.login_profile.password_hash):
            raise _refused("wrong password")
        device = _check_mfa(account, user.mfa_serials, mfa_code, now)
        user = user.model_copy(update={"password_last_used": _last_used(user.password_last_used, now)})
        account = account.model_copy(update={"users": {**account.users, user.name.lower(): user}})
        arn, session_user = user.arn, user.name
    if device is not None:
        account = account.model_copy(update={"mfa_devices": {**account.mfa_devices, device.serial_number: device}})
    session = Session(
        access_key_id=sim.ids.access_key_id(temporary=True),
        secret_access_key=sim.ids.secret(),
        session_token=sim.ids.session_token(),
        kind="console",
        account_id=account_id,
        arn=arn,
        issued=now,
        expiration=now + CONSOLE_SESSION,
        user_name=session_user,
        mfa_authenticated_at=now if device is not None else None,
    )
    sim.update(
        lambda state: state.model_copy(
            update={
                "accounts": {**state.accounts, account_id: account},
                "sessions": {**state.sessions, session.access_key_id: session},
            }
        )
    )
    sim.activity.record(  # CloudTrail records console sign-ins as ConsoleLogin events
        ActivityEvent(
            event_time=now,
            event_source="signin.amazonaws.com",
            event_name="ConsoleLogin",
            aws_region="us-east-1",
            source_ip=None,
            account_id=account_id,
            principal_type="Root" if user_name is None else "IAMUser",
            principal_arn=arn,
            access_key_id=None,
            mfa_authenticated=device is not None,
            request_id=sim.next_request_id(),
        )
    )
    return Credentials(
        access_key_id=session.access_key_id,
        secret_access_key=session.secret_access_key,
        session_token=session.session_token,
        expiration=session.expiration,
    )
