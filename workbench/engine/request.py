"""Engine input: who asks (a :class:`Principal`), to do what, on which resource, with which context.

The request context is normalised once, when the request is built: key names are lower-cased
(they are case-insensitive, G10), booleans and numbers become their wire text, arrays become
tuples (multivalued keys), and the principal-derived keys of rule K1 are added unless given.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from workbench.arn import Arn
from workbench.errors import InvalidArnError, InvalidRequestError

PrincipalType = Literal["user", "assumed-role", "federated-user", "root", "service", "anonymous"]
PRINCIPAL_TYPES: tuple[str, ...] = ("user", "assumed-role", "federated-user", "root", "service", "anonymous")

ContextValue = str | tuple[str, ...]

_AWS_PRINCIPAL_TYPE = {
    "user": "User",
    "assumed-role": "AssumedRole",
    "federated-user": "FederatedUser",
    "root": "Account",
    "anonymous": "Anonymous",
}


class Principal(BaseModel):
    """The caller. ``arn`` is the service name for a service principal, None when anonymous."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: PrincipalType
    arn: str | None = None
    account: str | None = None
    tags: dict[str, str] = Field(default_factory=dict)
    role_arn: str | None = None
    """The role behind an assumed-role session, with its path."""
    source_user_arn: str | None = None
    """The IAM user behind a federated-user session."""
    userid: str | None = None

    @classmethod
    def anonymous(cls) -> Principal:
        return cls(type="anonymous")

    @classmethod
    def from_arn(cls, arn: str | None, *, tags: Mapping[str, str] | None = None) -> Principal:
        """Infer the type from the ARN: ``…:user/…``, ``…:assumed-role/R/S``, ``…:federated-user/…``,
        ``…:root``; a service principal name such as ``s3.amazonaws.com``; None for anonymous."""
        if arn is None or arn in ("anonymous", "*"):
            return cls.anonymous()
        if not arn.startswith("arn:"):
            return cls(type="service", arn=arn)
        parts = arn.split(":", 5)
        if len(parts) != 6:
            raise InvalidRequestError(f"{arn!r} is not an ARN", code="request_principal_arn")
        account, resource = parts[4], parts[5]
        tag_map = dict(tags or {})
        if resource == "root":
            return cls(type="root", arn=arn, account=account)
        if resource.startswith("user/"):
            return cls(type="user", arn=arn, account=account, tags=tag_map)
        if resource.startswith("assumed-role/"):
            role_arn = f"arn:{parts[1]}:iam::{account}:role/{resource.split('/')[1]}"
            return cls(type="assumed-role", arn=arn, account=account, role_arn=role_arn, tags=tag_map)
        if resource.startswith("federated-user/"):
            return cls(type="federated-user", arn=arn, account=account, tags=tag_map)
        raise InvalidRequestError(
            f"{arn!r} is not a principal ARN (user/…, assumed-role/…/…, federated-user/…, or root)",
            code="request_principal_arn",
        )

    @property
    def is_authenticated(self) -> bool:
        return self.type != "anonymous"

    @property
    def has_identity_policies(self) -> bool:
        return self.type in ("user", "assumed-role", "federated-user")

    @property
    def is_service_linked_role_session(self) -> bool:
        return self.type == "assumed-role" and ":role/aws-service-role/" in (self.role_arn or "")

    @property
    def user_name(self) -> str | None:
        if self.type != "user" or not self.arn:
            return None
        return self.arn.rsplit("/", 1)[-1]

    def check(self) -> None:
        """Raise a typed error when the fields do not describe a possible caller."""
        if self.type in ("anonymous",):
            return
        if not self.arn:
            raise InvalidRequestError(f"a principal of type {self.type} needs an arn", code="request_principal_arn")
        if self.type == "service":
            return
        try:
            Arn.parse(self.arn)
        except InvalidArnError as error:
            raise InvalidRequestError(f"principal: {error.message}", code="request_principal_arn") from error
        if not self.account:
            raise InvalidRequestError(
                f"a principal of type {self.type} needs its 12-digit account",
                code="request_principal_account",
            )
        if self.type == "assumed-role" and not self.role_arn:
            raise InvalidRequestError(
                "an assumed-role principal needs role_arn, the role behind the session",
                code="request_principal_role",
            )

    def derived_context(self) -> dict[str, ContextValue]:
        """Rule K1: keys that AWS derives from the caller (lower-cased names)."""
        keys: dict[str, ContextValue] = {}
        if self.type == "service":
            keys["aws:principalisawsservice"] = "true"
            keys["aws:principalservicename"] = self.arn or ""
            return keys
        aws_type = _AWS_PRINCIPAL_TYPE[self.type]
        keys["aws:principaltype"] = aws_type
        if self.type == "anonymous":
            keys["aws:userid"] = "anonymous"
            return keys
        keys["aws:principalisawsservice"] = "false"
        if self.account:
            keys["aws:principalaccount"] = self.account
        if self.type == "assumed-role":
            keys["aws:principalarn"] = self.role_arn or ""
        elif self.arn:
            keys["aws:principalarn"] = self.arn
        if self.type == "user" and self.user_name:
            keys["aws:username"] = self.user_name
        if self.userid:
            keys["aws:userid"] = self.userid
        elif self.type == "root" and self.account:
            keys["aws:userid"] = self.account
        elif self.type == "federated-user" and self.account and self.arn:
            keys["aws:userid"] = f"{self.account}:{self.arn.rsplit('/', 1)[-1]}"
        if self.type != "root":
            for tag_key, tag_value in self.tags.items():
                keys[f"aws:principaltag/{tag_key.lower()}"] = tag_value
        return keys


