"""Layer 1, Bool family: the kernel behind Bool (C6).

Both sides must read ``true`` or ``false`` in any letter case (JSON booleans reach us as that
text); any other text on either side never matches.
"""

from __future__ import annotations

from typing import Final

from workbench.conditions.kernel import Kernel, PolicyValue, texts


def parse_truth(text: str) -> bool | None:
    """True/False for ``true``/``false`` in any case, None for anything else.

    ``str.lower`` rather than ``casefold``: casefold maps ``ſ`` to ``s``, which would make the
    non-word ``falſe`` read as ``false``.
    """
    if len(text) > 5:  # skip lowering long text
        return None
    lowered = text.lower()
    return True if lowered == "true" else False if lowered == "false" else None


def check_bool(value: str) -> str | None:
    return None if parse_truth(value) is not None else "Bool takes true or false"


def _compile(values: tuple[PolicyValue, ...]) -> frozenset[bool]:
    return frozenset(truth for text in texts(values) if (truth := parse_truth(text)) is not None)


def _hit(text: str, data: frozenset[bool]) -> bool | None:
    truth = parse_truth(text)
    return None if truth is None else truth in data


BOOL: Final = Kernel(_compile, _hit, check_bool)
