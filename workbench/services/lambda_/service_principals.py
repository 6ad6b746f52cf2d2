"""Services as callers: a service principal's request decided by the engine, and a service assuming a role (E12, R1).

When S3 invokes a function, or Lambda and EC2 take the role they were handed, the caller is not an
identity with credentials but a *service principal* (``s3.amazonaws.com``). It has no identity
policies and no SCPs: only the target's resource-based policy (the function policy, the role's
trust policy) can allow it, and the RCPs of the target's account apply (E12, E7). Each such request
is recorded in the activity log the way CloudTrail records an ``AWSService`` caller.

Shared by ``lambda_`` and ``ec2``; it belongs in ``workbench/services/`` once that module is
created there (a plain move).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from workbench.account.activity import ActivityEvent
from workbench.account.authorization import Connection, Target, document, request_context
from workbench.account.callers import ANONYMOUS
from workbench.account.model import Role, Session, State
from workbench.account.organization_paths import org_levels
from workbench.account.sts.base import role_session_arn
from workbench.engine.authorize import authorize
from workbench.engine.decision import Decision
from workbench.engine.policy_set import PolicySet
from workbench.engine.request import AuthorizationRequest, Principal, Resource
from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.account.simulation import Simulation


class ServiceRoleError(WorkbenchError):
    """A service could not take the role it was handed (missing role, or a trust policy that does not allow it)."""

    code = "service_cannot_assume_role"

    def __init__(self, message: str, *, decision: Decision | None = None) -> None:
        super().__init__(message)
        self.decision = decision


def service_decision(
    sim: Simulation,
    service: str,
    action: str,
    target: Target,
    *,
    region: str,
    context: Mapping[str, Any] | None = None,
) -> Decision:
    """How the engine decides ``service`` (a service principal) doing ``action`` on ``target`` (E12)."""
    state = sim.state.model_copy(update={"now": sim.clock.now()})
    connection = Connection(region, source_ip=None)
    keys = request_context(state, ANONYMOUS, connection, sim.clock.epoch(), target, context or {})
    request = AuthorizationRequest(
        principal=Principal(type="service", arn=service),
        action=action,
        resource=Resource(arn=target.arn, account=target.account_id),
        context=keys,
    )
    request.check()
    policies = PolicySet(
        resource=document(target.policy, "resource-based policy") if target.policy else None,
        rcp_levels=org_levels(state.organization, target.account_id, "RESOURCE_CONTROL_POLICY"),
    )
    return authorize(request, policies)


def service_denied_message(service: str, action: str, resource_arn: str, decision: Decision) -> str:
    """AWS's AccessDenied wording, for a service principal (which only a resource-based policy can allow)."""
    head = f"{service} is not authorized to perform: {action} on resource: {resource_arn}"
    if decision.decision == "explicitDeny":
        return f"{head} with an explicit deny in a {_LAYER_WORDS.get(decision.blocked_by or '', 'policy')}"
    if decision.blocked_by == "rcp":
        return f"{head} with an explicit deny in a resource control policy"
    return f"{head} because no resource-based policy allows the {action} action"


_LAYER_WORDS = {"resource": "resource-based policy", "rcp": "resource control policy"}


def record_service_call(
    sim: Simulation,
    service: str,
    *,
    event_source: str,
    event_name: str,
    region: str,
    action: str,
    target: Target,
    decision: Decision | None,
    error_code: str | None = None,
    error_message: str | None = None,
) -> None:
    """One activity-log event for a call a service made (CloudTrail: ``userIdentity.type = AWSService``)."""
    sim.activity.record(
        ActivityEvent(
            event_time=sim.clock.now(),
            event_source=event_source,
            event_name=event_name,
            aws_region=region,
            source_ip=service,  # CloudTrail shows the service's name as the source of its calls
            account_id=None,
            principal_type="AWSService",
            principal_arn=service,
            access_key_id=None,
            action=action,
            resource_arn=target.arn,
            resource_account=target.account_id,
            decision=decision.decision if decision is not None else None,
            error_code=error_code,
            error_message=error_message,
            request_id=sim.next_request_id(),
        )
    )


def trust_allows(sim: Simulation, service: str, role: Role, account_id: str, *, region: str) -> Decision:
    """Whether ``role``'s trust policy lets ``service`` call ``sts:AssumeRole`` on it (S9), without assuming it.

    The service acts for the role's own account, so ``aws:SourceAccount`` is that account: a trust
    policy pinned to it (the confused-deputy guard AWS recommends) admits the service.
    """
    target = Target(role.arn, account_id, role.trust_policy, role.tags)
    return service_decision(
        sim, service, "sts:AssumeRole", target, region=region, context={"aws:SourceAccount": account_id}
    )


def assume_role_as_service(
    sim: Simulation,
    service: str,
    role: Role,
    account_id: str,
    *,
    session_name: str,
    seconds: int,
    region: str,
    instance_id: str | None = None,
) -> Session:
    """``service`` assumes ``role`` (recorded in the activity log); the new session, not yet saved.

    Raises :class:`ServiceRoleError` when the trust policy does not allow the service. The session
    is an ordinary role session (``…:assumed-role/ROLE/SESSION``); ``instance_id`` marks EC2
    instance-profile credentials, which are not role chaining and whose ``aws:userid`` is
    ``role-id:instance-id`` (K1, S2).
    """
    target = Target(role.arn, account_id, role.trust_policy, role.tags)
    decision = trust_allows(sim, service, role, account_id, region=region)
    denied = None if decision.allowed else service_denied_message(service, "sts:AssumeRole", role.arn, decision)
    record_service_call(
        sim,
        service,
        event_source="sts.amazonaws.com",
        event_name="AssumeRole",
        region=region,
        action="sts:AssumeRole",
        target=target,
        decision=decision,
        error_code="AccessDenied" if denied else None,
        error_message=denied,
    )
    if denied is not None:
        raise ServiceRoleError(denied, decision=decision)
    issued = sim.clock.now()
    return Session(
        access_key_id=sim.ids.access_key_id(temporary=True),
        secret_access_key=sim.ids.secret(),
        session_token=sim.ids.session_token(),
        kind="assumed-role",
        account_id=account_id,
        arn=role_session_arn(account_id, role, session_name),
        issued=issued,
        expiration=issued + timedelta(seconds=seconds),
        role_name=role.name,
        session_name=session_name,
        instance_id=instance_id,
    )


def with_session(state: State, session: Session, role: Role, region: str) -> State:
    """``state`` with ``session`` stored and its role's "last used" time set (as AssumeRole does)."""
    account = state.accounts[session.account_id]
    used = role.model_copy(update={"last_used_date": session.issued, "last_used_region": region})
    account = account.model_copy(update={"roles": {**account.roles, role.name.lower(): used}})
    return state.model_copy(
        update={
            "sessions": {**state.sessions, session.access_key_id: session},
            "accounts": {**state.accounts, account.account_id: account},
        }
    )


def find_role(state: State, role_arn: str) -> tuple[str, Role] | None:
    """The role an ARN names, with its account id (None when either is gone or the ARN is not a role's)."""
    parts = role_arn.split(":", 5)
    if len(parts) != 6 or parts[2] != "iam" or not parts[5].startswith("role/"):
        return None
    account = state.accounts.get(parts[4])
    if account is None:
        return None
    role = account.roles.get(parts[5].rsplit("/", 1)[-1].lower())
    if role is None or role.arn != role_arn:
        return None
    return account.account_id, role
