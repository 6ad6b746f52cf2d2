"""Analysis, privilege escalation, the primitives: for one source, every act-as edge its policies allow.

The primitives are the classic ones catalogued publicly by Rhino Security Labs ("AWS IAM privilege
escalation methods") and NCC Group's PMapper (its IAM, STS, Lambda and EC2 edge checkers),
described here in our own terms:

act-as (the source obtains the target's permissions)
    ``sts:AssumeRole`` (the who-can-assume graph); ``iam:CreateAccessKey`` for another user
    (``iam:DeleteAccessKey`` too when it already has two); ``iam:CreateLoginProfile`` /
    ``iam:UpdateLoginProfile`` for another user (labelled when the user has an MFA device, which
    the console then asks for); ``iam:UpdateAssumeRolePolicy`` then ``sts:AssumeRole`` under a
    trust policy naming the source; ``iam:PassRole`` to a service that runs code, with that
    service's own actions (:data:`CODE_RUNNERS`: Lambda, EC2, CloudFormation, Glue, ECS), onto a
    role whose trust policy admits the service; ``lambda:UpdateFunctionCode`` on an existing
    function, which then runs as its execution role.
grant (the source makes the target an administrator): :mod:`workbench.analysis.escalation_grants`.

Every request of an edge is decided by the engine for the source's policy set on the concrete ARN
(attachments with ``iam:PolicyARN`` = ``AdministratorAccess``, passes with ``iam:PassedToService``
set), under two contexts, so MFA-gated steps are labelled. IAM primitives act inside the
source's own account.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from workbench.account.model import Account, User
from workbench.analysis.administrators import AdministratorTest
from workbench.analysis.assume_graph import AssumeEdge, AssumeGraph
from workbench.analysis.escalation_model import ADMIN, EdgeEffect, EdgeRequest, EscalationEdge
from workbench.analysis.principal_entries import AnalysedPrincipal
from workbench.analysis.principals import PrincipalIndex
from workbench.analysis.requests import construct
from workbench.analysis.verdicts import ConditionalDecider, EdgeCondition

_NEW = "workbench-escalation"
"""The name of what an attacker creates (a function, a stack, an instance profile…)."""


@dataclass(frozen=True, slots=True)
class CodeRunner:
    """A service that runs code as a role it is handed (``iam:PassRole``), and the calls that make it do so."""

    primitive: str
    service: str
    steps: tuple[tuple[str, str], ...]
    """(action, resource ARN template with ``{account}``) after ``iam:PassRole``."""
    description: str
    needs_instance_profile: bool = False


CODE_RUNNERS: tuple[CodeRunner, ...] = (
    CodeRunner(
        "iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction",
        "lambda.amazonaws.com",
        (
            ("lambda:CreateFunction", f"arn:aws:lambda:us-east-1:{{account}}:function:{_NEW}"),
            ("lambda:InvokeFunction", f"arn:aws:lambda:us-east-1:{{account}}:function:{_NEW}"),
        ),
        "creates a Lambda function with the role as its execution role, and invokes it",
    ),
    CodeRunner(
        "iam:PassRole + lambda:CreateFunction + lambda:CreateEventSourceMapping",
        "lambda.amazonaws.com",
        (
            ("lambda:CreateFunction", f"arn:aws:lambda:us-east-1:{{account}}:function:{_NEW}"),
            ("lambda:CreateEventSourceMapping", "*"),
        ),
        "creates a Lambda function with the role, and has an event source trigger it",
    ),
    CodeRunner(
        "iam:PassRole + ec2:RunInstances",
        "ec2.amazonaws.com",
        (("ec2:RunInstances", "arn:aws:ec2:us-east-1:{account}:instance/*"),),
        "launches an instance with the role's instance profile and reads its credentials from instance metadata",
        needs_instance_profile=True,
    ),
    CodeRunner(
        "iam:PassRole + cloudformation:CreateStack",
        "cloudformation.amazonaws.com",
        (("cloudformation:CreateStack", f"arn:aws:cloudformation:us-east-1:{{account}}:stack/{_NEW}/*"),),
        "creates a CloudFormation stack that runs with the role",
    ),
    CodeRunner(
        "iam:PassRole + glue:CreateDevEndpoint",
        "glue.amazonaws.com",
        (("glue:CreateDevEndpoint", "*"),),
        "creates a Glue development endpoint with the role and logs in to it",
    ),
    CodeRunner(
        "iam:PassRole + ecs:RegisterTaskDefinition + ecs:RunTask",
        "ecs-tasks.amazonaws.com",
        (
            ("ecs:RegisterTaskDefinition", f"arn:aws:ecs:us-east-1:{{account}}:task-definition/{_NEW}:1"),
            ("ecs:RunTask", f"arn:aws:ecs:us-east-1:{{account}}:task-definition/{_NEW}:1"),
        ),
        "registers an ECS task definition with the role as task role, and runs it",
    ),
)


@dataclass(frozen=True, slots=True)
class Step:
    action: str
    resource: str
    pinned: tuple[tuple[str, str], ...] = ()
    policy: str | None = None
    """A resource-based policy the step is decided under (a rewritten trust policy)."""
    identity_needed: bool = True
    """False when a resource policy may grant without the caller's identity policies (the prefilter then stays out)."""


