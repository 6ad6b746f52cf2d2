"""Fixtures for the diagram tests: the small hand-built account (with and without an organization)."""

from __future__ import annotations

import pytest
from diagrams_support import small_sandbox

from workbench.account import Sandbox


@pytest.fixture(scope="module")
def small() -> Sandbox:
    return small_sandbox()


@pytest.fixture(scope="module")
def small_in_org() -> Sandbox:
    return small_sandbox(organization=True)
