"""Analysis, policy generation: a principal's activity over a period → an identity policy allowing exactly what it used.

Like Access Analyzer's policy generation from CloudTrail, it reads the activity log
(:mod:`workbench.account.activity`): every call the user made — or, for a role, every call its
sessions made — between ``since`` and ``until``. By default only calls that were authorized count
(``decision == "allowed"``: the permission was needed and granted, even if the call then failed
for another reason); ``include_denied=True`` adds the attempts that were denied, to grant what a
workload tried and could not do.

Each call contributes its action (AWS casing) on the resource ARN it was authorized against
(``"*"`` for actions without resource-level permissions). Actions used on the same set of
resources share one statement. Output is deterministic (sorted), has ``Version`` 2012-10-17, and
passes validation without an ERROR; ``*``, ``?`` and ``$`` inside an ARN (S3 keys may hold them)
are written ``${*}``, ``${?}``, ``${$}`` so they stay literal (V4).

Limits, as with AWS's generator: a call that needs several permissions is logged with the last
one checked (e.g. ``sts:TagSession`` alongside ``sts:AssumeRole``), and actions that need no
permission (``sts:GetCallerIdentity``, ``sts:GetSessionToken``) are left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from workbench.account.activity import ActivityEvent
from workbench.analysis.errors import AnalysisError
from workbench.policy.catalog import load_catalog
from workbench.policy.findings import ValidationReport
from workbench.policy.model import PolicyDocument
from workbench.policy.parse import parse_policy
from workbench.policy.validate import validate_policy

if TYPE_CHECKING:
    from workbench.account.simulation import Simulation

_NO_PERMISSION_NEEDED = frozenset({"sts:getcalleridentity", "sts:getsessiontoken"})
_ESCAPES = {"$": "${$}", "*": "${*}", "?": "${?}"}


class GeneratedPolicy(BaseModel):
    """A policy generated from activity: the document, what it was generated from, and how to check it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    principal_arn: str
    since: datetime | None = None
    until: datetime | None = None
    include_denied: bool = False
    events_used: int
    """How many logged calls the policy was built from."""
    document: dict[str, Any]

    @property
    def text(self) -> str:
        """The policy as JSON text (indented), ready for ``PutUserPolicy``/``CreatePolicy``."""
        return json.dumps(self.document, indent=2)

    def parsed(self) -> PolicyDocument:
        return parse_policy(self.text, name=f"policy generated for {self.principal_arn}")

    def validation_report(self) -> ValidationReport:
        """What our validator says about it as an identity policy."""
        return validate_policy(self.text, "identity")


def generate_policy(
    sim: Simulation,
    principal_arn: str,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    include_denied: bool = False,
) -> GeneratedPolicy:
    """The least-privilege identity policy for what ``principal_arn`` (a user or role ARN) did in the period.

    Raises AnalysisError (``analysis_no_activity``) when the log holds no call to build from.
    """
    events = [
        event
        for event in sim.activity.query(principal_arn=principal_arn, since=since, until=until)
        if _counts(event, include_denied)
    ]
    if not events:
        period = f" between {since} and {until}" if since or until else ""
        raise AnalysisError(
            f"the activity log holds no authorized call by {principal_arn}{period}: nothing to generate from",
            code="analysis_no_activity",
        )
    return GeneratedPolicy(
        principal_arn=principal_arn,
        since=since,
        until=until,
        include_denied=include_denied,
        events_used=len(events),
        document={"Version": "2012-10-17", "Statement": _statements(events)},
    )


def _counts(event: ActivityEvent, include_denied: bool) -> bool:
    if event.action is None or event.decision is None or event.action.lower() in _NO_PERMISSION_NEEDED:
        return False
    return include_denied or event.decision == "allowed"


def _statements(events: Iterable[ActivityEvent]) -> list[dict[str, Any]]:
    """Actions grouped by the exact set of resources they were used on, each group one statement."""
    catalog = load_catalog()
    resources_of: dict[str, set[str]] = {}
    for event in events:
        assert event.action is not None
        info = catalog.action(event.action)
        action = info.full_name if info is not None else event.action
        resources_of.setdefault(action, set()).add(_resource(event.resource_arn))
    groups: dict[tuple[str, ...], list[str]] = {}
    for action, used_on in resources_of.items():
        key = ("*",) if "*" in used_on else tuple(sorted(used_on))
        groups.setdefault(key, []).append(action)
    ordered = sorted(((sorted(actions), resources) for resources, actions in groups.items()), key=_order)
    statements: list[dict[str, Any]] = []
    used_sids: dict[str, int] = {}
    for actions, resources in ordered:
        base = "".join(prefix.title().replace("-", "") for prefix in sorted({a.split(":")[0] for a in actions}))
        used_sids[base] = used_sids.get(base, 0) + 1
        sid = base if used_sids[base] == 1 else f"{base}{used_sids[base]}"
        statements.append({"Sid": sid, "Effect": "Allow", "Action": actions, "Resource": list(resources)})
    return statements


def _order(group: tuple[list[str], tuple[str, ...]]) -> tuple[str, tuple[str, ...]]:
    actions, resources = group
    return actions[0].lower(), resources


def _resource(arn: str | None) -> str:
    """The ARN as a policy Resource: the wildcard characters of its resource part kept literal (V4)."""
    if not arn or arn == "*":
        return "*"
    parts = arn.split(":", 5)
    if len(parts) != 6:
        return arn
    return ":".join([*parts[:5], "".join(_ESCAPES.get(char, char) for char in parts[5])])
