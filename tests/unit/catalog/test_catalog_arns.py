"""Catalog: resource types and whether a policy Resource pattern can match an action's ARNs."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.policy.arn_templates import (
    PARTITIONS,
    ArnTemplate,
    Step,
    glob_steps,
    patterns_intersect,
    placeholder_steps,
    template_can_match,
)
from workbench.policy.catalog import ServiceCatalog, load_catalog


@pytest.fixture(scope="module")
def catalog() -> ServiceCatalog:
    return load_catalog()


@pytest.mark.parametrize(
    ("action", "pattern", "expected"),
    [
        # The cases the validator relies on.
        ("s3:ListBucket", "arn:aws:s3:::b1/*", False),  # bucket names hold no "/"
        ("s3:ListBucket", "arn:aws:s3:::b1", True),
        ("s3:GetObject", "arn:aws:s3:::b1/*", True),
        ("s3:GetObject", "arn:aws:s3:::b1", False),
        ("s3:GetObject", "arn:aws:s3:::*", True),
        ("iam:CreateUser", "arn:aws:iam::111122223333:user/dev/alice", True),  # user names carry paths
        ("iam:CreateUser", "arn:aws:iam::111122223333:role/x", False),
        ("s3:GetObject", "arn:aws:s3::111122223333:b1/*", False),  # account in an S3 ARN (G8)
        ("lambda:InvokeFunction", "arn:aws:lambda:us-east-1:111122223333:function:f1", True),
        ("s3:GetObject", "*", True),
        ("iam:CreateUser", "*", True),
        ("ec2:DescribeInstances", "*", None),  # no resource types: only "*" applies
        ("ec2:DescribeInstances", "arn:aws:ec2:us-east-1:111122223333:instance/i-1", None),
        ("s3:ListAllMyBuckets", "*", None),
        ("s3:NoSuchAction", "arn:aws:s3:::b1", None),
        # Segments: partition alternatives, case-insensitive, empty segments, wildcards in a segment.
        ("s3:ListBucket", "arn:aws-cn:s3:::b1", True),
        ("s3:ListBucket", "arn:aws-us-gov:s3:::b1", True),
        ("s3:ListBucket", "arn:aws-moon:s3:::b1", False),
        ("s3:ListBucket", "arn:*:s3:::b1", True),
        ("s3:ListBucket", "ARN:AWS:S3:::b1", True),
        ("s3:ListBucket", "arn:aws:s3:*:*:b1", True),  # "*" may be empty
        ("s3:ListBucket", "arn:aws:s3:?::b1", False),  # "?" is one character, the segment is empty
        ("s3:ListBucket", "arn:aws:iam:::b1", False),  # wrong service
        ("sqs:SendMessage", "arn:aws:sqs:us-east-1:*:orders", True),
        ("sqs:SendMessage", "arn:aws:sqs:us-east-1::orders", False),  # account required
        ("iam:GetRole", "arn:aws:iam::*:role/*", True),
        ("iam:GetRole", "arn:aws:iam:us-east-1:111122223333:role/x", False),  # IAM has no region
        # Resource part: case-sensitive, "*" crosses "/" and ":".
        ("iam:CreateUser", "arn:aws:iam::111122223333:User/alice", False),
        ("iam:CreateUser", "arn:aws:iam::111122223333:*", True),
        ("iam:CreateUser", "arn:aws:iam::111122223333:user*", True),
        ("s3:GetObject", "arn:aws:s3:::docs-bucket/*/test/*", True),
        ("s3:GetObject", "arn:aws:s3:::*log*", True),
        ("s3:ListBucket", "arn:aws:s3:::*log*", True),
        # Delimited and tail placeholders.
        (
            "logs:PutLogEvents",
            "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/fn:log-stream:*",
            True,
        ),
        ("logs:CreateLogGroup", "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/*", True),
        ("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:111122223333:table/orders", True),
        ("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:111122223333:table/orders/index/*", True),
        ("sts:AssumeRole", "arn:aws:iam::111122223333:role/path/to/app", True),
        ("sts:AssumeRole", "arn:aws:sts::111122223333:assumed-role/app/s1", False),
        ("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/1234abcd", True),
        ("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:alias/x", False),
        # Policy variables and escapes.
        ("s3:GetObject", "arn:aws:s3:::home/${aws:username}/*", True),
        ("s3:ListBucket", "arn:aws:s3:::${aws:username}", True),
        ("s3:ListBucket", "arn:aws:s3:::b${*}", True),  # a literal "*" in the name: still a name
        # Fewer than six segments: padded with "*" (the validator reports the short ARN itself).
        ("s3:ListBucket", "arn:aws:s3", True),
        ("s3:ListBucket", "not-an-arn", False),
    ],
)
def test_arn_can_match_action(catalog: ServiceCatalog, action: str, pattern: str, expected: bool | None) -> None:
    assert catalog.arn_can_match_action(pattern, action) is expected


def test_resource_types(catalog: ServiceCatalog) -> None:
    types = catalog.resource_types("S3:GETOBJECT")
    assert [t.name for t in types] == ["accesspointobject", "object"]
    obj = types[1]
    assert obj.arn_template == "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
    assert obj.arn_templates == (obj.arn_template,)
    assert "s3:BucketTag/${TagKey}" in obj.condition_keys
    assert catalog.resource_types("ec2:DescribeInstances") == ()
    assert catalog.resource_types("nope:Nope") == ()


def test_resource_type_with_several_templates(catalog: ServiceCatalog) -> None:
    (authorizer,) = (t for t in catalog.resource_types("apigateway:DELETE") if t.name.lower() == "authorizer")
    assert len(authorizer.arn_templates) == 2
    assert all(t.startswith("arn:") and ", " not in t for t in authorizer.arn_templates)


def test_every_template_matches_its_own_sample_arn(catalog: ServiceCatalog) -> None:
    """Fill each placeholder with a plausible value: the template must accept its own ARN."""
    values = {"Partition": "aws", "Region": "us-east-1", "Account": "111122223333"}
    checked = 0
    for prefix in ("s3", "iam", "lambda", "logs", "sts", "ec2", "apigateway", "execute-api", "neptune-db"):
        for action in catalog.service_actions(prefix):
            for rtype in catalog.resource_types(action):
                for template in rtype.arn_templates:
                    sample = re.sub(r"\$\{([^}]*)\}", lambda m: values.get(m.group(1), "x1"), template)
                    assert template_can_match(sample.replace("*", "x"), template), (template, sample)
                    checked += 1
    assert checked > 1000


@pytest.mark.parametrize(
    ("template", "pattern", "expected"),
    [
        # Free-form names may be empty (API Gateway's root resource path) and hold "/".
        (
            "arn:${Partition}:execute-api:${Region}:${Account}:${ApiId}/${Stage}/${Method}/${ApiSpecificResourcePath}",
            "arn:aws:execute-api:us-east-1:111122223333:abc/prod/GET/",
            True,
        ),
        (
            "arn:${Partition}:execute-api:${Region}:${Account}:${ApiId}/${Stage}/${Method}/${ApiSpecificResourcePath}",
            "arn:aws:execute-api:us-east-1:111122223333:abc/prod/GET/pets/1",
            True,
        ),
        (
            "arn:${Partition}:execute-api:${Region}:${Account}:${ApiId}/${Stage}/${Method}/${ApiSpecificResourcePath}",
            "arn:aws:execute-api:us-east-1:111122223333:abc/prod/GET",
            False,
        ),
        # A "*" inside a template is a wildcard on the template side.
        (
            "arn:${Partition}:neptune-db:${Region}:${Account}:${ClusterResourceId}/*",
            "arn:aws:neptune-db:us-east-1:111122223333:cluster-ABC/database",
            True,
        ),
        (
            "arn:${Partition}:braket:*:*:device/${DeviceType}/${Provider}/${DeviceId}",
            "arn:aws:braket:::device/qpu/ionq/aria-1",
            True,
        ),
        # Literal segments in templates.
        (
            "arn:${Partition}:iam::aws:policy/${PolicyNameWithPath}",
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
            True,
        ),
        (
            "arn:${Partition}:iam::aws:policy/${PolicyNameWithPath}",
            "arn:aws:iam::111122223333:policy/x",
            False,
        ),
        (
            "arn:${Partition}:s3:us-west-2:${Account}:async-request/mrap/${Operation}/${Token}",
            "arn:aws:s3:us-east-1:111122223333:async-request/mrap/*",
            False,
        ),
        # Whole resource part: a simple name, neither "/" nor ":".
        ("arn:${Partition}:sns:${Region}:${Account}:${TopicName}", "arn:aws:sns:us-east-1:1:t1", True),
        ("arn:${Partition}:sns:${Region}:${Account}:${TopicName}", "arn:aws:sns:us-east-1:1:t1:sub", False),
        ("arn:${Partition}:sns:${Region}:${Account}:${TopicName}", "arn:aws:sns:us-east-1:1:", False),
    ],
)
def test_template_can_match(template: str, pattern: str, expected: bool) -> None:
    assert template_can_match(pattern, template) is expected


ANY = frozenset[str]()


@pytest.mark.parametrize(
    ("name", "whole", "next_char", "expected"),
    [
        ("ObjectName", False, None, (Step(repeat=True),)),
        ("UserNameWithPath", False, None, (Step(repeat=True),)),
        ("RelativeId", True, None, (Step(repeat=True),)),
        ("ConnectionArn", True, None, (Step(repeat=True),)),
        (
            "BucketName",
            True,
            None,
            (Step(excluded=frozenset("/:")), Step(excluded=frozenset("/:"), repeat=True)),
        ),
        (
            "BucketName",
            False,
            "/",
            (Step(excluded=frozenset("/")), Step(excluded=frozenset("/"), repeat=True)),
        ),
        (
            "LogGroupName",
            False,
            ":",
            (Step(excluded=frozenset(":")), Step(excluded=frozenset(":"), repeat=True)),
        ),
        ("FunctionName", False, None, (Step(excluded=ANY), Step(excluded=ANY, repeat=True))),
        ("ServiceName", False, "-", (Step(excluded=ANY), Step(excluded=ANY, repeat=True))),
        ("KeyId", False, None, (Step(excluded=ANY), Step(excluded=ANY, repeat=True))),
        (
            "NetworkInsightsPathId",
            True,
            None,
            (Step(excluded=frozenset("/:")), Step(excluded=frozenset("/:"), repeat=True)),
        ),
    ],
)
def test_placeholder_rule(name: str, whole: bool, next_char: str | None, expected: tuple[Step, ...]) -> None:
    assert placeholder_steps(name, whole=whole, next_char=next_char) == expected


def test_partitions() -> None:
    assert {"aws", "aws-cn", "aws-us-gov"} <= set(PARTITIONS)
    template = ArnTemplate.compile("arn:${Partition}:s3:::${BucketName}")
    assert all(template.can_match(f"arn:{p}:s3:::b") for p in PARTITIONS)


def _brute_force_intersect(a: str, b: str) -> bool:
    """Oracle: search short strings over the patterns' letters plus one stranger."""

    def regex(glob: str) -> re.Pattern[str]:
        return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in glob), re.DOTALL)

    ra, rb = regex(a), regex(b)
    alphabet = sorted({c for c in a + b if c not in "*?"} | {"z"})
    longest = sum(c != "*" for c in a) + sum(c != "*" for c in b)
    for length in range(longest + 1):
        for chars in itertools.product(alphabet, repeat=length):
            text = "".join(chars)
            if ra.fullmatch(text) and rb.fullmatch(text):
                return True
    return False


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab/*?", max_size=4), st.text(alphabet="ab/*?", max_size=4))
def test_patterns_intersect_agrees_with_brute_force(a: str, b: str) -> None:
    assert patterns_intersect(glob_steps(a), glob_steps(b)) == _brute_force_intersect(a, b)
