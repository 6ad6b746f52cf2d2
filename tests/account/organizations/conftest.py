"""Shared setup for the Organizations tests: a management account, a member-to-be and an outsider, and clients."""

from __future__ import annotations

from typing import Any

import pytest
from organizations_support import MANAGEMENT, MEMBER, OUTSIDER

from workbench.account.simulation import Simulation


@pytest.fixture
def sim() -> Simulation:
    simulation = Simulation()
    for name, account_id in (("management", MANAGEMENT), ("member", MEMBER), ("outsider", OUTSIDER)):
        simulation.create_account(name, account_id=account_id)
    return simulation


@pytest.fixture
def orgs(sim: Simulation) -> Any:
    """The management account root's Organizations client."""
    return sim.client("organizations", sim.root_credentials(MANAGEMENT))


@pytest.fixture
def org(orgs: Any) -> dict[str, Any]:
    """An organization with MEMBER joined under the root; returns CreateOrganization's Organization."""
    created = orgs.create_organization()["Organization"]
    orgs.invite_account_to_organization(Target={"Id": MEMBER, "Type": "ACCOUNT"})
    return created


@pytest.fixture
def root_id(orgs: Any, org: dict[str, Any]) -> str:
    return str(orgs.list_roots()["Roots"][0]["Id"])
