"""IAM's policy simulator API (API1, API2): SimulatePrincipalPolicy and SimulateCustomPolicy.

The call itself is authorized as usual (``iam:SimulatePrincipalPolicy`` on the entity,
``iam:SimulateCustomPolicy`` on ``*``); what it *evaluates* are the given policies, or those gathered
from a user (with its groups'), group or role, plus its permissions boundary and its account's SCPs.
The evaluation and the answer's shape live in :mod:`workbench.account.policy_simulator`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from workbench.account.authorization import Target, managed_document
from workbench.account.iam.base import IamBase
from workbench.account.model import Account, Group, Organization, Role, User
from workbench.account.organization_paths import ancestry
from workbench.account.policy_simulator import (
    SimulationSetup,
    Simulator,
    SourcePolicy,
    check_resource_policy_fits,
    context_from_entries,
    invalid,
    read_policy,
)
from workbench.account.service import operation
from workbench.engine.request import Principal
from workbench.policy.model import PolicyDocument
from workbench.policy.parse import parse_policy
from workbench.wildcard import Glob

ENTITY_ARN = re.compile(r"^arn:aws:iam::(\d{12}):(user|group|role)(/(?:.*/)?)?([^/]+)$")
USER_ARN = re.compile(r"^arn:aws:iam::(\d{12}):user(/(?:.*/)?)?([^/]+)$")
OWNER = re.compile(r"^(?:arn:aws:iam::)?(\d{12})(?::root)?$")
Entity = User | Group | Role


class _Exclusions:
    """``PolicyExclusionList``: policies to leave out of a SimulatePrincipalPolicy run.

    Each entry names exactly one of: a whole ``PolicyType`` (``inline``, ``aws-managed``,
    ``user-managed``, ``permission-boundary``, ``scp``; ``rcp`` is accepted and ignored, as IAM
    documents), a ``PolicyArn`` (``*`` and ``?`` allowed in the resource part), or an
    ``InlinePolicyIdentifier``. Identifiers that match nothing are ignored.
    """

    def __init__(self, raw: Sequence[Mapping[str, Any]] | None, operation: str) -> None:
        self.types: set[str] = set()
        self.arns: list[Glob] = []
        self.inline: set[tuple[str, str, str]] = set()
        for entry in raw or ():
            if "PolicyType" in entry:
                self.types.add(entry["PolicyType"])
            elif "PolicyArn" in entry:
                arn = entry["PolicyArn"]
                prefix, _, resource = arn.rpartition(":")
                if not arn.startswith("arn:") or not resource or any(c in prefix for c in "*?"):
                    raise invalid(f"PolicyExclusionList: {arn!r} is not a policy ARN.", operation)
                self.arns.append(Glob.compile(arn))
            elif "InlinePolicyIdentifier" in entry:
                inline = entry["InlinePolicyIdentifier"]
                self.inline.add((inline["AttachmentType"], inline["AttachmentName"].lower(), inline["PolicyName"]))

    def _arn(self, arn: str) -> bool:
        return any(glob.matches(arn) for glob in self.arns)

    def managed(self, arn: str) -> bool:
        kind = "aws-managed" if arn.startswith("arn:aws:iam::aws:policy/") else "user-managed"
        return kind in self.types or self._arn(arn)

    def boundary(self, arn: str) -> bool:
        return "permission-boundary" in self.types or self._arn(arn)

    def scp(self, arn: str) -> bool:
        return "scp" in self.types or self._arn(arn)

    def inline_policy(self, attachment_type: str, entity_name: str, policy_name: str) -> bool:
        return "inline" in self.types or (attachment_type, entity_name.lower(), policy_name) in self.inline


def _entity_policies(
    account: Account, kind: str, entity: Entity, exclusions: _Exclusions, operation: str
) -> list[SourcePolicy]:
    """An entity's identity policies (a user's include its groups'), each named by its policy name."""
    found: list[SourcePolicy] = []

    def add(owner_kind: str, owner: Entity) -> None:
        for name, text in owner.inline_policies.items():
            if not exclusions.inline_policy(owner_kind, owner.name, name):
                label = f"{owner_kind} {owner.name} inline policy {name}"
                found.append(read_policy(text, name, operation, name=label))
        for arn in owner.attached_policies:
            managed = managed_document(account, arn)
            if managed is not None and not exclusions.managed(arn):
                found.append(read_policy(managed, arn.rsplit("/", 1)[-1], operation, name=f"managed policy {arn}"))

    add(kind, entity)
    if isinstance(entity, User):
        for group_name in entity.groups:
            group = account.groups.get(group_name.lower())
            if group is not None:
                add("group", group)
    return found


