"""Layer 1, ARN family: the kernel behind ArnEquals, ArnLike, ArnNotEquals and ArnNotLike (C9).

Both the pattern and the request ARN are cut into six parts at their first five colons and the
parts are matched one by one, case-sensitively, each with its own Glob: so a wildcard never
crosses a colon in the first five parts, while the sixth part (the resource) may itself contain
colons. ArnEquals is ArnLike: both honour ``*`` and ``?``. A request value with fewer than six
parts is not an ARN and fails the test (negated or not); a pattern with fewer than six parts can
equal no ARN, so it drops out like any unparsable policy value (never matches; "not equal" for
the negated forms).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final, TypeAlias

from workbench.conditions.kernel import Kernel, PolicyValue, always_valid, globs
from workbench.wildcard import Glob, split_tokens

_PARTS: Final = 6
Check: TypeAlias = tuple[tuple[tuple[int, str], ...], tuple[tuple[int, Glob], ...]]
"""A compiled pattern: (part index, literal text) pairs, then (part index, Glob) pairs."""


@lru_cache(maxsize=512)
def compile_pattern(pattern: Glob) -> Check | None:
    """The per-part checks for ``pattern`` (split on literal colons only), or None if too short.

    Parts without wildcards become string comparisons and parts that are a lone ``*`` are skipped:
    ARN patterns are mostly literal with ``*`` for region or account, so few Globs remain to run.
    """
    parts = split_tokens(pattern.tokens, ":", _PARTS - 1)
    if len(parts) < _PARTS:
        return None
    literals: list[tuple[int, str]] = []
    wildcards: list[tuple[int, Glob]] = []
    for index, tokens in enumerate(parts):
        glob = Glob(tokens)
        if glob.is_literal:
            literals.append((index, "".join(tokens)))
        elif not glob.matches_everything:
            wildcards.append((index, glob))
    return tuple(literals), tuple(wildcards)


def _compile(values: tuple[PolicyValue, ...]) -> tuple[Check, ...]:
    return tuple(check for glob in globs(values) if (check := compile_pattern(glob)) is not None)


def _hit(text: str, data: tuple[Check, ...]) -> bool | None:
    parts = text.split(":", _PARTS - 1)
    if len(parts) < _PARTS:
        return None
    for literals, wildcards in data:  # noqa: SIM110 (hot path)
        if _all_match(parts, literals, wildcards):
            return True
    return False


def _all_match(
    parts: list[str], literals: tuple[tuple[int, str], ...], wildcards: tuple[tuple[int, Glob], ...]
) -> bool:
    for index, literal in literals:  # plain loops: this runs per request
        if parts[index] != literal:
            return False
    for index, glob in wildcards:  # noqa: SIM110 (hot path)
        if not glob.matches(parts[index]):
            return False
    return True


ARN_LIKE: Final = Kernel(_compile, _hit, always_valid)
