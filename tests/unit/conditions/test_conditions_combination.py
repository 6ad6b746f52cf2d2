"""The generic rules shared by all families: C1, C2, C11, C12, C13, AMB-04 and AMB-08."""

import pytest

from workbench.conditions import PolicyValue, RequestValue, condition_matches, parse_operator
from workbench.wildcard import Glob


def holds(name: str, request: RequestValue, *values: PolicyValue) -> bool:
    op = parse_operator(name)
    policy = tuple(Glob.compile(v) if op.uses_wildcards and isinstance(v, str) else v for v in values)
    return condition_matches(op, request, policy)


# -- the C-rule examples of iam-semantics.md, one row each ---------------------------------------
# (name, request value, policy values, condition holds?)  — for a Deny, "holds" means explicitDeny
EXAMPLES = [
    # C1: Deny StringNotEquals aws:RequestedRegion [us-east-1, eu-west-1]
    ("StringNotEquals", "eu-west-1", ("us-east-1", "eu-west-1"), False),
    ("StringNotEquals", "ap-south-1", ("us-east-1", "eu-west-1"), True),
    # C1: values of one key are ORed
    ("StringEquals", "eu-west-1", ("us-east-1", "eu-west-1"), True),
    # C2: Deny s3:PutObject if StringNotEquals s3:x-amz-server-side-encryption AES256, header absent
    ("StringNotEquals", None, ("AES256",), True),
    # C2: NumericLessThanEquals s3:max-keys 10 with the key absent; NumericNotEquals absent
    ("NumericLessThanEquals", None, ("10",), False),
    ("NumericNotEquals", None, ("10",), True),
    # C11: StringLikeIfExists ec2:InstanceType [t1.*, t2.*, m3.*]
    ("StringLikeIfExists", None, ("t1.*", "t2.*", "m3.*"), True),
    ("StringLikeIfExists", "m5.large", ("t1.*", "t2.*", "m3.*"), False),
    ("StringLikeIfExists", "t2.micro", ("t1.*", "t2.*", "m3.*"), True),
    # C11: Deny if StringNotEqualsIfExists aws:ResourceTag/team blue, tag absent -> still denies
    ("StringNotEqualsIfExists", None, ("blue",), True),
    ("StringNotEqualsIfExists", "blue", ("blue",), False),
    # C12: Allow if ForAllValues:StringEquals aws:TagKeys [env, team]
    ("ForAllValues:StringEquals", ("env",), ("env", "team"), True),
    ("ForAllValues:StringEquals", ("env", "owner"), ("env", "team"), False),
    ("ForAllValues:StringEquals", None, ("env", "team"), True),
    ("ForAllValues:StringEquals", (), ("env", "team"), True),
    # C12: Deny ForAnyValue:StringEquals dynamodb:Attributes [ID, PostDateTime]
    ("ForAnyValue:StringEquals", ("UserName", "Message", "PostDateTime"), ("ID", "PostDateTime"), True),
    ("ForAnyValue:StringEquals", ("UserName", "Message"), ("ID", "PostDateTime"), False),
    # C12: ForAllValues:StringNotLike ["key1*"]: no request key may start with key1
    ("ForAllValues:StringNotLike", ("key2a", "other"), ("key1*",), True),
    ("ForAllValues:StringNotLike", ("key2a", "key1b"), ("key1*",), False),
    ("ForAllValues:StringNotLike", None, ("key1*",), True),
    ("ForAllValues:StringNotLike", (), ("key1*",), True),
    # C12: the set rule wins for an absent key: ForAnyValue:StringNotEquals is false
    ("ForAnyValue:StringNotEquals", None, ("x",), False),
    # C13: StringEquals aws:ResourceTag/ENV dev against tag env=dev (the engine finds the key)
    ("StringEquals", "dev", ("dev",), True),
]


@pytest.mark.parametrize(("name", "request_value", "values", "expected"), EXAMPLES)
def test_semantics_examples(name: str, request_value: RequestValue, values: tuple[str, ...], expected: bool) -> None:
    assert holds(name, request_value, *values) is expected


# -- absent key, empty list, single value, several values, for every operator shape -------------
# request values: absent, (), "a" (matches), "z" (does not), ("a", "b"), ("z", "y"), ("a", "z")
SHAPES = [
    # name                                absent  ()     "a"    "z"    (a,b)  (z,y)  (a,z)
    ("StringEquals", (False, False, True, False, False, False, False)),
    ("StringNotEquals", (True, False, False, True, False, False, False)),
    ("StringEqualsIfExists", (True, False, True, False, False, False, False)),
    ("StringNotEqualsIfExists", (True, False, False, True, False, False, False)),
    ("ForAllValues:StringEquals", (True, True, True, False, True, False, False)),
    ("ForAnyValue:StringEquals", (False, False, True, False, True, False, True)),
    ("ForAllValues:StringNotEquals", (True, True, False, True, False, True, False)),
    ("ForAnyValue:StringNotEquals", (False, False, False, True, False, True, True)),
    # IfExists does not override the set rule
    ("ForAllValues:StringEqualsIfExists", (True, True, True, False, True, False, False)),
    ("ForAnyValue:StringEqualsIfExists", (False, False, True, False, True, False, True)),
    ("ForAnyValue:StringNotEqualsIfExists", (False, False, False, True, False, True, True)),
]
REQUESTS: list[RequestValue] = [None, (), "a", "z", ("a", "b"), ("z", "y"), ("a", "z")]


