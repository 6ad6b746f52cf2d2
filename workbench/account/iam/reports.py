"""IAM account-level reads and audit operations: credential report (A1), account alias, summary, authorization details.

``GetAccountAuthorizationDetails`` is also the workbench's export format for a whole account, so its
answer follows botocore's output shape exactly — policy documents included: IAM sends them
URL-encoded and boto3 hands them over as decoded JSON objects, which is what this answers too.
Credential reports are generated instantly (no ``INPROGRESS`` phase): a report is reused for four
hours, after which ``GetCredentialReport`` answers ``ReportExpired`` and the next
``GenerateCredentialReport`` starts a new one.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from urllib.parse import quote

from workbench.account.authorization import Target
from workbench.account.credential_report import credential_report_csv
from workbench.account.credential_use import key_last_used
from workbench.account.iam.base import IamBase, policy_response, role_response
from workbench.account.iam.rules import INLINE_QUOTA, MANAGED_POLICY_QUOTA, TRUST_POLICY_QUOTA, tag_list
from workbench.account.managed import aws_managed_policies
from workbench.account.model import Account, Group, ManagedPolicy, Role, User
from workbench.account.service import operation

REPORT_LIFETIME = timedelta(hours=4)
ALIAS = re.compile(r"^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$")
AUTHORIZATION_FILTERS = ("User", "Group", "Role", "LocalManagedPolicy", "AWSManagedPolicy")

QUOTAS = {
    "UsersQuota": 5000,
    "GroupsQuota": 300,
    "ServerCertificatesQuota": 20,
    "UserPolicySizeQuota": INLINE_QUOTA["user"],
    "GroupPolicySizeQuota": INLINE_QUOTA["group"],
    "RolePolicySizeQuota": INLINE_QUOTA["role"],
    "GroupsPerUserQuota": 10,
    "SigningCertificatesPerUserQuota": 2,
    "AccessKeysPerUserQuota": 2,
    "AttachedPoliciesPerGroupQuota": 10,
    "PoliciesQuota": 1500,
    "PolicySizeQuota": MANAGED_POLICY_QUOTA,
    "PolicyVersionsInUseQuota": 10000,
    "VersionsPerPolicyQuota": 5,
    "AssumeRolePolicySizeQuota": TRUST_POLICY_QUOTA,
    "InstanceProfilesQuota": 1000,
    "RolesQuota": 1000,
    "GlobalEndpointTokenVersion": 1,
}


def _usage(account: Account, arn: str) -> tuple[int, int]:
    """How many users, groups and roles attach the policy ``arn``, and how many use it as their boundary."""
    holders: list[User | Group | Role] = [*account.users.values(), *account.groups.values(), *account.roles.values()]
    bounded: list[User | Role] = [*account.users.values(), *account.roles.values()]
    attached = sum(1 for holder in holders if arn in holder.attached_policies)
    boundaries = sum(1 for entity in bounded if entity.permissions_boundary == arn)
    return attached, boundaries


def _inline_list(policies: dict[str, str]) -> list[dict[str, Any]]:
    return [{"PolicyName": name, "PolicyDocument": quote(text)} for name, text in policies.items()]


def _attached_list(arns: tuple[str, ...]) -> list[dict[str, str]]:
    return [{"PolicyName": arn.rsplit("/", 1)[-1], "PolicyArn": arn} for arn in arns]


def _boundary(arn: str | None) -> dict[str, Any]:
    if not arn:
        return {}
    return {
        "PermissionsBoundary": {"PermissionsBoundaryType": "PermissionsBoundaryPolicy", "PermissionsBoundaryArn": arn}
    }


def _user_detail(user: User) -> dict[str, Any]:
    return {
        "Path": user.path,
        "UserName": user.name,
        "UserId": user.user_id,
        "Arn": user.arn,
        "CreateDate": user.create_date,
        "UserPolicyList": _inline_list(user.inline_policies),
        "GroupList": list(user.groups),
        "AttachedManagedPolicies": _attached_list(user.attached_policies),
        **_boundary(user.permissions_boundary),
        **({"Tags": tag_list(user.tags)} if user.tags else {}),
    }


def _group_detail(group: Group) -> dict[str, Any]:
    return {
        "Path": group.path,
        "GroupName": group.name,
        "GroupId": group.group_id,
        "Arn": group.arn,
        "CreateDate": group.create_date,
        "GroupPolicyList": _inline_list(group.inline_policies),
        "AttachedManagedPolicies": _attached_list(group.attached_policies),
    }


def _role_detail(account: Account, role: Role) -> dict[str, Any]:
    profiles = []
    for profile in account.instance_profiles.values():
        if role.name in profile.roles:
            members = [account.roles[name.lower()] for name in profile.roles if name.lower() in account.roles]
            entry: dict[str, Any] = {
                "Path": profile.path,
                "InstanceProfileName": profile.name,
                "InstanceProfileId": profile.instance_profile_id,
                "Arn": profile.arn,
                "CreateDate": profile.create_date,
                "Roles": [role_response(member) for member in members],
            }
            if profile.tags:
                entry["Tags"] = tag_list(profile.tags)
            profiles.append(entry)
    return {
        "Path": role.path,
        "RoleName": role.name,
        "RoleId": role.role_id,
        "Arn": role.arn,
        "CreateDate": role.create_date,
        "AssumeRolePolicyDocument": quote(role.trust_policy),
        "InstanceProfileList": profiles,
        "RolePolicyList": _inline_list(role.inline_policies),
        "AttachedManagedPolicies": _attached_list(role.attached_policies),
        **_boundary(role.permissions_boundary),
        **({"Tags": tag_list(role.tags)} if role.tags else {}),
        "RoleLastUsed": role_response(role)["RoleLastUsed"],
    }


def _policy_detail(account: Account, policy: ManagedPolicy) -> dict[str, Any]:
    attached, boundaries = _usage(account, policy.arn)
    answer = policy_response(policy, attached)
    answer.pop("Tags", None)
    answer["PermissionsBoundaryUsageCount"] = boundaries
    answer["PolicyVersionList"] = [
        {
            "Document": quote(version.document),
            "VersionId": version.version_id,
            "IsDefaultVersion": version.version_id == policy.default_version_id,
            "CreateDate": version.create_date,
        }
        for version in policy.versions
    ]
    return answer


class ReportOperations(IamBase):
    # -- credential report (A1) --------------------------------------------------------------------
    @operation("GenerateCredentialReport")
    def generate_credential_report(self) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        self.authorize(caller, "iam:GenerateCredentialReport", Target("*", account.account_id))
        generated = account.credential_report_time
        if generated is not None and self.now - generated <= REPORT_LIFETIME:
            return {"State": "COMPLETE"}
        self.save_account(account.model_copy(update={"credential_report_time": self.now}))
        return {"State": "STARTED", "Description": "No report exists. Starting a new report generation task"}

    @operation("GetCredentialReport")
    def get_credential_report(self) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        self.authorize(caller, "iam:GetCredentialReport", Target("*", account.account_id))
        generated = account.credential_report_time
        if generated is None:
            raise self.error("ReportNotPresent", "Credential report not present: call GenerateCredentialReport first.")
        if self.now - generated > REPORT_LIFETIME:
            raise self.error(
                "ReportExpired",
                f"The credential report generated at {generated.isoformat()} is more than 4 hours old: "
                "call GenerateCredentialReport to generate a new one.",
            )
        # The state keeps only the generation time (no field for the report's text yet), so the rows
        # are rendered from the current state: a change made since GeneratedTime already shows.
        content = credential_report_csv(account, lambda key_id: key_last_used(self.sim, key_id))
        return {"Content": content, "ReportFormat": "text/csv", "GeneratedTime": generated}

    # -- account alias ---------------------------------------------------------------------------
    @operation("CreateAccountAlias")
    def create_account_alias(self, *, AccountAlias: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        self.authorize(caller, "iam:CreateAccountAlias", Target("*", account.account_id))
        if not ALIAS.match(AccountAlias):
            raise self.error(
                "ValidationError",
                "An account alias is 3 to 63 lowercase letters, digits and single hyphens, "
                "starting and ending with a letter or digit.",
            )
        taken = any(a.alias == AccountAlias for a in self.sim.state.accounts.values() if a is not account)
        if taken:
            raise self.error("EntityAlreadyExists", f"The account alias {AccountAlias} already exists.")
        # An account has one alias: a new one replaces the old.
        self.save_account(account.model_copy(update={"alias": AccountAlias}))
        return {}

    @operation("DeleteAccountAlias")
    def delete_account_alias(self, *, AccountAlias: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        self.authorize(caller, "iam:DeleteAccountAlias", Target("*", account.account_id))
        if account.alias != AccountAlias:
            raise self.error("NoSuchEntity", f"The account alias {AccountAlias} cannot be found.")
        self.save_account(account.model_copy(update={"alias": None}))
        return {}

    @operation("ListAccountAliases")
    def list_account_aliases(self, *, Marker: str | None = None, MaxItems: int | None = None) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        self.authorize(caller, "iam:ListAccountAliases", Target("*", account.account_id))
        return self.page("AccountAliases", [account.alias] if account.alias else [], Marker, MaxItems)

    # -- summary ---------------------------------------------------------------------------------
    @operation("GetAccountSummary")
    def get_account_summary(self) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        self.authorize(caller, "iam:GetAccountSummary", Target("*", account.account_id))
        root = account.root
        counts = {
            "Users": len(account.users),
            "Groups": len(account.groups),
            "Roles": len(account.roles),
            "Policies": len(account.policies),
            "PolicyVersionsInUse": sum(len(p.versions) for p in account.policies.values()),
            "InstanceProfiles": len(account.instance_profiles),
            "Providers": len(account.oidc_providers),
            "ServerCertificates": 0,
            "MFADevices": len(account.mfa_devices),
            "MFADevicesInUse": sum(1 for d in account.mfa_devices.values() if d.user is not None),
            "AccountMFAEnabled": int(bool(root.mfa_serials)),
            "AccountAccessKeysPresent": int(bool(root.access_keys)),
            "AccountPasswordPresent": int(bool(root.password_hash)),
            "AccountSigningCertificatesPresent": 0,
            "AttachedPoliciesPerUserQuota": account.managed_policy_quota,
            "AttachedPoliciesPerRoleQuota": account.managed_policy_quota,
        }
        return {"SummaryMap": {**counts, **QUOTAS}}

    # -- authorization details (the account export) -----------------------------------------------
    @operation("GetAccountAuthorizationDetails")
    def get_account_authorization_details(
        self, *, Filter: list[str] | None = None, MaxItems: int | None = None, Marker: str | None = None
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        self.authorize(caller, "iam:GetAccountAuthorizationDetails", Target("*", account.account_id))
        wanted = set(Filter or AUTHORIZATION_FILTERS)
        unknown = wanted - set(AUTHORIZATION_FILTERS)
        if unknown:
            raise self.error(
                "ValidationError", f"Unknown Filter value(s) {sorted(unknown)}: use {AUTHORIZATION_FILTERS}."
            )
        items: list[tuple[str, dict[str, Any]]] = []
        if "User" in wanted:
            items += [("UserDetailList", _user_detail(u)) for u in _by_name(account.users)]
        if "Group" in wanted:
            items += [("GroupDetailList", _group_detail(g)) for g in _by_name(account.groups)]
        if "Role" in wanted:
            items += [("RoleDetailList", _role_detail(account, r)) for r in _by_name(account.roles)]
        if "LocalManagedPolicy" in wanted:
            items += [("Policies", _policy_detail(account, p)) for p in _by_name(account.policies)]
        if "AWSManagedPolicy" in wanted:
            in_use = [p for p in aws_managed_policies().values() if any(_usage(account, p.arn))]
            items += [("Policies", _policy_detail(account, p)) for p in sorted(in_use, key=lambda p: p.name)]
        page = self.page("Items", items, Marker, MaxItems)
        answer: dict[str, Any] = {"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [], "Policies": []}
        for key, detail in page.pop("Items"):
            answer[key].append(detail)
        answer.update(page)
        return answer  # the client base decodes the URL-encoded documents into objects, as boto3 does


def _by_name(entities: dict[str, Any]) -> list[Any]:
    return [entities[key] for key in sorted(entities)]
