"""Hand-built worlds for the diagram tests: a small account with every kind of edge, and a 50-principal one."""

from __future__ import annotations

import json

from workbench.account import Sandbox

DEV = "111111111111"
PARTNER = "222222222222"
MANAGEMENT = "999999999999"

READ_REPORTS = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}],
}
BOUNDARY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["s3:*", "sts:AssumeRole"], "Resource": "*"}],
}
DENY_LEAVE = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}],
}


def trust(principal: dict[str, object], condition: dict[str, object] | None = None) -> str:
    statement: dict[str, object] = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
    if condition:
        statement["Condition"] = condition
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def small_sandbox(*, organization: bool = False) -> Sandbox:
    """dev: alice (group developers, boundary, inline), bob; roles deploy (trusts alice with MFA),
    partner-audit (trusts account 222222222222 with an ExternalId), ec2-app (trusts ec2.amazonaws.com)."""
    sandbox = Sandbox()
    dev = sandbox.create_account("dev", account_id=DEV)
    sandbox.create_account("partner", account_id=PARTNER)
    dev.create_policy("ReadReports", READ_REPORTS)
    dev.create_policy("DevBoundary", BOUNDARY)
    dev.create_group("developers", policies=["ReadReports"])
    alice = dev.create_user(
        "alice",
        groups=["developers"],
        boundary="DevBoundary",
        inline={"notes": READ_REPORTS},
        policies=["ReadOnlyAccess"],
    )
    dev.create_user("bob", groups=["developers"])
    mfa = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    dev.create_role("deploy", trust=trust({"AWS": alice.arn}, mfa), policies=["AdministratorAccess"])
    external_id = {"StringEquals": {"sts:ExternalId": "partner-42"}}
    dev.create_role("partner-audit", trust=trust({"AWS": f"arn:aws:iam::{PARTNER}:root"}, external_id))
    dev.create_role("ec2-app", trusted="ec2.amazonaws.com", policies=["ReadReports"])
    dev.admin.iam.put_role_permissions_boundary(
        RoleName="ec2-app", PermissionsBoundary=f"arn:aws:iam::{DEV}:policy/DevBoundary"
    )
    if organization:
        sandbox.create_account("management", account_id=MANAGEMENT)
        orgs = sandbox.sim.client("organizations", sandbox.sim.root_credentials(MANAGEMENT))
        orgs.create_organization()
        orgs.invite_account_to_organization(Target={"Id": DEV, "Type": "ACCOUNT"})
        root = orgs.list_roots()["Roots"][0]["Id"]
        workloads = orgs.create_organizational_unit(ParentId=root, Name="Workloads")["OrganizationalUnit"]["Id"]
        orgs.move_account(AccountId=DEV, SourceParentId=root, DestinationParentId=workloads)
        scp = orgs.create_policy(
            Name="DenyLeave", Type="SERVICE_CONTROL_POLICY", Content=json.dumps(DENY_LEAVE), Description="no leaving"
        )["Policy"]["PolicySummary"]["Id"]
        orgs.attach_policy(PolicyId=scp, TargetId=workloads)
    return sandbox


def big_sandbox(users: int = 40, roles: int = 10) -> Sandbox:
    """A 50-principal account: users spread over five groups, roles trusting users, accounts and services."""
    sandbox = Sandbox()
    dev = sandbox.create_account("big", account_id=DEV)
    dev.create_policy("ReadReports", READ_REPORTS)
    dev.create_policy("DevBoundary", BOUNDARY)
    teams = ["platform", "data", "web", "mobile", "security"]
    for team in teams:
        dev.create_group(team, policies=["ReadReports"] if team != "security" else ["ViewOnlyAccess"])
    names = []
    for index in range(users):
        name = f"user-{index:02d}-{teams[index % 5]}-engineer-with-a-long-name"
        names.append(name)
        dev.create_user(
            name,
            groups=[teams[index % 5]],
            boundary="DevBoundary" if index % 7 == 0 else None,
            inline={"scratch": READ_REPORTS} if index % 9 == 0 else None,
        )
    for index in range(roles):
        kind = index % 3
        if kind == 0:
            arn = dev.user(names[index * 3]).arn
            document = trust({"AWS": arn}, {"Bool": {"aws:MultiFactorAuthPresent": "true"}})
        elif kind == 1:
            document = trust({"AWS": f"arn:aws:iam::{PARTNER}:role/ci-{index}"})
        else:
            document = trust({"Service": "lambda.amazonaws.com"})
        dev.create_role(f"role-{index:02d}", trust=document, policies=["ReadReports"])
    return sandbox
