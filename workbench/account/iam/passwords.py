"""IAM operations on console passwords: login profiles, ChangePassword, and the account password policy.

Every new password is checked against the account's password policy (``PasswordPolicyViolation``);
without a policy, IAM's default rules apply. ``AllowUsersToChangePassword`` works as IAM documents
it: an account-level grant of ``iam:ChangePassword`` on one's own user and of
``iam:GetAccountPasswordPolicy`` — no identity policy needed, but an explicit deny still wins.
"""

from __future__ import annotations

from typing import Any

from workbench.account.authorization import Target, access_denied_message, decide
from workbench.account.callers import Caller
from workbench.account.errors import AwsError
from workbench.account.iam.base import IamBase
from workbench.account.iam.owners import resolve_owner
from workbench.account.model import Account, LoginProfile, PasswordPolicy, User
from workbench.account.passwords import check_password_policy, hash_password, password_matches
from workbench.account.restrictions import restriction
from workbench.account.service import operation
from workbench.engine.decision import Decision

PASSWORD_POLICY_LIMITS = {
    "MinimumPasswordLength": (6, 128),
    "MaxPasswordAge": (1, 1095),
    "PasswordReusePrevention": (1, 24),
}


def _profile_response(user: User, profile: LoginProfile) -> dict[str, Any]:
    return {
        "UserName": user.name,
        "CreateDate": profile.create_date,
        "PasswordResetRequired": profile.password_reset_required,
    }


def password_policy_response(policy: PasswordPolicy) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "MinimumPasswordLength": policy.minimum_password_length,
        "RequireSymbols": policy.require_symbols,
        "RequireNumbers": policy.require_numbers,
        "RequireUppercaseCharacters": policy.require_uppercase_characters,
        "RequireLowercaseCharacters": policy.require_lowercase_characters,
        "AllowUsersToChangePassword": policy.allow_users_to_change_password,
        "ExpirePasswords": bool(policy.max_password_age),
    }
    if policy.max_password_age:
        answer["MaxPasswordAge"] = policy.max_password_age
    if policy.password_reuse_prevention:
        answer["PasswordReusePrevention"] = policy.password_reuse_prevention
    if policy.hard_expiry:
        answer["HardExpiry"] = policy.hard_expiry
    return answer


