"""GetCallerIdentity for every kind of credentials (K1), under Deny * (E14), and for credentials gone bad."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from sts_support import (
    A,
    allow,
    assert_boto3_shape,
    deny,
    error_code,
    put_oidc_provider,
    put_role,
    put_user,
    trust,
)

from workbench.account.simulation import Simulation
from workbench.account.sts import issue_web_identity_token


def test_root_user(sim: Simulation, sts_as: Any) -> None:
    answer = sts_as(sim.root_credentials(A)).get_caller_identity()
    assert_boto3_shape("sts", "GetCallerIdentity", answer)
    assert (answer["UserId"], answer["Account"], answer["Arn"]) == (A, A, f"arn:aws:iam::{A}:root")


def test_iam_user_even_under_deny_everything(sim: Simulation, sts_as: Any) -> None:
    keys = put_user(sim, A, "alice", deny("*"))
    answer = sts_as(keys).get_caller_identity()
    user = sim.state.accounts[A].users["alice"]
    assert answer["UserId"] == user.user_id and user.user_id.startswith("AIDA")
    assert answer["Arn"] == f"arn:aws:iam::{A}:user/alice"


def test_role_session(sim: Simulation, sts_as: Any) -> None:
    keys = put_user(sim, A, "alice")
    role = put_role(sim, A, "app", [trust({"AWS": f"arn:aws:iam::{A}:user/alice"})], deny("*"), path="/team/")
    session = sts_as(keys).assume_role(RoleArn=role.arn, RoleSessionName="s1")
    answer = sts_as(session["Credentials"]).get_caller_identity()
    assert answer["UserId"] == f"{role.role_id}:s1"
    assert answer["Arn"] == f"arn:aws:sts::{A}:assumed-role/app/s1"  # no role path (AMB-23)


def test_federated_user(sim: Simulation, sts_as: Any) -> None:
    keys = put_user(sim, A, "alice", allow("sts:GetFederationToken"))
    token = sts_as(keys).get_federation_token(Name="jane")
    answer = sts_as(token["Credentials"]).get_caller_identity()
    assert (answer["UserId"], answer["Arn"]) == (f"{A}:jane", f"arn:aws:sts::{A}:federated-user/jane")


def test_session_token_of_a_user_and_of_root(sim: Simulation, sts_as: Any) -> None:
    keys = put_user(sim, A, "alice")
    user_token = sts_as(keys).get_session_token()
    answer = sts_as(user_token["Credentials"]).get_caller_identity()
    assert answer["Arn"] == f"arn:aws:iam::{A}:user/alice"
    assert answer["UserId"] == sim.state.accounts[A].users["alice"].user_id
    root_token = sts_as(sim.root_credentials(A)).get_session_token()
    answer = sts_as(root_token["Credentials"]).get_caller_identity()
    assert (answer["UserId"], answer["Arn"]) == (A, f"arn:aws:iam::{A}:root")


def test_web_identity_session(sim: Simulation, sts_as: Any) -> None:
    provider = put_oidc_provider(sim, A, "https://idp.example.com", "app")
    role = put_role(sim, A, "web", [trust({"Federated": provider}, "sts:AssumeRoleWithWebIdentity")])
    token = issue_web_identity_token(sim, "https://idp.example.com", "user-7", "app")
    session = sts_as(None).assume_role_with_web_identity(
        RoleArn=role.arn, RoleSessionName="web-7", WebIdentityToken=token
    )
    answer = sts_as(session["Credentials"]).get_caller_identity()
    assert (answer["UserId"], answer["Arn"]) == (f"{role.role_id}:web-7", f"arn:aws:sts::{A}:assumed-role/web/web-7")


def test_without_credentials(sts_as: Any) -> None:
    with pytest.raises(ClientError) as raised:
        sts_as(None).get_caller_identity()
    assert error_code(raised) == "MissingAuthenticationToken"


def test_expired_session_fails_before_any_policy(sim: Simulation, sts_as: Any) -> None:
    keys = put_user(sim, A, "alice")
    role = put_role(sim, A, "app", [trust({"AWS": f"arn:aws:iam::{A}:user/alice"})])
    session = sts_as(keys).assume_role(RoleArn=role.arn, RoleSessionName="s1", DurationSeconds=900)
    assert session["Credentials"]["Expiration"] == sim.clock.now().replace(minute=15)
    sim.clock.advance(seconds=899)
    sts_as(session["Credentials"]).get_caller_identity()
    sim.clock.advance(seconds=1)
    with pytest.raises(ClientError) as raised:
        sts_as(session["Credentials"]).get_caller_identity()
    assert error_code(raised) == "ExpiredToken"


def test_sessions_of_a_deleted_role_stop_working(sim: Simulation, sts_as: Any) -> None:
    keys = put_user(sim, A, "alice")
    role = put_role(sim, A, "app", [trust({"AWS": f"arn:aws:iam::{A}:user/alice"})])
    session = sts_as(keys).assume_role(RoleArn=role.arn, RoleSessionName="s1")
    account = sim.state.accounts[A]
    sim.put_account(account.model_copy(update={"roles": {}}))
    with pytest.raises(ClientError) as raised:
        sts_as(session["Credentials"]).get_caller_identity()
    assert error_code(raised) == "InvalidClientTokenId"


def test_wrong_secret(sim: Simulation, sts_as: Any) -> None:
    keys = put_user(sim, A, "alice")
    with pytest.raises(ClientError) as raised:
        sts_as({"access_key_id": keys.access_key_id, "secret_access_key": "x" * 40}).get_caller_identity()
    assert error_code(raised) == "SignatureDoesNotMatch"
