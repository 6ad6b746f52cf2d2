"""Layer 1, entry point: operator names become ``ConditionOperator`` objects bound to their family's kernel.

The registry maps each AWS base operator (lower-cased, AMB-12) to its family, its polarity and the
kernel of its positive form; it is an immutable mapping built from constants.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from types import MappingProxyType
from typing import Any, Final

from workbench.conditions import arn, binary, boolean, date, ip, null, numeric, string
from workbench.conditions.evaluate import Evaluator, build_evaluator
from workbench.conditions.kernel import Family, Kernel, PolicyValue, RequestValue, SetQualifier
from workbench.errors import WorkbenchError


class UnknownOperatorError(WorkbenchError):
    """A condition operator name AWS does not know; AWS refuses to store such a policy.

    ``name`` is the name as written, ``suggestion`` the nearest valid operator (or None).
    """

    code = "policy_unknown_operator"

    def __init__(self, message: str, *, name: str, suggestion: str | None = None) -> None:
        super().__init__(message)
        self.name = name
        self.suggestion = suggestion

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "name": self.name, "suggestion": self.suggestion}


@dataclass(frozen=True, slots=True)
class _Spec:
    base: str
    family: Family
    negated: bool
    wildcards: bool
    kernel: Kernel[Any]


_SPECS: Final = (
    _Spec("StringEquals", "String", False, False, string.EQUALS),
    _Spec("StringNotEquals", "String", True, False, string.EQUALS),
    _Spec("StringEqualsIgnoreCase", "String", False, False, string.EQUALS_IGNORE_CASE),
    _Spec("StringNotEqualsIgnoreCase", "String", True, False, string.EQUALS_IGNORE_CASE),
    _Spec("StringLike", "String", False, True, string.LIKE),
    _Spec("StringNotLike", "String", True, True, string.LIKE),
    _Spec("NumericEquals", "Numeric", False, False, numeric.EQUALS),
    _Spec("NumericNotEquals", "Numeric", True, False, numeric.EQUALS),
    _Spec("NumericLessThan", "Numeric", False, False, numeric.LESS_THAN),
    _Spec("NumericLessThanEquals", "Numeric", False, False, numeric.LESS_THAN_EQUALS),
    _Spec("NumericGreaterThan", "Numeric", False, False, numeric.GREATER_THAN),
    _Spec("NumericGreaterThanEquals", "Numeric", False, False, numeric.GREATER_THAN_EQUALS),
    _Spec("DateEquals", "Date", False, False, date.EQUALS),
    _Spec("DateNotEquals", "Date", True, False, date.EQUALS),
    _Spec("DateLessThan", "Date", False, False, date.LESS_THAN),
    _Spec("DateLessThanEquals", "Date", False, False, date.LESS_THAN_EQUALS),
    _Spec("DateGreaterThan", "Date", False, False, date.GREATER_THAN),
    _Spec("DateGreaterThanEquals", "Date", False, False, date.GREATER_THAN_EQUALS),
    _Spec("Bool", "Bool", False, False, boolean.BOOL),
    _Spec("BinaryEquals", "Binary", False, False, binary.BINARY_EQUALS),
    _Spec("IpAddress", "IPAddress", False, False, ip.IP_ADDRESS),
    _Spec("NotIpAddress", "IPAddress", True, False, ip.IP_ADDRESS),
    _Spec("ArnEquals", "ARN", False, True, arn.ARN_LIKE),  # ArnEquals behaves as ArnLike (C9)
    _Spec("ArnLike", "ARN", False, True, arn.ARN_LIKE),
    _Spec("ArnNotEquals", "ARN", True, True, arn.ARN_LIKE),
    _Spec("ArnNotLike", "ARN", True, True, arn.ARN_LIKE),
    _Spec("Null", "Null", False, False, null.NULL),
)
_REGISTRY: Final = MappingProxyType({spec.base.lower(): spec for spec in _SPECS})

OPERATOR_NAMES: Final = tuple(spec.base for spec in _SPECS)
"""The canonical AWS base operator names, without qualifier or IfExists."""

_QUALIFIERS: Final[tuple[SetQualifier, ...]] = ("ForAllValues", "ForAnyValue")
_IF_EXISTS: Final = "IfExists"
# Every valid unqualified spelling, for "did you mean": Null has no IfExists form (C10).
_SUGGESTABLE: Final = OPERATOR_NAMES + tuple(n + _IF_EXISTS for n in OPERATOR_NAMES if n != "Null")


@dataclass(frozen=True, slots=True)
class CompiledValues:
    """Policy values of one condition key, parsed once for one operator by ``compile_values``."""

    values: tuple[PolicyValue, ...]
    data: Any = field(repr=False, compare=False)
    kernel: Kernel[Any] = field(repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class ConditionOperator:
    """A condition operator as written in a policy, resolved to its AWS meaning.

    Build it with ``parse_operator``. ``compile_values`` + ``matches`` are the fast path; they give
    the same answer as ``condition_matches``.
    """

    written: str
    base: str
    family: Family
    negated: bool
    if_exists: bool
    set_qualifier: SetQualifier | None
    _kernel: Kernel[Any] = field(init=False, repr=False, compare=False)
    _evaluate: Evaluator = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        spec = _REGISTRY.get(self.base.lower())
        if spec is None or spec.base != self.base:
            raise UnknownOperatorError(f"Unknown condition operator '{self.base}'", name=self.base)
        if (spec.family, spec.negated) != (self.family, self.negated):
            raise ValueError(f"{self.base} is family {spec.family}, negated={spec.negated}")
        if self.set_qualifier is not None and self.set_qualifier not in _QUALIFIERS:
            raise ValueError(f"set_qualifier must be one of {_QUALIFIERS} or None")
        if self.if_exists and spec.family == "Null":
            raise UnknownOperatorError(_NULL_IF_EXISTS.format(name=self.written), name=self.written)
        evaluate = build_evaluator(
            spec.kernel,
            negated=self.negated,
            if_exists=self.if_exists,
            set_qualifier=self.set_qualifier,
            is_null=spec.family == "Null",
        )
        object.__setattr__(self, "_kernel", spec.kernel)
        object.__setattr__(self, "_evaluate", evaluate)

    @property
    def uses_wildcards(self) -> bool:
        """True when the policy values are patterns (…Like, and the ARN operators: C9)."""
        return _REGISTRY[self.base.lower()].wildcards

    @property
    def accepts_variables(self) -> bool:
        """True when ``${…}`` is substituted in the values: String, ARN, and Bool (AMB-06)."""
        return self.family in ("String", "ARN", "Bool")

    @property
    def variables_documented(self) -> bool:
        """True when AWS documents variables for this family (String, ARN); validation flags Bool."""
        return self.family in ("String", "ARN")

    @property
    def canonical(self) -> str:
        """The name in AWS spelling, e.g. ``ForAnyValue:StringLikeIfExists``."""
        prefix = f"{self.set_qualifier}:" if self.set_qualifier else ""
        return prefix + self.base + (_IF_EXISTS if self.if_exists else "")

    def compile_values(self, values: tuple[PolicyValue, ...]) -> CompiledValues:
        """Parse the policy values once (Globs for ``uses_wildcards`` operators, else text)."""
        values = tuple(values)
        return CompiledValues(values, self._kernel.compile(values), self._kernel)

    def matches(self, request_value: RequestValue, compiled: CompiledValues) -> bool:
        """The condition's outcome for one key: same rules as ``condition_matches``.

        ``compiled`` must come from ``compile_values`` of an operator of the same kind (same
        base, or its negated twin: they share a kernel); anything else raises ValueError.
        """
        if compiled.kernel is not self._kernel:
            raise ValueError(f"values compiled for another kind of operator than {self.canonical}")
        return self._evaluate(request_value, compiled.data)

    def bind(self, compiled: CompiledValues) -> Callable[[RequestValue], bool]:
        """``matches`` with the values fixed in: one call per request on the engine's hot path."""
        if compiled.kernel is not self._kernel:
            raise ValueError(f"values compiled for another kind of operator than {self.canonical}")
        return partial(self._evaluate, data=compiled.data)


