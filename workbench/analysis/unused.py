"""Analysis, unused access: state and the activity log → roles, keys, passwords and permissions unused in N days.

What counts as a use, from the same log IAM's last-accessed data reads
(:mod:`workbench.account.last_accessed`, rule A2):

- a **role** is used when it is assumed or one of its sessions makes a request (``RoleLastUsed``);
- an **access key** when it signs an authenticated request (``GetAccessKeyLastUsed``); only active
  keys are reported;
- a **password** when the user signs in to the console (``PasswordLastUsed``; the user's recorded
  ``password_last_used`` is taken too, for imported accounts);
- a **permission** when the user or role *attempts* an action of the service, allowed or denied
  (Access Advisor counts attempts). Services are those its identity policies allow; for EC2, IAM,
  Lambda and S3 (action-level tracking) a used service also lists its granted actions not used.

Something is unused when its last use is older than ``unused_days`` before now, or when it was
never used (whatever its age: a role created today and never used is reported, so a lesson sees
it at once). An unused role gets one finding, not a permission finding as well; service-linked
roles are left out (their service manages them), as is the root user.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from workbench.account.authorization import managed_document
from workbench.account.credential_use import key_last_used, password_last_used, role_last_used
from workbench.account.last_accessed import AllowedActions, find_subject, last_accessed_report
from workbench.account.model import Account, Role, User
from workbench.analysis.errors import AnalysisError

if TYPE_CHECKING:
    from workbench.account.simulation import Simulation

UnusedFindingType = Literal["UnusedIAMRole", "UnusedIAMUserAccessKey", "UnusedIAMUserPassword", "UnusedPermission"]
DEFAULT_UNUSED_DAYS = 90


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class UnusedAction(_Frozen):
    """A granted action of an action-tracked service that was not used in the period."""

    action: str
    last_accessed: datetime | None = None


class UnusedService(_Frozen):
    """A granted service not used in the period — or, when ``actions`` is set, used but not all of its actions."""

    namespace: str
    name: str
    last_accessed: datetime | None = None
    actions: tuple[UnusedAction, ...] = ()
    """For a used action-tracked service (EC2, IAM, Lambda, S3): the granted actions it did not use."""
    granted_by: tuple[str, ...] = ()
    """The identity policies that allow this service."""

    @property
    def wholly_unused(self) -> bool:
        return not self.actions


class UnusedAccessFinding(_Frozen):
    """One unused role, access key, password, or set of permissions of a user or role, with what to do about it."""

    id: str
    finding_type: UnusedFindingType
    resource: str
    """The IAM user's or role's ARN."""
    resource_type: Literal["AWS::IAM::User", "AWS::IAM::Role"]
    account_id: str
    last_used: datetime | None = None
    """The last use of the role, key or password (None: never); for permissions, unused."""
    access_key_id: str | None = None
    services: tuple[UnusedService, ...] = ()
    recommendation: str


def find_unused_access(
    sim: Simulation, *, account_id: str | None = None, unused_days: int = DEFAULT_UNUSED_DAYS
) -> tuple[UnusedAccessFinding, ...]:
    """Unused roles, access keys, passwords and permissions of one account (default: every account), now.

    Sorted by account, then resource, then finding type; ids are stable across calls.
    """
    if unused_days < 1:
        raise AnalysisError(f"unused_days must be at least 1, not {unused_days}", code="analysis_unused_days")
    if account_id is not None and account_id not in sim.state.accounts:
        raise AnalysisError(f"account {account_id} is not in this simulation", code="analysis_no_account")
    now = sim.clock.now()
    cutoff = now - timedelta(days=unused_days)
    accounts = [sim.state.accounts[account_id]] if account_id else list(sim.state.accounts.values())
    found: list[UnusedAccessFinding] = []
    for account in accounts:
        found += _account_findings(sim, account, now, cutoff, unused_days)
    return tuple(sorted(found, key=lambda f: (f.account_id, f.resource, f.finding_type, f.access_key_id or "")))


def _account_findings(
    sim: Simulation, account: Account, now: datetime, cutoff: datetime, days: int
) -> Iterator[UnusedAccessFinding]:
    for role in sorted(account.roles.values(), key=lambda r: r.name.lower()):
        if role.service_linked:
            continue
        used = role_last_used(sim, role.arn)
        last = used.last_used_date if used is not None else None
        if _unused(last, cutoff):
            yield _role_finding(account, role, last, days)
        else:
            yield from _permission_finding(sim, account, role, now, cutoff, days)
    for user in sorted(account.users.values(), key=lambda u: u.name.lower()):
        yield from _credential_findings(sim, account, user, cutoff, days)
        yield from _permission_finding(sim, account, user, now, cutoff, days)


def _unused(last: datetime | None, cutoff: datetime) -> bool:
    return last is None or last < cutoff


def _latest(*moments: datetime | None) -> datetime | None:
    present = [m for m in moments if m is not None]
    return max(present) if present else None


def _finding_id(*parts: str) -> str:
    return "ua-" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def _since(last: datetime | None, days: int) -> str:
    if last is None:
        return "has never been used"
    return f"was last used on {last:%Y-%m-%d}, more than {days} days ago"


def _role_finding(account: Account, role: Role, last: datetime | None, days: int) -> UnusedAccessFinding:
    return UnusedAccessFinding(
        id=_finding_id("UnusedIAMRole", role.arn),
        finding_type="UnusedIAMRole",
        resource=role.arn,
        resource_type="AWS::IAM::Role",
        account_id=account.account_id,
        last_used=last,
        recommendation=(
            f"Role {role.name} {_since(last, days)}. If nothing needs it, delete it (detach its policies and remove "
            "it from instance profiles first); an unused role with permissions is only a target."
        ),
    )


def _credential_findings(
    sim: Simulation, account: Account, user: User, cutoff: datetime, days: int
) -> Iterator[UnusedAccessFinding]:
    for key in user.access_keys:
        if key.status != "Active":
            continue
        recorded = key_last_used(sim, key.access_key_id)
        last = recorded.last_used_date if recorded is not None else None
        if _unused(last, cutoff):
            yield UnusedAccessFinding(
                id=_finding_id("UnusedIAMUserAccessKey", user.arn, key.access_key_id),
                finding_type="UnusedIAMUserAccessKey",
                resource=user.arn,
                resource_type="AWS::IAM::User",
                account_id=account.account_id,
                last_used=last,
                access_key_id=key.access_key_id,
                recommendation=(
                    f"Access key {key.access_key_id} of {user.name} {_since(last, days)}. Deactivate it "
                    "(UpdateAccessKey Status=Inactive), and delete it once nothing has broken."
                ),
            )
    if user.login_profile is not None:
        last = _latest(password_last_used(sim, user.arn), user.password_last_used)
        if _unused(last, cutoff):
            yield UnusedAccessFinding(
                id=_finding_id("UnusedIAMUserPassword", user.arn),
                finding_type="UnusedIAMUserPassword",
                resource=user.arn,
                resource_type="AWS::IAM::User",
                account_id=account.account_id,
                last_used=last,
                recommendation=(
                    f"The console password of {user.name} {_since(last, days)}. Remove it (DeleteLoginProfile): "
                    "a password nobody uses can only be guessed or leaked."
                ),
            )


def _permission_finding(
    sim: Simulation, account: Account, entity: User | Role, now: datetime, cutoff: datetime, days: int
) -> Iterator[UnusedAccessFinding]:
    subject = find_subject(account, entity.arn)
    report = last_accessed_report(
        subject, sim.activity, as_of=now, granularity="ACTION_LEVEL", reporting_delay=timedelta(0)
    )
    granting = _granting_policies(account, entity)
    unused: list[UnusedService] = []
    for row in report.services:
        granted_by = tuple(label for label, services in granting if row.service_namespace in services)
        if _unused(row.last_authenticated, cutoff):
            unused.append(
                UnusedService(
                    namespace=row.service_namespace,
                    name=row.service_name,
                    last_accessed=row.last_authenticated,
                    granted_by=granted_by,
                )
            )
            continue
        actions = tuple(
            UnusedAction(action=f"{row.service_namespace}:{a.action_name}", last_accessed=a.last_accessed_time)
            for a in row.tracked_actions or ()
            if _unused(a.last_accessed_time, cutoff)
        )
        if actions:
            unused.append(
                UnusedService(
                    namespace=row.service_namespace,
                    name=row.service_name,
                    last_accessed=row.last_authenticated,
                    actions=actions,
                    granted_by=granted_by,
                )
            )
    if not unused:
        return
    kind = "user" if isinstance(entity, User) else "role"
    yield UnusedAccessFinding(
        id=_finding_id("UnusedPermission", entity.arn),
        finding_type="UnusedPermission",
        resource=entity.arn,
        resource_type="AWS::IAM::User" if kind == "user" else "AWS::IAM::Role",
        account_id=account.account_id,
        services=tuple(unused),
        recommendation=_permission_advice(kind, entity.name, unused, days),
    )


def _permission_advice(kind: str, name: str, unused: list[UnusedService], days: int) -> str:
    whole = [s.namespace for s in unused if s.wholly_unused]
    partial = [s for s in unused if not s.wholly_unused]
    parts = [f"The {kind} {name} has permissions it has not used in {days} days."]
    if whole:
        shown = ", ".join(whole[:8]) + (f" and {len(whole) - 8} more" if len(whole) > 8 else "")
        parts.append(f"Remove the services it never used ({shown}) from its policies.")
    for service in partial[:4]:
        actions = ", ".join(a.action for a in service.actions[:5])
        more = f" and {len(service.actions) - 5} more" if len(service.actions) > 5 else ""
        parts.append(f"In {service.namespace}, keep only the actions it uses: it never used {actions}{more}.")
    parts.append("A policy generated from its activity (generate_policy) is a least-privilege starting point.")
    return " ".join(parts)


def _granting_policies(account: Account, entity: User | Role) -> list[tuple[str, frozenset[str]]]:
    """Each identity policy of ``entity`` (labelled as a learner finds it) with the services it allows."""
    named: list[tuple[str, str]] = []

    def add(owner: str, inline: dict[str, str], attached: tuple[str, ...]) -> None:
        named.extend((f"inline policy {policy} of {owner}", text) for policy, text in inline.items())
        for arn in attached:
            text = managed_document(account, arn)
            if text is not None:
                named.append((f"managed policy {arn.rsplit('/', 1)[-1]}", text))

    if isinstance(entity, User):
        add(f"user {entity.name}", entity.inline_policies, entity.attached_policies)
        for group_name in entity.groups:
            group = account.groups.get(group_name.lower())
            if group is not None:
                add(f"group {group.name}", group.inline_policies, group.attached_policies)
    else:
        add(f"role {entity.name}", entity.inline_policies, entity.attached_policies)
    return [(label, AllowedActions([text]).services()) for label, text in named]
