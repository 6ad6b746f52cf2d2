"""Sampling for the analyses: each condition clause → values that satisfy it, values that do not, and absence."""

from __future__ import annotations

import pytest

from workbench.analysis.condition_samples import (
    KeySamples,
    clause_samples,
    context_variants,
    instantiate,
    key_samples,
)
from workbench.analysis.request_samples import concrete_arn, expand_action, outside_arns, sample_actions, spread
from workbench.policy.model import ConditionClause
from workbench.policy.parse import parse_policy


def clause(operator: str, key: str, *values: str) -> ConditionClause:
    return ConditionClause(operator=operator, key=key, values=values, pointer="/Statement/0/Condition")


@pytest.mark.parametrize(
    ("operator", "key", "values", "matching", "non_matching", "absent"),
    [
        ("StringEquals", "aws:username", ("alice",), ("alice",), ("analysis-other-value",), False),
        ("StringNotEquals", "aws:username", ("alice",), ("analysis-other-value",), ("alice",), True),
        ("StringLike", "s3:prefix", ("home/*",), ("home/analysis-sample",), ("analysis-other-value",), False),
        ("StringEqualsIfExists", "aws:SourceVpce", ("vpce-1",), ("vpce-1",), ("analysis-other-value",), True),
        ("NumericLessThan", "s3:max-keys", ("10",), ("9", "0"), ("10",), False),
        (
            "DateGreaterThan",
            "aws:CurrentTime",
            ("2026-01-01T00:00:00Z",),
            ("2026-01-02T00:00:00Z",),
            ("2026-01-01T00:00:00Z",),
            False,
        ),
        ("Bool", "aws:SecureTransport", ("false",), ("false",), ("true",), False),
        ("IpAddress", "aws:SourceIp", ("203.0.113.0/24",), ("203.0.113.1", "203.0.113.201"), ("198.51.100.7",), False),
        (
            "NotIpAddress",
            "aws:SourceIp",
            ("203.0.113.0/24",),
            ("198.51.100.7", "192.0.2.77", "10.255.255.254"),
            ("203.0.113.1",),
            True,
        ),
        (
            "ArnLike",
            "aws:SourceArn",
            ("arn:aws:s3:::uploads-*",),
            ("arn:aws:s3:::uploads-analysis-sample",),
            ("arn:aws:iam::000000000000:role/analysis-other",),
            False,
        ),
        ("Null", "aws:TokenIssueTime", ("true",), (), ("analysis-sample",), True),
        (
            "ForAllValues:StringEquals",
            "aws:TagKeys",
            ("env", "team"),
            (("env",), ("team",), ()),
            (("analysis-other-value",),),
            True,
        ),
        ("ForAnyValue:StringEquals", "aws:TagKeys", ("env",), (("env",),), (("analysis-other-value",),), False),
    ],
)
def test_clause_samples_by_family(
    operator: str, key: str, values: tuple[str, ...], matching: tuple, non_matching: tuple, absent: bool
) -> None:
    samples = clause_samples(clause(operator, key, *values))
    assert samples is not None
    assert samples.matching == matching
    assert samples.non_matching == non_matching
    assert samples.absent_matches is absent


def test_unknown_operators_and_variables_propose_nothing_they_cannot_stand_behind() -> None:
    assert clause_samples(clause("StringEqualz", "aws:username", "alice")) is None
    variable = clause_samples(clause("StringEquals", "aws:username", "${aws:PrincipalTag/name}"))
    assert variable is not None and variable.matching == ()


def test_instantiate_keeps_escapes_literal_and_refuses_variables() -> None:
    assert instantiate("home/*/file?.txt") == "home/analysis-sample/filea.txt"
    assert instantiate("what${?}${*}${$}") == "what?*$"
    assert instantiate("home/${aws:username}/*") is None


def test_key_samples_merge_clauses_of_one_key_and_end_with_absence() -> None:
    samples = key_samples(
        [clause("IpAddress", "aws:SourceIp", "10.0.0.0/8"), clause("Bool", "AWS:SecureTransport", "true")],
        skip=lambda key: key == "aws:securetransport",
    )
    assert samples == (KeySamples(key="aws:SourceIp", values=("10.0.0.1", "10.255.255.254", "198.51.100.7", None)),)


def test_context_variants_are_the_bounded_product_first_values_first() -> None:
    samples = (KeySamples("a", ("1", None)), KeySamples("b", ("x", "y", None)))
    variants = list(context_variants(samples, limit=4))
    assert variants == [{"a": "1", "b": "x"}, {"a": "1", "b": "y"}, {"a": "1"}, {"b": "x"}]
    assert list(context_variants((), limit=5)) == [{}]


def test_request_samples_expand_patterns_and_complements() -> None:
    assert spread([str(n) for n in range(10)], 4) == ["0", "3", "6", "9"]
    assert expand_action("S3:getobject") == ["s3:GetObject"]
    assert expand_action("made:Up") == ["made:Up"]
    assert len(expand_action("ec2:*")) == 32
    statements = parse_policy(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "s3:Get*", "Resource": "*"}]}
    ).statements
    actions = sample_actions(statements)
    assert "s3:GetObject" in actions and "s3:PutObject" in actions and "iam:CreateUser" in actions
    assert concrete_arn("arn:aws:s3:::home/${aws:username}/*", {"aws:username": "alice"}) == (
        "arn:aws:s3:::home/alice/analysis-sample"
    )
    assert concrete_arn("*", {}) is None
    assert outside_arns("s3:ListBucket", "111122223333")[-1] == "arn:aws:s3:::analysis-outside"
