"""Shared setup for the credential tests: one account, its root's IAM client, users with keys or policies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from iam_credentials_support import ACCOUNT, policy_text

from workbench.account.callers import Credentials
from workbench.account.simulation import Simulation


@pytest.fixture
def sim() -> Simulation:
    simulation = Simulation()
    simulation.create_account("dev", account_id=ACCOUNT, root_password="R00t-Passw0rd!")
    return simulation


@pytest.fixture
def root(sim: Simulation) -> Credentials:
    return sim.root_credentials(ACCOUNT)


@pytest.fixture
def iam(sim: Simulation, root: Credentials) -> Any:
    """The account root's IAM client (root needs no policy in its own account)."""
    return sim.client("iam", root)


@pytest.fixture
def user_keys(sim: Simulation, iam: Any) -> Callable[..., Credentials]:
    """``user_keys("bob", allow(...), ...)``: create user bob with those inline statements; return bob's keys."""

    def make(user_name: str, *statements: dict[str, Any]) -> Credentials:
        iam.create_user(UserName=user_name)
        if statements:
            iam.put_user_policy(UserName=user_name, PolicyName="granted", PolicyDocument=policy_text(*statements))
        key = iam.create_access_key(UserName=user_name)["AccessKey"]
        return Credentials(access_key_id=key["AccessKeyId"], secret_access_key=key["SecretAccessKey"])

    return make


@pytest.fixture
def client_as(sim: Simulation, user_keys: Callable[..., Credentials]) -> Callable[..., Any]:
    """``client_as("bob", allow(...))``: bob's IAM client, bob created with those inline statements."""

    def make(user_name: str, *statements: dict[str, Any]) -> Any:
        return sim.client("iam", user_keys(user_name, *statements))

    return make
