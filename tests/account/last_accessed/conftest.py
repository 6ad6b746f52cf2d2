"""Shared setup for the last-accessed tests: one account, its root's IAM client (with Access Advisor), users."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from last_accessed_support import ACCOUNT, advisor, policy_text

from workbench.account.callers import Credentials
from workbench.account.iam.client import IamClient
from workbench.account.simulation import Simulation


@pytest.fixture
def sim() -> Simulation:
    simulation = Simulation()
    simulation.create_account("dev", account_id=ACCOUNT)
    return simulation


@pytest.fixture
def root(sim: Simulation) -> Credentials:
    return sim.root_credentials(ACCOUNT)


@pytest.fixture
def iam(sim: Simulation, root: Credentials) -> IamClient:
    return advisor(sim, root)


@pytest.fixture
def user(sim: Simulation, iam: IamClient) -> Callable[..., Credentials]:
    """``user("alice", allow("s3:*"), ...)``: an IAM user with those inline statements and an access key."""

    def create(name: str, *statements: dict[str, Any]) -> Credentials:
        iam.create_user(UserName=name)
        if statements:
            iam.put_user_policy(UserName=name, PolicyName="granted", PolicyDocument=policy_text(*statements))
        key = iam.create_access_key(UserName=name)["AccessKey"]
        return Credentials(access_key_id=key["AccessKeyId"], secret_access_key=key["SecretAccessKey"])

    return create
