"""Audit (A2): the activity log → last accessed information for a user, group, role or policy.

What is counted, as IAM's Access Advisor does (iam-semantics.md A2) and where the workbench chose:

- Listed services are those the entity's *identity* policies allow — a user's own and its groups',
  a role's, a group's, or the one managed policy — read from their Allow statements through the
  catalog and the engine's action matchers. Conditions and resources are not considered, nor are
  boundaries, SCPs, session and resource-based policies (as AWS documents).
- Every attempt counts, allowed or denied, but not a request whose credentials failed to
  authenticate (the log then has no principal). A group's report counts its members' attempts; a
  policy's, those of the users and roles it is attached to (directly or through a group).
- Tracking window: 400 days. Reporting delay: AWS says activity appears "usually within four
  hours"; the workbench always takes the full four hours (``REPORTING_DELAY``), so an attempt
  shows once it is four hours old at the time the report is generated. Lessons advance the clock.
- Action-level data exists for EC2, IAM, Lambda and S3 *management* actions (S3 object actions
  and Lambda invocations are data events and are not tracked); ``iam:PassRole`` is never tracked.

The other "last used" facts come from the same log: :mod:`workbench.account.credential_use`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_pascal

from workbench.account.activity import ActivityEvent
from workbench.account.authorization import document, managed_document
from workbench.account.errors import AwsError
from workbench.account.managed import aws_managed_policy
from workbench.account.model import Account, Role, User
from workbench.engine.compile import CompiledStatement, compile_policy
from workbench.errors import WorkbenchError
from workbench.policy.catalog import load_catalog
from workbench.wildcard import Glob

if TYPE_CHECKING:
    pass

TRACKING_PERIOD = timedelta(days=400)
REPORTING_DELAY = timedelta(hours=4)
ACTION_LEVEL_SERVICES = frozenset({"ec2", "iam", "lambda", "s3"})
UNTRACKED_ACTIONS = frozenset({"iam:passrole"})
_DATA_EVENT_RESOURCES = frozenset({"object", "accesspointobject"})
_S3_DATA_LISTS = frozenset(
    {"listbucket", "listbucketversions", "listbucketmultipartuploads", "listmultipartuploadparts"}
)

Granularity = Literal["SERVICE_LEVEL", "ACTION_LEVEL"]
EntityType = Literal["USER", "ROLE", "GROUP", "POLICY"]


class AwsShaped(BaseModel):
    """Frozen; ``to_aws()`` gives IAM's shape (PascalCase names, absent values left out)."""

    model_config = ConfigDict(frozen=True, extra="forbid", alias_generator=to_pascal, populate_by_name=True)

    def to_aws(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True, exclude_none=True)


class EntityInfo(AwsShaped):
    """An IAM entity as IAM's ``EntityInfo`` describes it."""

    arn: str
    name: str
    type: EntityType
    id: str
    path: str = "/"


class Subject(AwsShaped):
    """What a report is about: the entity, whose attempts count, and which policies define "allowed"."""

    entity: EntityInfo
    principals: tuple[EntityInfo, ...]
    """The users and roles whose attempts count."""
    policies: tuple[str, ...]
    """Identity policy texts."""


class TrackedAction(AwsShaped):
    action_name: str
    last_accessed_entity: str | None = None
    last_accessed_time: datetime | None = None
    last_accessed_region: str | None = None


class ServiceLastAccessed(AwsShaped):
    service_name: str
    service_namespace: str
    last_authenticated: datetime | None = None
    last_authenticated_entity: str | None = None
    last_authenticated_region: str | None = None
    total_authenticated_entities: int | None = None
    tracked_actions: tuple[TrackedAction, ...] | None = Field(default=None, alias="TrackedActionsLastAccessed")
    """Present only in an ACTION_LEVEL report, for services with action-level data."""


class EntityLastAccessed(AwsShaped):
    entity: EntityInfo = Field(alias="EntityInfo")
    last_authenticated: datetime | None = None


class LastAccessedReport(AwsShaped):
    """A report as of one moment: every allowed service, and per service who attempted it when."""

    subject: EntityInfo
    as_of: datetime
    granularity: Granularity
    services: tuple[ServiceLastAccessed, ...]
    """Sorted by service namespace, as IAM sorts them."""
    entities: dict[str, tuple[EntityLastAccessed, ...]]
    """Service namespace → the subject's users/roles, most recent attempt first, never-attempted last."""


# -- subjects -----------------------------------------------------------------------------------
def _user_info(user: User) -> EntityInfo:
    return EntityInfo(arn=user.arn, name=user.name, type="USER", id=user.user_id, path=user.path)


def _role_info(role: Role) -> EntityInfo:
    return EntityInfo(arn=role.arn, name=role.name, type="ROLE", id=role.role_id, path=role.path)


def _texts(account: Account, inline: dict[str, str], attached: tuple[str, ...]) -> list[str]:
    texts = list(inline.values())
    texts += [text for arn in attached if (text := managed_document(account, arn)) is not None]
    return texts


