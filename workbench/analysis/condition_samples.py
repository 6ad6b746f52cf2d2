"""Analysis, shared sampling: a condition clause → request values that satisfy it, values that do not, and absence.

The external-access analyzer and the policy checks both decide *sampled* requests with the engine.
This module only proposes the values to try for each condition key; the engine has the last word.
Proposals per operator family:

- String / ARN: each policy value, with ``*`` and ``?`` instantiated by a fixed token (``${*}``,
  ``${?}`` and ``${$}`` read as their literal characters; values holding other policy variables
  are skipped, since their meaning depends on the request); plus a fixed "other" value.
- Numeric / Date: each bound, one below and one above it (a day, for dates).
- Bool: ``true`` and ``false``. Binary: each value and another one. IpAddress: an address inside
  each network, and addresses from the documentation ranges outside them.
- Null: absent and present.
- Set operators (``ForAllValues:``/``ForAnyValue:``): each proposal as a one-element list, and the
  empty list.

Every proposal is then sorted by the operator as written (``condition_matches``): "matching"
values make the clause true, "non-matching" ones make it false, and absence is always offered.
"""

from __future__ import annotations

import ipaddress
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from workbench.conditions import (
    ConditionOperator,
    RequestValue,
    UnknownOperatorError,
    condition_matches,
    parse_operator,
)
from workbench.conditions.date import parse_instant
from workbench.conditions.numeric import parse_number
from workbench.policy.model import ConditionClause

SAMPLE_TOKEN = "analysis-sample"
"""What a ``*`` (or ``?``'s one character) becomes when a pattern is instantiated."""
OTHER_VALUE = "analysis-other-value"
_OTHER_ARNS = ("arn:aws:iam::000000000000:role/analysis-other", "arn:aws:s3:::analysis-other-bucket")
_OTHER_ADDRESSES = ("198.51.100.7", "192.0.2.77", "203.0.113.201", "10.255.255.254", "2001:db8::77")
_OTHER_BINARY = "YW5hbHlzaXMtb3RoZXI="
_VALUES_PER_CLAUSE = 3
_ESCAPES = {"${*}": "*", "${?}": "?", "${$}": "$"}


@dataclass(frozen=True, slots=True)
class ClauseSamples:
    """Values proposed for one clause, sorted by what the clause says about them."""

    clause: ConditionClause
    matching: tuple[RequestValue, ...]
    """Present values that make the clause true."""
    non_matching: tuple[RequestValue, ...]
    """Present values that make the clause false."""
    absent_matches: bool
    """Whether the clause is true when the key is absent (negated operators, IfExists, ForAllValues:, Null true)."""


@dataclass(frozen=True, slots=True)
class KeySamples:
    """The values to try for one condition key (None: the key is absent), in the order to try them."""

    key: str
    values: tuple[RequestValue, ...]


def instantiate(pattern: str, *, token: str = SAMPLE_TOKEN) -> str | None:
    """A concrete text a ``*``/``?`` pattern matches (``${*}``-style escapes are literal); None with variables."""
    out: list[str] = []
    index = 0
    while index < len(pattern):
        escape = next((e for e in _ESCAPES if pattern.startswith(e, index)), None)
        if escape is not None:
            out.append(_ESCAPES[escape])
            index += len(escape)
            continue
        if pattern.startswith("${", index):
            return None  # a policy variable: its value depends on the request
        char = pattern[index]
        out.append(token if char == "*" else token[0] if char == "?" else char)
        index += 1
    return "".join(out)


def clause_samples(clause: ConditionClause) -> ClauseSamples | None:
    """Sort proposals for ``clause`` into matching and non-matching values; None for an unknown operator."""
    try:
        operator = parse_operator(clause.operator)
    except UnknownOperatorError:
        return None
    policy_values = tuple(None if "${" in value else value for value in clause.values)
    proposals: list[RequestValue] = [v for v in dict.fromkeys(_proposals(operator, clause.values)) if v is not None]
    if operator.set_qualifier is not None:
        proposals = [(value,) for value in proposals if isinstance(value, str)] + [()]
    matching: list[RequestValue] = []
    non_matching: list[RequestValue] = []
    for value in proposals:
        (matching if condition_matches(operator, value, policy_values) else non_matching).append(value)
    return ClauseSamples(
        clause=clause,
        matching=tuple(matching[:_VALUES_PER_CLAUSE]),
        non_matching=tuple(non_matching[:1]),
        absent_matches=condition_matches(operator, None, policy_values),
    )


def key_samples(
    clauses: Iterable[ConditionClause], *, skip: Callable[[str], bool] = lambda key: False
) -> tuple[KeySamples, ...]:
    """Per condition key (keys whose lower-cased name ``skip`` accepts left out): matching, non-matching, absent.

    Keys come in the order they are first written; a key tested by several clauses gets the
    proposals of each.
    """
    grouped: dict[str, tuple[str, list[RequestValue]]] = {}
    for clause in clauses:
        folded = clause.key.lower()
        if skip(folded):
            continue
        samples = clause_samples(clause)
        if samples is None:
            continue
        _, values = grouped.setdefault(folded, (clause.key, []))
        values.extend((*samples.matching, *samples.non_matching))
    return tuple(KeySamples(key=written, values=(*_unique(values), None)) for written, values in grouped.values())


def context_variants(samples: Sequence[KeySamples], *, limit: int) -> Iterator[dict[str, str | tuple[str, ...]]]:
    """Up to ``limit`` request contexts: the product of every key's values, first values first (absent keys omitted)."""
    choices = [sample.values for sample in samples]
    for combination in itertools.islice(itertools.product(*choices), limit):
        yield {sample.key: value for sample, value in zip(samples, combination, strict=True) if value is not None}


def _unique(values: Iterable[RequestValue]) -> list[RequestValue]:
    return list(dict.fromkeys(values))


def _proposals(operator: ConditionOperator, values: tuple[str, ...]) -> Iterator[str | None]:
    family = operator.family
    if family in ("String", "ARN"):
        for value in values:
            concrete = instantiate(value)
            if concrete is not None:
                yield concrete
        yield from _OTHER_ARNS if family == "ARN" else (OTHER_VALUE,)
    elif family == "Numeric":
        for value in values:
            number = parse_number(value)
            if number is not None:
                yield from (_number_text(number + delta) for delta in (0, -1, 1))
        yield "0"
    elif family == "Date":
        for value in values:
            instant = parse_instant(value)
            if instant is not None:
                yield from (_date_text(instant + delta) for delta in (0, -86_400, 86_400))
    elif family == "Bool":
        yield from ("true", "false")
    elif family == "Binary":
        yield from (*values, _OTHER_BINARY)
    elif family == "IPAddress":
        yield from (_inside(value) for value in values)
        yield from _OTHER_ADDRESSES
    elif family == "Null":
        yield SAMPLE_TOKEN


def _number_text(number: Decimal) -> str:
    return format(number.normalize(), "f") if number == number.to_integral_value() else str(number)


def _date_text(instant: Decimal) -> str:
    return datetime.fromtimestamp(int(instant), tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _inside(cidr: str) -> str | None:
    try:
        network = ipaddress.ip_network(cidr.strip(), strict=False)
    except ValueError:
        return None
    return str(network.network_address + 1 if network.num_addresses > 2 else network.network_address)
