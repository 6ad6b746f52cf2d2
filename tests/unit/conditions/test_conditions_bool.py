"""Bool (C6): true/false in any letter case on both sides; any other text never matches."""

import pytest

from workbench.conditions import check_policy_value, condition_matches, parse_operator


def holds(request: str | None, *values: str | None, name: str = "Bool") -> bool:
    return condition_matches(parse_operator(name), request, tuple(values))


@pytest.mark.parametrize(
    ("request_value", "values", "expected"),
    [
        # C6: Deny s3:* if Bool aws:SecureTransport false
        ("false", ["false"], True),  # HTTP request: the Deny applies
        ("true", ["false"], False),  # HTTPS: it does not
        ("true", ["true"], True),  # a JSON true literal reaches us as "true"
        ("TRUE", ["true"], True),
        ("True", ["FALSE"], False),
        ("false", ["False"], True),
        ("false", ["true", "false"], True),
        # anything else never matches, on either side
        ("yes", ["true"], False),
        ("1", ["true"], False),
        ("", ["false"], False),
        ("true", ["yes"], False),
        ("true ", ["true"], False),
        ("falſe", ["false"], False),
    ],
)
def test_bool(request_value: str, values: list[str], expected: bool) -> None:
    assert holds(request_value, *values) is expected


def test_absent_key_makes_bool_false() -> None:
    assert holds(None, "false") is False
    assert holds(None, "true") is False


def test_unresolved_variable_never_matches() -> None:
    # AMB-06: variables are substituted in Bool; one that does not resolve matches nothing
    assert holds("true", None) is False


@pytest.mark.parametrize("value", ["true", "false", "TRUE", "False"])
def test_truth_values_are_acceptable(value: str) -> None:
    assert check_policy_value(parse_operator("Bool"), value) is None


@pytest.mark.parametrize("value", ["yes", "", "1", "t"])
def test_other_bool_values_are_reported(value: str) -> None:
    assert check_policy_value(parse_operator("BoolIfExists"), value) == "Bool takes true or false"
