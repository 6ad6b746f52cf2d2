"""Audit (A1): an account's state → its IAM credential report, the CSV that ``GetCredentialReport`` returns.

One row for the root user (``<root_account>``) and one per IAM user, with AWS's columns in AWS's
order and its placeholder values: ``N/A`` (no such credential, or a key never used),
``no_information`` (a password never used), ``not_supported`` (the root user's password columns).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from workbench.account.model import AccessKey, Account, User

if TYPE_CHECKING:
    from workbench.account.credential_use import KeyLastUsed

COLUMNS: tuple[str, ...] = (
    "user",
    "arn",
    "user_creation_time",
    "password_enabled",
    "password_last_used",
    "password_last_changed",
    "password_next_rotation",
    "mfa_active",
    "access_key_1_active",
    "access_key_1_last_rotated",
    "access_key_1_last_used_date",
    "access_key_1_last_used_region",
    "access_key_1_last_used_service",
    "access_key_2_active",
    "access_key_2_last_rotated",
    "access_key_2_last_used_date",
    "access_key_2_last_used_region",
    "access_key_2_last_used_service",
    "cert_1_active",
    "cert_1_last_rotated",
    "cert_2_active",
    "cert_2_last_rotated",
)
ROOT_ROW_NAME = "<root_account>"
NOT_APPLICABLE = "N/A"
NEVER_USED = "no_information"
NOT_SUPPORTED = "not_supported"


def report_time(moment: datetime) -> str:
    """The report's timestamp text: ISO 8601 in UTC, ``2026-01-05T09:00:00+00:00``."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def _flag(value: bool) -> str:
    return "true" if value else "false"


KeyUse = Callable[[str], "KeyLastUsed | None"]
"""When an access key was last used (from the activity log: ``credential_use.key_last_used``)."""


def _key_columns(keys: tuple[AccessKey, ...], index: int, key_use: KeyUse) -> list[str]:
    if index >= len(keys):
        return ["false", NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE]
    key = keys[index]
    used = key_use(key.access_key_id)
    return [
        _flag(key.status == "Active"),
        report_time(key.create_date),
        report_time(used.last_used_date) if used is not None else NOT_APPLICABLE,
        used.region if used is not None else NOT_APPLICABLE,
        used.service_name if used is not None else NOT_APPLICABLE,
    ]


_NO_CERTIFICATES = ["false", NOT_APPLICABLE, "false", NOT_APPLICABLE]


def _root_row(account: Account, key_use: KeyUse) -> list[str]:
    root = account.root
    if root.password_last_used is not None:
        last_used = report_time(root.password_last_used)
    else:
        last_used = NEVER_USED if root.password_hash else NOT_APPLICABLE
    return [
        ROOT_ROW_NAME,
        f"arn:aws:iam::{account.account_id}:root",
        report_time(account.create_date),
        NOT_SUPPORTED,
        last_used,
        NOT_SUPPORTED,
        NOT_SUPPORTED,
        _flag(bool(root.mfa_serials)),
        *_key_columns(root.access_keys, 0, key_use),
        *_key_columns(root.access_keys, 1, key_use),
        *_NO_CERTIFICATES,
    ]


def _user_row(account: Account, user: User, key_use: KeyUse) -> list[str]:
    profile = user.login_profile
    if profile is None:
        password = [_flag(False), NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE]
    else:
        changed = profile.password_last_changed or profile.create_date
        max_age = account.password_policy.max_password_age if account.password_policy else None
        password = [
            _flag(True),
            report_time(user.password_last_used) if user.password_last_used is not None else NEVER_USED,
            report_time(changed),
            report_time(changed + timedelta(days=max_age)) if max_age else NOT_APPLICABLE,
        ]
    return [
        user.name,
        user.arn,
        report_time(user.create_date),
        *password,
        _flag(bool(user.mfa_serials)),
        *_key_columns(user.access_keys, 0, key_use),
        *_key_columns(user.access_keys, 1, key_use),
        *_NO_CERTIFICATES,
    ]


def credential_report_csv(account: Account, key_use: KeyUse) -> bytes:
    """The credential report of ``account`` as CSV bytes (header row, the root user, then users by name)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerow(_root_row(account, key_use))
    for user in sorted(account.users.values(), key=lambda u: u.name.lower()):
        writer.writerow(_user_row(account, user, key_use))
    return out.getvalue().encode("utf-8")
