"""Member accounts: CreateAccount (and its access role), invitations, listing, describing, moving, removing."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from botocore.exceptions import ClientError
from organizations_support import (
    MANAGEMENT,
    MEMBER,
    OUTSIDER,
    SCP,
    allow,
    assert_boto3_shape,
    error_code,
    put_user,
)

from workbench.account.simulation import Simulation


def test_create_account(sim: Simulation, orgs: Any, org: dict[str, Any], root_id: str) -> None:
    answer = orgs.create_account(Email="new@example.com", AccountName="Sandbox")
    assert_boto3_shape("CreateAccount", answer)
    status = answer["CreateAccountStatus"]
    assert re.fullmatch(r"car-[a-z0-9]{32}", status["Id"])
    assert (status["State"], status["AccountName"]) == ("SUCCEEDED", "Sandbox")
    account_id = status["AccountId"]
    account = sim.state.accounts[account_id]
    assert (account.name, account.email) == ("Sandbox", "new@example.com")
    described = orgs.describe_account(AccountId=account_id)
    assert_boto3_shape("DescribeAccount", described)
    assert described["Account"]["JoinedMethod"] == "CREATED"
    assert described["Account"]["Arn"] == f"arn:aws:organizations::{MANAGEMENT}:account/{org['Id']}/{account_id}"
    assert orgs.list_parents(ChildId=account_id)["Parents"] == [{"Id": root_id, "Type": "ROOT"}]
    assert [p["Id"] for p in orgs.list_policies_for_target(TargetId=account_id, Filter=SCP)["Policies"]] == [
        "p-FullAWSAccess"
    ]
    again = orgs.describe_create_account_status(CreateAccountRequestId=status["Id"])
    assert_boto3_shape("DescribeCreateAccountStatus", again)
    assert again["CreateAccountStatus"] == status


def test_the_access_role_lets_the_management_account_administer_the_member(
    sim: Simulation, orgs: Any, org: dict[str, Any]
) -> None:
    account_id = orgs.create_account(Email="new@example.com", AccountName="Sandbox")["CreateAccountStatus"]["AccountId"]
    role = sim.state.accounts[account_id].roles["organizationaccountaccessrole"]
    trust = json.loads(role.trust_policy)["Statement"][0]
    assert trust["Principal"] == {"AWS": f"arn:aws:iam::{MANAGEMENT}:root"}
    assert role.attached_policies == ("arn:aws:iam::aws:policy/AdministratorAccess",) or role.inline_policies
    admin = put_user(sim, MANAGEMENT, "admin", allow("sts:AssumeRole", f"arn:aws:iam::{account_id}:role/*"))
    session = sim.client("sts", admin).assume_role(RoleArn=role.arn, RoleSessionName="setup")["Credentials"]
    created = sim.client("iam", session).create_user(UserName="builder")
    assert created["User"]["Arn"] == f"arn:aws:iam::{account_id}:user/builder"


def test_create_account_with_another_role_name(sim: Simulation, orgs: Any, org: dict[str, Any]) -> None:
    status = orgs.create_account(Email="x@example.com", AccountName="X", RoleName="OrgAdmin")["CreateAccountStatus"]
    assert set(sim.state.accounts[status["AccountId"]].roles) == {"orgadmin"}


def test_create_account_with_an_email_in_use(sim: Simulation, orgs: Any, org: dict[str, Any]) -> None:
    before = set(sim.state.accounts)
    status = orgs.create_account(Email="member@example.com", AccountName="Dup")["CreateAccountStatus"]
    assert (status["State"], status["FailureReason"]) == ("FAILED", "EMAIL_ALREADY_EXISTS")
    assert "AccountId" not in status and set(sim.state.accounts) == before
    assert orgs.describe_create_account_status(CreateAccountRequestId=status["Id"])["CreateAccountStatus"] == status


def test_create_account_errors(orgs: Any, org: dict[str, Any]) -> None:
    for params in (
        {"Email": "not-an-email", "AccountName": "X"},
        {"Email": "x@example.com", "AccountName": "n" * 51},
        {"Email": "x@example.com", "AccountName": "X", "RoleName": "bad role"},
    ):
        with pytest.raises(ClientError) as raised:
            orgs.create_account(**params)
        assert error_code(raised) == "InvalidInputException"
    with pytest.raises(ClientError) as raised:
        orgs.describe_create_account_status(CreateAccountRequestId="car-" + "a" * 32)
    assert error_code(raised) == "CreateAccountStatusNotFoundException"


def test_invite_joins_directly(sim: Simulation, orgs: Any, org: dict[str, Any]) -> None:
    answer = orgs.invite_account_to_organization(Target={"Id": "outsider@example.com", "Type": "EMAIL"}, Notes="hi")
    assert_boto3_shape("InviteAccountToOrganization", answer)
    handshake = answer["Handshake"]
    assert (handshake["State"], handshake["Action"]) == ("ACCEPTED", "INVITE")
    assert handshake["Arn"] == f"arn:aws:organizations::{MANAGEMENT}:handshake/{org['Id']}/invite/{handshake['Id']}"
    assert orgs.describe_account(AccountId=OUTSIDER)["Account"]["JoinedMethod"] == "INVITED"
    outsider = sim.client("organizations", sim.root_credentials(OUTSIDER))
    assert outsider.describe_organization()["Organization"]["Id"] == org["Id"]


def test_invite_errors(orgs: Any, org: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as raised:
        orgs.invite_account_to_organization(Target={"Id": MEMBER, "Type": "ACCOUNT"})
    assert error_code(raised) == "HandshakeConstraintViolationException"
    assert raised.value.response["Reason"] == "ALREADY_IN_AN_ORGANIZATION"
    with pytest.raises(ClientError) as raised:
        orgs.invite_account_to_organization(Target={"Id": "999999999999", "Type": "ACCOUNT"})
    assert error_code(raised) == "InvalidInputException"


def test_list_accounts(orgs: Any, org: dict[str, Any], root_id: str) -> None:
    answer = orgs.list_accounts()
    assert_boto3_shape("ListAccounts", answer)
    assert [(a["Id"], a["Name"], a["Status"]) for a in answer["Accounts"]] == [
        (MANAGEMENT, "management", "ACTIVE"),
        (MEMBER, "member", "ACTIVE"),
    ]
    ou = orgs.create_organizational_unit(ParentId=root_id, Name="Prod")["OrganizationalUnit"]["Id"]
    orgs.move_account(AccountId=MEMBER, SourceParentId=root_id, DestinationParentId=ou)
    assert [a["Id"] for a in orgs.list_accounts_for_parent(ParentId=ou)["Accounts"]] == [MEMBER]
    assert [a["Id"] for a in orgs.list_accounts_for_parent(ParentId=root_id)["Accounts"]] == [MANAGEMENT]
    with pytest.raises(ClientError) as raised:
        orgs.list_accounts_for_parent(ParentId="ou-zzzz-zzzzzzzz")
    assert error_code(raised) == "ParentNotFoundException"


def test_move_account_errors(orgs: Any, org: dict[str, Any], root_id: str) -> None:
    ou = orgs.create_organizational_unit(ParentId=root_id, Name="Prod")["OrganizationalUnit"]["Id"]
    cases = [
        ({"AccountId": MEMBER, "SourceParentId": ou, "DestinationParentId": root_id}, "SourceParentNotFoundException"),
        (
            {"AccountId": MEMBER, "SourceParentId": "ou-zz-zzzzzzzz", "DestinationParentId": ou},
            "SourceParentNotFoundException",
        ),
        (
            {"AccountId": MEMBER, "SourceParentId": root_id, "DestinationParentId": "ou-zz-zzzzzzzz"},
            "DestinationParentNotFoundException",
        ),
        ({"AccountId": MEMBER, "SourceParentId": root_id, "DestinationParentId": root_id}, "DuplicateAccountException"),
        ({"AccountId": OUTSIDER, "SourceParentId": root_id, "DestinationParentId": ou}, "AccountNotFoundException"),
    ]
    for params, code in cases:
        with pytest.raises(ClientError) as raised:
            orgs.move_account(**params)
        assert error_code(raised) == code, params


def test_describe_account_of_a_non_member(orgs: Any, org: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as raised:
        orgs.describe_account(AccountId=OUTSIDER)
    assert error_code(raised) == "AccountNotFoundException"


def test_remove_account(sim: Simulation, orgs: Any, org: dict[str, Any]) -> None:
    orgs.remove_account_from_organization(AccountId=MEMBER)
    assert [a["Id"] for a in orgs.list_accounts()["Accounts"]] == [MANAGEMENT]
    with pytest.raises(ClientError) as raised:
        sim.client("organizations", sim.root_credentials(MEMBER)).describe_organization()
    assert error_code(raised) == "AWSOrganizationsNotInUseException"
    with pytest.raises(ClientError) as raised:
        orgs.remove_account_from_organization(AccountId=MANAGEMENT)
    assert error_code(raised) == "MasterCannotLeaveOrganizationException"
