"""Layer 1, Null family: the policy side of the Null operator (C10).

Null tests presence, not a value, so it has no request-side comparison: ``evaluate.py`` decides
whether the key is present and this kernel only says which answers the policy accepts
(``true`` = the key must be absent, ``false`` = present; any letter case).
"""

from __future__ import annotations

from typing import Final

from workbench.conditions.boolean import parse_truth
from workbench.conditions.kernel import Kernel, PolicyValue, texts


def check_null(value: str) -> str | None:
    return None if parse_truth(value) is not None else "Null takes true or false"


def _compile(values: tuple[PolicyValue, ...]) -> frozenset[bool]:
    """The set of acceptable answers to "is the key absent?"."""
    return frozenset(truth for text in texts(values) if (truth := parse_truth(text)) is not None)


def _hit(text: str, data: frozenset[bool]) -> bool:
    return False in data  # a value is present; kept for completeness, evaluate.py tests presence


NULL: Final = Kernel(_compile, _hit, check_null)
