"""Shared setup for the EC2 tests: two standalone accounts (A, B), A's root EC2 client, a role EC2 may assume."""

from __future__ import annotations

from typing import Any

import pytest
from ec2_support import EC2_TRUST, A, B, put_profile, put_role

from workbench.account.model import InstanceProfile
from workbench.account.simulation import Simulation


@pytest.fixture
def sim() -> Simulation:
    simulation = Simulation()
    simulation.create_account("alpha", account_id=A)
    simulation.create_account("bravo", account_id=B)
    return simulation


@pytest.fixture
def ec2_as(sim: Simulation) -> Any:
    """``ec2_as(credentials)``: an EC2 client signing with those credentials."""
    return lambda credentials, **options: sim.client("ec2", credentials, **options)


@pytest.fixture
def ec2(sim: Simulation, ec2_as: Any) -> Any:
    """Account A's root user's EC2 client (root needs no policy in its own account)."""
    return ec2_as(sim.root_credentials(A))


@pytest.fixture
def profile(sim: Simulation) -> InstanceProfile:
    """Instance profile ``web`` holding role ``web-role`` (trusts EC2; may list IAM roles)."""
    put_role(sim, A, "web-role", [EC2_TRUST], {"Effect": "Allow", "Action": "iam:ListRoles", "Resource": "*"})
    return put_profile(sim, A, "web", "web-role")