_EXAMPLES: Final = (
    " (operators look like StringEquals, StringLike, NumericLessThan, DateGreaterThan, Bool,"
    " BinaryEquals, IpAddress, ArnLike or Null, optionally with IfExists)"
)
_NULL_IF_EXISTS: Final = (
    "'{name}' is not a condition operator: Null already tests whether the key exists, "
    "so it takes no IfExists; did you mean Null?"
)


@lru_cache(maxsize=512)
def parse_operator(name: str) -> ConditionOperator:
    """Resolve an operator name, ignoring letter case (AMB-12); raise UnknownOperatorError if invalid."""
    qualifier: SetQualifier | None = None
    rest = name
    if ":" in name:
        head, rest = name.split(":", 1)
        qualifier = next((q for q in _QUALIFIERS if q.lower() == head.lower()), None)
        if qualifier is None:
            raise _bad_qualifier(name, head, rest)
    if_exists = rest.lower().endswith(_IF_EXISTS.lower())
    spec = _REGISTRY.get(rest[: -len(_IF_EXISTS)].lower() if if_exists else rest.lower())
    if spec is None:
        prefix = f"{qualifier}:" if qualifier else ""
        nearest = _closest(rest, _SUGGESTABLE)
        suggestion = prefix + nearest if nearest else None
        hint = f"; did you mean {suggestion}?" if suggestion else _EXAMPLES
        raise UnknownOperatorError(f"'{name}' is not a condition operator{hint}", name=name, suggestion=suggestion)
    if if_exists and spec.family == "Null":
        raise UnknownOperatorError(_NULL_IF_EXISTS.format(name=name), name=name, suggestion="Null")
    return ConditionOperator(name, spec.base, spec.family, spec.negated, if_exists, qualifier)


