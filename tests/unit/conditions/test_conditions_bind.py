"""``ConditionOperator.bind`` (the engine's hot path) answers exactly as ``condition_matches``."""

import itertools

import pytest

from workbench.conditions import OPERATOR_NAMES, condition_matches, parse_operator
from workbench.wildcard import Glob

REQUEST_VALUES = [
    None,
    (),
    "true",
    "10",
    "203.0.113.7",
    "2026-01-01T00:00:00Z",
    "arn:aws:s3:::b/k",
    ("a", ""),
]
POLICY_VALUES = ["true", "10", "203.0.113.0/24", "2025-06-01T00:00:00Z", "arn:aws:s3:::b/*", "a"]
NAMES = [
    f"{qualifier}{base}{suffix}"
    for base in OPERATOR_NAMES
    for qualifier, suffix in itertools.product(["", "ForAllValues:", "ForAnyValue:"], ["", "IfExists"])
    if not (base == "Null" and suffix)
]


@pytest.mark.parametrize("name", NAMES)
def test_bound_operator_agrees_with_condition_matches(name: str) -> None:
    operator = parse_operator(name)
    values = tuple(Glob.compile(v) if operator.uses_wildcards else v for v in POLICY_VALUES)
    bound = operator.bind(operator.compile_values(values))
    for request_value in REQUEST_VALUES:
        assert bound(request_value) == condition_matches(operator, request_value, values), request_value
