"""Properties that must hold for any input: typed errors only, and deterministic decisions."""

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.api import make_policy_set, make_request
from workbench.engine.authorize import authorize
from workbench.errors import PolicyNotEvaluableError, PolicyParseError, WorkbenchError
from workbench.policy.parse import parse_policy

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=20,
)

ELEMENTS = ["Effect", "Action", "NotAction", "Resource", "NotResource", "Condition", "Sid", "Principal"]
policy_like = st.fixed_dictionaries(
    {},
    optional={
        "Version": st.sampled_from(["2012-10-17", "2008-10-17", "2020-01-01"]) | json_values,
        "Statement": st.lists(st.dictionaries(st.sampled_from(ELEMENTS), json_values, max_size=5), max_size=3)
        | json_values,
    },
)


@given(st.text(max_size=200))
@settings(max_examples=400)
def test_arbitrary_text_parses_or_raises_a_located_parse_error(text: str) -> None:
    try:
        parse_policy(text)
    except PolicyParseError as error:
        assert error.line >= 1 and error.column >= 1


@given(json_values | policy_like)
@settings(max_examples=400)
def test_arbitrary_json_parses_or_raises_a_typed_error(value: Any) -> None:
    try:
        parse_policy(json.dumps(value))
    except PolicyParseError as error:
        assert error.code.startswith("parse_")


ACTIONS = ["s3:GetObject", "s3:PutObject", "iam:CreateUser", "sts:AssumeRole", "ec2:RunInstances"]
RESOURCES = [
    "*",
    "arn:aws:s3:::b1/k",
    "arn:aws:iam::111122223333:user/bob",
    "arn:aws:iam::111122223333:role/r",
]


@given(policy_like, st.sampled_from(ACTIONS), st.sampled_from(RESOURCES), st.booleans())
@settings(max_examples=300)
def test_evaluation_is_deterministic_or_refuses_with_a_typed_error(
    policy: dict[str, Any], action: str, resource: str, secure: bool
) -> None:
    request = make_request(
        "arn:aws:iam::111122223333:user/alice", action, resource, context={"aws:SecureTransport": secure}
    )
    try:
        policies = make_policy_set([json.dumps(policy)])
        first = authorize(request, policies)
    except (PolicyParseError, PolicyNotEvaluableError):
        return
    except WorkbenchError as error:  # any other typed error is a bug in this property's eyes
        raise AssertionError(f"unexpected {error.code}") from error
    again = authorize(request, make_policy_set([json.dumps(policy)]))
    assert (first.decision, first.reason, first.decisive) == (again.decision, again.reason, again.decisive)
    traced = authorize(request, policies, trace=True)
    assert traced.decision == first.decision
