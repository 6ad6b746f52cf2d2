"""Layer 5, the simulated AWS account: state, clients, persistence, authorization details, and the lesson façade.

Names are resolved on first use (PEP 562), so importing one module of this package, such as
``workbench.account.model``, loads nothing else::

    from workbench.account import Sandbox
    sandbox = Sandbox()
    dev = sandbox.create_account("dev")
    alice = dev.create_user("alice", policies=["ReadOnlyAccess"])
    alice.can("s3:GetObject", "arn:aws:s3:::reports/q1.csv").explain()
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS: dict[str, str] = {
    "AccountView": "workbench.account.facade",
    "AdminClients": "workbench.account.facade",
    "FacadeError": "workbench.account.facade",
    "Sandbox": "workbench.account.facade",
    "ExplainedDecision": "workbench.account.facade_checks",
    "GroupView": "workbench.account.facade_principals",
    "RoleView": "workbench.account.facade_principals",
    "SessionView": "workbench.account.facade_principals",
    "UserView": "workbench.account.facade_principals",
    "Simulation": "workbench.account.simulation",
    "Credentials": "workbench.account.callers",
    "AwsError": "workbench.account.errors",
    "save": "workbench.account.persistence",
    "load": "workbench.account.persistence",
    "SimulationFileError": "workbench.account.persistence",
    "AuthorizationDetailsError": "workbench.account.authorization_details",
    "export_authorization_details": "workbench.account.authorization_details",
    "import_authorization_details": "workbench.account.authorization_details",
    "read_authorization_details": "workbench.account.authorization_details",
}

__all__ = [
    "AccountView",
    "AdminClients",
    "AuthorizationDetailsError",
    "AwsError",
    "Credentials",
    "ExplainedDecision",
    "FacadeError",
    "GroupView",
    "RoleView",
    "Sandbox",
    "SessionView",
    "Simulation",
    "SimulationFileError",
    "UserView",
    "export_authorization_details",
    "import_authorization_details",
    "load",
    "read_authorization_details",
    "save",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'workbench.account' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:
    from workbench.account.authorization_details import (
        AuthorizationDetailsError,
        export_authorization_details,
        import_authorization_details,
        read_authorization_details,
    )
    from workbench.account.callers import Credentials
    from workbench.account.errors import AwsError
    from workbench.account.facade import AccountView, AdminClients, FacadeError, Sandbox
    from workbench.account.facade_checks import ExplainedDecision
    from workbench.account.facade_principals import GroupView, RoleView, SessionView, UserView
    from workbench.account.persistence import SimulationFileError, load, save
    from workbench.account.simulation import Simulation
