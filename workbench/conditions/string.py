"""Layer 1, String family: the kernels behind StringEquals, …IgnoreCase and …Like (C3).

Only the Like forms treat ``*``/``?`` as wildcards; their policy values arrive as Globs built from
tokens, so text that came from a variable or a ``${*}`` escape stays literal (V4, V5).
"""

from __future__ import annotations

from typing import Final

from workbench.conditions.kernel import Kernel, PolicyValue, always_valid, globs, texts
from workbench.wildcard import Glob


def _compile_exact(values: tuple[PolicyValue, ...]) -> frozenset[str]:
    return frozenset(texts(values))


def _hit_exact(text: str, data: frozenset[str]) -> bool:
    return text in data


def _compile_folded(values: tuple[PolicyValue, ...]) -> frozenset[str]:
    return frozenset(text.casefold() for text in texts(values))


def _hit_folded(text: str, data: frozenset[str]) -> bool:
    return text.casefold() in data


def _compile_like(values: tuple[PolicyValue, ...]) -> tuple[Glob, ...]:
    return tuple(globs(values))


def _hit_like(text: str, data: tuple[Glob, ...]) -> bool:
    for glob in data:  # noqa: SIM110 (any() over a generator costs 1.6x)
        if glob.matches(text):
            return True
    return False


EQUALS: Final = Kernel(_compile_exact, _hit_exact, always_valid)
EQUALS_IGNORE_CASE: Final = Kernel(_compile_folded, _hit_folded, always_valid)
LIKE: Final = Kernel(_compile_like, _hit_like, always_valid)
