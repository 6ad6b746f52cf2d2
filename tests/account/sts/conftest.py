"""Shared setup for the STS tests: three standalone accounts (A, B, C) and their root credentials."""

from __future__ import annotations

from typing import Any

import pytest
from sts_support import A, B, C

from workbench.account.simulation import Simulation


@pytest.fixture
def sim() -> Simulation:
    simulation = Simulation()
    for name, account_id in (("alpha", A), ("bravo", B), ("charlie", C)):
        simulation.create_account(name, account_id=account_id)
    return simulation


@pytest.fixture
def sts_as(sim: Simulation) -> Any:
    """``sts_as(credentials)``: an STS client signing with those credentials (a dict from a response works too)."""
    return lambda credentials: sim.client("sts", credentials)


@pytest.fixture
def iam_as(sim: Simulation) -> Any:
    return lambda credentials: sim.client("iam", credentials)
