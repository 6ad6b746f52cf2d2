"""String operators (C3) and how variables and escapes reach them (V4, V5)."""

import pytest

from workbench.conditions import PolicyValue, check_policy_value, condition_matches, parse_operator
from workbench.wildcard import STAR, Glob


def holds(name: str, request: str | tuple[str, ...] | None, *values: str) -> bool:
    """The engine's view: Like forms get Globs compiled from the policy text, others get text."""
    op = parse_operator(name)
    policy: tuple[PolicyValue, ...] = tuple(Glob.compile(v) if op.uses_wildcards else v for v in values)
    return condition_matches(op, request, policy)


@pytest.mark.parametrize(
    ("name", "request_value", "values", "expected"),
    [
        # C3 examples
        ("StringEquals", "JohnDoe", ["johndoe"], False),
        ("StringEqualsIgnoreCase", "JohnDoe", ["johndoe"], True),
        ("StringLike", "home/alice/", ["home/*"], True),
        ("StringEquals", "home/alice/", ["home/*"], False),
        # StringEquals is exact: a literal asterisk matches only an asterisk
        ("StringEquals", "home/*", ["home/*"], True),
        ("StringEquals", "us-east-1", ["us-east-1"], True),
        ("StringEquals", "us-east-1 ", ["us-east-1"], False),
        ("StringEquals", "", [""], True),
        # values are ORed (C1)
        ("StringEquals", "eu-west-1", ["us-east-1", "eu-west-1"], True),
        ("StringEquals", "ap-south-1", ["us-east-1", "eu-west-1"], False),
        # IgnoreCase forms fold case on both sides, beyond ASCII too
        ("StringEqualsIgnoreCase", "ÉCOLE", ["école"], True),
        ("StringNotEqualsIgnoreCase", "JohnDoe", ["JOHNDOE"], False),
        ("StringNotEqualsIgnoreCase", "alice", ["JOHNDOE"], True),
        ("StringNotEquals", "JohnDoe", ["johndoe"], True),
        ("StringNotEquals", "johndoe", ["johndoe"], False),
        # Like: * any run (also empty), ? exactly one character, case-sensitive, anywhere
        ("StringLike", "home/", ["home/*"], True),
        ("StringLike", "Home/alice", ["home/*"], False),
        ("StringLike", "t2.micro", ["t?.*"], True),
        ("StringLike", "t.micro", ["t?.*"], False),
        ("StringLike", "a/b/c", ["*b*"], True),
        ("StringLike", "anything", ["*"], True),
        ("StringLike", "", ["*"], True),
        ("StringNotLike", "home/alice/", ["home/*"], False),
        ("StringNotLike", "tmp/alice/", ["home/*"], True),
        ("StringNotLike", "t2.micro", ["t1.*", "t2.*"], False),
        ("StringNotLike", "m5.large", ["t1.*", "t2.*"], True),
    ],
)
def test_string_operators(name: str, request_value: str, values: list[str], expected: bool) -> None:
    assert holds(name, request_value, *values) is expected


def test_like_values_given_as_text_are_patterns() -> None:
    # The engine passes Globs, but plain text must mean what the policy text means.
    assert condition_matches(parse_operator("StringLike"), "home/alice", ("home/*",)) is True


def test_escaped_wildcards_stay_literal_in_like() -> None:
    # V4: StringLike "what${?}" is the literal text "what?"
    pattern = Glob.from_tokens(["what?"])
    assert condition_matches(parse_operator("StringLike"), "whatX", (pattern,)) is False
    assert condition_matches(parse_operator("StringLike"), "what?", (pattern,)) is True
    # V4: "file${*}" is the literal "file*"
    literal_star = Glob.from_tokens(["file*"])
    assert condition_matches(parse_operator("StringLike"), "file1", (literal_star,)) is False
    assert condition_matches(parse_operator("StringLike"), "file*", (literal_star,)) is True


def test_substituted_text_is_not_rescanned_for_wildcards() -> None:
    # V5: StringLike "${aws:username}/*" for alice; only the written * is a wildcard
    op = parse_operator("StringLike")
    assert condition_matches(op, "alice/photos/", (Glob.from_tokens(["alice", "/", STAR]),)) is True
    assert condition_matches(op, "bob/photos/", (Glob.from_tokens(["alice", "/", STAR]),)) is False
    odd_name = Glob.from_tokens(["a*b", "/", STAR])  # a substituted value holding "*"
    assert condition_matches(op, "aXXb/photos", (odd_name,)) is False
    assert condition_matches(op, "a*b/photos", (odd_name,)) is True


@pytest.mark.parametrize("name", ["StringEquals", "StringNotLike", "StringEqualsIgnoreCase"])
@pytest.mark.parametrize("value", ["", "anything", "abc", "300.1.1.1/8", "*"])
def test_every_string_value_is_acceptable(name: str, value: str) -> None:
    assert check_policy_value(parse_operator(name), value) is None
