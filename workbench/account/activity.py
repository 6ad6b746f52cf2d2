"""The activity log: every call to every simulated API, CloudTrail-like: who, from where, did what, and how it ended.

Calls are recorded by the client base (``service.operation``), allowed or denied, so "last
accessed" data, unused-access findings and policies generated from activity can all be computed
from it. The log is append-only; a snapshot remembers its length and a restore truncates to it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from workbench.clock import iso
from workbench.files import write_atomically


class ActivityEvent(BaseModel):
    """One API call. Field names follow CloudTrail's where it has one."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_time: datetime
    event_source: str
    """``iam.amazonaws.com``, ``s3.amazonaws.com``, …"""
    event_name: str
    """The operation: ``CreateUser``, ``GetObject``, …"""
    aws_region: str
    source_ip: str | None
    account_id: str | None
    """The caller's account (None when the credentials could not be resolved)."""
    principal_type: str | None
    """``IAMUser``, ``AssumedRole``, ``FederatedUser``, ``Root``, or None."""
    principal_arn: str | None
    access_key_id: str | None
    session_issuer_arn: str | None = None
    """For role sessions: the role's ARN."""
    mfa_authenticated: bool = False
    action: str | None = None
    """The IAM action authorized (``iam:CreateUser``)."""
    resource_arn: str | None = None
    resource_account: str | None = None
    decision: str | None = None
    """``allowed``, ``explicitDeny`` or ``implicitDeny``; None when the call failed before authorization."""
    error_code: str | None = None
    error_message: str | None = None
    request_id: str

    def to_json(self) -> dict[str, object]:
        data = self.model_dump(mode="json")
        data["event_time"] = iso(self.event_time)
        return data


class ActivityLog:
    """Append-only, in order of time."""

    def __init__(self, events: Iterable[ActivityEvent] = ()) -> None:
        self._events: list[ActivityEvent] = list(events)

    def record(self, event: ActivityEvent) -> None:
        self._events.append(event)

    def __len__(self) -> int:
        return len(self._events)

    def __iter__(self) -> Iterator[ActivityEvent]:
        return iter(self._events)

    def truncate(self, length: int) -> None:
        del self._events[length:]

    def query(
        self,
        *,
        principal_arn: str | None = None,
        account_id: str | None = None,
        event_source: str | None = None,
        action: str | None = None,
        access_key_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        denied: bool | None = None,
    ) -> list[ActivityEvent]:
        """Events matching every criterion given (``action`` compares case-insensitively)."""
        wanted_action = action.lower() if action else None
        found = []
        for event in self._events:
            if principal_arn is not None and principal_arn not in (event.principal_arn, event.session_issuer_arn):
                continue
            if account_id is not None and event.account_id != account_id:
                continue
            if event_source is not None and event.event_source != event_source:
                continue
            if wanted_action is not None and (event.action or "").lower() != wanted_action:
                continue
            if access_key_id is not None and event.access_key_id != access_key_id:
                continue
            if since is not None and event.event_time < since:
                continue
            if until is not None and event.event_time > until:
                continue
            if denied is not None and (event.error_code is not None) != denied:
                continue
            found.append(event)
        return found

    def to_jsonl(self) -> str:
        return "".join(json.dumps(event.to_json(), sort_keys=True) + "\n" for event in self._events)

    def export(self, path: Path) -> None:
        """Write the log as JSON Lines (one event per line), atomically."""
        write_atomically(path, self.to_jsonl())
