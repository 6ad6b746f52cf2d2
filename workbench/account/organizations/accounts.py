"""Organizations: member accounts — created, invited, listed, described, moved between OUs and removed.

CreateAccount completes at once (the answer is already ``SUCCEEDED``): the account is created in
the simulation, placed under the root with FullAWSAccess attached, and given the role
``OrganizationAccountAccessRole`` (or ``RoleName``) that trusts the management account and has
administrator access. InviteAccountToOrganization is simplified to a direct join of an account that
already exists in the simulation: the handshake it returns is already ``ACCEPTED``.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from typing import Any, Literal

from workbench.account.authorization import Target
from workbench.account.ids import IdFactory
from workbench.account.managed import aws_managed_policy
from workbench.account.model import Account, Organization, Role
from workbench.account.organizations.base import OrganizationsBase
from workbench.account.organizations.records import CreateAccountRequest, Membership, OrganizationRecords
from workbench.account.organizations.shapes import account_arn, account_response
from workbench.account.service import operation

ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess"
ADMINISTRATOR_DOCUMENT = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}, indent=4
)
EMAIL = re.compile(r"^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$")
ROLE_NAME = re.compile(r"^[\w+=,.@-]{1,64}$")
ACCOUNT_NOT_FOUND = (
    "We can't find an AWS account with the AccountId that you specified, or the account whose credentials you "
    "used to make this request isn't a member of an organization."
)


def access_role(ids: IdFactory, account_id: str, management_account_id: str, name: str, now: datetime) -> Role:
    """The role a management account uses to administer a member it created.

    It gets the AWS managed AdministratorAccess when that policy's data file is installed, and an
    inline policy of the same text otherwise.
    """
    trust = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{management_account_id}:root"},
                    "Action": "sts:AssumeRole",
                }
            ],
        },
        indent=4,
    )
    managed = aws_managed_policy(ADMINISTRATOR_ACCESS) is not None
    return Role(
        name=name,
        role_id=ids.next("AROA", 17),
        arn=f"arn:aws:iam::{account_id}:role/{name}",
        create_date=now,
        trust_policy=trust,
        attached_policies=(ADMINISTRATOR_ACCESS,) if managed else (),
        inline_policies={} if managed else {"AdministratorAccess": ADMINISTRATOR_DOCUMENT},
    )


def _status(request: CreateAccountRequest) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "Id": request.request_id,
        "AccountName": request.account_name,
        "State": request.state,
        "RequestedTimestamp": request.requested,
        "CompletedTimestamp": request.completed,
    }
    if request.account_id is not None:
        answer["AccountId"] = request.account_id
    if request.failure_reason is not None:
        answer["FailureReason"] = request.failure_reason
    return answer


class AccountOperations(OrganizationsBase):
    def _join(
        self,
        organization: Organization,
        records: OrganizationRecords,
        account_id: str,
        method: Literal["CREATED", "INVITED"],
    ) -> tuple[Organization, OrganizationRecords]:
        organization = organization.model_copy(
            update={
                "parents": {**organization.parents, account_id: organization.root_id},
                "attachments": {**organization.attachments, **self.default_attachments(account_id)},
            }
        )
        membership = Membership(joined_method=method, joined_timestamp=self.now)
        records = records.model_copy(update={"memberships": {**records.memberships, account_id: membership}})
        return organization, records

    def _member(self, organization: Organization, account_id: str) -> Account:
        account = self.sim.state.accounts.get(account_id)
        if account is None or account_id not in organization.parents:
            raise self.org_error("AccountNotFoundException", ACCOUNT_NOT_FOUND)
        return account

    @operation("CreateAccount")
    def create_account(
        self,
        *,
        Email: str,
        AccountName: str,
        RoleName: str = "OrganizationAccountAccessRole",
        IamUserAccessToBilling: str = "ALLOW",
        Tags: list[dict[str, str]] | None = None,
    ) -> dict[str, Any]:
        tags = {tag["Key"]: tag["Value"] for tag in Tags or []}
        context: dict[str, Any] = {f"aws:RequestTag/{k}": v for k, v in tags.items()}
        if tags:
            context["aws:TagKeys"] = list(tags)
        _, organization, records = self.begin("organizations:CreateAccount", "*", context)
        if not EMAIL.match(Email) or len(Email) > 64:
            raise self.org_error("InvalidInputException", f"{Email!r} is not a valid email address.", "INVALID_PATTERN")
        if len(AccountName) > 50:
            raise self.org_error(
                "InvalidInputException", "An account name can be at most 50 characters long.", "MAX_LENGTH_EXCEEDED"
            )
        if not ROLE_NAME.match(RoleName):
            raise self.org_error(
                "InvalidInputException", f"{RoleName!r} is not a valid role name.", "INVALID_ROLE_NAME"
            )
        request_id = "car-" + self.sim.ids.next("", 32).lower()
        taken = any(a.email.lower() == Email.lower() for a in self.sim.state.accounts.values())
        if taken:
            request = CreateAccountRequest(
                request_id=request_id,
                account_name=AccountName,
                state="FAILED",
                requested=self.now,
                completed=self.now,
                failure_reason="EMAIL_ALREADY_EXISTS",
            )
        else:
            account = self.sim.create_account(AccountName, email=Email)
            role = access_role(self.sim.ids, account.account_id, organization.management_account_id, RoleName, self.now)
            self.sim.put_account(account.model_copy(update={"roles": {RoleName.lower(): role}}))
            organization, records = self._join(organization, records, account.account_id, "CREATED")
            request = CreateAccountRequest(
                request_id=request_id,
                account_name=AccountName,
                state="SUCCEEDED",
                requested=self.now,
                completed=self.now,
                account_id=account.account_id,
            )
        requests = {**records.create_account_requests, request_id: request}
        self.save(organization, records.model_copy(update={"create_account_requests": requests}))
        return {"CreateAccountStatus": _status(request)}

    @operation("DescribeCreateAccountStatus")
    def describe_create_account_status(self, *, CreateAccountRequestId: str) -> dict[str, Any]:
        _, _, records = self.begin("organizations:DescribeCreateAccountStatus")
        request = records.create_account_requests.get(CreateAccountRequestId)
        if request is None:
            raise self.org_error(
                "CreateAccountStatusNotFoundException",
                "We can't find a create account request with the CreateAccountRequestId that you specified.",
            )
        return {"CreateAccountStatus": _status(request)}

    @operation("InviteAccountToOrganization")
    def invite_account_to_organization(
        self, *, Target: dict[str, str], Notes: str | None = None, Tags: list[dict[str, str]] | None = None
    ) -> dict[str, Any]:
        target_id, target_type = Target["Id"], Target["Type"]
        _, organization, records = self.begin(
            "organizations:InviteAccountToOrganization",
            (lambda org: account_arn(org, target_id)) if target_type == "ACCOUNT" else "*",
        )
        if target_type == "ACCOUNT":
            account = self.sim.state.accounts.get(target_id)
        elif target_type == "EMAIL":
            account = next((a for a in self.sim.state.accounts.values() if a.email.lower() == target_id.lower()), None)
        else:
            raise self.org_error(
                "InvalidInputException", "Target Type must be ACCOUNT or EMAIL.", "INVALID_PARTY_TYPE_TARGET"
            )
        if account is None:
            raise self.org_error(
                "InvalidInputException",
                f"The simulation has no account {target_id}: create it with Simulation.create_account first.",
                "INVALID_PARTY_TYPE_TARGET",
            )
        if account.account_id in organization.parents:
            raise self.org_error(
                "HandshakeConstraintViolationException",
                "The account is already a member of an organization.",
                "ALREADY_IN_AN_ORGANIZATION",
            )
        organization, records = self._join(organization, records, account.account_id, "INVITED")
        self.save(organization, records)
        handshake_id = "h-" + self.sim.ids.next("", 10).lower()
        management = organization.management_account_id
        parties = [
            {"Id": organization.org_id, "Type": "ORGANIZATION"},
            {"Id": account.account_id, "Type": "ACCOUNT"},
        ]
        return {
            "Handshake": {
                "Id": handshake_id,
                "Arn": f"arn:aws:organizations::{management}:handshake/{organization.org_id}/invite/{handshake_id}",
                "Parties": parties,
                "State": "ACCEPTED",
                "RequestedTimestamp": self.now,
                "ExpirationTimestamp": self.now + timedelta(days=15),
                "Action": "INVITE",
                "Resources": [{"Value": p["Id"], "Type": p["Type"]} for p in parties]
                + ([{"Value": Notes, "Type": "NOTES"}] if Notes else []),
            }
        }

    @operation("ListAccounts")
    def list_accounts(self, *, NextToken: str | None = None, MaxResults: int | None = None) -> dict[str, Any]:
        _, organization, records = self.begin("organizations:ListAccounts")
        accounts = [
            account_response(organization, records, self.sim.state.accounts[account_id])
            for account_id in organization.parents
            if account_id in self.sim.state.accounts
        ]
        return self.page("Accounts", accounts, NextToken, MaxResults)

    @operation("ListAccountsForParent")
    def list_accounts_for_parent(
        self, *, ParentId: str, NextToken: str | None = None, MaxResults: int | None = None
    ) -> dict[str, Any]:
        _, organization, records = self.begin(
            "organizations:ListAccountsForParent", lambda org: self.target_arn(org, ParentId)
        )
        self.require_parent(organization, ParentId)
        accounts = [
            account_response(organization, records, self.sim.state.accounts[account_id])
            for account_id, parent in organization.parents.items()
            if parent == ParentId and account_id in self.sim.state.accounts
        ]
        return self.page("Accounts", accounts, NextToken, MaxResults)

    @operation("DescribeAccount")
    def describe_account(self, *, AccountId: str) -> dict[str, Any]:
        _, organization, records = self.begin("organizations:DescribeAccount", lambda org: account_arn(org, AccountId))
        return {"Account": account_response(organization, records, self._member(organization, AccountId))}

    @operation("MoveAccount")
    def move_account(self, *, AccountId: str, SourceParentId: str, DestinationParentId: str) -> dict[str, Any]:
        caller, organization, _ = self.begin("organizations:MoveAccount", lambda org: account_arn(org, AccountId))
        management = organization.management_account_id
        for parent in (SourceParentId, DestinationParentId):  # MoveAccount acts on three resources
            self.authorize(
                caller, "organizations:MoveAccount", Target(self.target_arn(organization, parent), management)
            )
        self._member(organization, AccountId)
        self.require_parent(organization, SourceParentId, "SourceParentNotFoundException")
        self.require_parent(organization, DestinationParentId, "DestinationParentNotFoundException")
        current = organization.parents[AccountId]
        if current != SourceParentId:
            raise self.org_error(
                "SourceParentNotFoundException",
                f"Account {AccountId} is not in {SourceParentId}: its parent is {current}.",
            )
        if DestinationParentId == current:
            raise self.org_error(
                "DuplicateAccountException", "That account is already present in the specified destination."
            )
        self.save(organization.model_copy(update={"parents": {**organization.parents, AccountId: DestinationParentId}}))
        return {}

    @operation("RemoveAccountFromOrganization")
    def remove_account_from_organization(self, *, AccountId: str) -> dict[str, Any]:
        _, organization, records = self.begin(
            "organizations:RemoveAccountFromOrganization", lambda org: account_arn(org, AccountId)
        )
        self._member(organization, AccountId)
        if AccountId == organization.management_account_id:
            raise self.org_error(
                "MasterCannotLeaveOrganizationException",
                "You can't remove a management account from an organization. If you want the management account "
                "to become a member account in another organization, you must first delete the current organization "
                "of the management account.",
            )
        parents = {k: v for k, v in organization.parents.items() if k != AccountId}
        attachments = {k: v for k, v in organization.attachments.items() if k != AccountId}
        memberships = {k: v for k, v in records.memberships.items() if k != AccountId}
        organization = organization.model_copy(update={"parents": parents, "attachments": attachments})
        self.save(organization, records.model_copy(update={"memberships": memberships}))
        return {}