def _scp_levels(
    organization: Organization | None, account_id: str, exclusions: _Exclusions
) -> tuple[tuple[PolicyDocument, ...], ...] | None:
    """The SCP levels above ``account_id`` (None outside an organization or for its management account)."""
    if organization is None or account_id not in organization.parents:
        return None
    if account_id == organization.management_account_id:
        return None
    levels = []
    for target in ancestry(organization, account_id):
        level = []
        for policy_id in organization.attachments.get(target, ()):
            policy = organization.policies.get(policy_id)
            if policy is not None and policy.type == "SERVICE_CONTROL_POLICY" and not exclusions.scp(policy.arn):
                level.append(parse_policy(policy.content, name=f"{policy.name} (attached to {target})"))
        levels.append(tuple(level))
    return tuple(levels)


class SimulateOperations(IamBase):
    def _principal(self, account: Account, entity: Entity) -> Principal:
        """The simulated caller: a user as itself; a role as a session of it; a group as a nameless member."""
        if isinstance(entity, User):
            return Principal(
                type="user", arn=entity.arn, account=account.account_id, tags=dict(entity.tags), userid=entity.user_id
            )
        if isinstance(entity, Role):
            return Principal(
                type="assumed-role",
                arn=entity.arn,
                account=account.account_id,
                tags=dict(entity.tags),
                role_arn=entity.arn,
                userid=entity.role_id,
            )
        return Principal(type="user", account=account.account_id)

    def _caller_principal(self, caller_arn: str) -> Principal:
        """``CallerArn``: an IAM user (InvalidInput for anything else)."""
        match = USER_ARN.match(caller_arn)
        if match is None:
            raise invalid(f"CallerArn {caller_arn} is not valid: give the ARN of an IAM user.", self._operation)
        account = self.sim.state.accounts.get(match.group(1))
        user = account.users.get(match.group(3).lower()) if account is not None else None
        if account is not None and user is not None and user.arn == caller_arn:
            return self._principal(account, user)
        return Principal(type="user", arn=caller_arn, account=match.group(1))

    def _resource_owner(self, owner: str | None) -> str | None:
        if owner is None:
            return None
        match = OWNER.match(owner)
        if match is None:
            raise invalid(f"ResourceOwner {owner} is not valid: give arn:aws:iam::<account>:root.", self._operation)
        return match.group(1)

    def _run(
        self,
        setup: SimulationSetup,
        actions: list[str],
        resources: list[str] | None,
        resource_policy: str | None,
        marker: str | None,
        max_items: int | None,
    ) -> dict[str, Any]:
        listed = resources or ["*"]
        if resource_policy is not None:
            if setup.principal.type == "assumed-role":
                raise invalid("Simulation of resource-based policies isn't supported for IAM roles.", self._operation)
            if setup.principal.arn is None:
                raise invalid("CallerArn is required when you include a ResourcePolicy.", self._operation)
            policy = read_policy(resource_policy, "ResourcePolicy", self._operation)
            check_resource_policy_fits(policy, listed, self._operation)
            setup = replace(setup, resource_policy=policy)
        results = Simulator(setup, self._operation).results(actions, listed)
        return self.page("EvaluationResults", results, marker, max_items)

    def _boundary_input(self, texts: list[str] | None) -> SourcePolicy | None:
        if not texts:
            return None
        if len(texts) > 1:
            raise invalid("PermissionsBoundaryPolicyInputList takes one permissions boundary.", self._operation)
        return read_policy(texts[0], "PermissionsBoundaryPolicyInputList.1", self._operation)

    @operation("SimulatePrincipalPolicy")
    def simulate_principal_policy(
        self,
        *,
        PolicySourceArn: str,
        ActionNames: list[str],
        PolicyInputList: list[str] | None = None,
        PermissionsBoundaryPolicyInputList: list[str] | None = None,
        PolicyExclusionList: list[dict[str, Any]] | None = None,
        ResourceArns: list[str] | None = None,
        ResourcePolicy: str | None = None,
        ResourceOwner: str | None = None,
        CallerArn: str | None = None,
        ContextEntries: list[dict[str, Any]] | None = None,
        ResourceHandlingOption: str | None = None,
        MaxItems: int | None = None,
        Marker: str | None = None,
    ) -> dict[str, Any]:
        caller = self.caller()
        match = ENTITY_ARN.match(PolicySourceArn)
        if match is None:
            raise invalid(
                f"PolicySourceArn {PolicySourceArn} is not valid: give the ARN of a user, group or role.",
                self._operation,
            )
        account_id, kind, _, name = match.groups()
        self.authorize(caller, "iam:SimulatePrincipalPolicy", Target(PolicySourceArn, account_id))
        account = self.sim.state.accounts.get(account_id)
        entity: Entity | None = None
        if account is not None:
            found = {"user": account.users, "group": account.groups, "role": account.roles}[kind]
            entity = found.get(name.lower())  # type: ignore[attr-defined]
        if account is None or entity is None or entity.arn != PolicySourceArn:
            raise self.error("NoSuchEntity", f"The {kind} with name {name} cannot be found.")
        exclusions = _Exclusions(PolicyExclusionList, self._operation)
        identity = _entity_policies(account, kind, entity, exclusions, self._operation)
        identity += [
            read_policy(text, f"PolicyInputList.{i}", self._operation)
            for i, text in enumerate(PolicyInputList or [], 1)
        ]
        boundary = self._boundary_input(PermissionsBoundaryPolicyInputList)
        boundary_arn = getattr(entity, "permissions_boundary", None)
        if boundary is None and boundary_arn and not exclusions.boundary(boundary_arn):
            text = managed_document(account, boundary_arn)
            if text is not None:
                boundary = read_policy(text, boundary_arn.rsplit("/", 1)[-1], self._operation)
        principal = self._principal(account, entity)
        if CallerArn is not None:
            principal = self._caller_principal(CallerArn)
        setup = SimulationSetup(
            principal=principal,
            caller_account=principal.account or account_id,
            identity=tuple(identity),
            boundary=boundary,
            scp_levels=_scp_levels(self.sim.state.organization, account_id, exclusions),
            resource_owner=self._resource_owner(ResourceOwner),
            context=context_from_entries(ContextEntries, self._operation),
        )
        return self._run(setup, ActionNames, ResourceArns, ResourcePolicy, Marker, MaxItems)

    @operation("SimulateCustomPolicy")
    def simulate_custom_policy(
        self,
        *,
        PolicyInputList: list[str],
        ActionNames: list[str],
        PermissionsBoundaryPolicyInputList: list[str] | None = None,
        OrderedOrganizationPolicyInputList: list[dict[str, Any]] | None = None,
        ResourceArns: list[str] | None = None,
        ResourcePolicy: str | None = None,
        ResourceOwner: str | None = None,
        CallerArn: str | None = None,
        ContextEntries: list[dict[str, Any]] | None = None,
        ResourceHandlingOption: str | None = None,
        MaxItems: int | None = None,
        Marker: str | None = None,
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        self.authorize(caller, "iam:SimulateCustomPolicy", Target("*", account.account_id))
        identity = tuple(
            read_policy(text, f"PolicyInputList.{i}", self._operation) for i, text in enumerate(PolicyInputList, 1)
        )
        scp_levels = None
        if OrderedOrganizationPolicyInputList is not None:
            scp_levels = tuple(
                tuple(
                    read_policy(text, f"OrderedOrganizationPolicyInputList.{level}.{i}", self._operation).document
                    for i, text in enumerate(entry.get("ServiceControlPolicyInputList") or [], 1)
                )
                for level, entry in enumerate(OrderedOrganizationPolicyInputList, 1)
            )
        principal = (
            self._caller_principal(CallerArn) if CallerArn else Principal(type="user", account=account.account_id)
        )
        setup = SimulationSetup(
            principal=principal,
            caller_account=principal.account or account.account_id,
            identity=identity,
            boundary=self._boundary_input(PermissionsBoundaryPolicyInputList),
            scp_levels=scp_levels,
            resource_owner=self._resource_owner(ResourceOwner),
            context=context_from_entries(ContextEntries, self._operation),
        )
        return self._run(setup, ActionNames, ResourceArns, ResourcePolicy, Marker, MaxItems)
