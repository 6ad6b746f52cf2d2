"""AssumeRoleWithWebIdentity: token checks, the trust policy for a Federated caller (allow and deny), the session."""

from __future__ import annotations

import base64
import json
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
    put_oidc_provider,
    put_role,
    trust,
)

from workbench.account.simulation import Simulation
from workbench.account.sts import issue_web_identity_token

ISSUER = "https://token.example.com"
HOST = "token.example.com"


@pytest.fixture
def provider(sim: Simulation) -> str:
    return put_oidc_provider(sim, A, ISSUER, "ci-app")


@pytest.fixture
def ci_role(sim: Simulation, provider: str) -> Any:
    condition = {"StringEquals": {f"{HOST}:aud": "ci-app"}, "StringLike": {f"{HOST}:sub": "repo:octo/*"}}
    return put_role(
        sim,
        A,
        "ci",
        [trust({"Federated": provider}, "sts:AssumeRoleWithWebIdentity", Condition=condition)],
        allow("iam:ListUsers"),
    )


def assume(sim: Simulation, role_arn: str, token: str, **params: Any) -> dict[str, Any]:
    """Unsigned: the client has no credentials at all."""
    return sim.client("sts", None).assume_role_with_web_identity(
        RoleArn=role_arn, RoleSessionName=params.pop("RoleSessionName", "build-1"), WebIdentityToken=token, **params
    )


def test_allowed_by_the_trust_policy(sim: Simulation, ci_role: Any, provider: str) -> None:
    token = issue_web_identity_token(sim, ISSUER, "repo:octo/app:ref:main", "ci-app")
    answer = assume(sim, ci_role.arn, token)
    assert_boto3_shape("sts", "AssumeRoleWithWebIdentity", answer)
    assert answer["SubjectFromWebIdentityToken"] == "repo:octo/app:ref:main"
    assert answer["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{A}:assumed-role/ci/build-1"
    assert (answer["Provider"], answer["Audience"]) == (ISSUER, "ci-app")
    assert answer["Credentials"]["Expiration"] == sim.clock.now() + timedelta(hours=1)
    session = sim.state.sessions[answer["Credentials"]["AccessKeyId"]]
    assert session.federated_provider == provider and session.mfa_authenticated_at is None
    assert sim.client("iam", answer["Credentials"]).list_users()["Users"] == []


def test_the_session_reports_its_provider_and_no_mfa(sim: Simulation, provider: str) -> None:
    checks = [
        allow("iam:ListUsers", Condition={"StringEquals": {"aws:FederatedProvider": provider}}),
        deny("iam:ListUsers", Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}}),
    ]
    role = put_role(sim, A, "web", [trust({"Federated": provider}, "sts:AssumeRoleWithWebIdentity")], *checks)
    answer = assume(sim, role.arn, issue_web_identity_token(sim, ISSUER, "u1", "ci-app"))
    sim.client("iam", answer["Credentials"]).list_users()


def test_a_trust_naming_the_provider_by_host(sim: Simulation, provider: str) -> None:
    role = put_role(sim, A, "web", [trust({"Federated": HOST}, "sts:AssumeRoleWithWebIdentity")])
    assert assume(sim, role.arn, issue_web_identity_token(sim, ISSUER, "u1", "ci-app"))["Credentials"]


def test_denied_when_a_condition_fails(sim: Simulation, ci_role: Any) -> None:
    token = issue_web_identity_token(sim, ISSUER, "repo:evil/app:ref:main", "ci-app")
    with pytest.raises(ClientError) as raised:
        assume(sim, ci_role.arn, token)
    assert error_code(raised) == "AccessDenied"
    assert error_message(raised).startswith("Not authorized to perform sts:AssumeRoleWithWebIdentity")
    assert "no statement of the role's trust policy" in error_message(raised)


def test_denied_by_an_explicit_deny(sim: Simulation, provider: str) -> None:
    statements = [
        trust({"Federated": provider}, "sts:AssumeRoleWithWebIdentity"),
        {
            "Effect": "Deny",
            "Principal": {"Federated": provider},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringEquals": {f"{HOST}:sub": "banned"}},
        },
    ]
    role = put_role(sim, A, "web", statements)
    assume(sim, role.arn, issue_web_identity_token(sim, ISSUER, "welcome", "ci-app"))
    with pytest.raises(ClientError) as raised:
        assume(sim, role.arn, issue_web_identity_token(sim, ISSUER, "banned", "ci-app"))
    assert "explicit deny" in error_message(raised)


def test_denied_when_the_trust_names_another_principal(sim: Simulation, provider: str) -> None:
    other = put_oidc_provider(sim, A, "https://other.example.com", "ci-app")
    for principal in ({"Federated": other}, {"AWS": A}):
        role = put_role(sim, A, "web", [trust(principal, "sts:AssumeRoleWithWebIdentity")])
        with pytest.raises(ClientError) as raised:
            assume(sim, role.arn, issue_web_identity_token(sim, ISSUER, "u1", "ci-app"))
        assert error_code(raised) == "AccessDenied"


