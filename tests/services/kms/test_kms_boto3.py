"""The simulated KMS under a learner's real boto3 client (workbench.boto): shapes, blobs and modeled errors."""

from __future__ import annotations

from typing import Any

import pytest
from kms_support import A

import workbench.boto
from workbench.account.simulation import Simulation


@pytest.fixture
def kms(sim: Simulation) -> Any:
    return workbench.boto.session(sim, sim.root_credentials(A)).client("kms", region_name="us-east-1")


def test_round_trip_through_boto3(kms: Any) -> None:
    key = kms.create_key(Description="orders")["KeyMetadata"]
    kms.create_alias(AliasName="alias/orders", TargetKeyId=key["KeyId"])
    blob = kms.encrypt(KeyId="alias/orders", Plaintext=b"hello", EncryptionContext={"k": "v"})["CiphertextBlob"]
    answer = kms.decrypt(CiphertextBlob=blob, EncryptionContext={"k": "v"})
    assert answer["Plaintext"] == b"hello" and answer["KeyId"] == key["Arn"]
    data_key = kms.generate_data_key(KeyId=key["Arn"], KeySpec="AES_256")
    assert len(data_key["Plaintext"]) == 32


def test_modeled_exceptions_through_boto3(kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.disable_key(KeyId=key)
    with pytest.raises(kms.exceptions.DisabledException):
        kms.encrypt(KeyId=key, Plaintext=b"x")
    with pytest.raises(kms.exceptions.NotFoundException):
        kms.describe_key(KeyId="alias/none")


def test_paginator_through_boto3(kms: Any) -> None:
    for _ in range(3):
        kms.create_key()
    pages = list(kms.get_paginator("list_keys").paginate(PaginationConfig={"PageSize": 2}))
    assert sum(len(page["Keys"]) for page in pages) == 3
