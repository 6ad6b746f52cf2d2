"""Façade for lessons: a :class:`Sandbox` of accounts, users, groups, roles and sessions over the simulated clients.

Every write goes through the boto3-shaped clients (as the account's root, or as the principal), so
every rule and error of the real API applies and both styles reach the same model; only ``.can()``
calls the authorization directly (see ``facade_checks``). Views hold names, never copies of state,
and their ``repr`` shows no ids, addresses or times, so notebooks print the same thing every run::

    sandbox = Sandbox()
    dev = sandbox.create_account("dev")
    alice = dev.create_user("alice", policies=["ReadOnlyAccess"], groups=["developers"])
    alice.can("s3:GetObject", "arn:aws:s3:::reports/q1.csv")     # <allowed: … → s3:GetObject on …>
    app = dev.create_role("app", trusted=[alice], policies=["AmazonS3FullAccess"])
    session = alice.assume(app)
    session.client("iam").list_users()                          # AccessDenied, as in AWS
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Union

from workbench.account import persistence
from workbench.account.authorization_details import import_authorization_details
from workbench.account.errors import AwsError
from workbench.account.facade_checks import Document, ExplainedDecision, FacadeError, document_text
from workbench.account.facade_principals import GroupView, RoleView, SessionView, UserView
from workbench.account.managed import aws_managed_policies
from workbench.account.model import Account, State
from workbench.account.simulation import Simulation
from workbench.clock import DEFAULT_START

Trusted = Union[str, "UserView", "RoleView"]


class AdminClients:
    """The account root's clients: ``admin.iam``, ``admin.sts``, ``admin.organizations``, or ``admin.client(…)``."""

    def __init__(self, sim: Simulation, account_id: str) -> None:
        self._sim = sim
        self._account_id = account_id

    def client(self, service: str, **options: Any) -> Any:
        return self._sim.client(service, self._sim.root_credentials(self._account_id), **options)

    @property
    def iam(self) -> Any:
        return self.client("iam")

    @property
    def sts(self) -> Any:
        return self.client("sts")

    @property
    def organizations(self) -> Any:
        return self.client("organizations")

    def __repr__(self) -> str:
        return "<root clients>"


class Sandbox:
    """A simulated AWS world for a lesson: accounts by name, the clock, snapshots, save and load."""

    def __init__(
        self, simulation: Simulation | None = None, *, seed: str = "iam-workbench", start: datetime = DEFAULT_START
    ):
        self.sim = simulation or Simulation(seed=seed, start=start)
        self._baselines: dict[str, Account] = {}

    def create_account(self, name: str, *, account_id: str | None = None, alias: str | None = None) -> AccountView:
        account = self.sim.create_account(name, account_id=account_id, alias=alias)
        self._baselines[account.account_id] = account
        return self.account(account.account_id)

    def account(self, name_or_id: str) -> AccountView:
        """An account by name or 12-digit id."""
        accounts = self.sim.state.accounts
        found = accounts.get(name_or_id) or next((a for a in accounts.values() if a.name == name_or_id), None)
        if found is None:
            known = ", ".join(sorted(a.name for a in accounts.values())) or "none yet"
            raise FacadeError(f"no account named {name_or_id!r} (accounts: {known})", code="facade_no_account")
        baseline = self._baselines.setdefault(found.account_id, found)
        return AccountView(self.sim, found.account_id, baseline=baseline)

    @property
    def accounts(self) -> tuple[AccountView, ...]:
        return tuple(self.account(account_id) for account_id in self.sim.state.accounts)

    def import_authorization_details(
        self, data: Mapping[str, Any], account_id: str, *, name: str | None = None
    ) -> AccountView:
        """An account built from ``aws iam get-account-authorization-details`` output."""
        account = import_authorization_details(self.sim, data, account_id, name=name)
        self._baselines[account.account_id] = account
        return self.account(account.account_id)

    # -- time and versions of the world ----------------------------------------------------------
    @property
    def now(self) -> datetime:
        return self.sim.clock.now()

    def advance(self, *, seconds: float = 0, minutes: float = 0, hours: float = 0, days: float = 0) -> datetime:
        return self.sim.clock.advance(seconds=seconds, minutes=minutes, hours=hours, days=days)

    def snapshot(self) -> State:
        return self.sim.snapshot()

    def restore(self, snapshot: State) -> None:
        self.sim.restore(snapshot)

    def save(self, path: str | os.PathLike[str]) -> Path:
        return persistence.save(self.sim, path)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Sandbox:
        return cls(persistence.load(path))

    def __repr__(self) -> str:
        names = ", ".join(a.name for a in self.sim.state.accounts.values()) or "no accounts"
        return f"<sandbox: {names}>"


