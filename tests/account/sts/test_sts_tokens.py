"""GetSessionToken and GetFederationToken (S2–S4, E14, M2, AMB-18, AMB-25)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError
from sts_support import (
    A,
    allow,
    assert_boto3_shape,
    deny,
    error_code,
    error_message,
    policy_text,
    put_mfa_device,
    put_role,
    put_user,
    trust,
)

from workbench.account.simulation import Simulation
from workbench.account.totp import current_code

# -- GetSessionToken ---------------------------------------------------------------------------------------


def test_session_token_durations(sim: Simulation, sts_as: Any) -> None:
    keys = put_user(sim, A, "alice")
    now = sim.clock.now()
    answer = sts_as(keys).get_session_token()
    assert_boto3_shape("sts", "GetSessionToken", answer)
    assert answer["Credentials"]["Expiration"] == now + timedelta(hours=12)
    assert sts_as(keys).get_session_token(DurationSeconds=129600)["Credentials"]["Expiration"] == now + timedelta(
        hours=36
    )
    with pytest.raises(ClientError) as raised:
        sts_as(keys).get_session_token(DurationSeconds=129601)
    assert error_code(raised) == "ValidationError"
    root = sts_as(sim.root_credentials(A))
    assert root.get_session_token()["Credentials"]["Expiration"] == now + timedelta(hours=1)
    assert root.get_session_token(DurationSeconds=7200)["Credentials"]["Expiration"] == now + timedelta(hours=1)


def test_session_token_needs_no_permission(sim: Simulation, sts_as: Any) -> None:
    keys = put_user(sim, A, "alice", deny("*"))
    assert sts_as(keys).get_session_token()["Credentials"]["AccessKeyId"].startswith("ASIA")


def test_session_token_refuses_temporary_credentials(sim: Simulation, sts_as: Any) -> None:
    keys = put_user(sim, A, "alice")
    token = sts_as(keys).get_session_token()["Credentials"]
    role = put_role(sim, A, "app", [trust({"AWS": f"arn:aws:iam::{A}:user/alice"})])
    session = sts_as(keys).assume_role(RoleArn=role.arn, RoleSessionName="s1")["Credentials"]
    for credentials in (token, session):
        with pytest.raises(ClientError) as raised:
            sts_as(credentials).get_session_token()
        assert (error_code(raised), error_message(raised)) == (
            "AccessDenied",
            "Cannot call GetSessionToken with session credentials",
        )


def test_session_token_credentials_reach_iam_only_with_mfa(sim: Simulation, sts_as: Any, iam_as: Any) -> None:
    keys = put_user(sim, A, "alice", allow("iam:ListUsers"))
    serial, seed = put_mfa_device(sim, A, "alice")
    plain = sts_as(keys).get_session_token()["Credentials"]
    with pytest.raises(ClientError) as raised:
        iam_as(plain).list_users()
    assert error_code(raised) == "AccessDenied"  # AMB-18, AMB-25
    with_mfa = sts_as(keys).get_session_token(SerialNumber=serial, TokenCode=current_code(seed, sim.clock.now()))
    iam_as(with_mfa["Credentials"]).list_users()
    stored = sim.state.sessions[with_mfa["Credentials"]["AccessKeyId"]]
    assert stored.mfa_authenticated_at == sim.clock.now() and stored.kind == "session-token"


def test_session_token_credentials_may_assume_roles(sim: Simulation, sts_as: Any) -> None:
    keys = put_user(sim, A, "alice")
    role = put_role(
        sim,
        A,
        "guarded",
        [trust({"AWS": f"arn:aws:iam::{A}:user/alice"}, Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}})],
    )
    serial, seed = put_mfa_device(sim, A, "alice")
    token = sts_as(keys).get_session_token(SerialNumber=serial, TokenCode=current_code(seed, sim.clock.now()))
    session = sts_as(token["Credentials"]).assume_role(RoleArn=role.arn, RoleSessionName="mfa")
    assert not sim.state.sessions[session["Credentials"]["AccessKeyId"]].chained
    with pytest.raises(ClientError) as raised:
        sts_as(token["Credentials"]).get_federation_token(Name="jane")
    assert error_code(raised) == "AccessDenied"


def test_session_token_mfa_errors(sim: Simulation, sts_as: Any) -> None:
    keys = put_user(sim, A, "alice")
    serial, _ = put_mfa_device(sim, A, "alice")
    with pytest.raises(ClientError) as raised:
        sts_as(keys).get_session_token(SerialNumber=serial, TokenCode="123456")
    assert error_message(raised) == "MultiFactorAuthentication failed with invalid MFA one time pass code."
    with pytest.raises(ClientError) as raised:
        sts_as(sim.root_credentials(A)).get_session_token(SerialNumber=serial, TokenCode="123456")
    assert error_code(raised) == "AccessDenied" and "root credentials" in error_message(raised)


# -- GetFederationToken ------------------------------------------------------------------------------------


@pytest.fixture
def federator(sim: Simulation) -> Any:
    return put_user(sim, A, "alice", allow(["sts:GetFederationToken", "sts:TagSession"]), allow("organizations:*"))


@pytest.fixture
def organization(sim: Simulation) -> None:
    sim.client("organizations", sim.root_credentials(A)).create_organization()


def test_federation_token_answer(sim: Simulation, sts_as: Any, federator: Any) -> None:
    now = sim.clock.now()
    answer = sts_as(federator).get_federation_token(Name="jane", Policy=policy_text(allow("s3:GetObject")))
    assert_boto3_shape("sts", "GetFederationToken", answer)
    assert answer["FederatedUser"] == {
        "FederatedUserId": f"{A}:jane",
        "Arn": f"arn:aws:sts::{A}:federated-user/jane",
    }
    assert answer["Credentials"]["Expiration"] == now + timedelta(hours=12)
    assert answer["PackedPolicySize"] > 0
    short = sts_as(federator).get_federation_token(Name="jane", DurationSeconds=900)
    assert short["Credentials"]["Expiration"] == now + timedelta(minutes=15)


def test_federated_user_needs_a_session_policy(
    sim: Simulation, sts_as: Any, federator: Any, organization: None
) -> None:
    """S4: without a session policy a federated user has no identity-based permissions at all."""
    bare = sts_as(federator).get_federation_token(Name="jane")["Credentials"]
    with pytest.raises(ClientError) as raised:
        sim.client("organizations", bare).describe_organization()
    assert error_code(raised) == "AccessDeniedException"
    assert "because no session policy allows" in error_message(raised)
    scoped = sts_as(federator).get_federation_token(
        Name="jane", Policy=policy_text(allow("organizations:DescribeOrganization"))
    )["Credentials"]
    assert sim.client("organizations", scoped).describe_organization()["Organization"]["MasterAccountId"] == A
    with pytest.raises(ClientError):
        sim.client("organizations", scoped).list_roots()


def test_federated_user_is_limited_by_the_users_permissions(sim: Simulation, sts_as: Any, organization: None) -> None:
    keys = put_user(sim, A, "alice", allow("sts:GetFederationToken"))
    scoped = sts_as(keys).get_federation_token(Name="jane", Policy=policy_text(allow("*")))["Credentials"]
    with pytest.raises(ClientError) as raised:
        sim.client("organizations", scoped).describe_organization()
    assert "because no identity-based policy allows" in error_message(raised)


def test_federated_credentials_cannot_call_iam_or_sts(
    sim: Simulation, sts_as: Any, iam_as: Any, federator: Any
) -> None:
    scoped = sts_as(federator).get_federation_token(Name="jane", Policy=policy_text(allow("*")))["Credentials"]
    with pytest.raises(ClientError) as raised:
        iam_as(scoped).list_users()
    assert error_code(raised) == "AccessDenied"
    with pytest.raises(ClientError) as raised:
        sts_as(scoped).get_federation_token(Name="again")
    assert error_code(raised) == "AccessDenied"
    assert sts_as(scoped).get_caller_identity()["Arn"].endswith("federated-user/jane")


def test_federation_token_needs_permission(sim: Simulation, sts_as: Any) -> None:
    keys = put_user(sim, A, "alice")
    with pytest.raises(ClientError) as raised:
        sts_as(keys).get_federation_token(Name="jane")
    assert error_message(raised) == (
        f"User: arn:aws:iam::{A}:user/alice is not authorized to perform: sts:GetFederationToken on resource: "
        f"arn:aws:sts::{A}:federated-user/jane because no identity-based policy allows the "
        "sts:GetFederationToken action"
    )


def test_federation_token_tags_need_tag_session(sim: Simulation, sts_as: Any) -> None:
    keys = put_user(sim, A, "alice", allow("sts:GetFederationToken"))
    with pytest.raises(ClientError) as raised:
        sts_as(keys).get_federation_token(Name="jane", Tags=[{"Key": "team", "Value": "blue"}])
    assert "sts:TagSession" in error_message(raised)


def test_federation_token_callers(sim: Simulation, sts_as: Any, federator: Any) -> None:
    role = put_role(sim, A, "app", [trust({"AWS": f"arn:aws:iam::{A}:user/alice"})], allow("*"))
    session = sts_as(federator).assume_role(RoleArn=role.arn, RoleSessionName="s1")["Credentials"]
    with pytest.raises(ClientError) as raised:
        sts_as(session).get_federation_token(Name="jane")
    assert error_message(raised) == "Cannot call GetFederationToken with session credentials"
    with pytest.raises(ClientError) as raised:
        sts_as(sim.root_credentials(A)).get_federation_token(Name="jane")
    assert error_code(raised) == "AccessDenied"
    for name in ("x y", "n" * 33):
        with pytest.raises(ClientError) as raised:
            sts_as(federator).get_federation_token(Name=name)
        assert error_code(raised) == "ValidationError"
