"""Notebook front-end, step 1 of a flowchart: a Decision → the path it took through AWS's evaluation flow.

The path mirrors ``engine.authorize``: explicit deny → SCPs → RCPs → resource-based policy →
identity-based policies → permissions boundary → session policy → an outcome, with the shortcuts
the engine takes (a same-account resource-policy grant ends at "allowed"; cross-account needs both
sides; a grant to the role behind a session still passes the boundary and session policy). Pure
data, so ``flowchart.py`` only draws.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.engine.decision import Decision

STEPS = ("deny", "scp", "rcp", "resource", "identity", "boundary", "session")
"""The questions of AWS's flow, in order (each a node of the flowchart)."""
OUTCOMES = {"allowed": "allowed", "explicitDeny": "explicit", "implicitDeny": "implicit"}
"""Decision value → outcome node."""

BYPASS_REASONS = {
    "get_caller_identity": "needs no permission",
    "get_session_token": "needs no permission (long-term keys)",
    "anonymous_not_authenticated": "anonymous caller",
    "get_session_token_needs_long_term_credentials": "needs long-term keys",
}
_RESOURCE_STOPS = {
    "anonymous_no_public_grant": 'no: no grant to Principal "*"',
    "service_principal_not_granted": "no: does not name the service",
    "resource_policy_no_allow": "no",
    "resource_policy_required": "no: this policy must allow the caller",
    "cross_account_no_resource_allow": "no: cross-account needs it",
}
_RESOURCE_GRANTS = {"public_grant", "service_principal_granted", "resource_policy_grant"}
_GUARD_FAILURES = {
    "boundary_no_allow": "boundary",
    "session_no_allow": "session",
    "federated_user_without_session_policy": "session",
}
_IDENTITY_PATH = {"identity_allows", "cross_account_both_allow", "no_identity_allow", *_GUARD_FAILURES}
_ROOT = {"root_user_own_account", "root_cannot_assume_roles"}
_LAYER_WORDS = {
    "identity": "an identity policy",
    "resource": "the resource policy",
    "boundary": "the boundary",
    "session": "the session policy",
    "scp": "an SCP",
    "rcp": "an RCP",
}


@dataclass(frozen=True)
class FlowEdge:
    source: str
    target: str
    label: str = ""


@dataclass(frozen=True)
class FlowPath:
    """The edges one decision took, in order, and which layers took no part in it."""

    decision: str
    reason: str
    edges: tuple[FlowEdge, ...]
    not_applicable: frozenset[str]

    @property
    def nodes(self) -> tuple[str, ...]:
        """``start`` then every node visited, in order."""
        return ("start", *(edge.target for edge in self.edges))

    @property
    def outcome(self) -> str:
        return self.edges[-1].target


class _Walk:
    """Collects edges from the current node onwards."""

    def __init__(self, decision: Decision) -> None:
        self.decision = decision
        self.present = {verdict.layer: verdict.verdict for verdict in decision.layers}
        self.edges: list[FlowEdge] = []
        self.at = "start"

    def go(self, target: str, label: str = "") -> None:
        self.edges.append(FlowEdge(self.at, target, label))
        self.at = target

    def passes(self, layer: str) -> str:
        """The label for leaving a layer's node on the way forward."""
        return "yes" if layer in self.present else "not applicable"


def _guards(walk: _Walk, failing: str | None) -> None:
    """Boundary, then session policy, then the outcome (implicit deny at the one that failed)."""
    for layer in ("boundary", "session"):
        if layer == failing:
            reason = walk.decision.reason
            walk.go("implicit", "no session policy" if reason.startswith("federated") else "no")
            return
        walk.go("session" if layer == "boundary" else "allowed", walk.passes(layer))


def trace_flow(decision: Decision) -> FlowPath:
    """The path ``decision`` took, from the request to its outcome."""
    walk = _Walk(decision)
    reason = decision.reason
    not_applicable = frozenset(layer for layer in STEPS[1:] if layer not in walk.present)
    if reason in BYPASS_REASONS:
        walk.go(OUTCOMES[decision.decision], BYPASS_REASONS[reason])
        return FlowPath(decision.decision, reason, tuple(walk.edges), not_applicable)

    walk.go("deny")
    if reason == "explicit_deny":
        layers = dict.fromkeys(ref.layer for ref in decision.decisive)
        walk.go("explicit", "yes: " + ", ".join(_LAYER_WORDS[layer] for layer in layers))
        return FlowPath(decision.decision, reason, tuple(walk.edges), not_applicable)
    walk.go("scp", "no")
    level = decision.blocked_level
    for layer, next_node in (("scp", "rcp"), ("rcp", "resource")):
        if reason == f"{layer}_no_allow":
            walk.go("implicit", f"no (level {level})" if level is not None else "no")
            return FlowPath(decision.decision, reason, tuple(walk.edges), not_applicable)
        walk.go(next_node, walk.passes(layer))

    resource = walk.present.get("resource")
    guard_layers = {ref.layer for ref in decision.decisive} & {"boundary", "session"}
    if reason in _RESOURCE_GRANTS and not guard_layers:
        walk.go("allowed", "yes")
    elif reason in _RESOURCE_GRANTS:  # a grant to the role behind the session: the guards still apply
        walk.go("boundary", "yes, to the role")
        _guards(walk, None)
    elif reason in _RESOURCE_STOPS:
        walk.go("implicit", _RESOURCE_STOPS[reason] if resource else "no resource policy")
    elif reason in _GUARD_FAILURES and resource == "allowed" and walk.present.get("identity") != "allowed":
        walk.go("boundary", "yes, to the role")  # same account: the grant skips identity, not the guards
        _guards(walk, _GUARD_FAILURES[reason])
    elif reason not in _IDENTITY_PATH | _ROOT:  # a reason this chart does not know: say it, end there
        walk.go(OUTCOMES[decision.decision], reason.replace("_", " "))
    else:
        cross = decision.request.is_cross_account
        if resource is None:
            walk.go("identity", "no resource policy")
        elif resource == "allowed":
            walk.go("identity", "yes, but cross-account" if cross else "yes, but not on its own")
        else:
            walk.go("identity", "no")
        if reason == "root_user_own_account":
            walk.go("allowed", "root user: own account")
        elif reason == "root_cannot_assume_roles":
            walk.go("implicit", "root cannot assume roles")
        elif reason == "no_identity_allow":
            walk.go("implicit", "no")
        else:
            walk.go("boundary", "yes")
            _guards(walk, _GUARD_FAILURES.get(reason))
    return FlowPath(decision.decision, reason, tuple(walk.edges), not_applicable)
