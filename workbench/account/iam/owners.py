"""Whose credentials an IAM credential operation manages: a named IAM user, the calling user, or the root user.

Access-key, MFA and password operations take an optional ``UserName``: without it, IAM acts on the
principal whose credentials signed the request (for the root user: the root user's own keys and
MFA devices). The root user has no user name; where an operation *requires* one (``EnableMFADevice``),
the root user names itself ``<root_account>`` — the name the credential report gives it — and only
the root user may do so.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.account.callers import Caller
from workbench.account.errors import AwsError
from workbench.account.model import AccessKey, Account, User

ROOT_USER_NAME = "<root_account>"
"""How the credential report (and the workbench's MFA devices) name the root user."""


@dataclass(frozen=True, slots=True)
class CredentialOwner:
    """An IAM user, or the account's root user (``user`` is None)."""

    account: Account
    user: User | None

    @property
    def is_root(self) -> bool:
        return self.user is None

    @property
    def arn(self) -> str:
        return self.user.arn if self.user is not None else f"arn:aws:iam::{self.account.account_id}:root"

    @property
    def user_name(self) -> str | None:
        """The ``UserName`` IAM answers with (the root user has none)."""
        return self.user.name if self.user is not None else None

    @property
    def tags(self) -> dict[str, str]:
        return dict(self.user.tags) if self.user is not None else {}

    @property
    def access_keys(self) -> tuple[AccessKey, ...]:
        return self.user.access_keys if self.user is not None else self.account.root.access_keys

    @property
    def mfa_serials(self) -> tuple[str, ...]:
        return self.user.mfa_serials if self.user is not None else self.account.root.mfa_serials

    def with_access_keys(self, keys: tuple[AccessKey, ...]) -> Account:
        """The account with this owner's access keys replaced."""
        return self._with(access_keys=keys)

    def with_mfa_serials(self, serials: tuple[str, ...]) -> Account:
        """The account with this owner's list of enabled MFA devices replaced."""
        return self._with(mfa_serials=serials)

    def _with(self, **change: object) -> Account:
        account = self.account
        if self.user is None:
            return account.model_copy(update={"root": account.root.model_copy(update=change)})
        user = self.user.model_copy(update=change)
        return account.model_copy(update={"users": {**account.users, user.name.lower(): user}})


def resolve_owner(caller: Caller, account: Account, user_name: str | None, operation: str) -> CredentialOwner:
    """The owner a credential operation acts on (``NoSuchEntity`` for an unknown user name)."""
    if user_name is None:
        if caller.user is not None:
            current = account.users.get(caller.user.name.lower())
            if current is None:
                raise AwsError("NoSuchEntity", f"The user with name {caller.user.name} cannot be found.", operation)
            return CredentialOwner(account, current)
        if caller.is_root:
            return CredentialOwner(account, None)
        raise AwsError("ValidationError", "Must specify userName when calling with non-User credentials", operation)
    if user_name == ROOT_USER_NAME and caller.is_root:
        return CredentialOwner(account, None)
    user = account.users.get(user_name.lower())
    if user is None:
        raise AwsError("NoSuchEntity", f"The user with name {user_name} cannot be found.", operation)
    return CredentialOwner(account, user)
