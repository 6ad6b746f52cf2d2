"""Audit (A1): the activity log → when an access key, a role and a password were last used.

``GetAccessKeyLastUsed``, a role's ``RoleLastUsed`` and a user's ``PasswordLastUsed`` (and the
credential report's columns) all come from here, recorded as coarsely as IAM records them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from workbench.account.activity import ActivityEvent
from workbench.account.last_accessed import TRACKING_PERIOD, AwsShaped, event_service

if TYPE_CHECKING:
    from workbench.account.simulation import Simulation

KEY_USE_RECORDING = timedelta(minutes=15)
"""A key used again within this span keeps its recorded use (A1)."""
PASSWORD_USE_RECORDING = timedelta(minutes=5)
"""A password used again within this span keeps its first recorded use (A1)."""


class KeyLastUsed(AwsShaped):
    """``GetAccessKeyLastUsed``'s ``AccessKeyLastUsed``."""

    last_used_date: datetime
    service_name: str
    region: str


class RoleLastUsed(AwsShaped):
    """A role's ``RoleLastUsed``."""

    last_used_date: datetime
    region: str


def key_last_used(sim: Simulation, access_key_id: str) -> KeyLastUsed | None:
    """When a long-term access key last signed an authenticated request, to which service, in which Region.

    As IAM records it: a use within 15 minutes of the recorded one keeps the recorded one (A1).
    Calls a service forwarded with the caller's identity (S3 → KMS) are not uses of the key.
    None for a key never used, and for temporary (``ASIA…``) keys, which IAM does not track.
    """
    if not access_key_id.startswith("AKIA"):
        return None
    found: KeyLastUsed | None = None
    for event in sim.activity:
        if event.access_key_id != access_key_id or event.principal_arn is None or _forwarded(event):
            continue
        if found is None or event.event_time - found.last_used_date >= KEY_USE_RECORDING:
            found = KeyLastUsed(
                last_used_date=event.event_time, service_name=event_service(event), region=event.aws_region
            )
    return found


def _forwarded(event: ActivityEvent) -> bool:
    """A call a service made with the caller's identity (its source is the service, as in CloudTrail)."""
    return (event.source_ip or "").endswith(".amazonaws.com")


def role_last_used(sim: Simulation, role_arn: str) -> RoleLastUsed | None:
    """When and where a role was last used — assumed, or its sessions made a request — within 400 days."""
    earliest = sim.clock.now() - TRACKING_PERIOD
    found: RoleLastUsed | None = None
    for event in sim.activity:
        used = event.session_issuer_arn == role_arn or (
            event.event_name.startswith("AssumeRole") and event.resource_arn == role_arn and event.error_code is None
        )
        if used and event.event_time >= earliest:
            found = RoleLastUsed(last_used_date=event.event_time, region=event.aws_region)
    return found


def password_last_used(sim: Simulation, user_arn: str) -> datetime | None:
    """When ``user_arn`` (or ``arn:aws:iam::<acct>:root``) last signed in with its password.

    Reads ``ConsoleLogin`` events (``signin.amazonaws.com``), recorded at most once per 5 minutes (A1).
    """
    found: datetime | None = None
    for event in sim.activity:
        if (
            event.event_source == "signin.amazonaws.com"
            and event.event_name == "ConsoleLogin"
            and event.principal_arn == user_arn
            and event.error_code is None
            and (found is None or event.event_time - found >= PASSWORD_USE_RECORDING)
        ):
            found = event.event_time
    return found
