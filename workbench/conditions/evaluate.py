"""Layer 1, the generic combination logic: absent keys, IfExists, set qualifiers, negation (C1, C2, C10–C12).

``build_evaluator`` runs once per operator (at parse time) and returns a small function specialised
for its shape, so the per-request path is one call plus the family's ``hit``:

=====================  =========  ==========  ============================  =========================
shape                  absent     ``()``      ``"v"``                       ``("v1", "v2")``
=====================  =========  ==========  ============================  =========================
Op                     False      False       hit(v)                        False (AMB-08)
NotOp                  True       False       not hit(v)  (NOR, C1)         False (AMB-08)
Op/NotOp + IfExists    True       False       as without IfExists           False (AMB-08)
ForAllValues:Op        True       True        as ``("v",)``                 every value passes Op
ForAnyValue:Op         False      False       as ``("v",)``                 some value passes Op
Null                   absent?    absent?     present                       present
=====================  =========  ==========  ============================  =========================

A request value the family cannot read (``hit`` returns None: "abc" for a number) fails the
per-value test, negated operator or not. Under a set qualifier IfExists changes nothing: the
qualifier's own rule for an absent or empty key wins. Null ignores set qualifiers, and counts an
empty tuple as absent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeAlias

from workbench.conditions.kernel import Kernel, RequestValue, SetQualifier


class Evaluator(Protocol):
    """``(request_value, data) -> bool``; ``data`` is passed by keyword by ``ConditionOperator.bind``."""

    def __call__(self, request: RequestValue, data: Any) -> bool: ...


def build_evaluator(
    kernel: Kernel[Any],
    *,
    negated: bool,
    if_exists: bool,
    set_qualifier: SetQualifier | None,
    is_null: bool,
) -> Evaluator:
    """The function ``(request_value, compiled_data) -> bool`` for one operator shape."""
    if is_null:
        return _null
    hit = kernel.hit
    if set_qualifier is None:
        return _plain(hit, negated=negated, absent=negated or if_exists)
    passes = _negated_test(hit) if negated else _positive_test(hit)
    return _for_all(passes) if set_qualifier == "ForAllValues" else _for_any(passes)


def _null(request: RequestValue, data: frozenset[bool]) -> bool:
    absent = request is None or request == ()
    return absent in data


def _plain(hit: Callable[[str, Any], bool | None], *, negated: bool, absent: bool) -> Evaluator:
    if negated:

        def plain_negated(request: RequestValue, data: Any) -> bool:
            if request is None:
                return absent
            if isinstance(request, str):
                return hit(request, data) is False  # NOR: no policy value matched
            return False  # multivalued key under a plain operator (AMB-08)

        return plain_negated

    def plain(request: RequestValue, data: Any) -> bool:
        if request is None:
            return absent
        if isinstance(request, str):
            return hit(request, data) is True
        return False  # multivalued key under a plain operator (AMB-08)

    return plain


Test: TypeAlias = Callable[[str, Any], bool]


def _positive_test(hit: Callable[[str, Any], bool | None]) -> Test:
    def passes(value: str, data: Any) -> bool:
        return hit(value, data) is True

    return passes


def _negated_test(hit: Callable[[str, Any], bool | None]) -> Test:
    def passes(value: str, data: Any) -> bool:
        return hit(value, data) is False

    return passes


def _for_all(passes: Test) -> Evaluator:
    def for_all_values(request: RequestValue, data: Any) -> bool:
        if request is None:
            return True
        if isinstance(request, str):
            return passes(request, data)  # a single value is a set of one
        for value in request:  # noqa: SIM110 (hot path; () gives True)
            if not passes(value, data):
                return False
        return True

    return for_all_values


def _for_any(passes: Test) -> Evaluator:
    def for_any_value(request: RequestValue, data: Any) -> bool:
        if request is None:
            return False
        if isinstance(request, str):
            return passes(request, data)
        for value in request:  # noqa: SIM110 (hot path; () gives False)
            if passes(value, data):
                return True
        return False

    return for_any_value