def find_subject(account: Account, arn: str, operation: str = "") -> Subject:
    """The user, group, role or managed policy ``arn`` names in ``account`` (``NoSuchEntity``, ``InvalidInput``)."""
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "iam" or "/" not in parts[5]:
        raise AwsError("InvalidInput", f"ARN {arn} is not the ARN of an IAM user, group, role or policy.", operation)
    owner, (kind, _, rest) = parts[4], parts[5].partition("/")
    name = rest.rsplit("/", 1)[-1]
    missing = AwsError("NoSuchEntity", f"The {kind} with ARN {arn} cannot be found.", operation)
    if kind == "policy":
        return _policy_subject(account, arn, owner, missing)
    if owner != account.account_id or kind not in ("user", "group", "role"):
        raise missing
    if kind == "user":
        user = account.users.get(name.lower())
        if user is None or user.arn != arn:
            raise missing
        texts = _texts(account, user.inline_policies, user.attached_policies)
        for group_name in user.groups:
            group = account.groups.get(group_name.lower())
            if group is not None:
                texts += _texts(account, group.inline_policies, group.attached_policies)
        return Subject(entity=_user_info(user), principals=(_user_info(user),), policies=tuple(texts))
    if kind == "role":
        role = account.roles.get(name.lower())
        if role is None or role.arn != arn:
            raise missing
        texts = _texts(account, role.inline_policies, role.attached_policies)
        return Subject(entity=_role_info(role), principals=(_role_info(role),), policies=tuple(texts))
    group = account.groups.get(name.lower())
    if group is None or group.arn != arn:
        raise missing
    members = tuple(_user_info(u) for u in account.users.values() if group.name in u.groups)
    info = EntityInfo(arn=group.arn, name=group.name, type="GROUP", id=group.group_id, path=group.path)
    return Subject(
        entity=info, principals=members, policies=tuple(_texts(account, group.inline_policies, group.attached_policies))
    )


def _policy_subject(account: Account, arn: str, owner: str, missing: AwsError) -> Subject:
    if owner == "aws":
        policy = aws_managed_policy(arn)
    elif owner == account.account_id:
        policy = next((p for p in account.policies.values() if p.arn == arn), None)
    else:
        policy = None
    if policy is None:
        raise missing
    groups = {g.name for g in account.groups.values() if arn in g.attached_policies}
    users = [u for u in account.users.values() if arn in u.attached_policies or groups.intersection(u.groups)]
    roles = [r for r in account.roles.values() if arn in r.attached_policies]
    info = EntityInfo(arn=arn, name=policy.name, type="POLICY", id=policy.policy_id, path=policy.path)
    principals = tuple(_user_info(u) for u in users) + tuple(_role_info(r) for r in roles)
    return Subject(entity=info, principals=principals, policies=(policy.default_document,))


# -- which services and actions the policies allow ------------------------------------------------
class AllowedActions:
    """The Allow statements of some identity policies, asked which services and actions they allow at all."""

    def __init__(self, texts: Iterable[str]) -> None:
        self._allows: list[CompiledStatement] = []
        for index, text in enumerate(texts):
            try:
                compiled = compile_policy(document(text, f"identity policy {index + 1}"), "identity")
            except WorkbenchError:
                continue  # a document the engine refuses grants nothing
            self._allows += [s for s in compiled.statements if not s.deny]

    def allows(self, action: str) -> bool:
        lowered = action.lower()
        return any(statement.actions.matches(lowered) for statement in self._allows)

    def services(self) -> frozenset[str]:
        """Every service namespace some Allow statement grants at least one action of."""
        catalog = load_catalog()
        found: set[str] = set()
        for statement in self._allows:
            test = statement.actions
            if test.negated:  # NotAction: every service it names nothing of, and those it leaves an action of
                named = _services_named(statement.statement.not_action or ())
                found.update(p for p in catalog.services() if p not in named)
            else:
                patterns = statement.statement.action or ()
                named = _services_named(patterns)
                whole = {p for p in named if _whole_service(patterns, p)}
                found.update(whole)
                named -= whole
            found.update(p for p in named if any(test.matches(a.lower()) for a in catalog.service_actions(p)))
        return frozenset(found)


def _service_glob(pattern: str) -> Glob:
    return Glob.compile(pattern.partition(":")[0] if pattern != "*" else "*", case_insensitive=True)


def _services_named(patterns: Iterable[str]) -> set[str]:
    """The service namespaces whose actions some pattern could name (by its service part)."""
    services = load_catalog().services()
    named: set[str] = set()
    for pattern in patterns:
        glob = _service_glob(pattern)
        named.update(p for p in services if glob.matches(p))
    return named


def _whole_service(patterns: Iterable[str], prefix: str) -> bool:
    """Whether some pattern names every action of ``prefix`` (``*``, ``s3:*``, ``s*:*``)."""
    return any(
        (pattern == "*" or pattern.partition(":")[2] == "*") and _service_glob(pattern).matches(prefix)
        for pattern in patterns
    )


