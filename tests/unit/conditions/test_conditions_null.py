"""Null (C10): tests whether the key is present; "true" means absent."""

import pytest

from workbench.conditions import UnknownOperatorError, check_policy_value, condition_matches, parse_operator


def holds(request: str | tuple[str, ...] | None, *values: str | None, name: str = "Null") -> bool:
    return condition_matches(parse_operator(name), request, tuple(values))


@pytest.mark.parametrize(
    ("request_value", "values", "expected"),
    [
        # C10: Allow ec2:* if Null aws:TokenIssueTime true
        (None, ["true"], True),  # long-term keys: the key is absent
        ("2026-01-01T00:00:00Z", ["true"], False),  # temporary credentials
        # C10: Allow ec2:CreateTags if Null aws:RequestTag/env false
        ("prod", ["false"], True),  # tag sent
        (None, ["false"], False),  # tag missing
        # letter case of the policy value does not matter
        (None, ["TRUE"], True),
        ("x", ["False"], True),
        # an empty string is still a value
        ("", ["false"], True),
        # multivalued keys: present when they hold values, absent when empty
        (("env", "team"), ["false"], True),
        (("env",), ["true"], False),
        ((), ["true"], True),
        ((), ["false"], False),
        # several values are ORed
        (None, ["false", "true"], True),
        ("x", ["false", "true"], True),
        # other text and unresolved variables never match
        (None, ["yes"], False),
        ("x", ["no"], False),
        (None, [None], False),
    ],
)
def test_null(request_value: str | tuple[str, ...] | None, values: list[str | None], expected: bool) -> None:
    assert holds(request_value, *values) is expected


@pytest.mark.parametrize("name", ["NullIfExists", "nullifexists", "ForAnyValue:NullIfExists"])
def test_null_if_exists_is_rejected(name: str) -> None:
    with pytest.raises(UnknownOperatorError) as caught:
        parse_operator(name)
    assert caught.value.suggestion is not None and caught.value.suggestion.endswith("Null")
    assert "IfExists" in caught.value.message


@pytest.mark.parametrize("name", ["ForAllValues:Null", "ForAnyValue:Null"])
def test_set_qualifiers_do_not_change_null(name: str) -> None:
    assert holds(None, "true", name=name) is True
    assert holds(("a",), "false", name=name) is True
    assert holds(("a",), "true", name=name) is False


def test_check_policy_value() -> None:
    op = parse_operator("Null")
    assert check_policy_value(op, "true") is None
    assert check_policy_value(op, "FALSE") is None
    assert check_policy_value(op, "maybe") == "Null takes true or false"
