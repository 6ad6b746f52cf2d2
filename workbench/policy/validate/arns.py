"""Validate, resource ARNs: the shape of each ``Resource``/``NotResource`` entry (G8, G9, V1, AMB-13)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from workbench.policy.findings import Finding, Severity
from workbench.policy.validate.context import CheckContext, ListElement, describe, has_wildcard, quote

_ELEMENTS: tuple[ListElement, ...] = ("Resource", "NotResource")
# S3 resource types whose ARNs carry a region and an account; buckets and objects carry neither.
_S3_REGIONAL_TYPES: Final = (
    "accesspoint/",
    "access-grants/",
    "job/",
    "storage-lens/",
    "storage-lens-group/",
    "async-request/",
)
_NO_REGION_SERVICES: Final = ("s3", "iam")


@dataclass(frozen=True, slots=True)
class ArnProblem:
    """What is wrong with one ARN; ``detail`` continues a sentence that names the entry."""

    code: str
    severity: Severity
    detail: str
    hint: str


def check(context: CheckContext) -> Iterator[Finding]:
    for statement in context.statements():
        for element in _ELEMENTS:
            for entry in context.entries(statement, element):
                for problem in arn_problems(entry.value):
                    yield context.finding(
                        problem.code,
                        problem.severity,
                        entry.pointer,
                        f"{describe(statement)}: the {element} {quote(entry.value)} {problem.detail}",
                        problem.hint,
                    )


def arn_problems(value: str) -> list[ArnProblem]:
    """Every problem of a Resource entry; empty for ``"*"`` and well-formed ARNs."""
    if value == "*":
        return []
    parts = value.split(":", 5)
    if parts[0] != "arn":
        return [
            ArnProblem(
                "validate_invalid_arn",
                Severity.ERROR,
                'is not an ARN; a resource is "*" or an ARN arn:partition:service:region:account:resource.',
                _not_an_arn_hint(value),
            )
        ]
    if len(parts) < 6:
        return [
            ArnProblem(
                "validate_invalid_arn",
                Severity.ERROR,
                f"has {len(parts)} parts separated by colons; an ARN has six "
                "(arn:partition:service:region:account:resource), even when some are empty.",
                "Keep the colons of the empty parts: an S3 bucket is arn:aws:s3:::bucket-name, an IAM "
                "role arn:aws:iam::111122223333:role/name.",
            )
        ]
    _, partition, service, region, account, resource = parts
    problems: list[ArnProblem] = []
    if "${" in value[: len(value) - len(resource)]:
        problems.append(
            ArnProblem(
                "validate_arn_variable_outside_resource",
                Severity.ERROR,
                "uses a policy variable before the resource part; variables work only in the resource "
                "part, after the fifth colon.",
                "Write the partition, service, region and account literally (or with * wildcards); "
                "use variables only in the resource part, as in arn:aws:s3:::bucket/${aws:username}/*.",
            )
        )
    if not partition or not service:
        problems.append(
            ArnProblem(
                "validate_invalid_arn",
                Severity.ERROR,
                f"has an empty {'partition' if not partition else 'service'} part.",
                'Write the partition ("aws") and the service prefix, e.g. arn:aws:s3:::bucket-name.',
            )
        )
    elif has_wildcard(service):
        problems.append(
            ArnProblem(
                "validate_arn_service_wildcard",
                Severity.ERROR,
                f"has a wildcard in the service part ({quote(service)}); wildcards are not allowed there.",
                'Name the service exactly (such as "s3"), or use "*" alone for every resource.',
            )
        )
    else:
        problems += _region_and_account(service.lower(), region, account, resource)
    return problems


def _region_and_account(service: str, region: str, account: str, resource: str) -> list[ArnProblem]:
    problems: list[ArnProblem] = []
    # Access points, jobs and the like do carry a region and account; a leading * may be one of them.
    regional_s3 = service == "s3" and resource.startswith((*_S3_REGIONAL_TYPES, "*"))
    if service == "s3" and account and account != "*" and not regional_s3:
        problems.append(
            ArnProblem(
                "validate_arn_account_not_allowed",
                Severity.ERROR,
                f"has an account id ({quote(account)}); S3 bucket and object ARNs have an empty account "
                "part, so this ARN matches nothing.",
                f"Write arn:aws:s3:::{resource} (bucket names are global).",
            )
        )
    if service in _NO_REGION_SERVICES and region and region != "*" and not regional_s3:
        example = "arn:aws:s3:::bucket/key" if service == "s3" else "arn:aws:iam::111122223333:role/name"
        problems.append(
            ArnProblem(
                "validate_arn_region_not_allowed",
                Severity.WARNING,
                f"names a region ({quote(region)}); {service.upper()} ARNs have an empty region part, so "
                "this ARN matches nothing.",
                f"Leave the region part empty, as in {example}.",
            )
        )
    return problems


def _not_an_arn_hint(value: str) -> str:
    if value and all(c.isalnum() or c in ".-_/*?" for c in value):
        bucket = value.split("/", 1)[0]
        return (
            f'If this is an S3 bucket or object, write "arn:aws:s3:::{value}" (the bucket alone is '
            f'arn:aws:s3:::{bucket}); for every resource write "*".'
        )
    return 'Write "*" or a full ARN such as arn:aws:s3:::bucket-name/*.'