def is_tracked(full_name: str) -> bool:
    """Whether IAM keeps action-level last accessed data for this action."""
    lowered = full_name.lower()
    service, _, name = lowered.partition(":")
    if service not in ACTION_LEVEL_SERVICES or lowered in UNTRACKED_ACTIONS:
        return False
    if service == "lambda":
        return not name.startswith("invoke")
    if service == "s3":
        types = {t.name.lower() for t in load_catalog().resource_types(full_name)}
        return not types & _DATA_EVENT_RESOURCES and name not in _S3_DATA_LISTS
    return True


# -- the report ----------------------------------------------------------------------------------
def event_service(event: ActivityEvent) -> str:
    """The namespace of the service an event called (``s3`` for ``s3.amazonaws.com``)."""
    return event.event_source.split(".", 1)[0]


def _event_action(event: ActivityEvent, service: str) -> str | None:
    """The action an attempt was for, in AWS casing (``s3:CreateBucket``), when it is a real one."""
    action = event.action
    name = action.split(":", 1)[1] if action and action.split(":", 1)[0].lower() == service else event.event_name
    info = load_catalog().action(f"{service}:{name}")
    return info.full_name if info is not None else None


def _attempted_by(event: ActivityEvent, principals: dict[str, EntityInfo]) -> EntityInfo | None:
    if event.principal_arn is None:
        return None  # the credentials did not authenticate: AWS does not report it
    if event.session_issuer_arn is not None:
        return principals.get(event.session_issuer_arn)
    return principals.get(event.principal_arn) if event.principal_type == "IAMUser" else None


Sighting = tuple[datetime, str, str]
"""When, by whom (ARN), in which Region."""


def _latest(seen: dict[str, Sighting], key: str, sighting: Sighting) -> None:
    if key not in seen or sighting[0] >= seen[key][0]:
        seen[key] = sighting


def last_accessed_report(
    subject: Subject,
    events: Iterable[ActivityEvent],
    *,
    as_of: datetime,
    granularity: Granularity = "SERVICE_LEVEL",
    reporting_delay: timedelta = REPORTING_DELAY,
) -> LastAccessedReport:
    """The report for ``subject`` as IAM would produce it at ``as_of`` (see the module docstring)."""
    allowed = AllowedActions(subject.policies)
    services = sorted(allowed.services())
    principals = {p.arn: p for p in subject.principals}
    by_actions = granularity == "ACTION_LEVEL"
    earliest, latest = as_of - TRACKING_PERIOD, as_of - reporting_delay
    by_service: dict[str, Sighting] = {}
    by_action: dict[str, Sighting] = {}
    by_entity: dict[str, dict[str, datetime]] = {service: {} for service in services}
    for event in events:
        who = _attempted_by(event, principals)
        service = event_service(event)
        if who is None or service not in by_entity or not earliest <= event.event_time <= latest:
            continue
        sighting = (event.event_time, who.arn, event.aws_region)
        _latest(by_service, service, sighting)
        by_entity[service][who.arn] = event.event_time
        action = _event_action(event, service) if by_actions else None
        if action is not None and is_tracked(action):
            _latest(by_action, action, sighting)
    catalog = load_catalog()
    rows = []
    for service in services:
        tracked = None
        if by_actions and service in ACTION_LEVEL_SERVICES:
            names = [a for a in catalog.service_actions(service) if is_tracked(a) and allowed.allows(a)]
            tracked = tuple(_tracked(name, by_action.get(name)) for name in names)
        seen = by_service.get(service)
        rows.append(
            ServiceLastAccessed(
                service_name=catalog.service_name(service) or service,
                service_namespace=service,
                last_authenticated=seen[0] if seen else None,
                last_authenticated_entity=seen[1] if seen else None,
                last_authenticated_region=seen[2] if seen else None,
                total_authenticated_entities=len(by_entity[service]) if seen else None,
                tracked_actions=tracked,
            )
        )
    entities = {service: _entity_rows(subject.principals, by_entity[service]) for service in services}
    return LastAccessedReport(
        subject=subject.entity, as_of=as_of, granularity=granularity, services=tuple(rows), entities=entities
    )


def _tracked(full_name: str, seen: Sighting | None) -> TrackedAction:
    name = full_name.split(":", 1)[1]
    if seen is None:
        return TrackedAction(action_name=name)
    return TrackedAction(
        action_name=name, last_accessed_time=seen[0], last_accessed_entity=seen[1], last_accessed_region=seen[2]
    )


def _entity_rows(principals: tuple[EntityInfo, ...], seen: dict[str, datetime]) -> tuple[EntityLastAccessed, ...]:
    accessed = sorted((p for p in principals if p.arn in seen), key=lambda p: seen[p.arn], reverse=True)
    never = sorted((p for p in principals if p.arn not in seen), key=lambda p: p.name.lower())
    return tuple(EntityLastAccessed(entity=p, last_authenticated=seen.get(p.arn)) for p in accessed + never)
