"""Properties over arbitrary input: operators never raise, and negation and the fast path agree."""

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.conditions import (
    OPERATOR_NAMES,
    RequestValue,
    check_policy_value,
    condition_matches,
    parse_operator,
)

NAMES = [
    prefix + base + suffix
    for base in OPERATOR_NAMES
    for prefix in ("", "ForAllValues:", "ForAnyValue:")
    for suffix in ("", "IfExists")
    if not (base == "Null" and suffix)
]
text = st.text(max_size=40)
requests = st.none() | text | st.tuples() | st.lists(text, max_size=4).map(tuple)
policy_values = st.lists(st.none() | text, max_size=4).map(tuple)

# values that parse in some family, so the interesting branches are reached too
readable = st.sampled_from(
    ["10", "-3.5", "2026-01-01", "2026-01-01T10:00:00Z", "1700000000", "true", "False", "QQ==",
     "203.0.113.0/24", "2001:db8::1", "arn:aws:s3:::b/*", "arn:aws:iam::*:role/?", "*", ""]
)  # fmt: skip
mixed_text = readable | text


@settings(max_examples=300, deadline=None)
@given(name=st.sampled_from(NAMES), request=requests, values=policy_values)
def test_condition_matches_never_raises(name: str, request: RequestValue, values: tuple[str | None, ...]) -> None:
    assert condition_matches(parse_operator(name), request, values) in (True, False)


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(NAMES),
    request=st.none() | mixed_text | st.lists(mixed_text, max_size=3).map(tuple),
    values=st.lists(st.none() | mixed_text, max_size=3).map(tuple),
)
def test_fast_path_agrees_and_never_raises(name: str, request: RequestValue, values: tuple[str | None, ...]) -> None:
    op = parse_operator(name)
    expected = condition_matches(op, request, values)
    assert op.matches(request, op.compile_values(values)) is expected


@settings(deadline=None)
@given(name=st.sampled_from(NAMES), value=mixed_text)
def test_check_policy_value_never_raises(name: str, value: str) -> None:
    reason = check_policy_value(parse_operator(name), value)
    assert reason is None or (isinstance(reason, str) and reason)


PAIRS = [
    ("StringEquals", "StringNotEquals"),
    ("StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase"),
    ("StringLike", "StringNotLike"),
    ("ArnLike", "ArnNotLike"),
    ("IpAddress", "NotIpAddress"),
]


@settings(deadline=None)
@given(pair=st.sampled_from(PAIRS), request=text | readable, values=st.lists(text | readable, max_size=3))
def test_negated_string_like_operators_are_the_complement_on_single_values(
    pair: tuple[str, str], request: str, values: list[str]
) -> None:
    positive, negated = (parse_operator(name) for name in pair)
    readable_request = pair[0] not in ("ArnLike", "IpAddress") or (
        condition_matches(positive, request, ("arn:*:*:*:*:*", "0.0.0.0/0", "::/0"))
    )
    if readable_request:  # a value the family reads: exactly one of the two holds
        assert condition_matches(negated, request, tuple(values)) is not condition_matches(
            positive, request, tuple(values)
        )
