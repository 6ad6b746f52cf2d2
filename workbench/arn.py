"""Layer 0: the ARN value type (``arn:partition:service:region:account:resource``)."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.errors import InvalidArnError


@dataclass(frozen=True, slots=True)
class Arn:
    """A parsed ARN. The resource part may itself contain ``/`` and ``:`` (G8)."""

    partition: str
    service: str
    region: str
    account: str
    resource: str

    @classmethod
    def parse(cls, text: str) -> Arn:
        parts = text.split(":", 5)
        if len(parts) != 6 or parts[0] != "arn":
            raise InvalidArnError(
                f"{text!r} is not an ARN: an ARN has six parts, arn:partition:service:region:account:resource",
                code="arn_invalid",
            )
        if not parts[1] or not parts[2]:
            raise InvalidArnError(
                f"{text!r} is not an ARN: the partition and service parts must not be empty",
                code="arn_invalid",
            )
        return cls(parts[1], parts[2], parts[3], parts[4], parts[5])

    @property
    def resource_type(self) -> str:
        """The text before the first ``/`` or ``:`` of the resource part (``user``, ``role``, …)."""
        for index, char in enumerate(self.resource):
            if char in "/:":
                return self.resource[:index]
        return self.resource

    def __str__(self) -> str:
        return f"arn:{self.partition}:{self.service}:{self.region}:{self.account}:{self.resource}"


def is_arn(text: str) -> bool:
    try:
        Arn.parse(text)
    except InvalidArnError:
        return False
    return True


def role_arn_is_service_linked(role_arn: str | None) -> bool:
    """Service-linked roles live under the path ``/aws-service-role/`` (R3)."""
    return bool(role_arn) and ":role/aws-service-role/" in str(role_arn)
