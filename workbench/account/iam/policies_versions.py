"""IAM operations on managed policy versions (CreatePolicyVersion, SetDefaultPolicyVersion, …).

A managed policy keeps up to five versions; only the default one takes part in decisions, so
switching the default changes what every attached user, group and role may do at once. Version
numbers are never reused. AWS managed policies can be read, never changed.
"""

from __future__ import annotations

from typing import Any

from workbench.account.authorization import Target
from workbench.account.callers import Caller
from workbench.account.errors import AwsError
from workbench.account.iam.base import IamBase
from workbench.account.iam.policies_usage import check_policy_arn
from workbench.account.iam.rules import MANAGED_POLICY_QUOTA, check_policy_document
from workbench.account.model import Account, ManagedPolicy, PolicyVersion
from workbench.account.service import operation
from workbench.policy.model import PolicyType

VERSIONS_PER_POLICY = 5


def version_response(policy: ManagedPolicy, version: PolicyVersion, *, document: str | None) -> dict[str, Any]:
    answer: dict[str, Any] = {}
    if document is not None:
        answer["Document"] = document
    answer |= {
        "VersionId": version.version_id,
        "IsDefaultVersion": version.version_id == policy.default_version_id,
        "CreateDate": version.create_date,
    }
    return answer


def aws_managed_read_only(caller: Caller, action: str, arn: str, operation_name: str) -> AwsError:
    """AWS managed policies belong to AWS: no account may change or delete them, whatever its policies say."""
    who = "" if caller.is_root else "User: "
    return AwsError(
        "AccessDenied",
        f"{who}{caller.arn} is not authorized to perform: {action} on resource: policy {arn} "
        "(AWS managed policies are maintained by AWS and cannot be changed or deleted; "
        "create a customer managed policy instead)",
        operation_name,
    )


def policy_target(policy: ManagedPolicy, account: Account) -> Target:
    """A managed policy as the resource of a call (AWS managed ones are evaluated in the caller's account)."""
    return Target(policy.arn, account.account_id, tags=policy.tags)


class PolicyVersionOperations(IamBase):
    # -- shared by every managed-policy operation ---------------------------------------------------
    def policy_to_read(self, caller: Caller, account: Account, arn: str, action: str) -> ManagedPolicy:
        check_policy_arn(arn, self._operation)
        policy = self.require_managed_policy(account, arn)
        self.authorize(caller, action, policy_target(policy, account))
        return policy

    def policy_to_change(self, caller: Caller, account: Account, arn: str, action: str) -> ManagedPolicy:
        policy = self.policy_to_read(caller, account, arn, action)
        if policy.aws_managed:
            raise aws_managed_read_only(caller, action, arn, self._operation)
        return policy

    def save_policy(self, account: Account, policy: ManagedPolicy) -> None:
        self.save_account(account.model_copy(update={"policies": {**account.policies, policy.name.lower(): policy}}))

    def find_version(self, policy: ManagedPolicy, version_id: str) -> PolicyVersion:
        found = next((v for v in policy.versions if v.version_id == version_id), None)
        if found is None:
            raise self.error(
                "NoSuchEntity", f"Policy {policy.arn} version {version_id} does not exist or is not attachable."
            )
        return found

    # -- operations ----------------------------------------------------------------------------------
    @operation("CreatePolicyVersion")
    def create_policy_version(
        self, *, PolicyArn: str, PolicyDocument: str, SetAsDefault: bool = False
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        policy = self.policy_to_change(caller, account, PolicyArn, "iam:CreatePolicyVersion")
        check_policy_document(PolicyDocument, PolicyType.IDENTITY, self._operation, quota=MANAGED_POLICY_QUOTA)
        if len(policy.versions) >= VERSIONS_PER_POLICY:
            raise self.error(
                "LimitExceeded",
                f"A managed policy can have up to {VERSIONS_PER_POLICY} versions. Before you create a new version, "
                "you must delete an existing version.",
            )
        version = PolicyVersion(version_id=f"v{policy.next_version}", document=PolicyDocument, create_date=self.now)
        updated = policy.model_copy(
            update={
                "versions": (*policy.versions, version),
                "next_version": policy.next_version + 1,
                "update_date": self.now,
                "default_version_id": version.version_id if SetAsDefault else policy.default_version_id,
            }
        )
        self.save_policy(account, updated)
        return {"PolicyVersion": version_response(updated, version, document=None)}

    @operation("GetPolicyVersion")
    def get_policy_version(self, *, PolicyArn: str, VersionId: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        policy = self.policy_to_read(caller, account, PolicyArn, "iam:GetPolicyVersion")
        version = self.find_version(policy, VersionId)
        return {"PolicyVersion": version_response(policy, version, document=self.document_out(version.document))}

    @operation("ListPolicyVersions")
    def list_policy_versions(
        self, *, PolicyArn: str, Marker: str | None = None, MaxItems: int | None = None
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        policy = self.policy_to_read(caller, account, PolicyArn, "iam:ListPolicyVersions")
        newest_first = [version_response(policy, v, document=None) for v in reversed(policy.versions)]
        return self.page("Versions", newest_first, Marker, MaxItems)

    @operation("DeletePolicyVersion")
    def delete_policy_version(self, *, PolicyArn: str, VersionId: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        policy = self.policy_to_change(caller, account, PolicyArn, "iam:DeletePolicyVersion")
        version = self.find_version(policy, VersionId)
        if version.version_id == policy.default_version_id:
            raise self.error("DeleteConflict", "Cannot delete the default version of a policy.")
        kept = tuple(v for v in policy.versions if v.version_id != version.version_id)
        self.save_policy(account, policy.model_copy(update={"versions": kept}))
        return {}

    @operation("SetDefaultPolicyVersion")
    def set_default_policy_version(self, *, PolicyArn: str, VersionId: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        policy = self.policy_to_change(caller, account, PolicyArn, "iam:SetDefaultPolicyVersion")
        version = self.find_version(policy, VersionId)
        self.save_policy(account, policy.model_copy(update={"default_version_id": version.version_id}))
        return {}
