"""Analysis, step 0's vocabulary: a principal as the analyses see it, and stand-ins for principals outside the world.

An :class:`AnalysedPrincipal` is who calls (the engine's :class:`Principal`: a user, or a fresh
session of a role), the policies it carries as :class:`PolicySource` texts (parsed only when a
request needs them), and the request context its credentials bring (rules K1 and K2).

Principals from outside the simulation (an account, a user or role ARN, a service that a policy
names, or ``"*"``) are *stand-ins*: an outside principal is assumed to be allowed anything by
its own account (its real policies are unknown), so only the resource side decides; a service
principal holds nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from workbench.arn import Arn
from workbench.engine.request import ContextValue, Principal

PrincipalKind = Literal["user", "role", "account", "external", "service", "any"]
"""``account``/``external``/``any``: stand-ins for an outside account, an outside user or role ARN,
and ``Principal "*"``; ``service``: a service principal such as ``lambda.amazonaws.com``."""

ANALYSIS_SESSION = "workbench-analysis"
"""The session name of the role sessions the analyses reason about."""

ANYONE = "*"
"""The node id that stands for ``Principal "*"`` (any authenticated principal anywhere)."""

_OUTSIDE_ACCOUNT = "000000000000"
"""The account of the stand-in for ``Principal "*"``: one that no simulated account uses."""

_STAND_IN_POLICY = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}'
"""An outside principal's own policies are unknown: its stand-in holds everything, so the resource side decides."""


@dataclass(frozen=True, slots=True)
class PolicySource:
    """One policy a principal carries: its text, the name decisions cite, and where it comes from."""

    text: str
    name: str
    origin: str
    """``user``, ``role``, ``group:<name>``, ``boundary``, ``stand-in`` or ``hypothetical``."""


@dataclass(frozen=True, slots=True, eq=False)
class AnalysedPrincipal:
    """One principal as the analyses see it: who it is to the engine and which policies it carries."""

    arn: str
    """The user or role ARN (for stand-ins: the account root ARN, the outside ARN, the service name, ``*``)."""
    kind: PrincipalKind
    account_id: str | None
    name: str
    principal: Principal
    """The engine's caller: the user, or a fresh session of the role (no session policy)."""
    sources: tuple[PolicySource, ...]
    """Identity policies in the order the simulation gathers them (own, then each group's)."""
    boundary: PolicySource | None
    context: Mapping[str, ContextValue]
    """The normalised request context of a call made with these credentials, before the target's keys:
    rule K1's caller keys and K2's request keys (no MFA, no source IP)."""
    groups: tuple[str, ...] = ()
    service_linked: bool = False

    @property
    def in_simulation(self) -> bool:
        return self.kind in ("user", "role")

    def origin_of(self, policy_name: str) -> str | None:
        """Where the identity policy of that name comes from (direct grants before group grants)."""
        found = [source.origin for source in self.sources if source.name == policy_name]
        return min(found, key=lambda origin: origin.startswith("group:")) if found else None


def stand_in(node_id: str) -> AnalysedPrincipal:
    """The stand-in caller for an outside account root ARN, an outside user/role ARN, a service, or ``*``."""
    if not node_id.startswith("arn:") and node_id != ANYONE:
        principal = Principal(type="service", arn=node_id)
        return AnalysedPrincipal(node_id, "service", None, node_id, principal, (), None, principal.derived_context())
    kind: PrincipalKind
    if node_id == ANYONE:
        account, kind, name = _OUTSIDE_ACCOUNT, "any", "any principal"
        principal = Principal(type="user", arn=f"arn:aws:iam::{account}:user/any-principal", account=account)
    else:
        arn = Arn.parse(node_id)
        account, resource = arn.account, arn.resource
        name = resource.rsplit("/", 1)[-1]
        if resource == "root":
            kind, name = "account", f"account {account}"
            principal = Principal(type="user", arn=f"arn:aws:iam::{account}:user/any-principal", account=account)
        elif resource.startswith("role/"):
            kind = "external"
            session = f"arn:aws:sts::{account}:assumed-role/{name}/{ANALYSIS_SESSION}"
            principal = Principal(type="assumed-role", arn=session, account=account, role_arn=node_id)
        else:
            kind = "external"
            principal = Principal.from_arn(node_id)
    source = PolicySource(_STAND_IN_POLICY, f"stand-in for the own policies of {name}", "stand-in")
    context = principal.derived_context()
    context.update({"aws:securetransport": "true", "aws:requestedregion": "us-east-1", "aws:viaawsservice": "false"})
    return AnalysedPrincipal(node_id, kind, account, name, principal, (source,), None, context)


def with_policies(
    entry: AnalysedPrincipal, *extra: PolicySource, replacing: Mapping[str, PolicySource] | None = None
) -> AnalysedPrincipal:
    """The same principal after a change: ``extra`` policies added, and those named in ``replacing`` swapped."""
    swapped = tuple((replacing or {}).get(source.name, source) for source in entry.sources)
    return AnalysedPrincipal(
        arn=entry.arn,
        kind=entry.kind,
        account_id=entry.account_id,
        name=entry.name,
        principal=entry.principal,
        sources=swapped + extra,
        boundary=entry.boundary,
        context=entry.context,
        groups=entry.groups,
        service_linked=entry.service_linked,
    )
