"""``validate_policy`` as a whole: every problem reported, parse errors as findings, never an exception."""

from __future__ import annotations

import ast
import json
import string
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from validate_rows import text

from workbench.errors import PolicyParseError
from workbench.policy.findings import Severity
from workbench.policy.model import PolicyType
from workbench.policy.parse import parse_policy
from workbench.policy.validate import validate_policy

FIVE_PROBLEMS = """
{
  "Statement": [
    {
      "Effect": "allow",
      "Action": ["s3:GetObjekt", "iam:PassRole"],
      "Resource": ["arn:aws:s3", "*"],
      "Condition": {"StringEqualz": {"aws:username": "alice"}}
    }
  ]
}
"""


def test_every_problem_is_reported_not_just_the_first() -> None:
    report = validate_policy(text(FIVE_PROBLEMS))
    found = {(f.code, f.line, f.column) for f in report.findings}
    assert {
        ("validate_missing_version", 1, 1),
        ("validate_invalid_effect", 4, 17),
        ("validate_unknown_action", 5, 18),
        ("validate_invalid_arn", 6, 20),
        ("validate_unknown_operator", 7, 21),
    } <= found, "\n".join(map(str, report.findings))
    assert len(report.errors) == 4


def test_findings_are_ordered_by_position() -> None:
    report = validate_policy(text(FIVE_PROBLEMS))
    positions = [(f.line, f.column) for f in report.findings]
    assert positions == sorted(positions)


MALFORMED = """
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject" "Resource": "*"}
  ]
}
"""


def test_malformed_json_is_one_error_at_the_parser_position() -> None:
    with pytest.raises(PolicyParseError) as caught:
        parse_policy(text(MALFORMED))
    report = validate_policy(text(MALFORMED))
    (finding,) = report.findings
    assert finding.severity is Severity.ERROR
    assert (finding.code, finding.line, finding.column) == (
        caught.value.code,
        caught.value.line,
        caught.value.column,
    )
    assert (finding.line, finding.column) == (4, 50)
    assert finding.hint


def test_duplicate_keys_are_reported_with_the_parser_code() -> None:
    report = validate_policy('{"Version": "2012-10-17",\n "Version": "2012-10-17"}')
    assert [(f.code, f.line, f.column) for f in report.findings] == [("parse_duplicate_key", 2, 2)]


def test_parsed_documents_and_enum_types_are_accepted() -> None:
    document = parse_policy(text(FIVE_PROBLEMS))
    by_text = validate_policy(text(FIVE_PROBLEMS), "identity")
    by_document = validate_policy(document, PolicyType.IDENTITY)
    assert by_text == by_document
    assert validate_policy(document, "TRUST").policy_type is PolicyType.TRUST


def test_unknown_policy_type_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="identity"):
        validate_policy("{}", "bucket")


