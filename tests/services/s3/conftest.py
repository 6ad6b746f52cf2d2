"""Shared setup for the S3 tests: the bucket-owning account and another one, their roots' clients, user clients."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from s3_support import OTHER, OWNER, put_user

from workbench.account.simulation import Simulation


@pytest.fixture
def sim() -> Simulation:
    simulation = Simulation()
    simulation.create_account("owner", account_id=OWNER)
    simulation.create_account("other", account_id=OTHER)
    return simulation


@pytest.fixture
def s3(sim: Simulation) -> Any:
    """The owner account root's S3 client (root needs no policy in its own account)."""
    return sim.client("s3", sim.root_credentials(OWNER))


@pytest.fixture
def other_root(sim: Simulation) -> Any:
    return sim.client("s3", sim.root_credentials(OTHER))


@pytest.fixture
def anonymous(sim: Simulation) -> Any:
    """Unsigned requests."""
    return sim.client("s3", None)


@pytest.fixture
def user_s3(sim: Simulation) -> Callable[..., Any]:
    """``user_s3("alice", allow(...), account=OWNER, tags=None, **client_options)``: a new user's S3 client."""

    def make(
        name: str, *statements: dict[str, Any], account: str = OWNER, tags: dict[str, str] | None = None, **options: Any
    ) -> Any:
        return sim.client("s3", put_user(sim, account, name, *statements, tags=tags), **options)

    return make


@pytest.fixture
def bucket(s3: Any) -> str:
    """A bucket of the owner account with two objects; Block Public Access as S3 sets it at creation."""
    s3.create_bucket(Bucket="reports")
    s3.put_object(Bucket="reports", Key="q1.csv", Body=b"a,b\n1,2\n")
    s3.put_object(Bucket="reports", Key="q2.csv", Body=b"a,b\n3,4\n")
    return "reports"