@pytest.mark.parametrize(("name", "outcomes"), SHAPES)
def test_operator_shapes(name: str, outcomes: tuple[bool, ...]) -> None:
    actual = tuple(holds(name, request, "a", "b") for request in REQUESTS)
    assert actual == outcomes


@pytest.mark.parametrize(
    "name",
    ["StringEquals", "StringNotEquals", "NumericNotEquals", "NotIpAddress", "ArnNotLike", "BoolIfExists"],
)
@pytest.mark.parametrize("request_value", [("a",), ("a", "b"), ()])
def test_plain_operator_on_multivalued_key_is_no_match(name: str, request_value: RequestValue) -> None:
    # AMB-08: positive and negated alike, with or without IfExists
    assert holds(name, request_value, "a") is False
    assert holds(name + "IfExists" if "IfExists" not in name else name, request_value, "a") is False


# -- negated operators: NOR over several values ---------------------------------------------------
@pytest.mark.parametrize(
    ("name", "request_value", "values", "expected"),
    [
        ("StringNotEquals", "c", ("a", "b", "c"), False),
        ("StringNotEquals", "d", ("a", "b", "c"), True),
        ("StringNotLike", "x/1", ("a/*", "x/*"), False),
        ("StringNotLike", "y/1", ("a/*", "x/*"), True),
        ("NumericNotEquals", "3", ("1", "2", "3"), False),
        ("DateNotEquals", "2026-01-02", ("2026-01-01", "2026-01-02"), False),
        ("NotIpAddress", "10.0.0.1", ("192.168.0.0/16", "10.0.0.0/8"), False),
        ("ArnNotEquals", "arn:aws:s3:::b", ("arn:aws:s3:::a", "arn:aws:s3:::b"), False),
        ("StringNotEquals", "anything", (), True),  # no values: nothing is equal
        ("StringEquals", "anything", (), False),
    ],
)
def test_negated_operators_are_nor(name: str, request_value: str, values: tuple[str, ...], expected: bool) -> None:
    assert holds(name, request_value, *values) is expected


# -- unresolved policy variables (V2, AMB-04) ------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "request_value", "values", "expected"),
    [
        # positive: an unresolved value never matches, the others still do
        ("StringEquals", "blue", (None,), False),
        ("StringEquals", "", (None,), False),
        ("StringLike", "blue", (None,), False),
        ("StringLike", "", (None,), False),
        ("ArnLike", "arn:aws:s3:::b", (None,), False),
        ("StringEquals", "blue", (None, "blue"), True),
        # negated: it counts as "not equal"
        # V2: Deny s3:GetObject if StringNotEquals s3:ExistingObjectTag/Team ${aws:PrincipalTag/Team}
        ("StringNotEquals", "blue", (None,), True),
        ("StringNotLike", "blue", (None,), True),
        ("ArnNotEquals", "arn:aws:s3:::b", (None,), True),
        ("StringNotEquals", "blue", (None, "blue"), False),
        ("StringNotEquals", "red", (None, "blue"), True),
        ("StringNotEqualsIgnoreCase", "BLUE", (None, "blue"), False),
        # under set qualifiers the same per-value rule applies
        ("ForAnyValue:StringEquals", ("blue",), (None,), False),
        ("ForAllValues:StringNotEquals", ("blue", "red"), (None,), True),
    ],
)
def test_unresolved_variables(
    name: str, request_value: RequestValue, values: tuple[PolicyValue, ...], expected: bool
) -> None:
    assert holds(name, request_value, *values) is expected


# -- set qualifiers with a value the family cannot read --------------------------------------------
def test_unreadable_request_values_fail_per_value() -> None:
    assert holds("ForAnyValue:NumericLessThan", ("abc", "5"), "10") is True
    assert holds("ForAllValues:NumericLessThan", ("abc", "5"), "10") is False
    assert holds("ForAllValues:NumericNotEquals", ("abc",), "10") is False


def test_single_value_under_set_qualifier_is_a_set_of_one() -> None:
    assert holds("ForAnyValue:StringEquals", "a", "a") is True
    assert holds("ForAllValues:StringEquals", "z", "a") is False


# -- the fast path gives the same answers ----------------------------------------------------------
@pytest.mark.parametrize(("name", "request_value", "values", "expected"), EXAMPLES)
def test_compiled_values_give_the_same_answer(
    name: str, request_value: RequestValue, values: tuple[str, ...], expected: bool
) -> None:
    op = parse_operator(name)
    policy = tuple(Glob.compile(v) if op.uses_wildcards else v for v in values)
    compiled = op.compile_values(policy)
    assert compiled.values == policy
    assert op.matches(request_value, compiled) is expected


def test_compiled_values_are_shared_with_the_negated_twin_only() -> None:
    compiled = parse_operator("StringEquals").compile_values(("a",))
    assert parse_operator("StringNotEqualsIfExists").matches("a", compiled) is False
    assert parse_operator("ForAnyValue:StringEquals").matches(("a",), compiled) is True
    with pytest.raises(ValueError):
        parse_operator("StringLike").matches("a", compiled)