def test_decoded_json_objects_are_accepted_and_wrong_types_become_findings() -> None:
    report = validate_policy({"Version": "2012-10-17", "Statement": {"Effect": 1}})
    assert [(f.code, f.severity) for f in report.findings] == [("parse_wrong_type", Severity.ERROR)]
    clean = {"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}}
    assert validate_policy(clean, "scp").findings == ()


def test_dict_rendered_policies_are_located_too() -> None:
    document = parse_policy({"Statement": {"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}})
    (finding,) = [f for f in validate_policy(document).findings if f.code == "validate_unknown_action"]
    assert finding.line > 1 and finding.pointer == "/Statement/Action"


# -- never raises ---------------------------------------------------------------------------------
_IAM_WORDS = [
    "Version", "Id", "Statement", "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction",
    "Resource", "NotResource", "Condition", "AWS", "Service", "Federated", "CanonicalUser", "effect",
    "Allow", "Deny", "*", "2012-10-17", "2008-10-17", "s3:GetObject", "s3:*", "iam:PassRole", "iam:Get*",
    "sts:AssumeRole", "s3:", ":", "*:*", "s*:Get", "arn:aws:s3:::b1/*", "arn:aws:s3", "arn:aws:iam::*:role/x",
    "arn:aws:s3:::${aws:username}/*", "${aws:TagKeys}", "${", "${aws:username, 'x'}", "111122223333",
    "StringEquals", "StringLike", "ForAllValues:StringEquals", "ForAnyValue:StringLike", "NullIfExists",
    "Null", "Bool", "NumericLessThan", "DateGreaterThan", "IpAddress", "ArnLike", "StringEqualz",
    "aws:username", "aws:TagKeys", "aws:SourceIp", "s3:prefix", "aws:PrincipalTag/team", "ec2:Region",
    "true", "yes", "10.0.0.0/8", "2025-01-01", "", "\u2019",
]  # fmt: skip

_words = st.sampled_from(_IAM_WORDS) | st.text(max_size=12)
_json: Any = st.recursive(
    st.none() | st.booleans() | st.integers() | _words,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_words, children, max_size=5),
    max_leaves=30,
)


def _statements() -> Any:
    """Statements built from the real element names with values that are often right, often not."""
    word = st.sampled_from(_IAM_WORDS)
    words = word | st.lists(word, max_size=3)
    principal = st.just("*") | st.dictionaries(word, words, max_size=2)
    condition = st.dictionaries(word, st.dictionaries(word, words | st.booleans(), max_size=2), max_size=3)
    elements = {
        "Sid": word,
        "Effect": word,
        "Principal": principal,
        "NotPrincipal": principal,
        "Action": words,
        "NotAction": words,
        "Resource": words,
        "NotResource": words,
        "Condition": condition,
        "effect": word,
    }
    return st.fixed_dictionaries({}, optional=elements)


_policies = st.fixed_dictionaries(
    {"Statement": st.lists(_statements(), max_size=4) | _statements()},
    optional={"Version": st.sampled_from(["2012-10-17", "2008-10-17", "2012"]), "Id": st.just("x")},
)


def _assert_well_formed(report_text: str, policy_type: str) -> None:
    report = validate_policy(report_text, policy_type)
    lines = report_text.split("\n")
    for finding in report.findings:
        assert finding.code.startswith(("validate_", "parse_"))
        assert finding.message and finding.hint
        assert 1 <= finding.line <= len(lines)
        assert 1 <= finding.column <= len(lines[finding.line - 1]) + 1
    assert [(f.line, f.column) for f in report.findings] == sorted((f.line, f.column) for f in report.findings)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.sampled_from([t.value for t in PolicyType]))
def test_arbitrary_text_never_raises(source: str, policy_type: str) -> None:
    _assert_well_formed(source, policy_type)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_words, _json, max_size=6), st.sampled_from([t.value for t in PolicyType]))
def test_arbitrary_json_objects_never_raise(value: dict[str, Any], policy_type: str) -> None:
    _assert_well_formed(json.dumps(value, indent=2, ensure_ascii=False), policy_type)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_policies, st.sampled_from([t.value for t in PolicyType]), st.booleans())
def test_policy_shaped_objects_never_raise(value: dict[str, Any], policy_type: str, compact: bool) -> None:
    _assert_well_formed(json.dumps(value, indent=None if compact else 2, ensure_ascii=False), policy_type)


# -- house style and speed ------------------------------------------------------------------------
_PACKAGE = Path(__file__).resolve().parents[3] / "workbench" / "policy" / "validate"


@pytest.mark.parametrize("module", sorted(_PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_each_module_is_small_and_says_its_place_in_the_flow(module: Path) -> None:
    source = module.read_text(encoding="utf-8")
    assert len(source.splitlines()) < 300
    docstring = ast.get_docstring(ast.parse(source))
    assert docstring and docstring.split("\n")[0].startswith("Validate")


def test_a_typical_policy_validates_quickly() -> None:
    statements = [
        {
            "Sid": f"S{i}",
            "Effect": "Allow",
            "Action": [f"s3:{verb}" for verb in ("GetObject", "PutObject", "ListBucket")] + ["ec2:Describe*"],
            "Resource": [f"arn:aws:s3:::bucket-{i}", f"arn:aws:s3:::bucket-{i}/*"],
            "Condition": {"StringEquals": {"aws:PrincipalTag/team": string.ascii_lowercase[i]}},
        }
        for i in range(20)
    ]
    policy = json.dumps({"Version": "2012-10-17", "Statement": statements}, indent=2)
    validate_policy(policy)  # warm the catalog
    start = time.perf_counter()
    for _ in range(5):
        validate_policy(policy)
    assert (time.perf_counter() - start) / 5 < 0.25  # generous: about 10 ms on a laptop