class AccountView:
    """One account: its root's clients (``admin``), and its users, groups and roles by name."""

    def __init__(self, sim: Simulation, account_id: str, *, baseline: Account | None = None) -> None:
        self.sim = sim
        self.account_id = account_id
        self.admin = AdminClients(sim, account_id)
        self._baseline = baseline or self.model

    @property
    def model(self) -> Account:
        return self.sim.account(self.account_id)

    @property
    def name(self) -> str:
        return self.model.name

    # -- creating (through the root's IAM client) ------------------------------------------------
    def create_policy(self, name: str, document: Document, *, path: str = "/", description: str = "") -> str:
        """A customer managed policy; returns its ARN."""
        answer = self.admin.iam.create_policy(
            PolicyName=name, Path=path, PolicyDocument=document_text(document), Description=description
        )
        return str(answer["Policy"]["Arn"])

    def create_group(
        self, name: str, *, policies: Iterable[str] = (), inline: Mapping[str, Document] | None = None, path: str = "/"
    ) -> GroupView:
        arns = [self.policy_arn(policy) for policy in policies]
        self.admin.iam.create_group(GroupName=name, Path=path)
        group = self.group(name)
        group.attach(*arns)
        for policy_name, document in (inline or {}).items():
            group.put_policy(policy_name, document)
        return group

    def create_user(
        self,
        name: str,
        *,
        policies: Iterable[str] = (),
        groups: Iterable[str] = (),
        inline: Mapping[str, Document] | None = None,
        password: str | None = None,
        tags: Mapping[str, str] | None = None,
        path: str = "/",
        boundary: str | None = None,
    ) -> UserView:
        """A user; groups that do not exist yet are created; policies are names or ARNs."""
        arns = [self.policy_arn(policy) for policy in policies]  # a bad name fails before anything is created
        params: dict[str, Any] = {"UserName": name, "Path": path}
        if tags:
            params["Tags"] = [{"Key": k, "Value": v} for k, v in tags.items()]
        if boundary:
            params["PermissionsBoundary"] = self.policy_arn(boundary)
        self.admin.iam.create_user(**params)
        user = self.user(name)
        for group in groups:
            if group.lower() not in self.model.groups:
                self.create_group(group)
            self.admin.iam.add_user_to_group(GroupName=group, UserName=name)
        user.attach(*arns)
        for policy_name, document in (inline or {}).items():
            user.put_policy(policy_name, document)
        if password is not None:
            self.admin.iam.create_login_profile(UserName=name, Password=password)
        return user

    def create_role(
        self,
        name: str,
        *,
        trusted: Trusted | Sequence[Trusted] | None = None,
        trust: Document | None = None,
        policies: Iterable[str] = (),
        inline: Mapping[str, Document] | None = None,
        path: str = "/",
        description: str = "",
        max_session_duration: int = 3600,
        tags: Mapping[str, str] | None = None,
    ) -> RoleView:
        """A role. Trust is a full ``trust`` document, or ``trusted``: services (``ec2.amazonaws.com``),
        account ids, ARNs, user or role views; by default this account."""
        arns = [self.policy_arn(policy) for policy in policies]
        params: dict[str, Any] = {
            "RoleName": name,
            "Path": path,
            "AssumeRolePolicyDocument": document_text(trust) if trust is not None else self._trust(trusted),
            "MaxSessionDuration": max_session_duration,
        }
        if description:
            params["Description"] = description
        if tags:
            params["Tags"] = [{"Key": k, "Value": v} for k, v in tags.items()]
        self.admin.iam.create_role(**params)
        role = self.role(name)
        role.attach(*arns)
        for policy_name, document in (inline or {}).items():
            role.put_policy(policy_name, document)
        return role

    def _trust(self, trusted: Trusted | Sequence[Trusted] | None) -> str:
        entries = [trusted] if isinstance(trusted, str | UserView | RoleView) else list(trusted or [self.account_id])
        principal: dict[str, list[str]] = {}
        for entry in entries:
            if isinstance(entry, UserView | RoleView):
                principal.setdefault("AWS", []).append(entry.arn)
            elif entry.endswith(".amazonaws.com"):
                principal.setdefault("Service", []).append(entry)
            elif entry.isdigit() and len(entry) == 12:
                principal.setdefault("AWS", []).append(f"arn:aws:iam::{entry}:root")
            else:
                principal.setdefault("AWS", []).append(entry)
        statement = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
        return json.dumps({"Version": "2012-10-17", "Statement": [statement]}, indent=2)

    # -- finding ---------------------------------------------------------------------------------
    def user(self, name: str) -> UserView:
        if name.lower() not in self.model.users:
            raise AwsError("NoSuchEntity", f"The user with name {name} cannot be found.", "GetUser")
        return UserView(self, self.model.users[name.lower()].name)

    def group(self, name: str) -> GroupView:
        if name.lower() not in self.model.groups:
            raise AwsError("NoSuchEntity", f"The group with name {name} cannot be found.", "GetGroup")
        return GroupView(self, self.model.groups[name.lower()].name)

    def role(self, name: str) -> RoleView:
        if name.lower() not in self.model.roles:
            raise AwsError("NoSuchEntity", f"The role with name {name} cannot be found.", "GetRole")
        return RoleView(self, self.model.roles[name.lower()].name)

    @property
    def users(self) -> tuple[UserView, ...]:
        return tuple(UserView(self, u.name) for _, u in sorted(self.model.users.items()))

    @property
    def roles(self) -> tuple[RoleView, ...]:
        return tuple(RoleView(self, r.name) for _, r in sorted(self.model.roles.items()))

    def policy_arn(self, policy: str) -> str:
        """An ARN for a policy named by ARN, by customer managed name, or by AWS managed name."""
        if not isinstance(policy, str):
            raise FacadeError(
                f"a policy is named by its name or ARN, not a {type(policy).__name__}; to give a user or role a "
                "policy document, pass it as inline={'name': document}, or create_policy() it first",
                code="facade_policy_not_a_name",
            )
        if policy.startswith("arn:"):
            return policy
        own = self.model.policies.get(policy.lower())
        if own is not None and not own.aws_managed:
            return own.arn
        shipped = next((p.arn for p in aws_managed_policies().values() if p.name == policy), None)
        if shipped is None:
            raise FacadeError(
                f"no customer managed policy named {policy!r} in {self.name}, and the workbench ships no AWS managed "
                "policy of that name: create it with create_policy(), or pass its ARN",
                code="facade_no_policy",
            )
        return shipped

    def reset(self) -> None:
        """Put the account back as it was when this sandbox first saw it; its sessions end."""
        self.sim.put_account(self._baseline)
        self.sim.update(
            lambda s: s.model_copy(
                update={"sessions": {k: v for k, v in s.sessions.items() if v.account_id != self.account_id}}
            )
        )

    def __repr__(self) -> str:
        model = self.model
        return f"<account {model.name}: {len(model.users)} users, {len(model.groups)} groups, {len(model.roles)} roles>"


__all__ = [
    "AccountView",
    "AdminClients",
    "ExplainedDecision",
    "FacadeError",
    "GroupView",
    "RoleView",
    "Sandbox",
    "SessionView",
    "UserView",
]
