"""EC2 and instance profiles: naming a profile (``{"Arn"}`` or ``{"Name"}``), and passing its role to EC2 (R1).

Launching an instance with a profile, or associating one later, hands the profile's role to EC2,
so the caller needs ``iam:PassRole`` on that role with ``iam:PassedToService = ec2.amazonaws.com``.
That the role's trust admits ``ec2.amazonaws.com`` is not checked at launch — AWS does not either:
the instance starts, and its metadata service reports ``AssumeRoleUnauthorizedAccess`` instead of
credentials (see ``metadata``).
"""

from __future__ import annotations

from typing import Any

from workbench.account.authorization import Target
from workbench.account.callers import Caller
from workbench.account.model import Account, InstanceProfile, Role, State
from workbench.services.ec2.base import Ec2Base, derived_id
from workbench.services.state import Instance

EC2_SERVICE = "ec2.amazonaws.com"


def profile_by_arn(account: Account, arn: str) -> InstanceProfile | None:
    return next((p for p in account.instance_profiles.values() if p.arn == arn), None)


def profile_role(account: Account, profile: InstanceProfile) -> Role | None:
    """The role in the profile (a profile holds at most one), or None."""
    for name in profile.roles:
        role = account.roles.get(name.lower())
        if role is not None:
            return role
    return None


def instance_profile(state: State, instance: Instance) -> tuple[Account, InstanceProfile] | None:
    """The profile an instance is associated with, if it (and its account) still exist."""
    account = state.accounts.get(instance.account_id)
    if account is None or instance.instance_profile_arn is None:
        return None
    profile = profile_by_arn(account, instance.instance_profile_arn)
    return (account, profile) if profile is not None else None


def association_id(instance: Instance) -> str | None:
    """The id of the instance's profile association (stable for one instance and one profile)."""
    if instance.instance_profile_arn is None:
        return None
    return derived_id("iip-assoc-", instance.instance_id, instance.instance_profile_arn)


class ProfileChecks(Ec2Base):
    def resolve_profile(self, caller: Caller, spec: dict[str, Any]) -> InstanceProfile:
        """The profile ``{"Arn": …}`` or ``{"Name": …}`` names, in the caller's account."""
        account = self.caller_account(caller)
        arn, name = spec.get("Arn"), spec.get("Name")
        if arn is None and name is None:
            raise self.fail("InvalidParameterValue", "The IAM instance profile needs an Arn or a Name.")
        if arn is not None:
            profile = profile_by_arn(account, arn)
            if profile is None or (name is not None and name.lower() != profile.name.lower()):
                raise self.fail(
                    "InvalidParameterValue",
                    f"Value ({arn}) for parameter iamInstanceProfile.arn is invalid. Invalid IAM Instance Profile ARN",
                )
            return profile
        found = account.instance_profiles.get(str(name).lower())
        if found is None:
            raise self.fail(
                "InvalidParameterValue",
                f"Value ({name}) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name",
            )
        return found

    def check_pass_role(self, caller: Caller, profile: InstanceProfile) -> Role | None:
        """``iam:PassRole`` on the profile's role, passed to EC2 (nothing to pass when the profile is empty)."""
        account = self.caller_account(caller)
        role = profile_role(account, profile)
        if role is not None:
            self.authorize(
                caller,
                "iam:PassRole",
                Target(role.arn, account.account_id, tags=role.tags),
                {"iam:PassedToService": EC2_SERVICE},
            )
        return role
