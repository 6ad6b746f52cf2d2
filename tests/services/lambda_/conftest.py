"""Shared setup for the Lambda tests: two standalone accounts (A, B), A's root clients, an execution role."""

from __future__ import annotations

from typing import Any

import pytest
from lambda_support import LAMBDA_TRUST, A, B, put_role

from workbench.account.model import Role
from workbench.account.simulation import Simulation


@pytest.fixture
def sim() -> Simulation:
    simulation = Simulation()
    simulation.create_account("alpha", account_id=A)
    simulation.create_account("bravo", account_id=B)
    return simulation


@pytest.fixture
def lam_as(sim: Simulation) -> Any:
    """``lam_as(credentials)``: a Lambda client signing with those credentials."""
    return lambda credentials, **options: sim.client("lambda", credentials, **options)


@pytest.fixture
def lam(sim: Simulation, lam_as: Any) -> Any:
    """Account A's root user's Lambda client (root needs no policy in its own account)."""
    return lam_as(sim.root_credentials(A))


@pytest.fixture
def execution_role(sim: Simulation) -> Role:
    """``fn-role`` in A: trusts Lambda, no permissions of its own."""
    return put_role(sim, A, "fn-role", [LAMBDA_TRUST])
