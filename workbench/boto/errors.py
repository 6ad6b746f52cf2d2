"""Real boto3 against the simulation, errors: calls the simulation cannot serve (never AWS errors)."""

from __future__ import annotations

from workbench.errors import WorkbenchError


class BotoRoutingError(WorkbenchError):
    """A boto3 call the simulation cannot serve (never an AWS error: those are botocore's ``ClientError``)."""

    code = "boto_routing_error"


class UnsupportedServiceError(BotoRoutingError, ValueError):
    """A client for a service the simulation does not have."""

    code = "boto_unsupported_service"


class UnsupportedOperationError(BotoRoutingError, NotImplementedError):
    """An operation of a simulated service that the simulation does not implement (yet)."""

    code = "boto_unsupported_operation"


class SessionClosedError(BotoRoutingError, RuntimeError):
    """A call through a session whose ``with workbench.boto.aws(...)`` block has ended."""

    code = "boto_session_closed"


class NetworkBlockedError(BotoRoutingError, RuntimeError):
    """A request reached botocore's HTTP layer: refused, so that nothing ever leaves the process."""

    code = "boto_network_blocked"
