"""Analysis, compiling: each distinct policy document compiled once per world, shared by every policy set holding it.

Sharing the compiled form shares the engine's per-policy prefilter memo too: a group's policy is
matched against ``(action, resource)`` once for all its members.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.engine.compile import CompiledPolicy, compile_policy
from workbench.engine.decision import Layer
from workbench.engine.policy_set import CompiledPolicySet
from workbench.policy.model import PolicyDocument


@dataclass(frozen=True, slots=True)
class CompiledCaller:
    """A principal's parsed and compiled policies (no resource policy, no RCPs)."""

    identity: tuple[PolicyDocument, ...]
    boundary: PolicyDocument | None
    scp_levels: tuple[tuple[PolicyDocument, ...], ...] | None
    compiled: CompiledPolicySet


@dataclass
class PolicyCompiler:
    """Each distinct document compiled once per place in a policy set (layer, organization level)."""

    compiled: dict[tuple[int, Layer, int | None], CompiledPolicy] = field(default_factory=dict)
    keep: list[PolicyDocument] = field(default_factory=list)

    def __call__(self, doc: PolicyDocument, layer: Layer, level: int | None = None) -> CompiledPolicy:
        key = (id(doc), layer, level)
        found = self.compiled.get(key)
        if found is None:
            found = self.compiled[key] = compile_policy(doc, layer, level)
            self.keep.append(doc)  # ids stay unique while the document is alive
        return found

    def levels(
        self, levels: tuple[tuple[PolicyDocument, ...], ...] | None, layer: Layer
    ) -> tuple[tuple[CompiledPolicy, ...], ...] | None:
        if levels is None:
            return None
        return tuple(tuple(self(doc, layer, i) for doc in level) for i, level in enumerate(levels))
