"""What a role session carries: session policies (S4), tags (S6), source identity (S7), MFA (M2, M6, AMB-09)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError
from sts_support import (
    A,
    B,
    allow,
    deny,
    error_code,
    error_message,
    policy_text,
    put_mfa_device,
    put_role,
    put_user,
    trust,
)

from workbench.account.model import ManagedPolicy, PolicyVersion
from workbench.account.simulation import Simulation
from workbench.account.totp import current_code

ALICE = f"arn:aws:iam::{A}:user/alice"


def assume(sts: Any, role_arn: str, **params: Any) -> dict[str, Any]:
    return sts.assume_role(RoleArn=role_arn, RoleSessionName=params.pop("RoleSessionName", "s1"), **params)


def put_managed_policy(sim: Simulation, account_id: str, name: str, *statements: dict[str, Any]) -> str:
    account = sim.state.accounts[account_id]
    arn = f"arn:aws:iam::{account_id}:policy/{name}"
    policy = ManagedPolicy(
        arn=arn,
        name=name,
        policy_id=sim.ids.next("ANPA", 17),
        create_date=sim.clock.now(),
        update_date=sim.clock.now(),
        versions=(PolicyVersion(version_id="v1", document=policy_text(*statements), create_date=sim.clock.now()),),
    )
    sim.put_account(account.model_copy(update={"policies": {**account.policies, name.lower(): policy}}))
    return arn


# -- session policies (S4) -------------------------------------------------------------------------------


@pytest.fixture
def admin_role(sim: Simulation) -> Any:
    return put_role(sim, A, "iam-admin", [trust({"AWS": ALICE})], allow("iam:*"))


def test_an_inline_session_policy_narrows_the_session(
    sim: Simulation, sts_as: Any, iam_as: Any, admin_role: Any
) -> None:
    keys = put_user(sim, A, "alice")
    answer = assume(sts_as(keys), admin_role.arn, Policy=policy_text(allow("iam:ListUsers")))
    assert 0 < answer["PackedPolicySize"] <= 100
    iam = iam_as(answer["Credentials"])
    assert iam.list_users()["Users"]
    with pytest.raises(ClientError) as raised:
        iam.create_user(UserName="mallory")
    assert "because no session policy allows the iam:CreateUser action" in error_message(raised)


def test_a_session_policy_never_adds_permissions(sim: Simulation, sts_as: Any, iam_as: Any) -> None:
    keys = put_user(sim, A, "alice")
    role = put_role(sim, A, "reader", [trust({"AWS": ALICE})], allow("iam:ListUsers"))
    session = assume(sts_as(keys), role.arn, Policy=policy_text(allow("*")))["Credentials"]
    with pytest.raises(ClientError) as raised:
        iam_as(session).create_user(UserName="mallory")
    assert "because no identity-based policy allows" in error_message(raised)


def test_managed_session_policies(sim: Simulation, sts_as: Any, iam_as: Any, admin_role: Any) -> None:
    keys = put_user(sim, A, "alice")
    lister = put_managed_policy(sim, A, "lister", allow("iam:ListUsers"))
    getter = put_managed_policy(sim, A, "getter", allow("iam:GetUser"))
    answer = assume(sts_as(keys), admin_role.arn, PolicyArns=[{"arn": lister}, {"arn": getter}])
    iam = iam_as(answer["Credentials"])
    iam.list_users()
    iam.get_user(UserName="alice")
    with pytest.raises(ClientError):
        iam.create_user(UserName="mallory")


def test_session_policy_errors(sim: Simulation, sts_as: Any, admin_role: Any) -> None:
    keys = put_user(sim, A, "alice")
    malformed = [
        '{"Version": "2012-10-17", "Statement": [',
        policy_text({"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}),
        policy_text({"Effect": "allow", "Action": "s3:*", "Resource": "*"}),
    ]
    for text in malformed:
        with pytest.raises(ClientError) as raised:
            assume(sts_as(keys), admin_role.arn, Policy=text)
        assert error_code(raised) == "MalformedPolicyDocument"
    elsewhere = put_managed_policy(sim, B, "elsewhere", allow("*"))
    for arn in (f"arn:aws:iam::{A}:policy/missing", elsewhere):
        with pytest.raises(ClientError) as raised:
            assume(sts_as(keys), admin_role.arn, PolicyArns=[{"arn": arn}])
        assert error_code(raised) == "ValidationError"
        assert "does not exist or is not attachable" in error_message(raised)
    eleven = [{"arn": f"arn:aws:iam::{A}:policy/p{i}"} for i in range(11)]
    with pytest.raises(ClientError) as raised:
        assume(sts_as(keys), admin_role.arn, PolicyArns=eleven)
    assert error_code(raised) == "ValidationError"
    huge = policy_text(*[allow(f"iam:GetUser{i}", f"arn:aws:iam::{A}:user/u{i}") for i in range(40)])
    with pytest.raises(ClientError) as raised:
        assume(sts_as(keys), admin_role.arn, Policy=huge)
    assert error_code(raised) == "ValidationError" and "2048" in error_message(raised)


def test_a_session_policy_also_limits_role_chaining(sim: Simulation, sts_as: Any) -> None:
    """AMB-26: the next role's trust names this session's role, yet the session policy must allow AssumeRole."""
    keys = put_user(sim, A, "alice")
    first_role = put_role(sim, A, "first", [trust({"AWS": ALICE})])
    second = put_role(sim, A, "second", [trust({"AWS": first_role.arn})])
    narrowed = assume(sts_as(keys), first_role.arn, Policy=policy_text(allow("iam:ListUsers")))["Credentials"]
    with pytest.raises(ClientError) as raised:
        assume(sts_as(narrowed), second.arn)
    assert "because no session policy allows the sts:AssumeRole action" in error_message(raised)
    plain = assume(sts_as(keys), first_role.arn)["Credentials"]
    assert assume(sts_as(plain), second.arn)["AssumedRoleUser"]["Arn"].endswith("second/s1")


# -- session tags (S6) ------------------------------------------------------------------------------------


def test_tags_need_tag_session_in_the_trust_policy(sim: Simulation, sts_as: Any) -> None:
    keys = put_user(sim, A, "alice")
    role = put_role(sim, A, "app", [trust({"AWS": ALICE})])
    with pytest.raises(ClientError) as raised:
        assume(sts_as(keys), role.arn, Tags=[{"Key": "project", "Value": "pegasus"}])
    assert error_code(raised) == "AccessDenied" and "sts:TagSession" in error_message(raised)


@pytest.fixture
def tagging_role(sim: Simulation) -> Any:
    statements = [
        trust({"AWS": ALICE}),
        trust({"AWS": ALICE}, "sts:TagSession", Condition={"StringLike": {"aws:RequestTag/project": "*"}}),
    ]
    abac = allow("iam:ListUsers", Condition={"StringEquals": {"aws:PrincipalTag/project": "pegasus"}})
    return put_role(sim, A, "abac", statements, abac, tags={"project": "role-tag", "team": "blue"})


def test_session_tags_become_principal_tags(sim: Simulation, sts_as: Any, iam_as: Any, tagging_role: Any) -> None:
    keys = put_user(sim, A, "alice")
    answer = assume(sts_as(keys), tagging_role.arn, Tags=[{"Key": "Project", "Value": "pegasus"}])
    assert answer["PackedPolicySize"] > 0
    iam_as(answer["Credentials"]).list_users()  # the session tag overrides the role tag, case-insensitively
    untagged = assume(sts_as(keys), tagging_role.arn)["Credentials"]
    with pytest.raises(ClientError):
        iam_as(untagged).list_users()  # only the role's own tag project=role-tag


def test_tag_session_conditions_are_checked(sim: Simulation, sts_as: Any, tagging_role: Any) -> None:
    keys = put_user(sim, A, "alice")
    with pytest.raises(ClientError) as raised:
        assume(sts_as(keys), tagging_role.arn, Tags=[{"Key": "team", "Value": "red"}])
    assert "sts:TagSession" in error_message(raised)


def test_tag_parameter_rules(sim: Simulation, sts_as: Any, tagging_role: Any) -> None:
    keys = put_user(sim, A, "alice")
    bad_requests: list[dict[str, Any]] = [
        {"Tags": [{"Key": "project", "Value": "a"}, {"Key": "PROJECT", "Value": "b"}]},
        {"Tags": [{"Key": "project", "Value": "a"}], "TransitiveTagKeys": ["team"]},
        {"Tags": [{"Key": f"k{i}", "Value": "v"} for i in range(51)]},
        {"Tags": [{"Key": "project", "Value": "v" * 257}]},
    ]
    for params in bad_requests:
        with pytest.raises(ClientError) as raised:
            assume(sts_as(keys), tagging_role.arn, **params)
        assert error_code(raised) == "ValidationError", params


def test_packed_policy_too_large(sim: Simulation, sts_as: Any, tagging_role: Any) -> None:
    keys = put_user(sim, A, "alice")

    def noise(length: int) -> str:
        return "".join(sim.ids.next("", 32) for _ in range(length // 32))

    tags = [{"Key": "project", "Value": "x"}] + [{"Key": noise(128), "Value": noise(256)} for _ in range(40)]
    with pytest.raises(ClientError) as raised:
        assume(sts_as(keys), tagging_role.arn, Tags=tags)
    assert error_code(raised) == "PackedPolicyTooLarge"
    assert error_message(raised).startswith("Packed policy consumes ")


def test_transitive_tags_follow_a_role_chain(sim: Simulation, sts_as: Any, iam_as: Any, tagging_role: Any) -> None:
    keys = put_user(sim, A, "alice")
    tagging_role = put_role(
        sim,
        A,
        "abac",
        json.loads(tagging_role.trust_policy)["Statement"],
        allow("sts:AssumeRole"),
        tags=tagging_role.tags,
    )
    first = assume(
        sts_as(keys),
        tagging_role.arn,
        Tags=[{"Key": "project", "Value": "pegasus"}, {"Key": "cost", "Value": "42"}],
        TransitiveTagKeys=["project"],
    )["Credentials"]
    second_role = put_role(
        sim,
        A,
        "second",
        [trust({"AWS": tagging_role.arn}), trust({"AWS": tagging_role.arn}, "sts:TagSession")],
        allow("iam:ListUsers", Condition={"StringEquals": {"aws:PrincipalTag/project": "pegasus"}}),
    )
    chained = assume(sts_as(first), second_role.arn, RoleSessionName="chain")["Credentials"]
    iam_as(chained).list_users()
    stored = sim.state.sessions[chained["AccessKeyId"]]
    assert stored.session_tags == {"project": "pegasus"} and stored.transitive_tag_keys == ("project",)
    with pytest.raises(ClientError) as raised:
        assume(sts_as(first), second_role.arn, Tags=[{"Key": "Project", "Value": "other"}])
    assert error_code(raised) == "ValidationError" and "transitive" in error_message(raised)


# -- source identity (S7) ---------------------------------------------------------------------------------


@pytest.fixture
def audited_role(sim: Simulation) -> Any:
    statements = [
        trust(
            {"AWS": ALICE},
            ["sts:AssumeRole", "sts:SetSourceIdentity"],
            Condition={"StringEquals": {"sts:SourceIdentity": ["Saanvi", "Diego"]}},
        )
    ]
    marked = allow("iam:ListUsers", Condition={"StringEquals": {"aws:SourceIdentity": "Diego"}})
    return put_role(sim, A, "audited", statements, marked, allow("sts:AssumeRole", "*"), allow("sts:SetSourceIdentity"))


def test_source_identity_is_set_checked_and_carried(
    sim: Simulation, sts_as: Any, iam_as: Any, audited_role: Any
) -> None:
    keys = put_user(sim, A, "alice")
    with pytest.raises(ClientError) as raised:
        assume(sts_as(keys), audited_role.arn, SourceIdentity="Mallory")
    assert error_code(raised) == "AccessDenied"
    answer = assume(sts_as(keys), audited_role.arn, SourceIdentity="Diego")
    assert answer["SourceIdentity"] == "Diego"
    iam_as(answer["Credentials"]).list_users()  # aws:SourceIdentity is in every request of the session
    chained_role = put_role(sim, A, "next", [trust({"AWS": audited_role.arn})])
    chained = assume(sts_as(answer["Credentials"]), chained_role.arn)
    assert chained["SourceIdentity"] == "Diego"
    with pytest.raises(ClientError) as raised:
        assume(sts_as(answer["Credentials"]), chained_role.arn, SourceIdentity="Saanvi")
    assert error_code(raised) == "AccessDenied" and "cannot change the source identity" in error_message(raised)


def test_source_identity_needs_set_source_identity(sim: Simulation, sts_as: Any) -> None:
    keys = put_user(sim, A, "alice")
    role = put_role(sim, A, "app", [trust({"AWS": ALICE})])
    with pytest.raises(ClientError) as raised:
        assume(sts_as(keys), role.arn, SourceIdentity="Diego")
    assert "sts:SetSourceIdentity" in error_message(raised)


@pytest.mark.parametrize("value", ["aws:admin", "has space", "x" * 65])
def test_source_identity_syntax(sim: Simulation, sts_as: Any, audited_role: Any, value: str) -> None:
    keys = put_user(sim, A, "alice")
    with pytest.raises(ClientError) as raised:
        assume(sts_as(keys), audited_role.arn, SourceIdentity=value)
    assert error_code(raised) == "ValidationError"


# -- MFA (M2, M6, AMB-09, AMB-24) -------------------------------------------------------------------------


@pytest.fixture
def mfa_role(sim: Simulation) -> Any:
    condition = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    fresh = allow("iam:ListUsers", Condition={"NumericLessThanEquals": {"aws:MultiFactorAuthAge": "3600"}})
    return put_role(sim, A, "guarded", [trust({"AWS": A}, Condition=condition)], fresh)


def test_mfa_protected_role(sim: Simulation, sts_as: Any, iam_as: Any, mfa_role: Any) -> None:
    keys = put_user(sim, A, "alice", allow("sts:AssumeRole"))
    serial, seed = put_mfa_device(sim, A, "alice")
    with pytest.raises(ClientError) as raised:
        assume(sts_as(keys), mfa_role.arn)
    assert error_code(raised) == "AccessDenied"
    code = current_code(seed, sim.clock.now())
    session = assume(sts_as(keys), mfa_role.arn, SerialNumber=serial, TokenCode=code)["Credentials"]
    iam_as(session).list_users()  # AMB-09: the session carries MFA, with its age
    sim.clock.advance(minutes=50)
    iam_as(session).list_users()
    with pytest.raises(ClientError) as raised:  # the same code cannot be used twice (AMB-24)
        assume(sts_as(keys), mfa_role.arn, SerialNumber=serial, TokenCode=code)
    assert error_message(raised) == "MultiFactorAuthentication failed with invalid MFA one time pass code."


def test_mfa_age_grows(sim: Simulation, sts_as: Any, iam_as: Any, mfa_role: Any) -> None:
    mfa_role = put_role(
        sim,
        A,
        "guarded",
        json.loads(mfa_role.trust_policy)["Statement"],
        allow("iam:ListUsers", Condition={"NumericLessThanEquals": {"aws:MultiFactorAuthAge": "600"}}),
        max_session_duration=7200,
    )
    keys = put_user(sim, A, "alice", allow("sts:AssumeRole"))
    serial, seed = put_mfa_device(sim, A, "alice")
    session = assume(sts_as(keys), mfa_role.arn, SerialNumber=serial, TokenCode=current_code(seed, sim.clock.now()))[
        "Credentials"
    ]
    iam_as(session).list_users()
    sim.clock.advance(minutes=11)
    with pytest.raises(ClientError):
        iam_as(session).list_users()


def test_mfa_errors(sim: Simulation, sts_as: Any, mfa_role: Any) -> None:
    keys = put_user(sim, A, "alice", allow("sts:AssumeRole"))
    put_user(sim, A, "bob")
    serial, _ = put_mfa_device(sim, A, "alice")
    bob_serial, bob_seed = put_mfa_device(sim, A, "bob")
    with pytest.raises(ClientError) as raised:
        assume(sts_as(keys), mfa_role.arn, SerialNumber=serial, TokenCode="000000")
    assert (error_code(raised), error_message(raised)) == (
        "AccessDenied",
        "MultiFactorAuthentication failed with invalid MFA one time pass code.",
    )
    with pytest.raises(ClientError) as raised:
        assume(sts_as(keys), mfa_role.arn, SerialNumber=bob_serial, TokenCode=current_code(bob_seed, sim.clock.now()))
    assert "unable to validate MFA code" in error_message(raised)
    with pytest.raises(ClientError) as raised:
        assume(sts_as(keys), mfa_role.arn, SerialNumber=serial)
    assert error_code(raised) == "ValidationError"
    assert sim.state.accounts[A].mfa_devices[serial].last_accepted_step is None  # failed calls consume nothing


def test_a_session_without_mfa_reports_false(sim: Simulation, sts_as: Any, iam_as: Any) -> None:
    keys = put_user(sim, A, "alice")
    denied = deny("*", Condition={"Bool": {"aws:MultiFactorAuthPresent": "false"}})
    role = put_role(sim, A, "app", [trust({"AWS": ALICE})], allow("iam:ListUsers"), denied)
    session = assume(sts_as(keys), role.arn)["Credentials"]
    with pytest.raises(ClientError) as raised:
        iam_as(session).list_users()
    assert "with an explicit deny in a" in error_message(raised)
    assert error_message(raised).endswith("identity-based policy")
