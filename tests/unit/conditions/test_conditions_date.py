"""Date operators (C5): ISO-8601 timestamps or epoch seconds on either side, compared as instants."""

import pytest

from workbench.conditions import check_policy_value, condition_matches, parse_operator


def holds(name: str, request: str | None, *values: str | None) -> bool:
    return condition_matches(parse_operator(name), request, tuple(values))


@pytest.mark.parametrize(
    ("name", "request_value", "values", "expected"),
    [
        # C5 example: DateGreaterThan aws:EpochTime "1700000000"
        ("DateGreaterThan", "1767225600", ["1700000000"], True),
        ("DateGreaterThan", "1600000000", ["1700000000"], False),
        # C5 window: after the start and before the end
        ("DateGreaterThan", "2026-03-15T12:00:00Z", ["2026-01-01T00:00:00Z"], True),
        ("DateLessThan", "2026-03-15T12:00:00Z", ["2026-06-30T23:59:59Z"], True),
        ("DateLessThan", "2026-07-01T00:00:00Z", ["2026-06-30T23:59:59Z"], False),
        # the same instant written three ways
        ("DateEquals", "2023-11-14T22:13:20Z", ["1700000000"], True),
        ("DateEquals", "2023-11-14T23:13:20+01:00", ["2023-11-14T22:13:20Z"], True),
        ("DateEquals", "2023-11-14T17:13:20-0500", ["1700000000"], True),
        ("DateEquals", "2023-11-14T22:13:20z", ["1700000000"], True),
        ("DateEquals", "2023-11-14 22:13:20Z", ["1700000000"], True),
        # a timestamp without zone is UTC; a date alone is midnight UTC
        ("DateEquals", "2023-11-14T22:13:20", ["1700000000"], True),
        ("DateEquals", "2026-01-01", ["2026-01-01T00:00:00Z"], True),
        ("DateEquals", "2026-01", ["2026-01-01T00:00:00Z"], True),
        ("DateEquals", "2026-01-01T00:00Z", ["2026-01-01"], True),
        ("DateLessThan", "2025-12-31T23:59:59Z", ["2026-01-01"], True),
        # fractional seconds count, in timestamps and in epoch values
        ("DateEquals", "2026-01-01T00:00:00.000Z", ["2026-01-01"], True),
        ("DateGreaterThan", "2026-01-01T00:00:00.001Z", ["2026-01-01"], True),
        ("DateEquals", "2023-11-14T22:13:20.5Z", ["1700000000.5"], True),
        ("DateLessThan", "1700000000.25", ["2023-11-14T22:13:20.5Z"], True),
        ("DateGreaterThanEquals", "2026-01-01T00:00:00Z", ["2026-01-01"], True),
        ("DateLessThanEquals", "2026-01-01T00:00:01Z", ["2026-01-01"], False),
        # a bare integer is epoch seconds, never a year
        ("DateEquals", "2026", ["1970-01-01T00:33:46Z"], True),
        # values are ORed; DateNotEquals is the NOR
        ("DateEquals", "2026-01-02", ["2026-01-01", "2026-01-02"], True),
        ("DateNotEquals", "2026-01-02", ["2026-01-01", "2026-01-02"], False),
        ("DateNotEquals", "2026-01-03", ["2026-01-01", "2026-01-02"], True),
        ("DateLessThan", "2026-02-01", ["2026-01-01", "2026-03-01"], True),
    ],
)
def test_date_operators(name: str, request_value: str, values: list[str], expected: bool) -> None:
    assert holds(name, request_value, *values) is expected


BAD_DATES = [
    "2026-13-01",
    "2026-02-30",
    "2026-01-01T24:00:00Z",
    "2026-01-01T10:60Z",
    "2026-01-01T10:00:00+25:00",
    "0000-01-01",
    "yesterday",
    "",
    "2026/01/01",
    "1e9",
    "01-01-2026",
]


@pytest.mark.parametrize("request_value", BAD_DATES)
def test_unparsable_request_date_fails_positive_and_negated(request_value: str) -> None:
    assert holds("DateLessThan", request_value, "2099-01-01") is False
    assert holds("DateNotEquals", request_value, "2099-01-01") is False


def test_unparsable_policy_date_never_matches_but_is_not_equal() -> None:
    assert holds("DateEquals", "2026-02-30", "2026-02-30") is False
    assert holds("DateLessThan", "2026-01-01", "next year") is False
    assert holds("DateNotEquals", "2026-01-01", "next year") is True


@pytest.mark.parametrize(
    "value", ["2026-01-01", "2026-01-01T10:00:00Z", "2026-01-01T10:00:00.123+02:00", "1700000000", "1.5"]
)
def test_dates_are_acceptable_policy_values(value: str) -> None:
    assert check_policy_value(parse_operator("DateLessThan"), value) is None


@pytest.mark.parametrize("value", BAD_DATES)
def test_non_dates_are_reported(value: str) -> None:
    assert check_policy_value(parse_operator("DateEquals"), value) == f"'{value}' is not a date"
