"""Façade, reading side: "can this principal do that?" answered by the same authorization as API calls, explained.

``check`` builds the request exactly as a client call would (the caller's policies, boundary,
session policies, SCP and RCP levels, the request context of rules K1/K2, the resource's tags and,
for a role, its trust policy as the resource policy) and returns an :class:`ExplainedDecision`,
which also reports a restriction of the credentials themselves (S2) that no policy can lift.
Writes never happen here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from workbench.account.authorization import Connection, Target, decide
from workbench.account.callers import Caller
from workbench.account.model import State
from workbench.account.restrictions import restriction
from workbench.account.simulation import Simulation
from workbench.engine.decision import Decision
from workbench.engine.policy_set import PolicySet
from workbench.errors import WorkbenchError
from workbench.explain import Explanation, explain_decision, render_text, summarize

Document = Mapping[str, Any] | str


class FacadeError(WorkbenchError):
    """A façade call that names something the façade cannot resolve (a policy, an account)."""

    code = "facade_unknown"


"""A policy document: a JSON object, or its text."""

_TRUST_ACTIONS = frozenset({"sts:assumerole", "sts:tagsession", "sts:setsourceidentity"})


@dataclass(frozen=True)
class ExplainedDecision:
    """The answer to ``.can(…)``: the engine's decision, the policies it was made with, and why."""

    decision: Decision
    policies: PolicySet
    restricted: str | None = None
    """Why these credentials may not make the call at all, whatever the policies say (or None)."""

    @property
    def allowed(self) -> bool:
        return self.decision.allowed and self.restricted is None

    @property
    def value(self) -> str:
        """``allowed``, ``explicitDeny`` or ``implicitDeny`` (a restriction reads as ``implicitDeny``)."""
        return "implicitDeny" if self.restricted else self.decision.decision

    def __bool__(self) -> bool:
        return self.allowed

    def summary(self) -> str:
        """One or two sentences a learner understands."""
        if self.restricted:
            return f"Denied before any policy is read: {self.restricted}."
        return summarize(self.decision)

    def explain(self) -> Explanation:
        """The decision walked through AWS's evaluation flow (``workbench.explain``)."""
        return explain_decision(self.decision, self.policies)

    def explain_text(self) -> str:
        return render_text(self.explain())

    def __repr__(self) -> str:
        request = self.decision.request
        arn = request.principal.arn or request.principal.type
        who = arn.split(":", 5)[-1]  # user/alice, assumed-role/app/s1, root: no account id
        return f"<{self.value}: {who} → {request.action} on {request.resource.arn}>"


def document_text(document: Document) -> str:
    """Policy text from a JSON object or text (text is kept as written)."""
    return document if isinstance(document, str) else json.dumps(dict(document), indent=2)


def target_for(state: State, caller_account: str, resource: str, resource_policy: str | None) -> Target:
    """The resource of a check as a client call would see it: its account, tags and resource-based policy
    (a role's trust policy, a bucket, function or key policy) when the simulation holds the resource."""
    if resource == "*":
        return Target("*", caller_account, resource_policy)
    parts = resource.split(":", 5)
    owner = parts[4] if len(parts) == 6 and parts[4] else caller_account
    tags: Mapping[str, str] = {}
    policy = resource_policy
    account = state.accounts.get(owner)
    if account is not None and len(parts) == 6 and parts[2] == "iam":
        kind, _, rest = parts[5].partition("/")
        name = rest.rsplit("/", 1)[-1].lower()
        if kind == "user" and name in account.users:
            tags = account.users[name].tags
        elif kind == "role" and name in account.roles:
            tags = account.roles[name].tags
            policy = policy or account.roles[name].trust_policy
    services = state.services
    if len(parts) == 6 and parts[2] == "s3":  # the bucket's policy applies to the bucket and its objects
        bucket = services.buckets.get(parts[5].split("/", 1)[0])
        if bucket is not None:
            owner, policy = bucket.account_id, policy or bucket.policy
    elif len(parts) == 6 and parts[2] == "lambda":
        function = services.functions.get(":".join(parts[:6]).split(":version")[0])
        if function is not None:
            policy, tags = policy or function.policy, function.tags
    elif len(parts) == 6 and parts[2] == "kms":
        key = services.keys.get(resource)
        if key is not None:
            policy, tags = policy or key.policy, key.tags
    return Target(resource, owner, policy, tags)


def check(
    sim: Simulation,
    caller: Caller,
    action: str,
    resource: str = "*",
    *,
    context: Mapping[str, Any] | None = None,
    resource_policy: Mapping[str, Any] | str | None = None,
    connection: Connection | None = None,
) -> ExplainedDecision:
    """Decide ``action`` on ``resource`` for ``caller`` exactly as a client call would, and keep the why."""
    state = sim.state.model_copy(update={"now": sim.clock.now()})
    policy = document_text(resource_policy) if resource_policy is not None else None
    target = target_for(state, caller.account_id, resource, policy)
    is_role = ":role/" in resource and resource.split(":")[2] == "iam"
    if is_role and target.policy != policy and action.lower() not in _TRUST_ACTIONS:
        target = Target(target.arn, target.account_id, policy, target.tags)  # a trust policy governs only STS
    decision, policies = decide(
        state, caller, action, target, connection or Connection(), sim.clock.epoch(), dict(context or {})
    )
    return ExplainedDecision(decision, policies, restriction(caller, action))
