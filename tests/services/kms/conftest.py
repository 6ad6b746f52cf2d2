"""Shared setup for the KMS tests: two standalone accounts (A, B), root clients, and a user factory."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from kms_support import A, B, make_user

from workbench.account.callers import Credentials
from workbench.account.simulation import Simulation


@pytest.fixture
def sim() -> Simulation:
    simulation = Simulation()
    simulation.create_account("alpha", account_id=A)
    simulation.create_account("bravo", account_id=B)
    return simulation


@pytest.fixture
def root_kms(sim: Simulation) -> Any:
    """Account A's root user's KMS client (us-east-1)."""
    return sim.client("kms", sim.root_credentials(A))


@pytest.fixture
def user(sim: Simulation) -> Callable[..., Credentials]:
    """``user("alice", allow("kms:*"))``: an IAM user of account A (or ``account=B``) and its key."""

    def create(name: str, *statements: dict[str, Any], account: str = A) -> Credentials:
        return make_user(sim, account, name, *statements)

    return create


@pytest.fixture
def kms_as(sim: Simulation) -> Callable[..., Any]:
    """``kms_as(credentials, region="us-east-1")``: a KMS client signing with those credentials."""
    return lambda credentials, region="us-east-1": sim.client("kms", credentials, region=region)
