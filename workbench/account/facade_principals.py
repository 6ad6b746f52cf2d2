"""Façade, the principals: views of users, groups, roles and role sessions, writing only through the clients.

A view holds an account view and a name (or, for a session, its credentials), never a copy of
state: it reads the current model each time, so it stays true after any change, and its ``repr``
shows names only.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from workbench.account.callers import Caller, Credentials, resolve_caller
from workbench.account.facade_checks import Document, ExplainedDecision, FacadeError, check, document_text
from workbench.account.model import Role, Session, User

if TYPE_CHECKING:
    from workbench.account.facade import AccountView


class _PrincipalView:
    """What users and roles share: policies attached and put through the root's client."""

    kind = ""

    def __init__(self, account: AccountView, name: str) -> None:
        self.account = account
        self.name = name

    def attach(self, *policies: str) -> None:
        for policy in policies:
            call = getattr(self.account.admin.iam, f"attach_{self.kind}_policy")
            call(**{f"{self.kind.capitalize()}Name": self.name, "PolicyArn": self.account.policy_arn(policy)})

    def put_policy(self, name: str, document: Document) -> None:
        call = getattr(self.account.admin.iam, f"put_{self.kind}_policy")
        call(
            **{
                f"{self.kind.capitalize()}Name": self.name,
                "PolicyName": name,
                "PolicyDocument": document_text(document),
            }
        )

    def __repr__(self) -> str:
        return f"<{self.kind} {self.name} in {self.account.name}>"


class GroupView(_PrincipalView):
    kind = "group"

    def add(self, *users: str | UserView) -> None:
        for user in users:
            name = user.name if isinstance(user, UserView) else user
            self.account.admin.iam.add_user_to_group(GroupName=self.name, UserName=name)


class UserView(_PrincipalView):
    """An IAM user: ``can``, its own credentials and clients, and assuming roles."""

    kind = "user"

    @property
    def model(self) -> User:
        return self.account.model.users[self.name.lower()]

    @property
    def arn(self) -> str:
        return self.model.arn

    def can(self, action: str, resource: str = "*", **options: Any) -> ExplainedDecision:
        """Would this user be allowed ``action`` on ``resource``? (options: ``context``, ``resource_policy``)."""
        caller = Caller("user", self.account.account_id, self.arn, "", user=self.model)
        return check(self.account.sim, caller, action, resource, **options)

    def credentials(self) -> Credentials:
        """The user's active access key; one is created (through IAM, by the root) if the user has none.

        A user whose keys are all inactive gets an error, not a fresh key: deactivating is how an
        administrator cuts a user off, and a convenience method must not quietly undo it.
        """
        keys = self.model.access_keys
        active = next((k for k in keys if k.status == "Active"), None)
        if active is None and keys:
            inactive = ", ".join(k.access_key_id for k in keys)
            raise FacadeError(
                f"{self.name} has no active access key ({inactive} inactive); reactivate one with "
                "iam.update_access_key(Status='Active') or create a new one",
                code="facade_no_active_key",
            )
        if active is None:
            key = self.account.admin.iam.create_access_key(UserName=self.name)["AccessKey"]
            return Credentials(access_key_id=key["AccessKeyId"], secret_access_key=key["SecretAccessKey"])
        return Credentials(access_key_id=active.access_key_id, secret_access_key=active.secret_access_key)

    def client(self, service: str, **options: Any) -> Any:
        return self.account.sim.client(service, self.credentials(), **options)

    def assume(self, role: str | RoleView, *, session_name: str | None = None, **params: Any) -> SessionView:
        """``sts:AssumeRole`` with this user's credentials (``params``: DurationSeconds, Tags, ExternalId, …)."""
        target = role if isinstance(role, RoleView) else RoleView(self.account, role) if ":" not in role else None
        arn = target.arn if target is not None else str(role)
        answer = self.client("sts").assume_role(RoleArn=arn, RoleSessionName=session_name or self.name, **params)
        # The session lives in the role's account (which may be another one: cross-account).
        home = target.account if target is not None else type(self.account)(self.account.sim, arn.split(":")[4])
        return SessionView(home, Credentials.from_response(answer["Credentials"]))


class RoleView(_PrincipalView):
    """An IAM role: ``can`` (as a fresh session of it would be decided), and ``assume``."""

    kind = "role"

    @property
    def model(self) -> Role:
        return self.account.model.roles[self.name.lower()]

    @property
    def arn(self) -> str:
        return self.model.arn

    def can(self, action: str, resource: str = "*", **options: Any) -> ExplainedDecision:
        """Would a fresh session of this role (no session policy, no session tags) be allowed?"""
        sim, role = self.account.sim, self.model
        now = sim.clock.now()
        session = Session(
            access_key_id="",
            secret_access_key="",
            session_token="",
            kind="assumed-role",
            account_id=self.account.account_id,
            arn=f"arn:aws:sts::{self.account.account_id}:assumed-role/{role.name}/check",
            issued=now,
            expiration=now + timedelta(hours=1),
            role_name=role.name,
            session_name="check",
        )
        caller = Caller("assumed-role", self.account.account_id, session.arn, "", role=role, session=session)
        return check(sim, caller, action, resource, **options)

    def assume(self, by: UserView | SessionView, *, session_name: str | None = None, **params: Any) -> SessionView:
        """``by`` assumes this role (a user, or a role session: role chaining)."""
        answer = by.client("sts").assume_role(RoleArn=self.arn, RoleSessionName=session_name or by.name, **params)
        return SessionView(self.account, Credentials.from_response(answer["Credentials"]))


class SessionView:
    """Temporary credentials (a role session): ``can``, ``client``, and assuming further roles."""

    def __init__(self, account: AccountView, credentials: Credentials) -> None:
        self.account = account
        self.credentials = credentials

    def _caller(self) -> Caller:
        sim = self.account.sim
        return resolve_caller(sim.state, self.credentials, sim.clock.now(), "Check")

    @property
    def arn(self) -> str:
        return self._caller().arn

    @property
    def name(self) -> str:
        return self.arn.rsplit("/", 1)[-1]

    def can(self, action: str, resource: str = "*", **options: Any) -> ExplainedDecision:
        return check(self.account.sim, self._caller(), action, resource, **options)

    def client(self, service: str, **options: Any) -> Any:
        return self.account.sim.client(service, self.credentials, **options)

    def assume(self, role: RoleView, *, session_name: str | None = None, **params: Any) -> SessionView:
        return role.assume(self, session_name=session_name, **params)

    def __repr__(self) -> str:
        session = self.account.sim.state.sessions.get(self.credentials.access_key_id)
        label = f"{session.role_name}/{session.session_name}" if session and session.role_name else "temporary"
        return f"<session {label} in {self.account.name}>"
