"""Simulated services' state (S3, Lambda, EC2, KMS) as immutable data, held in the simulation's :class:`State`.

Like the IAM entities, these are frozen: an operation builds changed copies and the simulation
swaps in the new state, so snapshots, restores and saved files cover services too.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

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
    """Lambda notification configurations: ``{"Id", "LambdaFunctionArn", "Event", "Prefix"}``."""

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
    grants: tuple[dict[str, object], ...] = ()


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
