"""Analysis, administrators: which principals hold ``*`` on ``*``, decided by the engine on a set of probe requests.

**Definition.** A principal is an *administrator* when the engine allows every probe of
:data:`ADMIN_PROBES` for it, each on a fresh resource of the principal's own account that no
policy is likely to name, with no resource-based policy (so only its identity policies,
permissions boundary and SCPs speak): an action of a service that does not exist (only ``"*"``,
``"*:*"``-like patterns or a ``NotAction`` that spares it can grant that), IAM changes that
rewrite permissions (``iam:CreateUser``, ``iam:PutUserPolicy``, ``iam:AttachRolePolicy`` with
``AdministratorAccess``, ``iam:CreatePolicyVersion``, ``iam:PassRole``), and high-value actions
of other services (``s3:GetObject``, ``ec2:RunInstances``, ``lambda:CreateFunction``,
``kms:CreateKey``). ``AdministratorAccess`` passes; ``PowerUserAccess`` (no IAM) and
``IAMFullAccess`` (IAM only) do not; a boundary or an SCP that narrows any probe makes the
principal not an administrator. A principal whose probes pass only under conditions (MFA, a source
IP…) is an administrator *under those conditions*, labelled like any conditional access.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict

from workbench.analysis.principal_entries import AnalysedPrincipal, PolicySource
from workbench.analysis.verdicts import ConditionalDecider, EdgeCondition

ADMIN_POLICY_ARN = "arn:aws:iam::aws:policy/AdministratorAccess"

ADMIN_POLICY = PolicySource(
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}',
    "managed policy AdministratorAccess (hypothetical)",
    "hypothetical",
)
"""The policy an attacker would grant: what ``AdministratorAccess`` says."""

_PROBE = "workbench-admin-probe"

ADMIN_PROBES: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("workbenchprobe:AnyAction", f"arn:aws:workbenchprobe:us-east-1:{{account}}:thing/{_PROBE}", ()),
    ("iam:PutUserPolicy", f"arn:aws:iam::{{account}}:user/{_PROBE}", ()),
    ("iam:AttachRolePolicy", f"arn:aws:iam::{{account}}:role/{_PROBE}", (("iam:policyarn", ADMIN_POLICY_ARN),)),
    ("iam:CreateUser", f"arn:aws:iam::{{account}}:user/{_PROBE}", ()),
    ("iam:CreatePolicyVersion", f"arn:aws:iam::{{account}}:policy/{_PROBE}", ()),
    ("iam:PassRole", f"arn:aws:iam::{{account}}:role/{_PROBE}", (("iam:passedtoservice", "ec2.amazonaws.com"),)),
    ("s3:GetObject", f"arn:aws:s3:::{_PROBE}/{_PROBE}", ()),
    ("ec2:RunInstances", "arn:aws:ec2:us-east-1:{account}:instance/*", ()),
    ("lambda:CreateFunction", f"arn:aws:lambda:us-east-1:{{account}}:function:{_PROBE}", ()),
    ("kms:CreateKey", "*", ()),
)
"""(action, resource ARN template, pinned context keys): the requests an administrator is allowed."""


class AdminStatus(BaseModel):
    """Whether a principal is an administrator, and under which conditions."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    arn: str
    administrator: bool
    conditions: tuple[EdgeCondition, ...] = ()
    """Conditions the probes needed (empty: unconditionally an administrator)."""
    failed_probe: str | None = None
    """The first probe action the engine refused (None for an administrator)."""


@dataclass
class AdministratorTest:
    """Runs the probes for principals of one index (each principal once), first failure first."""

    decider: ConditionalDecider
    _found: dict[AnalysedPrincipal, AdminStatus] = field(default_factory=dict)

    def status(self, entry: AnalysedPrincipal) -> AdminStatus:
        found = self._found.get(entry)
        if found is None:
            found = self._found[entry] = self._probe(entry)
        return found

    def is_admin(self, entry: AnalysedPrincipal) -> bool:
        return self.status(entry).administrator

    def _probe(self, entry: AnalysedPrincipal) -> AdminStatus:
        index = self.decider.index
        first = ADMIN_PROBES[0][0].lower()
        if not entry.in_simulation or not index.names_action(entry, first):
            return AdminStatus(arn=entry.arn, administrator=False, failed_probe=ADMIN_PROBES[0][0])
        conditions: dict[str, EdgeCondition] = {}
        for action, template, pinned in ADMIN_PROBES:
            target = index.target(template.format(account=entry.account_id))
            verdict = self.decider.decide(entry, action, target, dict(pinned))
            if not verdict.allowed:
                return AdminStatus(arn=entry.arn, administrator=False, failed_probe=action)
            conditions.update((c.label, c) for c in verdict.conditions)
        return AdminStatus(arn=entry.arn, administrator=True, conditions=tuple(conditions.values()))
