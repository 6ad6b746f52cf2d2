"""Operator names: parsing (AMB-12), properties, rejection with suggestions, and the public surface."""

import ast
import dataclasses
from pathlib import Path

import pytest

import workbench.conditions as conditions
from workbench.conditions import OPERATOR_NAMES, ConditionOperator, UnknownOperatorError, parse_operator
from workbench.errors import WorkbenchError

# base -> (family, negated, uses_wildcards, accepts_variables, variables_documented)
BASES = {
    "StringEquals": ("String", False, False, True, True),
    "StringNotEquals": ("String", True, False, True, True),
    "StringEqualsIgnoreCase": ("String", False, False, True, True),
    "StringNotEqualsIgnoreCase": ("String", True, False, True, True),
    "StringLike": ("String", False, True, True, True),
    "StringNotLike": ("String", True, True, True, True),
    "NumericEquals": ("Numeric", False, False, False, False),
    "NumericNotEquals": ("Numeric", True, False, False, False),
    "NumericLessThan": ("Numeric", False, False, False, False),
    "NumericLessThanEquals": ("Numeric", False, False, False, False),
    "NumericGreaterThan": ("Numeric", False, False, False, False),
    "NumericGreaterThanEquals": ("Numeric", False, False, False, False),
    "DateEquals": ("Date", False, False, False, False),
    "DateNotEquals": ("Date", True, False, False, False),
    "DateLessThan": ("Date", False, False, False, False),
    "DateLessThanEquals": ("Date", False, False, False, False),
    "DateGreaterThan": ("Date", False, False, False, False),
    "DateGreaterThanEquals": ("Date", False, False, False, False),
    "Bool": ("Bool", False, False, True, False),
    "BinaryEquals": ("Binary", False, False, False, False),
    "IpAddress": ("IPAddress", False, False, False, False),
    "NotIpAddress": ("IPAddress", True, False, False, False),
    "ArnEquals": ("ARN", False, True, True, True),
    "ArnLike": ("ARN", False, True, True, True),
    "ArnNotEquals": ("ARN", True, True, True, True),
    "ArnNotLike": ("ARN", True, True, True, True),
    "Null": ("Null", False, False, False, False),
}


def test_every_aws_operator_is_known() -> None:
    assert set(OPERATOR_NAMES) == set(BASES)


@pytest.mark.parametrize(("base", "expected"), BASES.items())
def test_operator_properties(base: str, expected: tuple[str, bool, bool, bool, bool]) -> None:
    op = parse_operator(base)
    assert (
        op.family,
        op.negated,
        op.uses_wildcards,
        op.accepts_variables,
        op.variables_documented,
    ) == expected
    assert (op.base, op.if_exists, op.set_qualifier, op.canonical) == (base, False, None, base)


@pytest.mark.parametrize(
    ("written", "base", "if_exists", "qualifier", "canonical"),
    [
        ("StringEquals", "StringEquals", False, None, "StringEquals"),
        ("stringequals", "StringEquals", False, None, "StringEquals"),
        ("STRINGEQUALS", "StringEquals", False, None, "StringEquals"),
        ("StringLikeIfExists", "StringLike", True, None, "StringLikeIfExists"),
        ("stringlikeifexists", "StringLike", True, None, "StringLikeIfExists"),
        (
            "ForAnyValue:stringlikeifexists",
            "StringLike",
            True,
            "ForAnyValue",
            "ForAnyValue:StringLikeIfExists",
        ),
        (
            "forallvalues:StringNotEquals",
            "StringNotEquals",
            False,
            "ForAllValues",
            "ForAllValues:StringNotEquals",
        ),
        ("FORANYVALUE:ARNLIKE", "ArnLike", False, "ForAnyValue", "ForAnyValue:ArnLike"),
        ("notipaddressIFEXISTS", "NotIpAddress", True, None, "NotIpAddressIfExists"),
        ("BoolIfExists", "Bool", True, None, "BoolIfExists"),
        ("null", "Null", False, None, "Null"),
        ("ForAllValues:Null", "Null", False, "ForAllValues", "ForAllValues:Null"),
    ],
)
def test_names_are_case_insensitive(
    written: str, base: str, if_exists: bool, qualifier: str | None, canonical: str
) -> None:
    op = parse_operator(written)
    assert (op.written, op.base, op.if_exists, op.set_qualifier, op.canonical) == (
        written,
        base,
        if_exists,
        qualifier,
        canonical,
    )