class LoginOperations(IamBase):
    def _login_user(self, caller: Caller, user_name: str | None) -> tuple[Account, User]:
        account = self.caller_account(caller)
        owner = resolve_owner(caller, account, user_name, self._operation)
        if owner.user is None:
            raise self.error(
                "ValidationError", "The root user's password is managed on the account's sign-in page, not here."
            )
        return account, owner.user

    def _no_profile(self, user: User) -> AwsError:
        return self.error("NoSuchEntity", f"Login Profile for User {user.name} cannot be found.")

    @operation("CreateLoginProfile")
    def create_login_profile(
        self,
        *,
        UserName: str | None = None,
        Password: str | None = None,
        PasswordResetRequired: bool = False,
        MaxSigninSessionDuration: int | None = None,
    ) -> dict[str, Any]:
        caller = self.caller()
        account, user = self._login_user(caller, UserName)
        self.authorize(caller, "iam:CreateLoginProfile", Target(user.arn, account.account_id, tags=user.tags))
        if user.login_profile is not None:
            raise self.error("EntityAlreadyExists", f"Login Profile for user {user.name} already exists.")
        if Password is None:
            raise self.error("ValidationError", "Password is required to create a login profile for an IAM user.")
        check_password_policy(Password, account.password_policy, self._operation)
        profile = LoginProfile(
            password_hash=hash_password(Password, self.sim.ids),
            create_date=self.now,
            password_reset_required=PasswordResetRequired,
            password_last_changed=self.now,
        )
        self.save_user(account, user.model_copy(update={"login_profile": profile}))
        return {"LoginProfile": _profile_response(user, profile)}

    @operation("GetLoginProfile")
    def get_login_profile(self, *, UserName: str | None = None) -> dict[str, Any]:
        caller = self.caller()
        account, user = self._login_user(caller, UserName)
        self.authorize(caller, "iam:GetLoginProfile", Target(user.arn, account.account_id, tags=user.tags))
        if user.login_profile is None:
            raise self._no_profile(user)
        return {"LoginProfile": _profile_response(user, user.login_profile)}

    @operation("UpdateLoginProfile")
    def update_login_profile(
        self,
        *,
        UserName: str,
        Password: str | None = None,
        PasswordResetRequired: bool | None = None,
        MaxSigninSessionDuration: int | None = None,
        ResetMaxSigninSessionDuration: bool | None = None,
    ) -> dict[str, Any]:
        caller = self.caller()
        account, user = self._login_user(caller, UserName)
        self.authorize(caller, "iam:UpdateLoginProfile", Target(user.arn, account.account_id, tags=user.tags))
        profile = user.login_profile
        if profile is None:
            raise self._no_profile(user)
        if MaxSigninSessionDuration is not None and ResetMaxSigninSessionDuration:
            raise self.error(
                "InvalidInput", "Specify MaxSigninSessionDuration or ResetMaxSigninSessionDuration, not both."
            )
        change: dict[str, Any] = {}
        if Password is not None:
            check_password_policy(Password, account.password_policy, self._operation)
            change = {"password_hash": hash_password(Password, self.sim.ids), "password_last_changed": self.now}
        if PasswordResetRequired is not None:
            change["password_reset_required"] = PasswordResetRequired
        self.save_user(account, user.model_copy(update={"login_profile": profile.model_copy(update=change)}))
        return {}

    @operation("DeleteLoginProfile")
    def delete_login_profile(self, *, UserName: str | None = None) -> dict[str, Any]:
        caller = self.caller()
        account, user = self._login_user(caller, UserName)
        self.authorize(caller, "iam:DeleteLoginProfile", Target(user.arn, account.account_id, tags=user.tags))
        if user.login_profile is None:
            raise self._no_profile(user)
        self.save_user(account, user.model_copy(update={"login_profile": None}))
        return {}

    @operation("ChangePassword")
    def change_password(self, *, OldPassword: str, NewPassword: str) -> dict[str, Any]:
        caller = self.caller()
        if caller.user is None or caller.kind not in ("user", "session-token", "console"):
            raise self.error(
                "InvalidUserType", "Only IAM users can change their own password; the root user uses the sign-in page."
            )
        account = self.caller_account(caller)
        user = self.find_user(account, caller.user.name)
        self._authorize_self_service(caller, "iam:ChangePassword", Target(user.arn, account.account_id, tags=user.tags))
        profile = user.login_profile
        if profile is None:
            raise self._no_profile(user)
        if not password_matches(OldPassword, profile.password_hash):
            # The code IAM returns for a wrong old password is not documented; see the module's report.
            raise self.error("EntityTemporarilyUnmodifiable", "The old password is incorrect.")
        check_password_policy(NewPassword, account.password_policy, self._operation)
        changed = profile.model_copy(
            update={
                "password_hash": hash_password(NewPassword, self.sim.ids),
                "password_last_changed": self.now,
                "password_reset_required": False,
            }
        )
        self.save_user(account, user.model_copy(update={"login_profile": changed}))
        return {}

    def _authorize_self_service(self, caller: Caller, action: str, target: Target) -> Decision | None:
        """Authorize as usual, except that ``AllowUsersToChangePassword`` stands in for a missing identity allow."""
        account = self.caller_account(caller)
        policy = account.password_policy
        if policy is None or not policy.allow_users_to_change_password or caller.user is None:
            return self.authorize(caller, action, target)
        why_not = restriction(caller, action)
        if why_not is not None:
            return self.authorize(caller, action, target)  # raises with the restriction's message
        state = self.sim.state.model_copy(update={"now": self.now})
        decision, _ = decide(state, caller, action, target, self.connection, self.sim.clock.epoch())
        # The account setting stands in for an identity-policy allow only: denies and guardrails still apply.
        if decision.allowed or decision.reason == "no_identity_allow":
            return decision
        raise self.error("AccessDenied", access_denied_message(caller, action, target.arn, decision))

    @operation("UpdateAccountPasswordPolicy")
    def update_account_password_policy(
        self,
        *,
        MinimumPasswordLength: int = 6,
        RequireSymbols: bool = False,
        RequireNumbers: bool = False,
        RequireUppercaseCharacters: bool = False,
        RequireLowercaseCharacters: bool = False,
        AllowUsersToChangePassword: bool = False,
        MaxPasswordAge: int | None = None,
        PasswordReusePrevention: int | None = None,
        HardExpiry: bool = False,
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        self.authorize(caller, "iam:UpdateAccountPasswordPolicy", Target("*", account.account_id))
        given = {
            "MinimumPasswordLength": MinimumPasswordLength,
            "MaxPasswordAge": MaxPasswordAge,
            "PasswordReusePrevention": PasswordReusePrevention,
        }
        for name, value in given.items():
            low, high = PASSWORD_POLICY_LIMITS[name]
            if value is not None and not low <= value <= high:
                raise self.error(
                    "ValidationError",
                    f"Value {value} at '{name[0].lower()}{name[1:]}' failed to satisfy constraint: "
                    f"Member must have value between {low} and {high}",
                )
        policy = PasswordPolicy(
            minimum_password_length=MinimumPasswordLength,
            require_symbols=RequireSymbols,
            require_numbers=RequireNumbers,
            require_uppercase_characters=RequireUppercaseCharacters,
            require_lowercase_characters=RequireLowercaseCharacters,
            allow_users_to_change_password=AllowUsersToChangePassword,
            max_password_age=MaxPasswordAge,
            password_reuse_prevention=PasswordReusePrevention,
            hard_expiry=HardExpiry,
        )
        self.save_account(account.model_copy(update={"password_policy": policy}))
        return {}

    @operation("GetAccountPasswordPolicy")
    def get_account_password_policy(self) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        self._authorize_self_service(caller, "iam:GetAccountPasswordPolicy", Target("*", account.account_id))
        if account.password_policy is None:
            raise self.error(
                "NoSuchEntity", f"The Password Policy with domain name {account.account_id} cannot be found."
            )
        return {"PasswordPolicy": password_policy_response(account.password_policy)}

    @operation("DeleteAccountPasswordPolicy")
    def delete_account_password_policy(self) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        self.authorize(caller, "iam:DeleteAccountPasswordPolicy", Target("*", account.account_id))
        if account.password_policy is None:
            raise self.error(
                "NoSuchEntity", f"The Password Policy with domain name {account.account_id} cannot be found."
            )
        self.save_account(account.model_copy(update={"password_policy": None}))
        return {}
