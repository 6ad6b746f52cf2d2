"""Shared setup for the IAM entity tests: one account, its root's IAM client, users with keys, AWS managed stand-ins."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from types import MappingProxyType
from typing import Any

import pytest
from iam_entities_support import ACCOUNT, ADMIN_ARN, ANALYZER_POLICY_ARN, allow, policy_text

from workbench.account import managed
from workbench.account.callers import Credentials
from workbench.account.model import AccessKey, ManagedPolicy, PolicyVersion, Session
from workbench.account.simulation import Simulation


@pytest.fixture
def sim() -> Simulation:
    simulation = Simulation()
    simulation.create_account("dev", account_id=ACCOUNT)
    return simulation


@pytest.fixture
def iam(sim: Simulation) -> Any:
    """The account root's IAM client (root needs no policy in its own account)."""
    return sim.client("iam", sim.root_credentials(ACCOUNT))


@pytest.fixture
def keys_for(sim: Simulation) -> Callable[[str], Credentials]:
    """Give an existing user an access key (written into state directly) and return its credentials."""

    def give(user_name: str) -> Credentials:
        account = sim.state.accounts[ACCOUNT]
        user = account.users[user_name.lower()]
        key = AccessKey(
            access_key_id=sim.ids.access_key_id(temporary=False),
            secret_access_key=sim.ids.secret(),
            create_date=sim.clock.now(),
        )
        user = user.model_copy(update={"access_keys": (*user.access_keys, key)})
        sim.put_account(account.model_copy(update={"users": {**account.users, user.name.lower(): user}}))
        return Credentials(access_key_id=key.access_key_id, secret_access_key=key.secret_access_key)

    return give


@pytest.fixture
def client_as(sim: Simulation, iam: Any, keys_for: Callable[[str], Credentials]) -> Callable[..., Any]:
    """``client_as("bob", allow(...), ...)``: create user bob with those inline statements; return bob's IAM client."""

    def make(user_name: str, *statements: dict[str, Any]) -> Any:
        iam.create_user(UserName=user_name)
        if statements:
            iam.put_user_policy(UserName=user_name, PolicyName="granted", PolicyDocument=policy_text(*statements))
        return sim.client("iam", keys_for(user_name))

    return make


@pytest.fixture
def aws_managed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stand-ins for two AWS managed policies, whatever data files the package ships."""
    published = datetime(2015, 2, 6, 18, 39, 46, tzinfo=UTC)

    def stand_in(arn: str, document: str) -> ManagedPolicy:
        path = "/aws-service-role/" if "/aws-service-role/" in arn else "/"
        return ManagedPolicy(
            arn=arn,
            name=arn.rsplit("/", 1)[-1],
            path=path,
            policy_id="ANPA" + arn.rsplit("/", 1)[-1].upper()[:17],
            create_date=published,
            update_date=published,
            versions=(PolicyVersion(version_id="v1", document=document, create_date=published),),
            aws_managed=True,
        )

    policies = MappingProxyType(
        {
            ADMIN_ARN: stand_in(ADMIN_ARN, policy_text(allow("*"))),
            ANALYZER_POLICY_ARN: stand_in(ANALYZER_POLICY_ARN, policy_text(allow(["s3:GetBucketPolicy", "kms:List*"]))),
        }
    )
    monkeypatch.setattr(managed, "aws_managed_policies", lambda: policies)


@pytest.fixture
def live_session(sim: Simulation) -> Iterator[Callable[[str, int], Session]]:
    """Put a session of a role into state, valid for ``seconds`` from now (as STS would after AssumeRole)."""

    def start(role_name: str, seconds: int) -> Session:
        now = sim.clock.now()
        session = Session(
            access_key_id=sim.ids.access_key_id(temporary=True),
            secret_access_key=sim.ids.secret(),
            session_token=sim.ids.session_token(),
            kind="assumed-role",
            account_id=ACCOUNT,
            arn=f"arn:aws:sts::{ACCOUNT}:assumed-role/{role_name}/service-session",
            issued=now,
            expiration=now + timedelta(seconds=seconds),
            role_name=role_name,
            session_name="service-session",
        )
        sessions = {**sim.state.sessions, session.access_key_id: session}
        sim.update(lambda state: state.model_copy(update={"sessions": sessions}))
        return session

    yield start
