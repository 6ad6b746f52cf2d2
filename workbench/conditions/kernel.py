"""Layer 1, shared by every operator family: the value types and the ``Kernel`` each base operator provides.

A kernel splits one base operator into the part done once per policy (``compile`` the policy values)
and the part done on every request (``hit``: does one request value match any compiled value?).
Negated operators reuse the kernel of their positive twin and take the NOR of its hits
(see ``evaluate.py``), so a family module only ever describes positive comparisons.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Generic, Literal, TypeAlias, TypeVar

from workbench.wildcard import Glob

PolicyValue: TypeAlias = str | Glob | None
"""One value a policy lists for a key, already resolved: ``None`` is an unresolved variable (V2)."""

RequestValue: TypeAlias = str | tuple[str, ...] | None
"""A key in the request: ``None`` absent, ``str`` single-valued, ``tuple`` multivalued (maybe empty)."""

Family: TypeAlias = Literal["String", "Numeric", "Date", "Bool", "Binary", "IPAddress", "ARN", "Null"]
SetQualifier: TypeAlias = Literal["ForAllValues", "ForAnyValue"]

D = TypeVar("D")


@dataclass(frozen=True, slots=True)
class Kernel(Generic[D]):
    """How one positive base operator compares request values with policy values.

    ``compile`` turns the policy values into data ``D``, dropping every value that can never be
    equal to anything (unresolved variables, unparsable numbers, dates, CIDRs…): such a value never
    matches in a positive test and counts as "not equal" in a negated one, so leaving it out gives
    both answers at once. ``hit`` answers True/False for one request value, or None when the request
    value is not of the operator's type (then the test fails whether or not the operator is negated).
    ``check`` is the validation hook: None when a policy value is acceptable, else the reason.
    """

    compile: Callable[[tuple[PolicyValue, ...]], D]
    hit: Callable[[str, D], bool | None]
    check: Callable[[str], str | None]


def always_valid(value: str) -> str | None:
    """Validation hook for families that accept any text (String, ARN)."""
    return None


def texts(values: Iterable[PolicyValue]) -> Iterable[str]:
    """The policy values as text for operators without wildcards (a Glob given here is read as text)."""
    for value in values:
        if value is None:
            continue  # unresolved variable: drops out, see Kernel
        yield value.source if isinstance(value, Glob) else value


def globs(values: Iterable[PolicyValue]) -> Iterable[Glob]:
    """The policy values as patterns; plain text is compiled with ``*``/``?`` as wildcards."""
    for value in values:
        if value is None:
            continue
        yield value if isinstance(value, Glob) else Glob.compile(value)


def ordered_kernels(
    parse: Callable[[str], Decimal | None], check: Callable[[str], str | None]
) -> Mapping[str, Kernel[Any]]:
    """Equals/LessThan/… kernels for a family whose values parse to comparable Decimals.

    Values of one key are ORed, so "request < any listed value" is "request < the largest one":
    each relational operator compiles to a single bound and costs one comparison per request.
    """

    def parsed(values: tuple[PolicyValue, ...]) -> list[Decimal]:
        return [number for text in texts(values) if (number := parse(text)) is not None]

    def equal_set(values: tuple[PolicyValue, ...]) -> frozenset[Decimal]:
        return frozenset(parsed(values))  # equal Decimals hash equally: "1.0" finds "1"

    def upper(values: tuple[PolicyValue, ...]) -> Decimal | None:
        return max(parsed(values), default=None)

    def lower(values: tuple[PolicyValue, ...]) -> Decimal | None:
        return min(parsed(values), default=None)

    def hit_equals(text: str, data: frozenset[Decimal]) -> bool | None:
        number = parse(text)
        return None if number is None else number in data

    def hit_less(text: str, bound: Decimal | None) -> bool | None:
        number = parse(text)
        return None if number is None else bound is not None and number < bound

    def hit_less_equal(text: str, bound: Decimal | None) -> bool | None:
        number = parse(text)
        return None if number is None else bound is not None and number <= bound

    def hit_greater(text: str, bound: Decimal | None) -> bool | None:
        number = parse(text)
        return None if number is None else bound is not None and number > bound

    def hit_greater_equal(text: str, bound: Decimal | None) -> bool | None:
        number = parse(text)
        return None if number is None else bound is not None and number >= bound

    return MappingProxyType(
        {
            "Equals": Kernel(equal_set, hit_equals, check),
            "LessThan": Kernel(upper, hit_less, check),
            "LessThanEquals": Kernel(upper, hit_less_equal, check),
            "GreaterThan": Kernel(lower, hit_greater, check),
            "GreaterThanEquals": Kernel(lower, hit_greater_equal, check),
        }
    )
