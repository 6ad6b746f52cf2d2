"""BinaryEquals (C7): base64 policy value against the base64 request value, compared as bytes."""

import pytest

from workbench.conditions import check_policy_value, condition_matches, parse_operator

BLOB = "QmluYXJ5VmFsdWVJbkJhc2U2NA=="  # "BinaryValueInBase64"


@pytest.mark.parametrize(
    ("request_value", "values", "expected"),
    [
        (BLOB, [BLOB], True),  # C7 example
        ("QmluYXJ5", [BLOB], False),
        ("QQ==", ["QR=="], True),  # both decode to b"A": the bytes are compared, not the text
        ("QQ==", ["QUE=", "QQ=="], True),
        ("", [""], True),
        # invalid base64 never matches, on either side
        ("QQ", ["QQ=="], False),
        ("QQ==", ["QQ"], False),
        ("Q Q==", ["QQ=="], False),
        ("!!!!", ["!!!!"], False),
        ("QQ==", ["QQ==\n"], False),
        ("é", ["é"], False),
    ],
)
def test_binary_equals(request_value: str, values: list[str], expected: bool) -> None:
    assert condition_matches(parse_operator("BinaryEquals"), request_value, tuple(values)) is expected


def test_check_policy_value() -> None:
    op = parse_operator("BinaryEquals")
    assert check_policy_value(op, BLOB) is None
    assert check_policy_value(op, "not base64!") == "not valid base64"
    assert check_policy_value(op, "QQ") == "not valid base64"
