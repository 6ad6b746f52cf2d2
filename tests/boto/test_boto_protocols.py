"""Services on botocore's other wire protocols (JSON for Organizations and KMS): same routing, same exceptions."""

from __future__ import annotations

import pytest
from boto_support import ACCOUNT


def test_organizations_modeled_exception_and_paginator(admin):
    organizations = admin.client("organizations")

    with pytest.raises(organizations.exceptions.AWSOrganizationsNotInUseException):
        organizations.describe_organization()
    organizations.create_organization(FeatureSet="ALL")
    accounts = organizations.get_paginator("list_accounts").paginate().build_full_result()["Accounts"]

    assert [account["Id"] for account in accounts] == [ACCOUNT]


def test_kms_blobs_round_trip(admin):
    kms = admin.client("kms")
    key_id = kms.create_key(Description="lesson key")["KeyMetadata"]["KeyId"]

    ciphertext = kms.encrypt(KeyId=key_id, Plaintext=b"secret")["CiphertextBlob"]

    assert isinstance(ciphertext, bytes)
    assert kms.decrypt(CiphertextBlob=ciphertext)["Plaintext"] == b"secret"
    with pytest.raises(kms.exceptions.NotFoundException):
        kms.describe_key(KeyId="alias/nope")
