"""The simulated AWS world: current state, clock and id sequence, and the entry points to its APIs.

``Simulation`` is the only mutable object: it holds the current immutable :class:`State` and swaps
it for a new one on every successful write. ``snapshot()``/``restore()`` are therefore O(1).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

from workbench.account.activity import ActivityLog
from workbench.account.callers import Credentials
from workbench.account.clients import make_client
from workbench.account.errors import AwsError
from workbench.account.ids import IdFactory
from workbench.account.model import AccessKey, Account, Organization, RootUser, State
from workbench.account.passwords import hash_password
from workbench.clock import DEFAULT_START, SimulatedClock

DEFAULT_REGION = "us-east-1"


class Simulation:
    """A simulated AWS world: one organization (optional) and any number of accounts."""

    def __init__(self, *, seed: str = "iam-workbench", start: datetime = DEFAULT_START) -> None:
        self.clock = SimulatedClock(start)
        self.ids = IdFactory(seed)
        self.activity = ActivityLog()
        self.lambda_handlers: dict[str, Callable[..., Any]] = {}
        """Python callables that Lambda functions run, by handler name (code, not State: never saved)."""
        self._state = State(now=self.clock.now())
        self._requests = 0

    # -- state ---------------------------------------------------------------------------------
    @property
    def state(self) -> State:
        return self._state

    def commit(self, state: State) -> None:
        """Make ``state`` current (operations call this once, after every check has passed)."""
        self._state = state

    def update(self, change: Callable[[State], State]) -> State:
        self._state = change(self._state)
        return self._state

    def snapshot(self) -> State:
        """The world as it is now (an immutable value: keep it, restore it later in O(1))."""
        return self._state.model_copy(
            update={"now": self.clock.now(), "id_counter": self.ids.counter, "activity_count": len(self.activity)}
        )

    def restore(self, snapshot: State) -> None:
        """Back to ``snapshot``: state, clock, id sequence, and the activity log as it was then."""
        self._state = snapshot
        self.clock.set(snapshot.now)
        self.ids.counter = snapshot.id_counter
        self.activity.truncate(snapshot.activity_count)

    @property
    def request_counter(self) -> int:
        """How many request ids have been issued (saved with the simulation, so ids never repeat)."""
        return self._requests

    @request_counter.setter
    def request_counter(self, value: int) -> None:
        self._requests = value

    def next_request_id(self) -> str:
        """A deterministic, UUID-shaped request id (the same sequence every run)."""
        self._requests += 1
        digest = hashlib.sha256(f"{self.ids.seed}:request:{self._requests}".encode()).hexdigest()
        return "-".join((digest[:8], digest[8:12], digest[12:16], digest[16:20], digest[20:32]))

    # -- accounts -------------------------------------------------------------------------------
    def account(self, account_id: str, *, operation: str = "") -> Account:
        found = self._state.accounts.get(account_id)
        if found is None:
            raise AwsError("NoSuchEntity", f"The account {account_id} does not exist in this simulation.", operation)
        return found

    def put_account(self, account: Account) -> None:
        self._state = self._state.model_copy(update={"accounts": {**self._state.accounts, account.account_id: account}})

    def create_account(
        self,
        name: str,
        *,
        account_id: str | None = None,
        email: str | None = None,
        alias: str | None = None,
        root_password: str | None = None,
    ) -> Account:
        """A standalone account (no organization) with its root user; returns it."""
        account_id = account_id or self._new_account_id()
        if len(account_id) != 12 or not account_id.isdigit():
            raise AwsError("ValidationError", f"An account id is 12 digits, not {account_id!r}.", "CreateAccount")
        if account_id in self._state.accounts:
            raise AwsError("EntityAlreadyExists", f"Account {account_id} already exists.", "CreateAccount")
        root = RootUser(password_hash=hash_password(root_password, self.ids) if root_password else None)
        account = Account(
            account_id=account_id,
            name=name,
            email=email or f"{name.lower().replace(' ', '-')}@example.com",
            alias=alias,
            create_date=self.clock.now(),
            root=root,
        )
        self.put_account(account)
        return account

    def _new_account_id(self) -> str:
        while True:
            candidate = self.ids.numeric(12)
            if candidate[0] != "0" and candidate not in self._state.accounts:
                return candidate

    def root_credentials(self, account_id: str) -> Credentials:
        """Access keys for the account's root user (created on first use, as a console user would).

        Real accounts should not have root access keys: the lessons use these to bootstrap, then
        show why to lock them away.
        """
        account = self.account(account_id)
        for key in account.root.access_keys:
            if key.status == "Active":
                return Credentials(access_key_id=key.access_key_id, secret_access_key=key.secret_access_key)
        key = AccessKey(
            access_key_id=self.ids.access_key_id(temporary=False),
            secret_access_key=self.ids.secret(),
            create_date=self.clock.now(),
        )
        if len(account.root.access_keys) >= 2:
            raise AwsError("LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2", "CreateAccessKey")
        root = account.root.model_copy(update={"access_keys": (*account.root.access_keys, key)})
        self.put_account(account.model_copy(update={"root": root}))
        return Credentials(access_key_id=key.access_key_id, secret_access_key=key.secret_access_key)

    @property
    def organization(self) -> Organization | None:
        return self._state.organization

    # -- clients -------------------------------------------------------------------------------
    def client(self, service: str, credentials: Any = None, **options: Any) -> Any:
        """A boto3-shaped client for ``service`` ("iam", "sts", "organizations") acting with ``credentials``.

        ``options``: ``region`` (default us-east-1), ``source_ip`` and ``secure_transport`` — where the
        caller "connects from", which policies can test with ``aws:SourceIp``/``aws:SecureTransport``.
        """
        return make_client(self, service, credentials, **options)
