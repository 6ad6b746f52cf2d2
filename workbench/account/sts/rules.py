"""STS's parameter rules (G13, S2, S6, S7): names, ids, durations and session tags, refused with AWS's ValidationError.

botocore already refuses what its model states as a minimum (``DurationSeconds`` below 900, a
one-character session name) before a request is sent; these checks cover the rest of each
parameter's documented constraint, with the wording AWS uses (``1 validation error detected: …``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from workbench.account.errors import AwsError

ROLE_SESSION_NAME = re.compile(r"^[\w+=,.@-]{2,64}$")
FEDERATED_NAME = re.compile(r"^[\w+=,.@-]{2,32}$")
EXTERNAL_ID = re.compile(r"^[\w+=,.@:/-]{2,1224}$")
SOURCE_IDENTITY = re.compile(r"^[\w+=,.@-]{2,64}$")
TAG_TEXT = re.compile(r"^[\w\s.:/=+\-@]*$")
ROLE_ARN = re.compile(r"^arn:aws:iam::(?P<account>\d{12}):role(?P<path>/(?:[^/]+/)*)(?P<name>[\w+=,.@-]{1,64})$")

MAX_SESSION_TAGS = 50
MAX_POLICY_ARNS = 10
CHAINED_SESSION_LIMIT = 3600
"""Role chaining caps a session at one hour, whatever the role allows (S2)."""


@dataclass(frozen=True, slots=True)
class DurationLimits:
    """What one STS API allows for ``DurationSeconds`` (S2)."""

    default: int
    maximum: int


ASSUME_ROLE_DURATION = DurationLimits(default=3600, maximum=43200)
USER_TOKEN_DURATION = DurationLimits(default=43200, maximum=129600)
ROOT_SESSION_LIMIT = 3600
"""Root's GetSessionToken/GetFederationToken sessions last at most an hour: longer requests are cut to one hour."""


def validation_error(value: object, member: str, constraint: str, operation: str) -> AwsError:
    """AWS's wording for a parameter that breaks its model constraint."""
    return AwsError(
        "ValidationError",
        f"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}",
        operation,
    )


def check_pattern(value: str, pattern: re.Pattern[str], member: str, shown: str, operation: str) -> None:
    """``value`` must match ``pattern`` (which also bounds its length); ``shown`` is the rule as AWS states it."""
    if not pattern.match(value):
        raise validation_error(value, member, shown, operation)


def check_role_session_name(name: str, operation: str) -> None:
    check_pattern(
        name,
        ROLE_SESSION_NAME,
        "roleSessionName",
        "Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and 64",
        operation,
    )


def check_external_id(external_id: str, operation: str) -> None:
    check_pattern(
        external_id,
        EXTERNAL_ID,
        "externalId",
        "Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]* and have length between 2 and 1224",
        operation,
    )


def check_source_identity(source_identity: str, operation: str) -> None:
    check_pattern(
        source_identity,
        SOURCE_IDENTITY,
        "sourceIdentity",
        "Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and 64",
        operation,
    )
    if source_identity.lower().startswith("aws:"):
        raise AwsError(
            "ValidationError", "SourceIdentity cannot begin with 'aws:': that prefix is reserved for AWS.", operation
        )


def check_federated_name(name: str, operation: str) -> None:
    check_pattern(
        name,
        FEDERATED_NAME,
        "name",
        "Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and 32",
        operation,
    )


def parse_role_arn(role_arn: str, operation: str) -> tuple[str, str, str]:
    """``arn:aws:iam::ACCOUNT:role/PATH/NAME`` → (account, path, name); anything else is a ValidationError."""
    found = ROLE_ARN.match(role_arn)
    if found is None:
        raise AwsError(
            "ValidationError",
            f"{role_arn} is invalid: RoleArn must be a role ARN such as arn:aws:iam::111122223333:role/NAME.",
            operation,
        )
    return found["account"], found["path"], found["name"]


def duration(requested: int | None, limits: DurationLimits, operation: str) -> int:
    """The session length in seconds: the default when not asked, ValidationError above the API's maximum."""
    if requested is None:
        return limits.default
    if requested > limits.maximum:
        raise validation_error(
            requested, "durationSeconds", f"Member must have value less than or equal to {limits.maximum}", operation
        )
    return requested


def session_tags(raw: Sequence[Mapping[str, str]] | None, operation: str) -> dict[str, str]:
    """``Tags=[{"Key", "Value"}]`` → a dict, checking count, sizes, characters and case-insensitive duplicates."""
    tags: dict[str, str] = {}
    listed = list(raw or [])
    if len(listed) > MAX_SESSION_TAGS:
        raise validation_error(
            f"{len(listed)} tags",
            "tags",
            f"Member must have length less than or equal to {MAX_SESSION_TAGS}",
            operation,
        )
    for tag in listed:
        key, value = tag["Key"], tag["Value"]
        if not 1 <= len(key) <= 128 or not TAG_TEXT.match(key):
            raise validation_error(
                key,
                "tags.member.key",
                "Member must have length between 1 and 128 and use letters, digits, spaces and _.:/=+-@",
                operation,
            )
        if len(value) > 256 or not TAG_TEXT.match(value):
            raise validation_error(
                value,
                "tags.member.value",
                "Member must have length less than or equal to 256 and use letters, digits, spaces and _.:/=+-@",
                operation,
            )
        if key.lower() in {k.lower() for k in tags}:
            raise AwsError(
                "ValidationError",
                "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
                operation,
            )
        tags[key] = value
    return tags


def transitive_keys(keys: Sequence[str] | None, tags: Mapping[str, str], operation: str) -> tuple[str, ...]:
    """``TransitiveTagKeys`` must name tags passed in the same request (S6)."""
    listed = tuple(keys or ())
    if len(listed) > MAX_SESSION_TAGS:
        raise validation_error(
            f"{len(listed)} keys",
            "transitiveTagKeys",
            f"Member must have length less than or equal to {MAX_SESSION_TAGS}",
            operation,
        )
    passed = {k.lower() for k in tags}
    for key in listed:
        if key.lower() not in passed:
            raise AwsError(
                "ValidationError",
                f"TransitiveTagKeys names {key!r}, which is not among the session tags passed in Tags.",
                operation,
            )
    return listed


def mfa_pair(serial_number: str | None, token_code: str | None, operation: str) -> tuple[str, str] | None:
    """``SerialNumber`` and ``TokenCode`` come together or not at all."""
    if serial_number is None and token_code is None:
        return None
    if serial_number is None or token_code is None:
        raise AwsError(
            "ValidationError",
            "SerialNumber and TokenCode must be passed together: the serial number names the MFA device, "
            "the token code is its current six-digit code.",
            operation,
        )
    return serial_number, token_code
