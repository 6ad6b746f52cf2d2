"""Engine input: every policy that can take part in one decision, grouped by type (E2)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from pydantic import BaseModel, ConfigDict

from workbench.engine.compile import CompiledPolicy, compile_policy
from workbench.engine.decision import Layer
from workbench.policy.model import PolicyDocument


@dataclass(frozen=True, slots=True)
class CompiledPolicySet:
    identity: tuple[CompiledPolicy, ...]
    resource: CompiledPolicy | None
    boundary: CompiledPolicy | None
    session: CompiledPolicy | None
    scp_levels: tuple[tuple[CompiledPolicy, ...], ...] | None
    rcp_levels: tuple[tuple[CompiledPolicy, ...], ...] | None


class PolicySet(BaseModel):
    """The policies of one request. ``None`` SCP/RCP levels mean "not governed by an organization".

    - ``identity``: the principal's identity policies (user, its groups', and attached managed
      policies; or the role's), flattened;
    - ``resource``: the target's resource-based policy (bucket, key, function, or a role's trust policy);
    - ``boundary``: the principal's permissions boundary; ``session``: the session policy;
    - ``scp_levels``: the principal's account's SCPs, one list per level from the organization root
      down to the account; ``rcp_levels``: the resource's account's RCPs, likewise.

    Build a PolicySet once and reuse it: its compiled form is computed on first use.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    identity: tuple[PolicyDocument, ...] = ()
    resource: PolicyDocument | None = None
    boundary: PolicyDocument | None = None
    session: PolicyDocument | None = None
    scp_levels: tuple[tuple[PolicyDocument, ...], ...] | None = None
    rcp_levels: tuple[tuple[PolicyDocument, ...], ...] | None = None

    @cached_property
    def compiled(self) -> CompiledPolicySet:
        """Compile every document (raises PolicyNotEvaluableError for a policy AWS would refuse)."""

        def levels(
            docs: tuple[tuple[PolicyDocument, ...], ...] | None, layer: Layer
        ) -> tuple[tuple[CompiledPolicy, ...], ...] | None:
            if docs is None:
                return None
            return tuple(tuple(compile_policy(d, layer, i) for d in level) for i, level in enumerate(docs))

        return CompiledPolicySet(
            identity=tuple(compile_policy(d, "identity") for d in self.identity),
            resource=compile_policy(self.resource, "resource") if self.resource else None,
            boundary=compile_policy(self.boundary, "boundary") if self.boundary else None,
            session=compile_policy(self.session, "session") if self.session else None,
            scp_levels=levels(self.scp_levels, "scp"),
            rcp_levels=levels(self.rcp_levels, "rcp"),
        )