@dataclass
class EdgeChecker:
    """What every primitive needs: the engine's verdicts on the concrete requests, and the admin tests."""

    decider: ConditionalDecider
    admins: AdministratorTest

    @property
    def index(self) -> PrincipalIndex:
        return self.decider.index

    def _allowed(self, source: AnalysedPrincipal, steps: Iterable[Step]) -> tuple[EdgeCondition, ...] | None:
        """The conditions under which the engine allows every step (None: some step is refused)."""
        index = self.index
        conditions: dict[str, EdgeCondition] = {}
        for step in steps:
            target = index.target(step.resource, policy=step.policy, trust=step.policy is not None)
            if step.identity_needed and not index.may_allow(source, step.action.lower(), step.resource, target.parsed):
                return None
            verdict = self.decider.decide(source, step.action, target, dict(step.pinned))
            if not verdict.allowed:
                return None
            conditions.update((c.label, c) for c in verdict.conditions)
        return tuple(conditions.values())

    def _edge(
        self,
        source: AnalysedPrincipal,
        target: str,
        effect: EdgeEffect,
        primitive: str,
        steps: tuple[Step, ...],
        conditions: tuple[EdgeCondition, ...],
        description: str,
        via: str | None = None,
    ) -> EscalationEdge:
        label = primitive + (f"; conditional: {'; '.join(c.label for c in conditions)}" if conditions else "")
        requests = tuple(
            construct(EdgeRequest, {"action": s.action, "resource": s.resource, "context": dict(s.pinned)})
            for s in steps
        )
        return construct(  # built from checked values: there are tens of thousands of edges
            EscalationEdge,
            {
                "source": source.arn,
                "target": ADMIN if target == source.arn and effect == "grant" else target,
                "effect": effect,
                "primitive": primitive,
                "requests": requests,
                "conditional": bool(conditions),
                "conditions": conditions,
                "label": label,
                "via": via,
                "description": description,
            },
        )

    def _account(self, source: AnalysedPrincipal) -> Account | None:
        return self.index.state.accounts.get(source.account_id or "")

    def _can(self, source: AnalysedPrincipal, *actions: str) -> bool:
        return all(self.index.names_action(source, action.lower()) for action in actions)


