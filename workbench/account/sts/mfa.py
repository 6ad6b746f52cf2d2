"""STS step: proving MFA while asking for temporary credentials (M2) — the caller's own device and its TOTP code.

Codes are checked by :mod:`workbench.account.totp` with AMB-24's window (the current or the
previous 30-second step, never a step already accepted for that device). The device remembers the
last step it accepted, so the caller gets back the account with that device updated, to be saved
together with the new session.
"""

from __future__ import annotations

from datetime import datetime

from workbench.account.errors import AwsError
from workbench.account.model import Account
from workbench.account.totp import accepted_step

UNKNOWN_DEVICE = (
    "MultiFactorAuthentication failed, unable to validate MFA code. "
    "Please verify your MFA serial number is valid and associated with this user."
)
WRONG_CODE = "MultiFactorAuthentication failed with invalid MFA one time pass code."


def prove_mfa(
    account: Account, user_name: str, serial_number: str, code: str, now: datetime, operation: str
) -> Account:
    """Check that ``serial_number`` is an MFA device enabled for ``user_name`` and that ``code`` is its
    current code; return ``account`` with the device's last accepted step advanced.

    Raises ``AccessDenied`` with AWS's wording when the device is not the caller's or the code is wrong.
    """
    device = account.mfa_devices.get(serial_number)
    if device is None or device.user is None or device.user.lower() != user_name.lower() or device.enable_date is None:
        raise AwsError("AccessDenied", UNKNOWN_DEVICE, operation)
    step = accepted_step(device.seed_base32, code, now, device.last_accepted_step)
    if step is None:
        raise AwsError("AccessDenied", WRONG_CODE, operation)
    updated = device.model_copy(update={"last_accepted_step": step})
    return account.model_copy(update={"mfa_devices": {**account.mfa_devices, serial_number: updated}})
