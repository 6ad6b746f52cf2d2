"""Layer 0: the simulated clock. Lessons advance it ("one hour later…"); nothing reads the wall clock.

Credential expiry, TOTP codes, ``aws:CurrentTime``, ``aws:EpochTime``, ``aws:MultiFactorAuthAge``
and ``aws:TokenIssueTime`` all come from here, so every run of a lesson prints the same thing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

DEFAULT_START = datetime(2026, 1, 5, 9, 0, 0, tzinfo=UTC)
"""Monday 5 January 2026, 09:00 UTC: a fixed, ordinary working morning."""


class SimulatedClock:
    """A clock that only moves when told to. Times are timezone-aware UTC, to the second."""

    __slots__ = ("_now",)

    def __init__(self, start: datetime = DEFAULT_START) -> None:
        if start.tzinfo is None:
            raise ValueError("the simulated clock needs a timezone-aware start time (UTC)")
        self._now = start.astimezone(UTC).replace(microsecond=0)

    def now(self) -> datetime:
        return self._now

    def epoch(self) -> int:
        return int(self._now.timestamp())

    def advance(self, *, seconds: float = 0, minutes: float = 0, hours: float = 0, days: float = 0) -> datetime:
        """Move forward (never backward) and return the new time."""
        step = timedelta(seconds=seconds, minutes=minutes, hours=hours, days=days)
        if step < timedelta(0):
            raise ValueError("the simulated clock only moves forward")
        self._now = (self._now + step).replace(microsecond=0)
        return self._now

    def set(self, moment: datetime) -> None:
        """Jump to ``moment`` (used when a saved simulation is loaded)."""
        if moment.tzinfo is None:
            raise ValueError("use a timezone-aware time (UTC)")
        self._now = moment.astimezone(UTC).replace(microsecond=0)

    def __repr__(self) -> str:
        return f"SimulatedClock({self._now.isoformat()})"


def iso(moment: datetime) -> str:
    """AWS's timestamp text: ``2026-01-05T09:00:00Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
