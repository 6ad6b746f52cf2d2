"""Every simulated API call is authorized here: account state → the engine's request and policy set → a decision.

This is where the account meets the engine (which knows nothing of accounts): the caller's
identity policies (its own, its groups', attached managed policies' default versions), boundary,
session policies, the SCP levels above its account and the RCP levels above the resource's, plus
the request context built from state (rules K1, K2). A denial raises ``AccessDenied`` with AWS's
message shape.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from workbench.account.callers import Caller
from workbench.account.managed import aws_managed_policy
from workbench.account.model import Account, State
from workbench.account.organization_paths import org_levels, org_path
from workbench.clock import iso
from workbench.engine.authorize import authorize
from workbench.engine.decision import Decision
from workbench.engine.policy_set import PolicySet
from workbench.engine.request import AuthorizationRequest, Principal, Resource
from workbench.policy.model import PolicyDocument
from workbench.policy.parse import parse_policy


@lru_cache(maxsize=4096)
def document(text: str, name: str) -> PolicyDocument:
    """Parsed once per distinct (text, name): stored documents were validated when written."""
    return parse_policy(text, name=name)


@dataclass(frozen=True, slots=True)
class Connection:
    """Where a client "connects from": what ``aws:SourceIp``, ``aws:SecureTransport`` and the region say."""

    region: str = "us-east-1"
    source_ip: str | None = "203.0.113.10"
    secure_transport: bool = True
    via_vpc_endpoint: str | None = None


@dataclass(frozen=True, slots=True)
class Target:
    """The resource of a call: its ARN, owning account, resource-based policy (text) and tags."""

    arn: str = "*"
    account_id: str | None = None
    policy: str | None = None
    tags: Mapping[str, str] = field(default_factory=dict)
    display: str | None = None
    """How AccessDenied names the resource when AWS words it differently (``policy arn:…``)."""


def managed_document(account: Account, arn: str) -> str | None:
    if arn.startswith("arn:aws:iam::aws:policy/"):
        # An imported account may hold its own copy of an AWS managed policy (another version).
        managed = account.policies.get(arn) or aws_managed_policy(arn)
        return managed.default_document if managed else None
    for policy in account.policies.values():
        if policy.arn == arn:
            return policy.default_document
    return None


def identity_documents(account: Account, caller: Caller) -> list[PolicyDocument]:
    """The caller's identity policies, flattened (E2): inline, attached managed, and for users their groups'."""
    texts: list[tuple[str, str]] = []

    def add(owner: str, inline: Mapping[str, str], attached: tuple[str, ...]) -> None:
        texts.extend((text, f"{owner} inline policy {name}") for name, text in inline.items())
        for arn in attached:
            text = managed_document(account, arn)
            if text is not None:
                texts.append((text, f"managed policy {arn.rsplit('/', 1)[-1]}"))

    if caller.kind == "assumed-role" and caller.role is not None:
        add(f"role {caller.role.name}", caller.role.inline_policies, caller.role.attached_policies)
    elif caller.user is not None:
        user = caller.user
        add(f"user {user.name}", user.inline_policies, user.attached_policies)
        for group_name in user.groups:
            group = account.groups.get(group_name.lower())
            if group is not None:
                add(f"group {group.name}", group.inline_policies, group.attached_policies)
    return [document(text, name) for text, name in texts]


def boundary_document(account: Account, caller: Caller) -> PolicyDocument | None:
    owner = caller.role if caller.kind == "assumed-role" else caller.user
    arn = owner.permissions_boundary if owner is not None else None
    if arn is None:
        return None
    text = managed_document(account, arn)
    return document(text, f"permissions boundary {arn.rsplit('/', 1)[-1]}") if text else None


def session_document(caller: Caller) -> PolicyDocument | None:
    """Session policies (inline + managed ARNs, already resolved to text) as one document: any may allow."""
    session = caller.session
    if session is None or session.kind not in ("assumed-role", "federated-user") or not session.session_policies:
        return None
    statements: list[Any] = []
    for text in session.session_policies:
        raw = json.loads(text)
        listed = raw.get("Statement", [])
        statements.extend(listed if isinstance(listed, list) else [listed])
    merged = json.dumps({"Version": "2012-10-17", "Statement": statements}, indent=2)
    return document(merged, "session policy")


def engine_principal(state: State, caller: Caller) -> Principal:
    """The engine's view of the caller, with rule K1's derived keys available."""
    account_id = caller.account_id
    if caller.kind == "anonymous":
        return Principal.anonymous()
    if caller.is_root:
        return Principal(type="root", arn=f"arn:aws:iam::{account_id}:root", account=account_id)
    if caller.kind == "assumed-role":
        role = caller.role
        assert role is not None and caller.session is not None
        tags = {k.lower(): v for k, v in role.tags.items()}
        tags.update({k.lower(): v for k, v in caller.session.session_tags.items()})
        userid = f"{role.role_id}:{caller.session.instance_id or caller.session.session_name}"
        return Principal(
            type="assumed-role", arn=caller.arn, account=account_id, tags=tags, role_arn=role.arn, userid=userid
        )
    user = caller.user
    assert user is not None
    if caller.kind == "federated-user":
        tags = dict(user.tags)
        if caller.session is not None:
            tags.update(caller.session.session_tags)
        return Principal(type="federated-user", arn=caller.arn, account=account_id, tags=tags, source_user_arn=user.arn)
    return Principal(type="user", arn=user.arn, account=account_id, tags=dict(user.tags), userid=user.user_id)


def request_context(
    state: State, caller: Caller, connection: Connection, now_epoch: int, target: Target, extra: Mapping[str, Any]
) -> dict[str, Any]:
    """Rule K2's request keys, from state and the connection; ``extra`` adds the operation's own keys."""
    now = state.now
    context: dict[str, Any] = {
        "aws:CurrentTime": iso(now),
        "aws:EpochTime": str(now_epoch),
        "aws:SecureTransport": "true" if connection.secure_transport else "false",
        "aws:RequestedRegion": connection.region,
        "aws:ViaAWSService": "false",
    }
    if connection.source_ip and not connection.via_vpc_endpoint:
        context["aws:SourceIp"] = connection.source_ip
    if connection.via_vpc_endpoint:
        context["aws:SourceVpce"] = connection.via_vpc_endpoint
    session = caller.session
    if session is not None:  # temporary credentials carry MFA information and an issue time (K2, M2)
        context["aws:TokenIssueTime"] = iso(session.issued)
        context["aws:MultiFactorAuthPresent"] = "true" if session.mfa_authenticated_at else "false"
        if session.mfa_authenticated_at is not None:
            context["aws:MultiFactorAuthAge"] = str(int((now - session.mfa_authenticated_at).total_seconds()))
        if session.source_identity:
            context["aws:SourceIdentity"] = session.source_identity
        if session.federated_provider:
            context["aws:FederatedProvider"] = session.federated_provider
        instance = state.services.instances.get(session.instance_id) if session.instance_id else None
        if instance is not None:  # requests signed with instance-profile credentials
            context["ec2:SourceInstanceARN"] = (
                f"arn:aws:ec2:{instance.region}:{instance.account_id}:instance/{instance.instance_id}"
            )
            context["ec2:RoleDelivery"] = "2.0"
    organization = state.organization
    if organization is not None and caller.account_id in organization.parents:
        context["aws:PrincipalOrgID"] = organization.org_id
        context["aws:PrincipalOrgPaths"] = [org_path(organization, caller.account_id)]
    for key, value in target.tags.items():
        context[f"aws:ResourceTag/{key}"] = value
    if target.account_id:
        context["aws:ResourceAccount"] = target.account_id
    context.update(extra)
    return context


def policy_set_for(state: State, caller: Caller, target: Target) -> PolicySet:
    resource = document(target.policy, "resource-based policy") if target.policy else None
    rcp_levels = org_levels(state.organization, target.account_id or caller.account_id, "RESOURCE_CONTROL_POLICY")
    if caller.kind == "anonymous":  # no identity, no SCPs (E12); RCPs apply (AMB-02)
        return PolicySet(resource=resource, rcp_levels=rcp_levels)
    account = state.accounts[caller.account_id]
    has_identity = not caller.is_root
    return PolicySet(
        identity=tuple(identity_documents(account, caller)) if has_identity else (),
        resource=resource,
        boundary=boundary_document(account, caller) if has_identity else None,
        session=session_document(caller),
        scp_levels=org_levels(state.organization, caller.account_id, "SERVICE_CONTROL_POLICY"),
        rcp_levels=rcp_levels,
    )


def decide(
    state: State,
    caller: Caller,
    action: str,
    target: Target,
    connection: Connection,
    now_epoch: int,
    extra_context: Mapping[str, Any] | None = None,
) -> tuple[Decision, PolicySet]:
    principal = engine_principal(state, caller)
    request = AuthorizationRequest(
        principal=principal,
        action=action,
        resource=Resource(arn=target.arn, account=target.account_id or caller.account_id or None),
        context=request_context(state, caller, connection, now_epoch, target, extra_context or {}),
    )
    request.check()
    policies = policy_set_for(state, caller, target)
    return authorize(request, policies), policies


_POLICY_TYPE_WORDS = {
    "identity": "identity-based policy",
    "resource": "resource-based policy",
    "boundary": "permissions boundary",
    "session": "session policy",
    "scp": "service control policy",
    "rcp": "resource control policy",
}


def access_denied_message(caller: Caller, action: str, resource_arn: str, decision: Decision) -> str:
    """AWS's AccessDenied text: who, what, on which resource, and which policy type is responsible."""
    who = "" if caller.kind == "root" else "User: "
    head = f"{who}{caller.arn} is not authorized to perform: {action} on resource: {resource_arn}"
    if decision.decision == "explicitDeny":
        words = _POLICY_TYPE_WORDS[decision.blocked_by or "identity"]
        return f"{head} with an explicit deny in {'an' if words[0] in 'aeiou' else 'a'} {words}"
    if decision.blocked_by in ("scp", "rcp"):
        # AMB-01: the decision is an implicit deny, but AWS's error text uses the explicit-deny wording.
        return f"{head} with an explicit deny in a {_POLICY_TYPE_WORDS[decision.blocked_by]}"
    if decision.blocked_by in ("boundary", "session", "resource"):
        return f"{head} because no {_POLICY_TYPE_WORDS[decision.blocked_by]} allows the {action} action"
    return f"{head} because no identity-based policy allows the {action} action"
