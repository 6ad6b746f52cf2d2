"""OpenID Connect providers: create, get, list, client ids and thumbprints, delete."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError
from iam_credentials_support import ACCOUNT, allow, assert_boto3_shape, error_code

THUMB = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280"
ARN = f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.example.com/id/42"


def _create(iam: Any, **extra: Any) -> dict[str, Any]:
    return dict(
        iam.create_open_id_connect_provider(
            Url="https://token.actions.example.com/id/42",
            ClientIDList=["sts.amazonaws.com"],
            ThumbprintList=[THUMB],
            **extra,
        )
    )


def test_create_and_get(sim: Any, iam: Any) -> None:
    created = _create(iam, Tags=[{"Key": "ci", "Value": "yes"}])
    assert_boto3_shape("CreateOpenIDConnectProvider", created)
    assert created["OpenIDConnectProviderArn"] == ARN
    got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=ARN)
    assert_boto3_shape("GetOpenIDConnectProvider", got)
    assert got["Url"] == "token.actions.example.com/id/42"  # IAM answers the URL without its scheme
    assert got["ClientIDList"] == ["sts.amazonaws.com"] and got["ThumbprintList"] == [THUMB]
    assert got["CreateDate"] == sim.clock.now() and got["Tags"] == [{"Key": "ci", "Value": "yes"}]
    listed = iam.list_open_id_connect_providers()
    assert_boto3_shape("ListOpenIDConnectProviders", listed)
    assert listed["OpenIDConnectProviderList"] == [{"Arn": ARN}]
    assert iam.get_account_summary()["SummaryMap"]["Providers"] == 1


def test_the_same_url_twice_already_exists(iam: Any) -> None:
    _create(iam)
    with pytest.raises(ClientError) as raised:
        _create(iam)
    assert error_code(raised) == "EntityAlreadyExists"


def test_invalid_url_and_thumbprints(iam: Any) -> None:
    for url in ("http://insecure.example.com", "https://example.com/?q=1", "https://"):
        with pytest.raises(ClientError) as raised:
            iam.create_open_id_connect_provider(Url=url)
        assert error_code(raised) == "InvalidInput"
    with pytest.raises(ClientError) as raised:
        iam.create_open_id_connect_provider(Url="https://example.com", ThumbprintList=["ab" * 20] * 6)
    assert error_code(raised) == "InvalidInput"
    with pytest.raises(ClientError) as raised:
        iam.create_open_id_connect_provider(Url="https://example.com", ThumbprintList=["abc" * 20])
    assert error_code(raised) == "InvalidInput"


def test_client_ids_are_added_and_removed_idempotently(iam: Any) -> None:
    _create(iam)
    iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=ARN, ClientID="my-app")
    iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=ARN, ClientID="my-app")
    assert iam.get_open_id_connect_provider(OpenIDConnectProviderArn=ARN)["ClientIDList"] == [
        "sts.amazonaws.com",
        "my-app",
    ]
    iam.remove_client_id_from_open_id_connect_provider(OpenIDConnectProviderArn=ARN, ClientID="sts.amazonaws.com")
    iam.remove_client_id_from_open_id_connect_provider(OpenIDConnectProviderArn=ARN, ClientID="never-added")
    assert iam.get_open_id_connect_provider(OpenIDConnectProviderArn=ARN)["ClientIDList"] == ["my-app"]


def test_update_thumbprints(iam: Any) -> None:
    _create(iam)
    iam.update_open_id_connect_provider_thumbprint(OpenIDConnectProviderArn=ARN, ThumbprintList=["a" * 40, "b" * 40])
    assert iam.get_open_id_connect_provider(OpenIDConnectProviderArn=ARN)["ThumbprintList"] == ["a" * 40, "b" * 40]


def test_delete_and_missing_providers(iam: Any) -> None:
    _create(iam)
    iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=ARN)
    assert iam.list_open_id_connect_providers()["OpenIDConnectProviderList"] == []
    for call in ("get_open_id_connect_provider", "delete_open_id_connect_provider"):
        with pytest.raises(ClientError) as raised:
            getattr(iam, call)(OpenIDConnectProviderArn=ARN)
        assert error_code(raised) == "NoSuchEntity"
    with pytest.raises(ClientError) as raised:
        iam.get_open_id_connect_provider(OpenIDConnectProviderArn="arn:aws:iam::111111111111:role/not-a-provider")
    assert error_code(raised) == "InvalidInput"


def test_provider_operations_are_authorized_on_the_provider_arn(iam: Any, client_as: Callable[..., Any]) -> None:
    _create(iam)
    reader = client_as("reader", allow("iam:GetOpenIDConnectProvider", ARN))
    reader.get_open_id_connect_provider(OpenIDConnectProviderArn=ARN)
    with pytest.raises(ClientError) as raised:
        reader.delete_open_id_connect_provider(OpenIDConnectProviderArn=ARN)
    assert error_code(raised) == "AccessDenied"
    with pytest.raises(ClientError) as raised:
        reader.create_open_id_connect_provider(Url="https://other.example.com")
    assert error_code(raised) == "AccessDenied"
