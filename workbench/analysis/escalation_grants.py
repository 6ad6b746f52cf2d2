"""Analysis, privilege escalation, the grant primitives: how a source makes itself or another an administrator.

``iam:PutUserPolicy``/``iam:AttachUserPolicy``, ``iam:PutRolePolicy``/``iam:AttachRolePolicy``,
``iam:PutGroupPolicy``/``iam:AttachGroupPolicy`` (every member of the group),
``iam:CreatePolicyVersion`` (``iam:DeletePolicyVersion`` too at five versions) and
``iam:SetDefaultPolicyVersion`` on a managed policy the target holds, and ``iam:AddUserToGroup``.
Each request is decided by the engine for the source (attachments with ``iam:PolicyARN`` =
``AdministratorAccess``), and the engine is asked again whether the target *would* be an
administrator after the change: its boundary and SCPs may say no, and then there is no edge.
Grants are sought for the source itself (an edge to :data:`~workbench.analysis.escalation_model.ADMIN`),
for the principals it can act as, and for those that can act as it; a grant to anyone else leads nowhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from workbench.account.model import Account, Group, ManagedPolicy
from workbench.analysis.administrators import ADMIN_POLICY, ADMIN_POLICY_ARN, AdminStatus
from workbench.analysis.escalation_edges import EdgeChecker, Step
from workbench.analysis.escalation_model import EscalationEdge
from workbench.analysis.principal_entries import AnalysedPrincipal, PolicySource, with_policies
from workbench.analysis.principals import PrincipalIndex
from workbench.analysis.verdicts import EdgeCondition

_ATTACH_ADMIN = (("iam:policyarn", ADMIN_POLICY_ARN),)
_WRITES = {
    "Put": "writes an inline policy granting everything",
    "Attach": "attaches AdministratorAccess",
}


@dataclass
class GrantEdges(EdgeChecker):
    """The grant primitives: whom ``source`` can make an administrator."""

    _would: dict[tuple[object, ...], AdminStatus] = field(default_factory=dict)

    def grants(self, source: AnalysedPrincipal, reachable: Iterable[str]) -> list[EscalationEdge]:
        """Edges by which ``source`` makes itself, or one of ``reachable`` in its account, an administrator."""
        account = self._account(source)
        if account is None or not source.in_simulation:
            return []
        index = self.index
        targets = [index.by_arn[arn] for arn in sorted({source.arn, *reachable}) if arn in index.by_arn]
        targets = [t for t in targets if t.account_id == source.account_id and not self.admins.is_admin(t)]
        users = [t for t in targets if t.kind == "user"]
        roles = [t for t in targets if t.kind == "role" and not t.service_linked]
        found: list[EscalationEdge] = []
        found += self._writes(source, users, "User")
        found += self._writes(source, roles, "Role")
        found += self._group_writes(source, account, users)
        found += self._policy_versions(source, account, targets)
        found += self._group_joins(source, account, users)
        return found

    def _would_be_admin(
        self,
        target: AnalysedPrincipal,
        why: tuple[object, ...],
        extra: tuple[PolicySource, ...] = (),
        replacing: PolicySource | None = None,
    ) -> bool:
        """Whether ``target`` would be an administrator after a change (``why`` names the change, for the memo)."""
        key = (target, *why)
        found = self._would.get(key)
        if found is None:
            swapped = {replacing.name: replacing} if replacing is not None else None
            changed = with_policies(target, *extra, replacing=swapped)
            found = self._would[key] = self.admins.status(changed)
        return found.administrator

    def _writes(
        self, source: AnalysedPrincipal, targets: list[AnalysedPrincipal], kind: str
    ) -> Iterator[EscalationEdge]:
        for verb, pinned in (("Put", ()), ("Attach", _ATTACH_ADMIN)):
            action = f"iam:{verb}{kind}Policy"
            if not self._can(source, action):
                continue
            for target in targets:
                steps = (Step(action, target.arn, pinned),)
                conditions = self._allowed(source, steps)
                if conditions is not None and self._would_be_admin(target, ("admin",), (ADMIN_POLICY,)):
                    text = _WRITES[verb]
                    yield self._edge(source, target.arn, "grant", action, steps, conditions, text)

    def _group_writes(
        self, source: AnalysedPrincipal, account: Account, users: list[AnalysedPrincipal]
    ) -> Iterator[EscalationEdge]:
        for verb, pinned in (("Put", ()), ("Attach", _ATTACH_ADMIN)):
            action = f"iam:{verb}GroupPolicy"
            if not self._can(source, action):
                continue
            for group in sorted(account.groups.values(), key=lambda g: g.arn):
                members = [u for u in users if group.name in u.groups]
                if not members:
                    continue
                steps = (Step(action, group.arn, pinned),)
                conditions = self._allowed(source, steps)
                if conditions is None:
                    continue
                for member in members:
                    if self._would_be_admin(member, ("admin",), (ADMIN_POLICY,)):
                        text = f"gives the group {group.name}, which the user is in, a policy granting everything"
                        yield self._edge(source, member.arn, "grant", action, steps, conditions, text, group.arn)

    def _policy_versions(
        self, source: AnalysedPrincipal, account: Account, targets: list[AnalysedPrincipal]
    ) -> Iterator[EscalationEdge]:
        can_create = self._can(source, "iam:CreatePolicyVersion")
        can_switch = self._can(source, "iam:SetDefaultPolicyVersion")
        if not (can_create or can_switch):
            return
        for policy in sorted(account.policies.values(), key=lambda p: p.arn):
            if policy.aws_managed:
                continue
            name = f"managed policy {policy.arn.rsplit('/', 1)[-1]}"
            holders = [t for t in targets if any(s.name == name for s in t.sources)]
            if not holders:
                continue
            if can_create:
                yield from self._new_version(source, policy, name, holders)
            if can_switch:
                yield from self._old_versions(source, policy, name, holders)

    def _new_version(
        self, source: AnalysedPrincipal, policy: ManagedPolicy, name: str, holders: list[AnalysedPrincipal]
    ) -> Iterator[EscalationEdge]:
        steps: tuple[Step, ...] = (Step("iam:CreatePolicyVersion", policy.arn),)
        if len(policy.versions) >= 5:  # the quota is five versions: one must go first
            steps = (Step("iam:DeletePolicyVersion", policy.arn), *steps)
        conditions = self._allowed(source, steps)
        if conditions is None:
            return
        replacement = PolicySource(ADMIN_POLICY.text, name, "hypothetical")
        for holder in holders:
            if self._would_be_admin(holder, ("version", policy.arn, "new"), replacing=replacement):
                text = f"creates a new default version of {policy.name} granting everything"
                yield self._edge(
                    source, holder.arn, "grant", "iam:CreatePolicyVersion", steps, conditions, text, policy.arn
                )

    def _old_versions(
        self, source: AnalysedPrincipal, policy: ManagedPolicy, name: str, holders: list[AnalysedPrincipal]
    ) -> Iterator[EscalationEdge]:
        steps = (Step("iam:SetDefaultPolicyVersion", policy.arn),)
        conditions: tuple[EdgeCondition, ...] | None = None
        for version in policy.versions:
            if version.version_id == policy.default_version_id:
                continue
            replacement = PolicySource(version.document, name, "hypothetical")
            for holder in holders:
                if not self._would_be_admin(holder, ("version", policy.arn, version.version_id), replacing=replacement):
                    continue
                conditions = conditions if conditions is not None else self._allowed(source, steps)
                if conditions is None:
                    return
                via = f"{policy.arn} ({version.version_id})"
                text = f"makes version {version.version_id} of {policy.name}, which grants everything, the default"
                yield self._edge(
                    source, holder.arn, "grant", "iam:SetDefaultPolicyVersion", steps, conditions, text, via
                )

    def _group_joins(
        self, source: AnalysedPrincipal, account: Account, users: list[AnalysedPrincipal]
    ) -> Iterator[EscalationEdge]:
        if not users or not self._can(source, "iam:AddUserToGroup"):
            return
        for group in sorted(account.groups.values(), key=lambda g: g.arn):
            outsiders = [u for u in users if group.name not in u.groups]
            if not outsiders:
                continue
            extra = tuple(_group_sources(self.index, account, group))
            steps = (Step("iam:AddUserToGroup", group.arn),)
            conditions: tuple[EdgeCondition, ...] | None = None
            for user in outsiders:
                if not self._would_be_admin(user, ("group", group.arn), extra):
                    continue
                conditions = conditions if conditions is not None else self._allowed(source, steps)
                if conditions is None:
                    break
                text = f"adds the user to the group {group.name}, whose policies grant everything"
                yield self._edge(source, user.arn, "grant", "iam:AddUserToGroup", steps, conditions, text, group.arn)


def _group_sources(index: PrincipalIndex, account: Account, group: Group) -> Iterator[PolicySource]:
    origin = f"group:{group.name}"
    for name, text in group.inline_policies.items():
        yield PolicySource(text, f"group {group.name} inline policy {name}", origin)
    for arn in group.attached_policies:
        managed = index.managed_text(account, arn)
        if managed is not None:
            yield PolicySource(managed, f"managed policy {arn.rsplit('/', 1)[-1]}", origin)