@dataclass
class ActAsEdges(EdgeChecker):
    """The act-as primitives: who ``source`` can become."""

    assume: AssumeGraph | None = None
    _service_roles: dict[str, list[AssumeEdge]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for edge in self.assume.edges if self.assume is not None else ():
            if not edge.source.startswith("arn:") and edge.source != "*":
                self._service_roles.setdefault(edge.source, []).append(edge)

    def act_as(self, source: AnalysedPrincipal) -> list[EscalationEdge]:
        """Every principal ``source`` can obtain the permissions of, one edge per primitive."""
        assumed = self.assume.edges_from(source.arn) if self.assume is not None else ()
        found = [self._assumed(source, edge) for edge in assumed]
        account = self._account(source)
        if account is not None and source.in_simulation:
            found += self._credentials(source, account)
            found += self._trust_rewrites(source, account)
            found += self._code_runners(source, account)
            found += self._function_updates(source)
        return found

    def _assumed(self, source: AnalysedPrincipal, edge: AssumeEdge) -> EscalationEdge:
        step = Step("sts:AssumeRole", edge.target, identity_needed=False)
        return self._edge(
            source, edge.target, "act-as", "sts:AssumeRole", (step,), edge.conditions, f"assumes the role ({edge.how})"
        )

    def _credentials(self, source: AnalysedPrincipal, account: Account) -> Iterator[EscalationEdge]:
        actions = ("iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile")
        if not any(self._can(source, action) for action in actions):
            return
        users = [u for u in sorted(account.users.values(), key=lambda u: u.arn) if u.arn != source.arn]
        if self._can(source, "iam:CreateAccessKey"):
            for user in users:
                steps: tuple[Step, ...] = (Step("iam:CreateAccessKey", user.arn),)
                if len(user.access_keys) >= 2:  # the quota is two keys: one must go first
                    steps = (Step("iam:DeleteAccessKey", user.arn), *steps)
                conditions = self._allowed(source, steps)
                if conditions is not None:
                    text = "creates an access key for the user and signs requests as it"
                    yield self._edge(source, user.arn, "act-as", "iam:CreateAccessKey", steps, conditions, text)
        can = {action: self._can(source, action) for action in ("iam:CreateLoginProfile", "iam:UpdateLoginProfile")}
        for user in users if any(can.values()) else ():
            action = "iam:UpdateLoginProfile" if user.login_profile is not None else "iam:CreateLoginProfile"
            if not can[action]:
                continue
            steps = (Step(action, user.arn),)
            conditions = self._allowed(source, steps)
            if conditions is not None:
                conditions += _console_mfa(user)
                text = "sets the user's console password and signs in as it"
                yield self._edge(source, user.arn, "act-as", action, steps, conditions, text)

    def _trust_rewrites(self, source: AnalysedPrincipal, account: Account) -> Iterator[EscalationEdge]:
        if not self._can(source, "iam:UpdateAssumeRolePolicy"):
            return
        trust = json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Principal": {"AWS": source.arn}, "Action": "sts:AssumeRole"}],
            }
        )
        for role in sorted(account.roles.values(), key=lambda r: r.arn):
            if role.arn == source.arn or role.service_linked:  # service-linked trust cannot be edited (R3)
                continue
            steps = (
                Step("iam:UpdateAssumeRolePolicy", role.arn),
                Step("sts:AssumeRole", role.arn, policy=trust, identity_needed=False),
            )
            conditions = self._allowed(source, steps)
            if conditions is not None:
                text = "rewrites the role's trust policy to name itself, then assumes the role"
                yield self._edge(
                    source, role.arn, "act-as", "iam:UpdateAssumeRolePolicy + sts:AssumeRole", steps, conditions, text
                )

    def _code_runners(self, source: AnalysedPrincipal, account: Account) -> Iterator[EscalationEdge]:
        if not self._can(source, "iam:PassRole"):
            return
        profiles = {name.lower(): p.arn for p in account.instance_profiles.values() for name in p.roles}
        for runner in CODE_RUNNERS:
            if not self._can(source, *(action for action, _ in runner.steps)):
                continue
            for trusted in self._service_roles.get(runner.service, ()):
                role = self.index.by_arn.get(trusted.target)
                if role is None or role.account_id != source.account_id or role.arn == source.arn:
                    continue
                steps = [Step("iam:PassRole", role.arn, (("iam:passedtoservice", runner.service),))]
                via = None
                if runner.needs_instance_profile:
                    via = profiles.get(role.name.lower())
                    if via is None:
                        new = f"arn:aws:iam::{account.account_id}:instance-profile/{_NEW}"
                        steps += [Step("iam:CreateInstanceProfile", new), Step("iam:AddRoleToInstanceProfile", new)]
                steps += [
                    Step(action, template.format(account=account.account_id)) for action, template in runner.steps
                ]
                conditions = self._allowed(source, steps)
                if conditions is not None:
                    conditions += tuple(c for c in trusted.conditions if c not in conditions)
                    yield self._edge(
                        source, role.arn, "act-as", runner.primitive, tuple(steps), conditions, runner.description, via
                    )

    def _function_updates(self, source: AnalysedPrincipal) -> Iterator[EscalationEdge]:
        if not self._can(source, "lambda:UpdateFunctionCode"):
            return
        functions = self.index.state.services.functions
        for arn in sorted(functions):
            function = functions[arn]
            role = self.index.by_arn.get(function.role_arn)
            if function.account_id != source.account_id or role is None or role.arn == source.arn:
                continue
            steps = (Step("lambda:UpdateFunctionCode", function.arn),)
            conditions = self._allowed(source, steps)
            if conditions is not None:
                text = "replaces the function's code, which runs as its execution role the next time it is invoked"
                yield self._edge(source, role.arn, "act-as", "lambda:UpdateFunctionCode", steps, conditions, text, arn)


def _console_mfa(user: User) -> tuple[EdgeCondition, ...]:
    if not user.mfa_serials:
        return ()
    label = f"requires the MFA device of {user.name} (the console asks for it at sign-in)"
    return (EdgeCondition(key="mfa-device", operator="", values=user.mfa_serials, value=None, label=label),)
