"""ARN operators (C9): six colon-separated parts matched one by one; ArnEquals behaves as ArnLike."""

import pytest

from workbench.conditions import check_policy_value, condition_matches, parse_operator
from workbench.wildcard import STAR, Glob

C9_PATTERN = "arn:aws:someservice:*:111122223333:finance/*"
C9_REQUEST = "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"


def holds(name: str, request: str | None, *patterns: str) -> bool:
    return condition_matches(parse_operator(name), request, tuple(Glob.compile(p) for p in patterns))


def test_c9_wildcard_does_not_cross_colons_but_string_like_does() -> None:
    assert holds("ArnLike", C9_REQUEST, C9_PATTERN) is False
    assert holds("StringLike", C9_REQUEST, C9_PATTERN) is True


@pytest.mark.parametrize("name", ["ArnLike", "ArnEquals"])
@pytest.mark.parametrize(
    ("request_value", "patterns", "expected"),
    [
        ("arn:aws:someservice:us-east-2:111122223333:finance/report.txt", [C9_PATTERN], True),
        ("arn:aws:iam::111122223333:role/admin", ["arn:aws:iam::111122223333:role/admin"], True),
        ("arn:aws:iam::111122223333:role/admin", ["arn:aws:iam::*:role/*"], True),
        ("arn:aws:iam::111122223333:role/admin", ["arn:aws:iam::*:user/*"], False),
        ("arn:aws:iam::111122223333:role/admin", ["arn:aws:iam::11112222333?:role/admin"], True),
        ("arn:aws:iam::111122223333:role/admin", ["arn:aws:iam::1111222233?:role/admin"], False),
        # case-sensitive, in every part
        ("arn:aws:iam::111122223333:role/Admin", ["arn:aws:iam::111122223333:role/admin"], False),
        ("arn:AWS:iam::111122223333:role/admin", ["arn:aws:iam::111122223333:role/admin"], False),
        # the sixth part may contain colons, and a * there may span them
        ("arn:aws:logs:us-east-1:111122223333:log-group:app:*", ["arn:aws:logs:*:*:log-group:app:*"], True),
        ("arn:aws:logs:us-east-1:111122223333:log-group:app:x", ["arn:aws:logs:*:*:log-group:*"], True),
        # a * in the first five parts stays inside its part, even an empty one
        ("arn:aws:s3:::bucket/key", ["arn:aws:s3:*:*:bucket/*"], True),
        ("arn:aws:s3:::bucket/key", ["arn:*:bucket/*"], False),
        ("arn:aws:s3:::bucket/key", ["arn:aws:s3:::*"], True),
        # values are ORed
        ("arn:aws:iam::111122223333:user/bob", ["arn:aws:iam::*:role/*", "arn:aws:iam::*:user/*"], True),
        # a request value with fewer than six parts is not an ARN
        ("arn:aws:iam::111122223333", ["arn:aws:iam::*"], False),
        ("not-an-arn", ["*"], False),
        # a pattern with fewer than six parts can match no ARN
        ("arn:aws:iam::111122223333:role/admin", ["*"], False),
        ("arn:aws:iam::111122223333:role/admin", ["arn:aws:iam::*"], False),
    ],
)
def test_arn_like(name: str, request_value: str, patterns: list[str], expected: bool) -> None:
    assert holds(name, request_value, *patterns) is expected


@pytest.mark.parametrize("name", ["ArnNotLike", "ArnNotEquals"])
@pytest.mark.parametrize(
    ("request_value", "patterns", "expected"),
    [
        (C9_REQUEST, [C9_PATTERN], True),
        ("arn:aws:iam::111122223333:role/admin", ["arn:aws:iam::*:role/*"], False),
        ("arn:aws:iam::111122223333:role/admin", ["arn:aws:iam::*:user/*"], True),
        ("arn:aws:iam::111122223333:role/admin", ["arn:aws:iam::*:user/*", "arn:aws:iam::*:role/*"], False),
        # a short pattern is not equal to anything...
        ("arn:aws:iam::111122223333:role/admin", ["*"], True),
        # ...but a request value that is not an ARN fails the test
        ("not-an-arn", ["arn:aws:iam::*:user/*"], False),
    ],
)
def test_arn_not_like(name: str, request_value: str, patterns: list[str], expected: bool) -> None:
    assert holds(name, request_value, *patterns) is expected


def test_substituted_and_escaped_text_stays_literal_in_arn_patterns() -> None:
    # arn:aws:iam::111122223333:user/${aws:username}* where the substituted name holds "?"
    pattern = Glob.from_tokens(["arn:aws:iam::111122223333:user/", "a?c", STAR])
    op = parse_operator("ArnLike")
    assert condition_matches(op, "arn:aws:iam::111122223333:user/a?c-1", (pattern,)) is True
    assert condition_matches(op, "arn:aws:iam::111122223333:user/abc-1", (pattern,)) is False
    # a colon that came from substituted text still separates parts (the ARN grammar has no escape)
    colon = Glob.from_tokens(["arn:aws:iam::", "111122223333:user/bob"])
    assert condition_matches(op, "arn:aws:iam::111122223333:user/bob", (colon,)) is True


@pytest.mark.parametrize("value", ["*", "arn:aws:iam::*:role/*", "anything"])
def test_every_arn_value_is_acceptable(value: str) -> None:
    assert check_policy_value(parse_operator("ArnLike"), value) is None