class Resource(BaseModel):
    """The target. ``arn`` is ``"*"`` for actions without resource-level permissions."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    arn: str = "*"
    account: str | None = None


def normalise_context_value(key: str, value: Any) -> ContextValue:
    """Wire form: strings; ``true``/``false``; numbers as text; arrays as tuples (multivalued)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return tuple(normalise_context_value(key, item) for item in value)  # type: ignore[misc]
    raise InvalidRequestError(
        f"context key {key!r}: a value must be a string, number, boolean or an array of them",
        code="request_context_value",
    )


_DERIVED = ("action_lower", "normalised_context", "is_cross_account", "resource_arn")


class AuthorizationRequest(BaseModel):
    """One request to decide. Build it once; the normalised context is computed on first use."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    principal: Principal
    action: str
    resource: Resource = Field(default_factory=Resource)
    context: dict[str, Any] = Field(default_factory=dict)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> AuthorizationRequest:
        """A copy whose derived values (normalised context, parsed ARN…) are computed afresh."""
        copy = super().model_copy(update=update, deep=deep)
        for name in _DERIVED:
            copy.__dict__.pop(name, None)
        return copy

    @cached_property
    def action_lower(self) -> str:
        return self.action.lower()

    @cached_property
    def normalised_context(self) -> Mapping[str, ContextValue]:
        """Lower-cased keys; the request's own values win over principal-derived ones (K1)."""
        merged = self.principal.derived_context()
        for key, value in self.context.items():
            merged[key.lower()] = normalise_context_value(key, value)
        return merged

    @cached_property
    def is_cross_account(self) -> bool:
        if self.principal.type in ("service", "anonymous"):
            return False
        return bool(self.resource.account) and self.resource.account != self.principal.account

    @cached_property
    def resource_arn(self) -> Arn | None:
        """The parsed resource ARN, or None for ``"*"``."""
        if self.resource.arn == "*":
            return None
        return Arn.parse(self.resource.arn)

    def check(self) -> None:
        """Raise a typed error when the request cannot be evaluated (bad ARN, bad action)."""
        self.principal.check()
        if ":" not in self.action or self.action.startswith(":") or self.action.endswith(":"):
            raise InvalidRequestError(
                f"action {self.action!r} must look like service:ActionName, e.g. s3:GetObject",
                code="request_action",
            )
        if any(char in self.action for char in "*?"):
            raise InvalidRequestError(
                f"action {self.action!r}: a request names one action; wildcards belong in policies",
                code="request_action",
            )
        try:
            self.resource_arn  # noqa: B018 - parse now so a bad ARN fails before evaluation
        except InvalidArnError as error:
            raise InvalidRequestError(f"resource: {error.message}", code="request_resource_arn") from error
        # Validate and normalise once, now, so deciding never pays for it.
        self.normalised_context  # noqa: B018
        self.is_cross_account  # noqa: B018
        self.action_lower  # noqa: B018
