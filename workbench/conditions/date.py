"""Layer 1, Date family: the kernels behind DateEquals, DateLessThan, … (C5).

Either side may be a W3C/ISO-8601 timestamp or epoch seconds; both become the instant as exact
Decimal seconds since 1970-01-01T00:00:00Z, so ``1700000000`` equals
``2023-11-14T22:13:20Z`` and equals ``2023-11-14T23:13:20+01:00``.

Accepted timestamps: ``YYYY-MM``, ``YYYY-MM-DD`` (midnight UTC), and ``YYYY-MM-DD`` + ``T`` (or
``t`` or a space) + ``hh:mm``, ``hh:mm:ss`` or ``hh:mm:ss.fraction`` (any number of digits),
optionally followed by ``Z`` or an offset ``±hh:mm``/``±hhmm``/``±hh``. A timestamp without zone
is UTC. A bare integer such as ``2026`` is epoch seconds, never a year. Epoch values may be
negative or carry a decimal fraction.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Final

from workbench.conditions.kernel import ordered_kernels

_EPOCH: Final = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
_TIMESTAMP: Final = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2})"
    r"(?:[Tt ](?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})"
    r"(?::(?P<second>[0-9]{2})(?:[.,](?P<fraction>[0-9]+))?)?"
    r"(?P<zone>[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?)?)?"
)
_EPOCH_ORDINAL: Final = date(1970, 1, 1).toordinal()
_SECONDS_PER_DAY: Final = 86_400


@lru_cache(maxsize=1024)
def parse_instant(text: str) -> Decimal | None:
    """Seconds since the Unix epoch for a timestamp or epoch value, or None when it is neither."""
    if _EPOCH.fullmatch(text) is not None:
        return Decimal(text)
    match = _TIMESTAMP.fullmatch(text)
    if match is None:
        return None
    parts = match.groupdict()
    try:
        day = date(int(parts["year"]), int(parts["month"]), int(parts["day"] or 1))
    except ValueError:  # month 13, February 30, year 0000
        return None
    hour, minute, second = (int(parts[name] or 0) for name in ("hour", "minute", "second"))
    offset = _zone_offset(parts["zone"])
    if hour > 23 or minute > 59 or second > 59 or offset is None:
        return None
    seconds = (day.toordinal() - _EPOCH_ORDINAL) * _SECONDS_PER_DAY
    seconds += hour * 3600 + minute * 60 + second - offset
    fraction = parts["fraction"]
    return Decimal(seconds) + Decimal(f"0.{fraction}") if fraction else Decimal(seconds)


def _zone_offset(zone: str | None) -> int | None:
    """Seconds east of UTC for ``Z``/``±hh[:mm]`` (no zone is UTC), None for an impossible offset."""
    if zone is None or zone in ("Z", "z"):
        return 0
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        return None
    magnitude = hours * 3600 + minutes * 60
    return -magnitude if zone[0] == "-" else magnitude


def check_date(value: str) -> str | None:
    return None if parse_instant(value) is not None else f"'{value}' is not a date"


_KERNELS: Final = ordered_kernels(parse_instant, check_date)
EQUALS: Final = _KERNELS["Equals"]
LESS_THAN: Final = _KERNELS["LessThan"]
LESS_THAN_EQUALS: Final = _KERNELS["LessThanEquals"]
GREATER_THAN: Final = _KERNELS["GreaterThan"]
GREATER_THAN_EQUALS: Final = _KERNELS["GreaterThanEquals"]
