"""MFA codes: RFC 6238 time-based one-time passwords (via pyotp) on the simulated clock, with AMB-24's window.

A virtual MFA device and IAM share a base32 seed; both derive a six-digit code from it and the
current 30-second *step* (seconds since the epoch // 30). IAM accepts a code for the current or the
previous step (AMB-24: the window is not documented, this is the workbench's choice) and never accepts
a step it has already accepted for that device, so a code cannot be replayed. Lessons and tests get the
codes a phone app would show with :func:`current_code` and :func:`code_at`.
"""

from __future__ import annotations

import hmac
from datetime import datetime, timedelta

import pyotp

STEP_SECONDS = 30
"""The TOTP time step (RFC 6238's default, which AWS virtual MFA devices use)."""

ACCEPTED_STEPS_BACK = 1
"""How many steps before the current one a code may belong to and still be accepted (AMB-24)."""

Seed = str | bytes
"""A base32 seed: text, or the bytes boto3 returns as ``Base32StringSeed``."""


def _seed_text(seed: Seed) -> str:
    return seed.decode("ascii") if isinstance(seed, bytes) else seed


def step_of(moment: datetime) -> int:
    """The TOTP step that contains ``moment`` (timezone-aware)."""
    return int(moment.timestamp()) // STEP_SECONDS


def code_for_step(seed: Seed, step: int) -> str:
    """The six-digit code of ``step`` for a device with this seed."""
    return pyotp.TOTP(_seed_text(seed), interval=STEP_SECONDS).generate_otp(step)


def code_at(seed: Seed, moment: datetime) -> str:
    """The code a device with this seed shows at ``moment``."""
    return code_for_step(seed, step_of(moment))


def current_code(seed: Seed, now: datetime) -> str:
    """The code the device shows now (pass ``sim.clock.now()``): what a learner types from the phone app."""
    return code_at(seed, now)


def next_code(seed: Seed, now: datetime) -> str:
    """The code the device will show 30 seconds from now: ``EnableMFADevice``'s second code, without waiting."""
    return code_at(seed, now + timedelta(seconds=STEP_SECONDS))


def _same(code: str, expected: str) -> bool:
    return hmac.compare_digest(code.encode(), expected.encode())


def accepted_step(seed: Seed, code: str, now: datetime, last_accepted_step: int | None) -> int | None:
    """The step ``code`` proves, if IAM accepts it now: the current or previous step, never one already used.

    Returns None for a wrong, stale or replayed code. The caller records the returned step on the device.
    """
    current = step_of(now)
    for step in range(current, current - ACCEPTED_STEPS_BACK - 1, -1):
        if last_accepted_step is not None and step <= last_accepted_step:
            break
        if _same(code, code_for_step(seed, step)):
            return step
    return None


def accepted_pair(seed: Seed, first: str, second: str, now: datetime, last_accepted_step: int | None) -> int | None:
    """Two consecutive codes (steps t and t+1, with t the current or previous step), as EnableMFADevice wants.

    Returns the step of the second code (the one to record), or None when the pair is not accepted.
    """
    current = step_of(now)
    for step in range(current, current - ACCEPTED_STEPS_BACK - 1, -1):
        if last_accepted_step is not None and step <= last_accepted_step:
            break
        if _same(first, code_for_step(seed, step)) and _same(second, code_for_step(seed, step + 1)):
            return step + 1
    return None