def test_spellings_of_one_operator_behave_alike() -> None:
    a, b = parse_operator("ForAnyValue:StringLike"), parse_operator("foranyvalue:STRINGLIKE")
    assert (a.base, a.family, a.negated, a.if_exists, a.set_qualifier) == (
        b.base,
        b.family,
        b.negated,
        b.if_exists,
        b.set_qualifier,
    )


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("StringEqualz", "StringEquals"),
        ("stringequalz", "StringEquals"),
        ("StringEqual", "StringEquals"),
        ("StringEqualsIfExist", "StringEqualsIfExists"),
        ("NumericLessThen", "NumericLessThan"),
        ("IPAddres", "IpAddress"),
        ("Boolean", "Bool"),
        ("ForAllValues:StringEqualz", "ForAllValues:StringEquals"),
        ("ForAnyValues:StringEquals", "ForAnyValue:StringEquals"),
        ("ForAllValue:StringLike", "ForAllValues:StringLike"),
        ("NullIfExists", "Null"),
        ("StringEquals:", "StringEquals"),
    ],
)
def test_unknown_names_suggest_the_nearest_operator(name: str, suggestion: str) -> None:
    with pytest.raises(UnknownOperatorError) as caught:
        parse_operator(name)
    error = caught.value
    assert error.code == "policy_unknown_operator"
    assert error.name == name
    assert error.suggestion == suggestion
    assert f"did you mean {suggestion}?" in error.message
    assert f"'{name}'" in error.message
    assert error.to_dict()["suggestion"] == suggestion


@pytest.mark.parametrize("name", ["", "Foo", "IfExists", ":", "ForAllValues:", "ForAllValues:Xyzzy", " StringEquals"])
def test_hopeless_names_are_rejected(name: str) -> None:
    with pytest.raises(UnknownOperatorError) as caught:
        parse_operator(name)
    assert isinstance(caught.value, WorkbenchError)
    assert caught.value.message


def test_hopeless_name_message_shows_what_operators_look_like() -> None:
    with pytest.raises(UnknownOperatorError) as caught:
        parse_operator("Foo")
    assert caught.value.suggestion is None
    assert "StringEquals" in caught.value.message


def test_operators_are_immutable_and_hashable() -> None:
    op = parse_operator("StringEquals")
    with pytest.raises(dataclasses.FrozenInstanceError):
        op.base = "StringLike"  # type: ignore[misc]
    assert op == parse_operator("StringEquals")
    assert len({op, parse_operator("StringEquals")}) == 1


def test_direct_construction_is_checked() -> None:
    op = ConditionOperator("stringequals", "StringEquals", "String", False, False, None)
    assert op.canonical == "StringEquals"
    with pytest.raises(UnknownOperatorError):
        ConditionOperator("x", "StringEqualz", "String", False, False, None)
    with pytest.raises(UnknownOperatorError):
        ConditionOperator("NullIfExists", "Null", "Null", False, True, None)
    with pytest.raises(ValueError):
        ConditionOperator("StringEquals", "StringEquals", "String", True, False, None)
    with pytest.raises(ValueError):
        ConditionOperator("x", "StringEquals", "String", False, False, "ForSomeValues")  # type: ignore[arg-type]


def test_public_surface() -> None:
    assert set(conditions.__all__) == {
        "OPERATOR_NAMES",
        "CompiledValues",
        "ConditionOperator",
        "Family",
        "PolicyValue",
        "RequestValue",
        "SetQualifier",
        "UnknownOperatorError",
        "check_policy_value",
        "condition_matches",
        "parse_operator",
    }
    for name in conditions.__all__:
        assert hasattr(conditions, name)


def test_layer_1_imports_only_errors_wildcard_and_the_standard_library() -> None:
    allowed = {"workbench.errors", "workbench.wildcard"}
    package = Path(conditions.__file__).parent
    for module in package.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                if name.startswith("workbench") and not name.startswith("workbench.conditions"):
                    assert name in allowed, f"{module.name} imports {name}"
