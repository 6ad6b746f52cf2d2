"""TOTP codes (M1, AMB-24): real RFC 6238 codes, the current-or-previous-step window, and no replay."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

from workbench.account import totp

RFC_SEED = base64.b32encode(b"12345678901234567890").decode()
"""RFC 6238's SHA-1 test secret."""


def test_codes_are_rfc_6238_codes() -> None:
    # RFC 6238 appendix B: at T=59 s the 8-digit SHA-1 code is 94287082; six digits keep the last six.
    assert totp.code_at(RFC_SEED, datetime.fromtimestamp(59, UTC)) == "287082"
    assert totp.code_at(RFC_SEED, datetime.fromtimestamp(1111111109, UTC)) == "081804"


def test_seed_may_be_the_bytes_boto3_returns() -> None:
    now = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    assert totp.current_code(RFC_SEED.encode(), now) == totp.current_code(RFC_SEED, now)


def test_steps_are_thirty_seconds() -> None:
    start = datetime(2026, 1, 5, 9, 0, 0, tzinfo=UTC)
    assert totp.step_of(start + timedelta(seconds=29)) == totp.step_of(start)
    assert totp.step_of(start + timedelta(seconds=30)) == totp.step_of(start) + 1
    assert totp.next_code(RFC_SEED, start) == totp.code_at(RFC_SEED, start + timedelta(seconds=30))


def test_current_and_previous_step_are_accepted_older_ones_are_not() -> None:
    now = datetime(2026, 1, 5, 9, 0, 10, tzinfo=UTC)
    step = totp.step_of(now)
    assert totp.accepted_step(RFC_SEED, totp.code_for_step(RFC_SEED, step), now, None) == step
    assert totp.accepted_step(RFC_SEED, totp.code_for_step(RFC_SEED, step - 1), now, None) == step - 1
    assert totp.accepted_step(RFC_SEED, totp.code_for_step(RFC_SEED, step - 2), now, None) is None
    assert totp.accepted_step(RFC_SEED, totp.code_for_step(RFC_SEED, step + 1), now, None) is None


def test_an_accepted_step_is_never_accepted_again() -> None:
    now = datetime(2026, 1, 5, 9, 0, 10, tzinfo=UTC)
    step = totp.step_of(now)
    code = totp.code_for_step(RFC_SEED, step)
    assert totp.accepted_step(RFC_SEED, code, now, last_accepted_step=step) is None
    previous = totp.code_for_step(RFC_SEED, step - 1)
    assert totp.accepted_step(RFC_SEED, previous, now, last_accepted_step=step) is None
    assert totp.accepted_step(RFC_SEED, code, now, last_accepted_step=step - 1) == step


def test_enabling_wants_two_consecutive_codes() -> None:
    now = datetime(2026, 1, 5, 9, 0, 10, tzinfo=UTC)
    step = totp.step_of(now)
    code = lambda s: totp.code_for_step(RFC_SEED, s)  # noqa: E731
    assert totp.accepted_pair(RFC_SEED, code(step - 1), code(step), now, None) == step
    assert totp.accepted_pair(RFC_SEED, code(step), code(step + 1), now, None) == step + 1
    assert totp.accepted_pair(RFC_SEED, code(step), code(step), now, None) is None
    assert totp.accepted_pair(RFC_SEED, code(step - 2), code(step - 1), now, None) is None
    assert totp.accepted_pair(RFC_SEED, code(step - 1), code(step), now, last_accepted_step=step) is None