def _bad_qualifier(name: str, head: str, rest: str) -> UnknownOperatorError:
    """The error for ``head:rest`` when ``head`` is no set qualifier (a typo, or a stray colon)."""
    qualifier = _closest(head, _QUALIFIERS)
    if qualifier is None:  # e.g. "StringEquals:" – suggest the operator without the colon
        suggestion = _closest(name.replace(":", ""), _SUGGESTABLE)
    else:
        operator = _closest(rest, _SUGGESTABLE)
        suggestion = f"{qualifier}:{operator}" if operator else None
    hint = f"; did you mean {suggestion}?" if suggestion else ""
    message = (
        f"'{name}' is not a condition operator: '{head}' is not a set qualifier "
        f"(only ForAllValues: and ForAnyValue: may precede an operator){hint}"
    )
    return UnknownOperatorError(message, name=name, suggestion=suggestion)


def _closest(text: str, candidates: tuple[str, ...]) -> str | None:
    """The candidate nearest to ``text`` ignoring case, or None when none is reasonably close."""
    by_lower = {candidate.lower(): candidate for candidate in candidates}
    found = difflib.get_close_matches(text.lower(), by_lower, n=1, cutoff=0.6)
    return by_lower[found[0]] if found else None


@lru_cache(maxsize=4096)
def _compiled_data(base: str, values: tuple[PolicyValue, ...]) -> Any:
    """Compiled policy values, remembered: ``condition_matches`` is called with the same few.

    Keyed by the base name, whose hash Python caches, rather than by the kernel.
    """
    return _REGISTRY[base.lower()].kernel.compile(values)


def condition_matches(
    op: ConditionOperator, request_value: RequestValue, policy_values: tuple[PolicyValue, ...]
) -> bool:
    """Whether one key of a condition block holds: request value against the policy's values."""
    if type(policy_values) is not tuple:
        policy_values = tuple(policy_values)
    return op._evaluate(request_value, _compiled_data(op.base, policy_values))


def check_policy_value(op: ConditionOperator, value: str) -> str | None:
    """None when ``value`` is acceptable for ``op``, else a short reason for the learner."""
    return op._kernel.check(value)
