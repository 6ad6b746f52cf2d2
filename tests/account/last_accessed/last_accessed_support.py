"""Helpers for the last-accessed tests: an IAM client with Access Advisor, and calls made through the client base."""

from __future__ import annotations

from typing import Any

from policy_statements import allow as allow  # shared; re-exported
from policy_statements import error_code as error_code
from policy_statements import policy_text as policy_text

from workbench.account.authorization import Connection, Target
from workbench.account.callers import Credentials
from workbench.account.errors import AwsError
from workbench.account.iam.client import IamClient
from workbench.account.service import ServiceClient, operation
from workbench.account.simulation import Simulation

ACCOUNT = "111111111111"


def advisor(sim: Simulation, credentials: Credentials | dict[str, Any]) -> IamClient:
    """The IAM client (Access Advisor's operations are among its operations)."""
    if isinstance(credentials, dict):
        credentials = Credentials.from_response(credentials)
    return IamClient(sim, credentials, Connection())


def not_action(action: str | list[str]) -> dict[str, Any]:
    return {"Effect": "Allow", "NotAction": action, "Resource": "*"}


class _Probe(ServiceClient):
    """A stand-in for a service the simulation may not have yet: one authorized call, recorded as usual."""


def attempt(
    sim: Simulation,
    credentials: Credentials | dict[str, Any],
    service: str,
    operation_name: str,
    action: str,
    resource: str = "*",
    *,
    region: str = "us-east-1",
    resource_policy: str | None = None,
    **params: Any,
) -> bool:
    """Call ``service``'s ``operation_name`` (authorizing ``action``) through the real client base; True if allowed."""
    if isinstance(credentials, dict):
        credentials = Credentials.from_response(credentials)
    client = _Probe(sim, credentials, Connection(region=region))
    client.service = service

    def body(self: ServiceClient, **_: Any) -> dict[str, Any]:
        caller = self.caller()
        self.authorize(caller, action, Target(resource, caller.account_id, resource_policy))
        return {}

    try:
        operation(operation_name)(body)(client, **params)
    except AwsError:
        return False
    return True
