"""Shared setup for the boto3 tests: a simulation with two accounts, a clean environment, and no network at all."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from typing import Any

import pytest
from boto_support import ACCOUNT, OTHER, policy

import workbench.boto
from workbench.account.callers import Credentials
from workbench.account.simulation import Simulation


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to resolve a name or open a connection fails the test on the spot."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"a test tried to use the network: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No AWS_* variables from the machine, and a home directory without ~/.aws."""
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path_factory.mktemp("home")))


@pytest.fixture
def sim() -> Simulation:
    simulation = Simulation()
    simulation.create_account("alpha", account_id=ACCOUNT)
    simulation.create_account("bravo", account_id=OTHER)
    return simulation


@pytest.fixture
def root(sim: Simulation) -> Credentials:
    return sim.root_credentials(ACCOUNT)


@pytest.fixture
def admin(sim: Simulation, root: Credentials) -> Any:
    """A boto3 session signed with the account root's keys."""
    return workbench.boto.session(sim, root)


@pytest.fixture
def iam(admin: Any) -> Any:
    """The root's boto3 IAM client."""
    return admin.client("iam")


@pytest.fixture
def user_with(iam: Any) -> Callable[..., dict[str, Any]]:
    """``user_with("alice", allow(...), ...)``: a user with an inline policy and an access key (the AccessKey dict)."""

    def make(name: str, *statements: dict[str, Any]) -> dict[str, Any]:
        iam.create_user(UserName=name)
        if statements:
            iam.put_user_policy(UserName=name, PolicyName="inline", PolicyDocument=policy(*statements))
        return iam.create_access_key(UserName=name)["AccessKey"]

    return make
