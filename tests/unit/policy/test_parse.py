"""Parsing policy text: strict JSON, located errors, normalised elements."""

import pytest

from workbench.errors import PolicyParseError
from workbench.policy.parse import parse_policy
from workbench.policy.source import MAX_DEPTH, read_json


@pytest.mark.parametrize(
    ("text", "code", "line", "column"),
    [
        ('{"Version": "2012-10-17",\n "Statement": [}', "parse_invalid_json", 2, 16),
        ('{"Statement": [], "Statement": []}', "parse_duplicate_key", 1, 19),
        (
            '{\n  "Statement": {\n    "Effect": "Allow",\n    "Effect": "Deny"\n  }\n}',
            "parse_duplicate_key",
            4,
            5,
        ),
        ('["not", "an", "object"]', "parse_not_an_object", 1, 1),
        ('{"Statement": {"Effect": 1}}', "parse_wrong_type", 1, 26),
        ('{"Statement": {"Action": ["s3:GetObject", 7]}}', "parse_wrong_type", 1, 43),
        ('{"Statement": {"Resource": {"a": 1}}}', "parse_wrong_type", 1, 28),
        ('{"Statement": "Allow"}', "parse_wrong_type", 1, 15),
        ('{"Statement": {"Condition": {"StringEquals": {"k": null}}}}', "parse_wrong_type", 1, 52),
        ('{"Statement": {"Condition": {"StringEquals": "x"}}}', "parse_wrong_type", 1, 46),
        ("{'Version': '2012-10-17'}", "parse_invalid_json", 1, 2),
        ('{"a": 1,}', "parse_invalid_json", 1, 9),
        ('{"Version": "2012-10-17"} trailing', "parse_invalid_json", 1, 27),
        ('{"Statement": {"Principal": "arn:aws:iam::1:root"}}', "parse_principal_form", 1, 29),
        ("", "parse_invalid_json", 1, 1),
    ],
)
def test_bad_text_is_a_located_typed_error(text: str, code: str, line: int, column: int) -> None:
    with pytest.raises(PolicyParseError) as caught:
        parse_policy(text)
    assert (caught.value.code, caught.value.line, caught.value.column) == (code, line, column)


def test_deep_nesting_is_refused_without_recursion_error() -> None:
    text = '{"a": ' * (MAX_DEPTH + 5) + "1" + "}" * (MAX_DEPTH + 5)
    with pytest.raises(PolicyParseError) as caught:
        parse_policy(text)
    assert caught.value.code == "parse_too_deep"


def test_huge_text_is_refused() -> None:
    with pytest.raises(PolicyParseError) as caught:
        read_json('"' + "a" * 2_000_000 + '"')
    assert caught.value.code == "parse_too_large"


def test_string_or_list_is_normalised_once() -> None:
    single = parse_policy(
        '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}'
    )
    listed = parse_policy(
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["*"]}]}'
    )
    assert single.statements[0].action == listed.statements[0].action == ("s3:GetObject",)
    assert single.statements[0].resource == ("*",)
    assert single.statement_is_list is False and listed.statement_is_list is True
    assert single.statements[0].pointer == "/Statement"
    assert listed.statements[0].pointer == "/Statement/0"


def test_condition_values_keep_their_text() -> None:
    document = parse_policy(
        '{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", '
        '"Condition": {"NumericLessThan": {"s3:max-keys": 10.50}, "Bool": {"aws:SecureTransport": true}}}}'
    )
    clauses = document.statements[0].conditions
    assert clauses is not None
    assert [(c.operator, c.key, c.values) for c in clauses] == [
        ("NumericLessThan", "s3:max-keys", ("10.50",)),
        ("Bool", "aws:SecureTransport", ("true",)),
    ]


def test_spans_point_at_the_text() -> None:
    text = '{\n  "Statement": [\n    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}\n  ]\n}'
    document = parse_policy(text)
    span = document.span_of("/Statement/0/Action")
    assert span is not None and (span.line, span.column) == (3, 35)
    assert text[span.offset : span.end_offset] == '"s3:GetObject"'
    key_span = document.key_span_of("/Statement/0/Action")
    assert key_span is not None and (key_span.line, key_span.column) == (3, 25)


def test_principal_forms() -> None:
    document = parse_policy(
        '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*"},'
        '{"Effect": "Allow", "Principal": {"AWS": ["111122223333", "arn:aws:iam::111122223333:user/a"],'
        ' "Service": "s3.amazonaws.com"}, "Action": "s3:*"}]}'
    )
    first, second = document.statements
    assert first.principal is not None and first.principal.wildcard
    assert second.principal is not None
    assert [(e.kind, e.value) for e in second.principal.entries] == [
        ("AWS", "111122223333"),
        ("AWS", "arn:aws:iam::111122223333:user/a"),
        ("Service", "s3.amazonaws.com"),
    ]


def test_unknown_elements_are_kept_for_validation() -> None:
    document = parse_policy('{"Statment": [], "Statement": {"effect": "Allow", "Action": "*", "Resource": "*"}}')
    assert document.unknown_elements == ("Statment",)
    assert document.statements[0].unknown_elements == ("effect",)
    assert document.statements[0].effect is None
