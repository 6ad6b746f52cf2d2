"""Layer 1, Numeric family: the kernels behind NumericEquals, NumericLessThan, … (C4).

Values are integers or decimals (``10``, ``-3``, ``1.5``) compared exactly as Decimals, so
``10`` equals ``10.0`` and no binary floating-point rounding creeps in. Exponents, ``NaN``,
``Infinity`` and surrounding spaces are not numbers here.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Final

from workbench.conditions.kernel import ordered_kernels

_NUMBER: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


@lru_cache(maxsize=1024)
def parse_number(text: str) -> Decimal | None:
    """The value of ``text`` as a Decimal, or None when it is not a plain integer or decimal."""
    if _NUMBER.fullmatch(text) is None:
        return None
    return Decimal(text)


def check_number(value: str) -> str | None:
    return None if parse_number(value) is not None else f"'{value}' is not a number"


_KERNELS: Final = ordered_kernels(parse_number, check_number)
EQUALS: Final = _KERNELS["Equals"]
LESS_THAN: Final = _KERNELS["LessThan"]
LESS_THAN_EQUALS: Final = _KERNELS["LessThanEquals"]
GREATER_THAN: Final = _KERNELS["GreaterThan"]
GREATER_THAN_EQUALS: Final = _KERNELS["GreaterThanEquals"]
