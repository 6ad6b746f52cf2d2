"""Simulated services' state (S3, Lambda, EC2, KMS) as immutable data, held in the simulation's :class:`State`.

Like the IAM entities, these are frozen: an operation builds changed copies and the simulation
swaps in the new state, so snapshots, restores and saved files cover services too.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PublicAccessBlock(_Frozen):
    """S3 Block Public Access settings (bucket- or account-level)."""

    block_public_acls: bool = False
    ignore_public_acls: bool = False
    block_public_policy: bool = False
    restrict_public_buckets: bool = False


class S3Object(_Frozen):
    key: str
    content: bytes = b""
    content_type: str = "binary/octet-stream"
    last_modified: datetime
    etag: str
    tags: dict[str, str] = Field(default_factory=dict)
    metadata: dict[str, str] = Field(default_factory=dict)
    """User-defined ``x-amz-meta-*`` metadata (``Metadata`` in PutObject)."""
    server_side_encryption: str | None = None
    """``AES256`` or ``aws:kms``."""
    kms_key_id: str | None = None


class Bucket(_Frozen):
    name: str
    account_id: str
    region: str = "us-east-1"
    create_date: datetime
    policy: str | None = None
    tags: dict[str, str] = Field(default_factory=dict)
    public_access_block: PublicAccessBlock | None = None
    objects: dict[str, S3Object] = Field(default_factory=dict)
    notifications: tuple[dict[str, str], ...] = ()
    """Lambda notification configurations: ``{"Id", "LambdaFunctionArn", "Event", "Prefix", "Suffix"}``."""

    @property
    def arn(self) -> str:
        return f"arn:aws:s3:::{self.name}"


class LambdaFunction(_Frozen):
    name: str
    arn: str
    account_id: str
    region: str
    role_arn: str
    runtime: str = "python3.12"
    handler: str = "app.handler"
    """Which registered Python callable runs (see ``workbench.services.lambda_.handlers``)."""
    policy: str | None = None
    """The function's resource-based policy (AddPermission/RemovePermission)."""
    create_date: datetime
    tags: dict[str, str] = Field(default_factory=dict)
    description: str = ""
    timeout: int = 3
    memory_size: int = 128
    environment: dict[str, str] = Field(default_factory=dict)
    code_sha256: str = ""
    code_size: int = 0
    last_modified: datetime | None = None


class Instance(_Frozen):
    instance_id: str
    account_id: str
    region: str
    image_id: str
    instance_type: str = "t3.micro"
    state: Literal["running", "stopped", "terminated"] = "running"
    launch_time: datetime
    instance_profile_arn: str | None = None
    tags: dict[str, str] = Field(default_factory=dict)
    credentials_key: str | None = None
    """The access key id of the role credentials the instance metadata currently serves."""
    reservation_id: str | None = None
    key_name: str | None = None
    metadata_http_tokens: Literal["optional", "required"] = "required"
    profile_association_id: str | None = None
    profile_associated_at: datetime | None = None


class KeyGrant(_Frozen):
    """One grant: its grantee may perform ``operations`` on the key, within ``constraints``."""

    grant_id: str
    grant_token: str
    name: str = ""
    grantee_principal: str
    retiring_principal: str | None = None
    operations: tuple[str, ...]
    """KMS operation names as in the API (``Decrypt``, ``GenerateDataKey``, …)."""
    encryption_context_subset: dict[str, str] | None = None
    encryption_context_equals: dict[str, str] | None = None
    issuing_account: str
    creation_date: datetime

    def constraints(self) -> dict[str, Any]:
        answer: dict[str, Any] = {}
        if self.encryption_context_subset is not None:
            answer["EncryptionContextSubset"] = dict(self.encryption_context_subset)
        if self.encryption_context_equals is not None:
            answer["EncryptionContextEquals"] = dict(self.encryption_context_equals)
        return answer


class KeyAlias(_Frozen):
    """A friendly name (``alias/…``) pointing at the key; unique within an account and Region."""

    name: str
    creation_date: datetime
    last_updated_date: datetime


class ScheduledDeletion(_Frozen):
    """The key is ``PendingDeletion`` until ``deletion_date``, then gone."""

    deletion_date: datetime
    window_days: int


class KmsKey(_Frozen):
    key_id: str
    arn: str
    account_id: str
    region: str
    policy: str
    description: str = ""
    enabled: bool = True
    aws_managed: bool = False
    create_date: datetime
    tags: dict[str, str] = Field(default_factory=dict)
    grants: tuple[KeyGrant, ...] = ()
    aliases: tuple[KeyAlias, ...] = ()
    deletion: ScheduledDeletion | None = None


class ServiceState(_Frozen):
    """Everything the simulated services hold."""

    buckets: dict[str, Bucket] = Field(default_factory=dict)
    """By bucket name (globally unique, as in S3)."""
    account_public_access_blocks: dict[str, PublicAccessBlock] = Field(default_factory=dict)
    functions: dict[str, LambdaFunction] = Field(default_factory=dict)
    """By function ARN."""
    instances: dict[str, Instance] = Field(default_factory=dict)
    keys: dict[str, KmsKey] = Field(default_factory=dict)
    """By key ARN."""
