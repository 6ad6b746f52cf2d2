"""End to end: an organization with an OU and a member account, and SCPs that limit the member (E4, E5, S1)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from organizations_support import (
    MANAGEMENT,
    MEMBER,
    SCP,
    allow,
    deny,
    error_code,
    error_message,
    policy_text,
    put_user,
)

from workbench.account.simulation import Simulation


@pytest.fixture
def world(sim: Simulation, orgs: Any, org: dict[str, Any], root_id: str) -> dict[str, Any]:
    """MEMBER sits in OU "Workloads"; both accounts have an administrator user (Allow *)."""
    ou = orgs.create_organizational_unit(ParentId=root_id, Name="Workloads")["OrganizationalUnit"]["Id"]
    orgs.move_account(AccountId=MEMBER, SourceParentId=root_id, DestinationParentId=ou)
    return {
        "ou": ou,
        "member_admin": sim.client("iam", put_user(sim, MEMBER, "admin", allow("*"))),
        "management_admin": sim.client("iam", put_user(sim, MANAGEMENT, "admin", allow("*"))),
    }


def test_an_scp_on_the_ou_blocks_the_member_until_detached(orgs: Any, world: dict[str, Any]) -> None:
    world["member_admin"].create_user(UserName="before")
    policy_id = orgs.create_policy(
        Content=policy_text(deny("iam:CreateUser")), Description="no new users", Name="no-users", Type=SCP
    )["Policy"]["PolicySummary"]["Id"]
    orgs.attach_policy(PolicyId=policy_id, TargetId=world["ou"])

    with pytest.raises(ClientError) as raised:
        world["member_admin"].create_user(UserName="blocked")
    assert error_code(raised) == "AccessDenied"
    assert error_message(raised) == (
        f"User: arn:aws:iam::{MEMBER}:user/admin is not authorized to perform: iam:CreateUser on resource: "
        f"arn:aws:iam::{MEMBER}:user/blocked with an explicit deny in a service control policy"
    )
    world["member_admin"].list_users()  # other actions are unaffected
    world["management_admin"].create_user(UserName="unaffected")  # SCPs never govern the management account

    orgs.detach_policy(PolicyId=policy_id, TargetId=world["ou"])
    world["member_admin"].create_user(UserName="restored")


def test_a_missing_allow_at_one_level_blocks_too(orgs: Any, world: dict[str, Any]) -> None:
    """E5 / AMB-01: replacing FullAWSAccess on the OU with a narrower allow denies everything else."""
    policy_id = orgs.create_policy(Content=policy_text(allow("iam:List*")), Description="", Name="list-only", Type=SCP)[
        "Policy"
    ]["PolicySummary"]["Id"]
    orgs.attach_policy(PolicyId=policy_id, TargetId=world["ou"])
    orgs.detach_policy(PolicyId="p-FullAWSAccess", TargetId=world["ou"])
    world["member_admin"].list_users()
    with pytest.raises(ClientError) as raised:
        world["member_admin"].create_user(UserName="blocked")
    assert error_message(raised).endswith("with an explicit deny in a service control policy")


def test_an_scp_denying_assume_role_in_the_callers_account(sim: Simulation, orgs: Any, world: dict[str, Any]) -> None:
    """S1: the caller's account's SCPs apply to AssumeRole; the role's account's do not."""
    created = orgs.create_account(Email="tools@example.com", AccountName="tools")["CreateAccountStatus"]["AccountId"]
    target_role = f"arn:aws:iam::{created}:role/OrganizationAccountAccessRole"
    keys = put_user(sim, MEMBER, "dev", allow("sts:AssumeRole"))
    role = sim.state.accounts[created].roles["organizationaccountaccessrole"]
    widened = role.model_copy(
        update={
            "trust_policy": policy_text(
                {"Effect": "Allow", "Principal": {"AWS": [MEMBER, MANAGEMENT]}, "Action": "sts:AssumeRole"}
            )
        }
    )
    account = sim.state.accounts[created]
    sim.put_account(account.model_copy(update={"roles": {"organizationaccountaccessrole": widened}}))
    sim.client("sts", keys).assume_role(RoleArn=target_role, RoleSessionName="ok")
    policy_id = orgs.create_policy(
        Content=policy_text(deny("sts:AssumeRole")), Description="", Name="no-roles", Type=SCP
    )["Policy"]["PolicySummary"]["Id"]
    orgs.attach_policy(PolicyId=policy_id, TargetId=world["ou"])
    with pytest.raises(ClientError) as raised:
        sim.client("sts", keys).assume_role(RoleArn=target_role, RoleSessionName="blocked")
    assert error_message(raised).endswith("with an explicit deny in a service control policy")
    admin = put_user(sim, MANAGEMENT, "ops", allow("sts:AssumeRole"))
    session = sim.client("sts", admin).assume_role(RoleArn=target_role, RoleSessionName="ops")["Credentials"]
    assert sim.client("sts", session).get_caller_identity()["Account"] == created
