"""Numeric operators (C4): integers and decimals compared exactly, unparsable values never match."""

import pytest

from workbench.conditions import check_policy_value, condition_matches, parse_operator


def holds(name: str, request: str | None, *values: str | None) -> bool:
    return condition_matches(parse_operator(name), request, tuple(values))


@pytest.mark.parametrize(
    ("name", "request_value", "values", "expected"),
    [
        # C4 example: NumericLessThanEquals s3:max-keys 10
        ("NumericLessThanEquals", "5", ["10"], True),
        ("NumericLessThanEquals", "50", ["10"], False),
        ("NumericLessThanEquals", "10", ["10"], True),
        ("NumericLessThan", "10", ["10"], False),
        ("NumericLessThan", "9.99", ["10"], True),
        ("NumericGreaterThan", "10", ["10"], False),
        ("NumericGreaterThan", "10.01", ["10"], True),
        ("NumericGreaterThanEquals", "10", ["10"], True),
        ("NumericGreaterThanEquals", "-3", ["-2"], False),
        ("NumericEquals", "10", ["10"], True),
        ("NumericEquals", "10.0", ["10"], True),
        ("NumericEquals", "1.5", ["1.50"], True),
        ("NumericEquals", "-3", ["-3"], True),
        ("NumericEquals", "+3", ["3"], True),
        ("NumericEquals", "0.1", ["0.10000000000000001"], False),  # exact, not float
        ("NumericNotEquals", "10", ["10.0"], False),
        ("NumericNotEquals", "11", ["10"], True),
        # several values are ORed; NotEquals is the NOR
        ("NumericLessThan", "15", ["10", "20"], True),
        ("NumericLessThan", "25", ["10", "20"], False),
        ("NumericGreaterThan", "15", ["10", "20"], True),
        ("NumericGreaterThan", "5", ["10", "20"], False),
        ("NumericEquals", "20", ["10", "20"], True),
        ("NumericNotEquals", "20", ["10", "20"], False),
        ("NumericNotEquals", "30", ["10", "20"], True),
        # aws:EpochTime works with numeric operators (C5)
        ("NumericGreaterThan", "1767225600", ["1700000000"], True),
    ],
)
def test_numeric_operators(name: str, request_value: str, values: list[str], expected: bool) -> None:
    assert holds(name, request_value, *values) is expected


@pytest.mark.parametrize(
    "name",
    [
        "NumericEquals",
        "NumericLessThan",
        "NumericLessThanEquals",
        "NumericGreaterThan",
        "NumericGreaterThanEquals",
    ],
)
@pytest.mark.parametrize("request_value", ["abc", "", "1e3", " 5", "NaN", "Infinity", "0x10", "٣"])
def test_unparsable_request_value_never_matches(name: str, request_value: str) -> None:
    assert holds(name, request_value, "0", "5", "1000") is False


@pytest.mark.parametrize("request_value", ["abc", "", "1e3", "NaN"])
def test_unparsable_request_value_fails_negated_operator_too(request_value: str) -> None:
    assert holds("NumericNotEquals", request_value, "5") is False


def test_unparsable_policy_value_never_matches() -> None:
    assert holds("NumericEquals", "5", "five") is False
    assert holds("NumericLessThan", "5", "ten") is False
    assert holds("NumericEquals", "5", "five", "5") is True  # the good value still counts


def test_unparsable_policy_value_counts_as_not_equal_for_negated() -> None:
    assert holds("NumericNotEquals", "5", "five") is True
    assert holds("NumericNotEquals", "5", "five", "5") is False


@pytest.mark.parametrize("value", ["10", "-3", "1.5", "+2", "0", "007", ".5", "5."])
def test_numbers_are_acceptable_policy_values(value: str) -> None:
    assert check_policy_value(parse_operator("NumericEquals"), value) is None


@pytest.mark.parametrize("value", ["abc", "", "1e3", "1,5", "--1", "NaN"])
def test_non_numbers_are_reported(value: str) -> None:
    assert check_policy_value(parse_operator("NumericLessThan"), value) == f"'{value}' is not a number"
