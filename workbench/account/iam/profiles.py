"""IAM operations on instance profiles, the containers that hand a role to EC2 (CreateInstanceProfile, …).

An instance profile holds at most one role (R1). Putting a role in a profile hands it to EC2, so
besides ``iam:AddRoleToInstanceProfile`` the caller needs ``iam:PassRole`` on the role, as AWS requires.
"""

from __future__ import annotations

from typing import Any

from workbench.account.authorization import Target
from workbench.account.iam.base import IamBase, list_target, role_response
from workbench.account.iam.roles_service_linked import check_modifiable
from workbench.account.iam.rules import check_name, check_path, check_tags, tag_list, tags_from
from workbench.account.model import Account, InstanceProfile, Role
from workbench.account.service import operation

ROLES_PER_PROFILE = 1


def profile_response(account: Account, profile: InstanceProfile) -> dict[str, Any]:
    roles = [account.roles[name.lower()] for name in profile.roles if name.lower() in account.roles]
    answer: dict[str, Any] = {
        "Path": profile.path,
        "InstanceProfileName": profile.name,
        "InstanceProfileId": profile.instance_profile_id,
        "Arn": profile.arn,
        "CreateDate": profile.create_date,
        "Roles": [role_response(role) for role in roles],
    }
    if profile.tags:
        answer["Tags"] = tag_list(profile.tags)
    return answer


def holds(profile: InstanceProfile, role: Role) -> bool:
    return role.name.lower() in (name.lower() for name in profile.roles)


class InstanceProfileOperations(IamBase):
    def find_instance_profile(self, account: Account, name: str) -> InstanceProfile:
        profile = account.instance_profiles.get(name.lower())
        if profile is None:
            raise self.error("NoSuchEntity", f"Instance Profile {name} cannot be found.")
        return profile

    def save_instance_profile(self, account: Account, profile: InstanceProfile) -> None:
        profiles = {**account.instance_profiles, profile.name.lower(): profile}
        self.save_account(account.model_copy(update={"instance_profiles": profiles}))

    @operation("CreateInstanceProfile")
    def create_instance_profile(self, *, InstanceProfileName: str, Path: str = "/", Tags: Any = None) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        check_name("instance profile", InstanceProfileName, self._operation)
        check_path(Path, self._operation)
        tags = tags_from(Tags)
        check_tags(tags, self._operation)
        arn = f"arn:aws:iam::{account.account_id}:instance-profile{Path}{InstanceProfileName}"
        self.authorize(
            caller, "iam:CreateInstanceProfile", Target(arn, account.account_id), self.request_tag_context(tags)
        )
        if InstanceProfileName.lower() in account.instance_profiles:
            raise self.error("EntityAlreadyExists", f"Instance Profile {InstanceProfileName} already exists.")
        profile = InstanceProfile(
            name=InstanceProfileName,
            path=Path,
            instance_profile_id=self.sim.ids.next("AIPA", 17),
            arn=arn,
            create_date=self.now,
            tags=tags,
        )
        self.save_instance_profile(account, profile)
        return {"InstanceProfile": profile_response(account, profile)}

    @operation("GetInstanceProfile")
    def get_instance_profile(self, *, InstanceProfileName: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        profile = self.find_instance_profile(account, InstanceProfileName)
        self.authorize(caller, "iam:GetInstanceProfile", Target(profile.arn, account.account_id, tags=profile.tags))
        return {"InstanceProfile": profile_response(account, profile)}

    @operation("DeleteInstanceProfile")
    def delete_instance_profile(self, *, InstanceProfileName: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        profile = self.find_instance_profile(account, InstanceProfileName)
        self.authorize(caller, "iam:DeleteInstanceProfile", Target(profile.arn, account.account_id, tags=profile.tags))
        if profile.roles:
            raise self.error("DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.")
        profiles = {k: v for k, v in account.instance_profiles.items() if k != profile.name.lower()}
        self.save_account(account.model_copy(update={"instance_profiles": profiles}))
        return {}

    @operation("AddRoleToInstanceProfile")
    def add_role_to_instance_profile(self, *, InstanceProfileName: str, RoleName: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        profile = self.find_instance_profile(account, InstanceProfileName)
        role = self.find_role(account, RoleName)
        self.authorize(
            caller, "iam:AddRoleToInstanceProfile", Target(profile.arn, account.account_id, tags=profile.tags)
        )
        self.authorize(
            caller,
            "iam:PassRole",
            Target(role.arn, account.account_id, tags=role.tags),
            {"iam:PassedToService": "ec2.amazonaws.com"},
        )
        check_modifiable(role, self._operation)
        if holds(profile, role):
            raise self.error("EntityAlreadyExists", f"Role {role.name} is already in instance profile {profile.name}.")
        if len(profile.roles) >= ROLES_PER_PROFILE:
            raise self.error(
                "LimitExceeded", f"Cannot exceed quota for InstanceSessionsPerInstanceProfile: {ROLES_PER_PROFILE}"
            )
        self.save_instance_profile(account, profile.model_copy(update={"roles": (*profile.roles, role.name)}))
        return {}

    @operation("RemoveRoleFromInstanceProfile")
    def remove_role_from_instance_profile(self, *, InstanceProfileName: str, RoleName: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        profile = self.find_instance_profile(account, InstanceProfileName)
        role = self.find_role(account, RoleName)
        self.authorize(
            caller, "iam:RemoveRoleFromInstanceProfile", Target(profile.arn, account.account_id, tags=profile.tags)
        )
        if not holds(profile, role):
            raise self.error("NoSuchEntity", f"The role {role.name} is not in instance profile {profile.name}.")
        kept = tuple(name for name in profile.roles if name.lower() != role.name.lower())
        self.save_instance_profile(account, profile.model_copy(update={"roles": kept}))
        return {}

    @operation("ListInstanceProfiles")
    def list_instance_profiles(
        self, *, PathPrefix: str = "/", Marker: str | None = None, MaxItems: int | None = None
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        self.authorize(
            caller, "iam:ListInstanceProfiles", list_target(account.account_id, "instance-profile", PathPrefix)
        )
        profiles = sorted(
            (p for p in account.instance_profiles.values() if p.path.startswith(PathPrefix)),
            key=lambda p: p.name.lower(),
        )
        listed = [{k: v for k, v in profile_response(account, p).items() if k != "Tags"} for p in profiles]
        return self.page("InstanceProfiles", listed, Marker, MaxItems)

    @operation("ListInstanceProfilesForRole")
    def list_instance_profiles_for_role(
        self, *, RoleName: str, Marker: str | None = None, MaxItems: int | None = None
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        role = self.find_role(account, RoleName)
        self.authorize(caller, "iam:ListInstanceProfilesForRole", Target(role.arn, account.account_id, tags=role.tags))
        profiles = sorted(
            (p for p in account.instance_profiles.values() if holds(p, role)), key=lambda p: p.name.lower()
        )
        return self.page("InstanceProfiles", [profile_response(account, p) for p in profiles], Marker, MaxItems)
