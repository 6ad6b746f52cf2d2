"""Account state: the organization, its accounts and every IAM entity, as immutable (frozen) pydantic data.

State is never edited in place: an operation builds the changed objects with ``model_copy`` and the
simulation swaps in the new root. A snapshot is therefore just a reference to the old root, so
"reset the account" in a lesson is instant, and a saved file is the root dumped to JSON.
Names of users, groups, roles, policies and profiles are unique case-insensitively: the maps are
keyed by the lower-cased name, while each entity keeps the name as created.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from workbench.services.state import ServiceState


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


Tags = dict[str, str]


class AccessKey(Frozen):
    access_key_id: str
    secret_access_key: str
    status: Literal["Active", "Inactive"] = "Active"
    create_date: datetime


class LoginProfile(Frozen):
    password_hash: str
    """``salt$sha256`` — the simulation never keeps a password in clear text."""
    create_date: datetime
    password_reset_required: bool = False
    password_last_changed: datetime | None = None


class MFADevice(Frozen):
    """A virtual MFA device (TOTP, RFC 6238) and, once enabled, the user it belongs to."""

    serial_number: str
    name: str
    path: str = "/"
    seed_base32: str
    create_date: datetime
    user: str | None = None
    """The user name it is enabled for (``<root_account>`` for the root user), or None while unassigned."""
    enable_date: datetime | None = None
    last_accepted_step: int | None = None
    """The last TOTP time step accepted; a code is never accepted twice (AMB-24)."""
    tags: Tags = Field(default_factory=dict)


class User(Frozen):
    name: str
    path: str = "/"
    user_id: str
    arn: str
    create_date: datetime
    tags: Tags = Field(default_factory=dict)
    inline_policies: dict[str, str] = Field(default_factory=dict)
    """Policy name → document text."""
    attached_policies: tuple[str, ...] = ()
    """Managed policy ARNs, in attachment order."""
    permissions_boundary: str | None = None
    groups: tuple[str, ...] = ()
    """Group names (as created), in the order the user joined them."""
    access_keys: tuple[AccessKey, ...] = ()
    login_profile: LoginProfile | None = None
    mfa_serials: tuple[str, ...] = ()
    password_last_used: datetime | None = None


class Group(Frozen):
    name: str
    path: str = "/"
    group_id: str
    arn: str
    create_date: datetime
    inline_policies: dict[str, str] = Field(default_factory=dict)
    attached_policies: tuple[str, ...] = ()


class Role(Frozen):
    name: str
    path: str = "/"
    role_id: str
    arn: str
    create_date: datetime
    trust_policy: str
    description: str = ""
    max_session_duration: int = 3600
    permissions_boundary: str | None = None
    inline_policies: dict[str, str] = Field(default_factory=dict)
    attached_policies: tuple[str, ...] = ()
    tags: Tags = Field(default_factory=dict)
    last_used_date: datetime | None = None
    last_used_region: str | None = None

    @property
    def service_linked(self) -> bool:
        return self.path.startswith("/aws-service-role/")


class PolicyVersion(Frozen):
    version_id: str
    document: str
    create_date: datetime


class ManagedPolicy(Frozen):
    arn: str
    name: str
    path: str = "/"
    policy_id: str
    create_date: datetime
    update_date: datetime
    description: str = ""
    default_version_id: str = "v1"
    versions: tuple[PolicyVersion, ...]
    aws_managed: bool = False
    tags: Tags = Field(default_factory=dict)
    next_version: int = 2
    """AWS never reuses a version number, even after deletions."""

    @property
    def default_document(self) -> str:
        return next(v.document for v in self.versions if v.version_id == self.default_version_id)


class InstanceProfile(Frozen):
    name: str
    path: str = "/"
    instance_profile_id: str
    arn: str
    create_date: datetime
    roles: tuple[str, ...] = ()
    tags: Tags = Field(default_factory=dict)


class OIDCProvider(Frozen):
    arn: str
    url: str
    client_ids: tuple[str, ...] = ()
    thumbprints: tuple[str, ...] = ()
    create_date: datetime
    tags: Tags = Field(default_factory=dict)


class PasswordPolicy(Frozen):
    minimum_password_length: int = 8
    require_symbols: bool = False
    require_numbers: bool = False
    require_uppercase_characters: bool = False
    require_lowercase_characters: bool = False
    allow_users_to_change_password: bool = False
    max_password_age: int | None = None
    password_reuse_prevention: int | None = None
    hard_expiry: bool = False


class RootUser(Frozen):
    password_hash: str | None = None
    access_keys: tuple[AccessKey, ...] = ()
    mfa_serials: tuple[str, ...] = ()
    password_last_used: datetime | None = None


class Account(Frozen):
    account_id: str
    name: str
    email: str
    alias: str | None = None
    create_date: datetime
    root: RootUser = Field(default_factory=RootUser)
    users: dict[str, User] = Field(default_factory=dict)
    groups: dict[str, Group] = Field(default_factory=dict)
    roles: dict[str, Role] = Field(default_factory=dict)
    policies: dict[str, ManagedPolicy] = Field(default_factory=dict)
    """Customer managed policies, keyed by lower-cased name (AWS managed ones are global)."""
    instance_profiles: dict[str, InstanceProfile] = Field(default_factory=dict)
    oidc_providers: dict[str, OIDCProvider] = Field(default_factory=dict)
    """Keyed by ARN."""
    mfa_devices: dict[str, MFADevice] = Field(default_factory=dict)
    """Virtual MFA devices keyed by serial number (ARN)."""
    password_policy: PasswordPolicy | None = None
    credential_report_time: datetime | None = None
    managed_policy_quota: int = 10
    """Managed policies attachable per user or role (AMB-15: default 10, configurable)."""


class OrganizationalUnit(Frozen):
    ou_id: str
    arn: str
    name: str
    parent_id: str


class OrganizationPolicy(Frozen):
    """An SCP or RCP of the organization."""

    policy_id: str
    arn: str
    name: str
    type: Literal["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"]
    content: str
    description: str = ""
    aws_managed: bool = False


PolicyTypeName = Literal["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"]


class Membership(Frozen):
    """How and when an account joined (``JoinedMethod``/``JoinedTimestamp`` in DescribeAccount)."""

    joined_method: Literal["CREATED", "INVITED"]
    joined_timestamp: datetime


class CreateAccountRequest(Frozen):
    """One CreateAccount request, for DescribeCreateAccountStatus."""

    request_id: str
    account_name: str
    state: Literal["SUCCEEDED", "FAILED"]
    requested: datetime
    completed: datetime
    account_id: str | None = None
    failure_reason: str | None = None


class OrganizationRecords(Frozen):
    """What Organizations remembers besides the tree: policy types, memberships, account requests."""

    feature_set: Literal["ALL"] = "ALL"
    enabled_policy_types: tuple[PolicyTypeName, ...] = ("SERVICE_CONTROL_POLICY",)
    memberships: dict[str, Membership] = Field(default_factory=dict)
    create_account_requests: dict[str, CreateAccountRequest] = Field(default_factory=dict)


class Organization(Frozen):
    org_id: str
    arn: str
    management_account_id: str
    root_id: str
    ous: dict[str, OrganizationalUnit] = Field(default_factory=dict)
    parents: dict[str, str] = Field(default_factory=dict)
    """Account id → the id of its parent (the root or an OU)."""
    policies: dict[str, OrganizationPolicy] = Field(default_factory=dict)
    attachments: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    """Target id (root, OU or account) → attached policy ids."""
    records: OrganizationRecords = Field(default_factory=OrganizationRecords)


SessionKind = Literal["assumed-role", "federated-user", "session-token", "console"]
"""``console``: a console sign-in (password, and MFA when the user has a device); unlike
GetSessionToken credentials it may use IAM without MFA."""


class Session(Frozen):
    """Temporary credentials and everything the request context needs from them (§5, §6)."""

    access_key_id: str
    secret_access_key: str
    session_token: str
    kind: SessionKind
    account_id: str
    arn: str
    """The session ARN (``…:assumed-role/R/S``, ``…:federated-user/N``) or, for GetSessionToken, the user's."""
    issued: datetime
    expiration: datetime
    role_name: str | None = None
    session_name: str | None = None
    user_name: str | None = None
    """The IAM user behind a session-token or federated-user session (None for root)."""
    session_policies: tuple[str, ...] = ()
    session_tags: Tags = Field(default_factory=dict)
    transitive_tag_keys: tuple[str, ...] = ()
    source_identity: str | None = None
    mfa_authenticated_at: datetime | None = None
    chained: bool = False
    federated_provider: str | None = None
    instance_id: str | None = None


class State(Frozen):
    """The whole simulated world at one instant."""

    schema_version: Literal[1] = 1
    accounts: dict[str, Account] = Field(default_factory=dict)
    organization: Organization | None = None
    sessions: dict[str, Session] = Field(default_factory=dict)
    """Temporary credentials by access key id."""
    now: datetime
    """The simulated clock at the time of the snapshot or save."""
    id_counter: int = 0
    """How many ids the simulation has issued (so a loaded world continues the same sequence)."""
    activity_count: int = 0
    """How many activity-log events existed at the snapshot (a restore truncates the log to it)."""
    services: ServiceState = Field(default_factory=ServiceState)
    """S3 buckets, Lambda functions, EC2 instances, KMS keys."""