def test_denied_when_the_trust_allows_only_assume_role(sim: Simulation, provider: str) -> None:
    role = put_role(sim, A, "web", [trust({"Federated": provider}, "sts:AssumeRole")])
    with pytest.raises(ClientError) as raised:
        assume(sim, role.arn, issue_web_identity_token(sim, ISSUER, "u1", "ci-app"))
    assert error_code(raised) == "AccessDenied"


def test_a_missing_role_is_not_authorized(sim: Simulation, provider: str) -> None:
    with pytest.raises(ClientError) as raised:
        assume(sim, f"arn:aws:iam::{A}:role/nope", issue_web_identity_token(sim, ISSUER, "u1", "ci-app"))
    assert (error_code(raised), error_message(raised)) == (
        "AccessDenied",
        "Not authorized to perform sts:AssumeRoleWithWebIdentity",
    )


def test_token_problems(sim: Simulation, ci_role: Any) -> None:
    good = issue_web_identity_token(sim, ISSUER, "repo:octo/app", "ci-app")
    header, payload, signature = good.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    forged_claims = base64.urlsafe_b64encode(json.dumps({**claims, "sub": "repo:octo/x"}).encode()).decode().rstrip("=")
    cases = {
        "not a jwt": "InvalidIdentityToken",
        f"{header}.{forged_claims}.{signature}": "InvalidIdentityToken",
        issue_web_identity_token(sim, "https://unknown.example.com", "repo:octo/app", "ci-app"): "InvalidIdentityToken",
        issue_web_identity_token(sim, ISSUER, "repo:octo/app", "other-app"): "InvalidIdentityToken",
        issue_web_identity_token(sim, ISSUER, "", "ci-app"): "IDPRejectedClaim",
        issue_web_identity_token(
            Simulation(seed="elsewhere"), ISSUER, "repo:octo/app", "ci-app"
        ): "InvalidIdentityToken",
    }
    for token, code in cases.items():
        with pytest.raises(ClientError) as raised:
            assume(sim, ci_role.arn, token)
        assert error_code(raised) == code, token
    unknown = issue_web_identity_token(sim, "https://unknown.example.com", "u", "ci-app")
    with pytest.raises(ClientError) as raised:
        assume(sim, ci_role.arn, unknown)
    assert error_message(raised) == "No OpenIDConnect provider found in your account for https://unknown.example.com"
    wrong_audience = issue_web_identity_token(sim, ISSUER, "repo:octo/app", "other-app")
    with pytest.raises(ClientError) as raised:
        assume(sim, ci_role.arn, wrong_audience)
    assert error_message(raised) == "Incorrect token audience"


def test_an_expired_token(sim: Simulation, ci_role: Any) -> None:
    token = issue_web_identity_token(sim, ISSUER, "repo:octo/app", "ci-app", expires_in=300)
    sim.clock.advance(seconds=300)
    with pytest.raises(ClientError) as raised:
        assume(sim, ci_role.arn, token)
    assert error_code(raised) == "ExpiredTokenException"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_durations_and_session_policies(sim: Simulation, ci_role: Any) -> None:
    token = issue_web_identity_token(sim, ISSUER, "repo:octo/app", "ci-app")
    with pytest.raises(ClientError) as raised:
        assume(sim, ci_role.arn, token, DurationSeconds=7200)
    assert "MaxSessionDuration" in error_message(raised)
    narrowed = assume(
        sim, ci_role.arn, token, Policy=json.dumps({"Version": "2012-10-17", "Statement": [allow("s3:*")]})
    )
    assert narrowed["PackedPolicySize"] > 0
    with pytest.raises(ClientError) as raised:
        sim.client("iam", narrowed["Credentials"]).list_users()
    assert "no session policy allows" in error_message(raised)


def test_an_rcp_deny_blocks_web_identity(sim: Simulation, ci_role: Any) -> None:
    organizations = sim.client("organizations", sim.root_credentials("222222222222"))
    organizations.create_organization()
    organizations.invite_account_to_organization(Target={"Id": A, "Type": "ACCOUNT"})
    root_id = organizations.list_roots()["Roots"][0]["Id"]
    organizations.enable_policy_type(RootId=root_id, PolicyType="RESOURCE_CONTROL_POLICY")
    token = issue_web_identity_token(sim, ISSUER, "repo:octo/app", "ci-app")
    assume(sim, ci_role.arn, token)  # RCPFullAWSAccess alone allows
    rcp = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRoleWithWebIdentity", "Resource": "*"}],
    }
    policy = organizations.create_policy(
        Content=json.dumps(rcp), Description="", Name="no-web", Type="RESOURCE_CONTROL_POLICY"
    )["Policy"]["PolicySummary"]["Id"]
    organizations.attach_policy(PolicyId=policy, TargetId=A)
    with pytest.raises(ClientError) as raised:
        assume(sim, ci_role.arn, token)
    assert "explicit deny" in error_message(raised)
