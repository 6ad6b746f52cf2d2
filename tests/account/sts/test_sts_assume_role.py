"""AssumeRole: who may assume (S1, E9, E10), external ids (S5), durations and role chaining (S2), the answer (S3)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError, ParamValidationError
from sts_support import (
    A,
    B,
    C,
    allow,
    assert_boto3_shape,
    error_code,
    error_message,
    put_role,
    put_user,
    trust,
)

from workbench.account.model import ManagedPolicy, PolicyVersion
from workbench.account.simulation import Simulation

ALICE = f"arn:aws:iam::{A}:user/alice"


def assume(sts: Any, role_arn: str, **params: Any) -> dict[str, Any]:
    return sts.assume_role(RoleArn=role_arn, RoleSessionName=params.pop("RoleSessionName", "s1"), **params)


# -- the answer -----------------------------------------------------------------------------------------


def test_answer_shape_credentials_and_assumed_role_user(sim: Simulation, sts_as: Any) -> None:
    keys = put_user(sim, A, "alice")
    role = put_role(sim, A, "app", [trust({"AWS": ALICE})], path="/services/")
    answer = assume(sts_as(keys), role.arn, RoleSessionName="build-42")
    assert_boto3_shape("sts", "AssumeRole", answer)
    credentials = answer["Credentials"]
    assert credentials["AccessKeyId"].startswith("ASIA") and len(credentials["AccessKeyId"]) == 20
    assert credentials["SessionToken"] and credentials["SecretAccessKey"]
    assert credentials["Expiration"] == sim.clock.now() + timedelta(hours=1)
    assert answer["AssumedRoleUser"] == {
        "AssumedRoleId": f"{role.role_id}:build-42",
        "Arn": f"arn:aws:sts::{A}:assumed-role/app/build-42",
    }
    assert "PackedPolicySize" not in answer and "SourceIdentity" not in answer
    assert sim.state.accounts[A].roles["app"].last_used_date == sim.clock.now()


def test_the_session_has_the_roles_permissions(sim: Simulation, sts_as: Any, iam_as: Any) -> None:
    keys = put_user(sim, A, "alice")
    role = put_role(sim, A, "reader", [trust({"AWS": ALICE})], allow("iam:ListUsers"))
    session = assume(sts_as(keys), role.arn)["Credentials"]
    assert [u["UserName"] for u in iam_as(session).list_users()["Users"]] == ["alice"]
    with pytest.raises(ClientError) as raised:
        iam_as(session).create_user(UserName="mallory")
    assert error_code(raised) == "AccessDenied"
    assert error_message(raised).startswith(f"User: arn:aws:sts::{A}:assumed-role/reader/s1 is not authorized")


# -- who may assume (S1, E9) ----------------------------------------------------------------------------


def test_trust_naming_the_user_needs_no_identity_policy(sim: Simulation, sts_as: Any) -> None:
    keys = put_user(sim, A, "alice")
    role = put_role(sim, A, "app", [trust({"AWS": ALICE})])
    assert assume(sts_as(keys), role.arn)["AssumedRoleUser"]["Arn"].endswith("app/s1")


def test_trust_naming_the_account_delegates_to_identity_policies(sim: Simulation, sts_as: Any) -> None:
    role = put_role(sim, A, "app", [trust({"AWS": A})])
    without = put_user(sim, A, "alice")
    with pytest.raises(ClientError) as raised:
        assume(sts_as(without), role.arn)
    assert error_code(raised) == "AccessDenied"
    assert "because no identity-based policy allows the sts:AssumeRole action" in error_message(raised)
    granted = put_user(sim, A, "bob", allow("sts:AssumeRole", role.arn))
    assert assume(sts_as(granted), role.arn)["Credentials"]


def test_identity_permission_alone_is_not_enough(sim: Simulation, sts_as: Any) -> None:
    keys = put_user(sim, A, "alice", allow("sts:AssumeRole"))
    role = put_role(sim, A, "app", [trust({"AWS": f"arn:aws:iam::{A}:user/bob"})])
    with pytest.raises(ClientError) as raised:
        assume(sts_as(keys), role.arn)
    assert error_code(raised) == "AccessDenied"
    assert error_message(raised) == (
        f"User: {ALICE} is not authorized to perform: sts:AssumeRole on resource: {role.arn} "
        "because no resource-based policy allows the sts:AssumeRole action"
    )


def test_a_boundary_must_allow_even_when_the_trust_names_the_user(sim: Simulation, sts_as: Any) -> None:
    account = sim.state.accounts[A]
    boundary = ManagedPolicy(
        arn=f"arn:aws:iam::{A}:policy/s3-only",
        name="s3-only",
        policy_id="ANPAS3ONLY0000000001",
        create_date=sim.clock.now(),
        update_date=sim.clock.now(),
        versions=(
            PolicyVersion(
                version_id="v1",
                document='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
                create_date=sim.clock.now(),
            ),
        ),
    )
    sim.put_account(account.model_copy(update={"policies": {"s3-only": boundary}}))
    keys = put_user(sim, A, "alice", permissions_boundary=boundary.arn)
    role = put_role(sim, A, "app", [trust({"AWS": ALICE})])
    with pytest.raises(ClientError) as raised:
        assume(sts_as(keys), role.arn)
    assert "because no permissions boundary allows the sts:AssumeRole action" in error_message(raised)


def test_root_cannot_assume_roles(sim: Simulation, sts_as: Any) -> None:
    role = put_role(sim, A, "app", [trust({"AWS": A})])
    with pytest.raises(ClientError) as raised:
        assume(sts_as(sim.root_credentials(A)), role.arn)
    assert (error_code(raised), error_message(raised)) == ("AccessDenied", "Roles may not be assumed by root accounts.")


def test_a_role_that_does_not_exist_is_simply_not_authorized(sim: Simulation, sts_as: Any) -> None:
    keys = put_user(sim, A, "alice", allow("sts:AssumeRole"))
    for arn in (f"arn:aws:iam::{A}:role/nope", "arn:aws:iam::999999999999:role/nope"):
        with pytest.raises(ClientError) as raised:
            assume(sts_as(keys), arn)
        assert error_code(raised) == "AccessDenied"
        assert error_message(raised) == f"User: {ALICE} is not authorized to perform: sts:AssumeRole on resource: {arn}"


def test_a_role_does_not_trust_itself(sim: Simulation, sts_as: Any) -> None:
    keys = put_user(sim, A, "alice")
    role = put_role(sim, A, "app", [trust({"AWS": ALICE})], allow("sts:AssumeRole"))
    session = assume(sts_as(keys), role.arn)["Credentials"]
    with pytest.raises(ClientError) as raised:
        assume(sts_as(session), role.arn)
    assert error_code(raised) == "AccessDenied"


# -- cross-account with an external id (S5, E10) -------------------------------------------------------


@pytest.fixture
def vendor_role(sim: Simulation) -> Any:
    condition = {"StringEquals": {"sts:ExternalId": "Unique-Ext-123"}}
    return put_role(sim, B, "vendor", [trust({"AWS": A}, Condition=condition)], allow("iam:ListUsers"))


def test_cross_account_with_the_right_external_id(sim: Simulation, sts_as: Any, iam_as: Any, vendor_role: Any) -> None:
    keys = put_user(sim, A, "alice", allow("sts:AssumeRole", vendor_role.arn))
    answer = assume(sts_as(keys), vendor_role.arn, ExternalId="Unique-Ext-123")
    identity = sts_as(answer["Credentials"]).get_caller_identity()
    assert (identity["Account"], identity["Arn"]) == (B, f"arn:aws:sts::{B}:assumed-role/vendor/s1")
    assert iam_as(answer["Credentials"]).list_users()["Users"] == []  # B's users, none


@pytest.mark.parametrize("external_id", [None, "guess"])
def test_cross_account_with_a_wrong_or_missing_external_id(
    sim: Simulation, sts_as: Any, vendor_role: Any, external_id: str | None
) -> None:
    keys = put_user(sim, A, "alice", allow("sts:AssumeRole", vendor_role.arn))
    params = {"ExternalId": external_id} if external_id else {}
    with pytest.raises(ClientError) as raised:
        assume(sts_as(keys), vendor_role.arn, **params)
    assert error_code(raised) == "AccessDenied"
    assert "no resource-based policy allows" in error_message(raised)


def test_cross_account_needs_the_callers_own_permission(sim: Simulation, sts_as: Any, vendor_role: Any) -> None:
    keys = put_user(sim, A, "alice")
    with pytest.raises(ClientError) as raised:
        assume(sts_as(keys), vendor_role.arn, ExternalId="Unique-Ext-123")
    assert "because no identity-based policy allows the sts:AssumeRole action" in error_message(raised)


def test_cross_account_trust_naming_the_user(sim: Simulation, sts_as: Any) -> None:
    role = put_role(sim, B, "direct", [trust({"AWS": ALICE})])
    without = put_user(sim, A, "alice")
    with pytest.raises(ClientError):
        assume(sts_as(without), role.arn)  # E10: no direct-grant shortcut across accounts
    sim.put_account(sim.state.accounts[A].model_copy(update={"users": {}}))
    granted = put_user(sim, A, "alice", allow("sts:AssumeRole", role.arn))
    assert assume(sts_as(granted), role.arn)["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{B}:assumed-role/direct/s1"


@pytest.mark.parametrize(
    ("value", "member"),
    [("x y", "externalId"), ("a" * 1225, "externalId")],
)
def test_external_id_syntax(sim: Simulation, sts_as: Any, vendor_role: Any, value: str, member: str) -> None:
    keys = put_user(sim, A, "alice")
    with pytest.raises(ClientError) as raised:
        assume(sts_as(keys), vendor_role.arn, ExternalId=value)
    assert error_code(raised) == "ValidationError" and f"at '{member}'" in error_message(raised)


# -- parameters ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["has space", "a" * 65, "bad/slash", "semi;colon"])
def test_role_session_name_syntax(sim: Simulation, sts_as: Any, name: str) -> None:
    keys = put_user(sim, A, "alice")
    role = put_role(sim, A, "app", [trust({"AWS": ALICE})])
    with pytest.raises(ClientError) as raised:
        assume(sts_as(keys), role.arn, RoleSessionName=name)
    assert error_code(raised) == "ValidationError" and "at 'roleSessionName'" in error_message(raised)


def test_one_character_session_name_is_refused_by_botocore(sim: Simulation, sts_as: Any) -> None:
    keys = put_user(sim, A, "alice")
    with pytest.raises(ParamValidationError):
        assume(sts_as(keys), f"arn:aws:iam::{A}:role/app", RoleSessionName="a")


@pytest.mark.parametrize(
    "arn", [f"arn:aws:iam::{A}:user/alice", "not-an-arn-but-long-enough", f"arn:aws:s3:::bucket-{A}"]
)
def test_role_arn_must_name_a_role(sim: Simulation, sts_as: Any, arn: str) -> None:
    keys = put_user(sim, A, "alice")
    with pytest.raises(ClientError) as raised:
        assume(sts_as(keys), arn)
    assert error_code(raised) == "ValidationError"


# -- durations (S2) --------------------------------------------------------------------------------------


@pytest.fixture
def long_role(sim: Simulation) -> Any:
    return put_role(sim, A, "long", [trust({"AWS": A})], allow("sts:AssumeRole"), max_session_duration=43200)


def test_durations_within_the_roles_maximum(sim: Simulation, sts_as: Any, long_role: Any) -> None:
    keys = put_user(sim, A, "alice", allow("sts:AssumeRole"))
    now = sim.clock.now()
    for seconds in (900, 3600, 43200):
        answer = assume(sts_as(keys), long_role.arn, DurationSeconds=seconds)
        assert answer["Credentials"]["Expiration"] == now + timedelta(seconds=seconds)


def test_durations_outside_the_limits(sim: Simulation, sts_as: Any, long_role: Any) -> None:
    keys = put_user(sim, A, "alice", allow("sts:AssumeRole"))
    short = put_role(sim, A, "short", [trust({"AWS": A})])
    with pytest.raises(ParamValidationError):
        assume(sts_as(keys), short.arn, DurationSeconds=899)
    with pytest.raises(ClientError) as raised:
        assume(sts_as(keys), short.arn, DurationSeconds=3601)
    assert (error_code(raised), error_message(raised)) == (
        "ValidationError",
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
    )
    with pytest.raises(ClientError) as raised:
        assume(sts_as(keys), long_role.arn, DurationSeconds=43201)
    assert error_code(raised) == "ValidationError"
    assert "Member must have value less than or equal to 43200" in error_message(raised)


def test_role_chaining_is_capped_at_one_hour(sim: Simulation, sts_as: Any, long_role: Any) -> None:
    keys = put_user(sim, A, "alice", allow("sts:AssumeRole"))
    first = assume(sts_as(keys), long_role.arn, DurationSeconds=43200)["Credentials"]
    target = put_role(sim, A, "next", [trust({"AWS": long_role.arn})], max_session_duration=43200)
    with pytest.raises(ClientError) as raised:
        assume(sts_as(first), target.arn, DurationSeconds=7200)
    assert (error_code(raised), error_message(raised)) == (
        "ValidationError",
        "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
    )
    chained = assume(sts_as(first), target.arn, RoleSessionName="chain1", DurationSeconds=3600)
    assert chained["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{A}:assumed-role/next/chain1"
    stored = sim.state.sessions[chained["Credentials"]["AccessKeyId"]]
    assert stored.chained and not sim.state.sessions[first["AccessKeyId"]].chained


def test_chaining_across_accounts(sim: Simulation, sts_as: Any) -> None:
    """S8: a session of RoleA in C assumes a B role trusting that RoleA ARN, with the role's permission."""
    keys = put_user(sim, C, "carol")
    role_a = put_role(
        sim,
        C,
        "RoleA",
        [trust({"AWS": f"arn:aws:iam::{C}:user/carol"})],
        allow("sts:AssumeRole", f"arn:aws:iam::{B}:role/*"),
    )
    target = put_role(sim, B, "shared", [trust({"AWS": role_a.arn})])
    first = assume(sts_as(keys), role_a.arn)["Credentials"]
    answer = assume(sts_as(first), target.arn)
    assert sts_as(answer["Credentials"]).get_caller_identity()["Account"] == B
