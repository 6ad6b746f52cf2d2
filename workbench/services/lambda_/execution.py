"""Lambda, one run of a function: Lambda takes the execution role (as ``lambda.amazonaws.com``), the handler runs as it.

Used by Invoke and by event sources (S3 notifications). Each run takes the role afresh, so a
trust policy that no longer admits Lambda stops the function at once; the session is an ordinary
role session named after the function (``…:assumed-role/ROLE/FUNCTION``, ``aws:userid`` =
``role-id:function-name``), valid for an hour, and Lambda's AssumeRole is in the activity log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbench.account.model import Session
from workbench.services.lambda_.execution_role import CANNOT_ASSUME, LAMBDA_SERVICE
from workbench.services.lambda_.runtime import InvocationResult, run_handler
from workbench.services.lambda_.service_principals import (
    ServiceRoleError,
    assume_role_as_service,
    find_role,
    with_session,
)
from workbench.services.state import LambdaFunction

if TYPE_CHECKING:
    from workbench.account.simulation import Simulation

EXECUTION_SESSION_SECONDS = 3600
"""How long the credentials a function runs with last (a simulation choice: the handler runs instantly)."""


def execution_session(sim: Simulation, function: LambdaFunction, *, region: str) -> Session:
    """Lambda assumes the function's execution role; the session is saved. Raises :class:`ServiceRoleError`."""
    found = find_role(sim.state, function.role_arn)
    if found is None:
        raise ServiceRoleError(f"{CANNOT_ASSUME} (the role {function.role_arn} does not exist)")
    account_id, role = found
    session = assume_role_as_service(
        sim,
        LAMBDA_SERVICE,
        role,
        account_id,
        session_name=function.name,
        seconds=EXECUTION_SESSION_SECONDS,
        region=region,
    )
    sim.update(lambda state: with_session(state, session, role, region))
    return session


def execute_function(sim: Simulation, function: LambdaFunction, event: Any, *, region: str) -> InvocationResult:
    """Run ``function`` on ``event`` as its execution role (:class:`ServiceRoleError` if Lambda cannot take it)."""
    session = execution_session(sim, function, region=region)
    return run_handler(sim, function, event, session, region=region)
