"""The one façade that lessons, widgets, the CLI and the grader use (layer 7).

Everything here is a thin composition of the layers below: parse → validate → authorize → explain.
Inputs are forgiving (policy text, a decoded JSON object or a parsed document; a principal given
as an ARN); outputs are the typed models of the lower layers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from workbench.conformance.run import CaseResult, CaseRunner
from workbench.engine.authorize import authorize as _authorize
from workbench.engine.decision import Decision
from workbench.engine.policy_set import PolicySet
from workbench.engine.request import AuthorizationRequest, Principal, Resource
from workbench.explain import Explanation
from workbench.explain import explain_decision as _explain_decision
from workbench.explain.summary import summarize as _summarize
from workbench.policy.findings import ValidationReport
from workbench.policy.model import PolicyDocument, PolicyType
from workbench.policy.parse import parse_policy as _parse_policy
from workbench.policy.validate import validate_policy as _validate_policy

PolicyInput = str | Mapping[str, Any] | PolicyDocument


def parse_policy(policy: PolicyInput, *, name: str = "policy") -> PolicyDocument:
    """Parse policy text or a JSON object; raises PolicyParseError (with line and column)."""
    if isinstance(policy, PolicyDocument):
        return policy
    return _parse_policy(policy if isinstance(policy, str) else dict(policy), name=name)


def validate_policy(policy: PolicyInput, policy_type: PolicyType | str = PolicyType.IDENTITY) -> ValidationReport:
    """Every finding (code, severity, line:column, message, hint); never raises for bad text."""
    source = policy if isinstance(policy, PolicyDocument | str) else dict(policy)
    return _validate_policy(source, policy_type)


def principal_from_arn(arn: str | None, *, tags: Mapping[str, str] | None = None) -> Principal:
    """Infer the principal type from its ARN (a service name such as ``s3.amazonaws.com``, or None)."""
    return Principal.from_arn(arn, tags=tags)


def make_request(
    principal: str | Principal | None,
    action: str,
    resource: str = "*",
    *,
    resource_account: str | None = None,
    context: Mapping[str, Any] | None = None,
) -> AuthorizationRequest:
    """A request; the resource's account defaults to the caller's (same-account)."""
    caller = principal if isinstance(principal, Principal) else principal_from_arn(principal)
    request = AuthorizationRequest(
        principal=caller,
        action=action,
        resource=Resource(arn=resource, account=resource_account or caller.account),
        context=dict(context or {}),
    )
    request.check()
    return request


def make_policy_set(
    identity: Iterable[PolicyInput] = (),
    *,
    resource: PolicyInput | None = None,
    boundary: PolicyInput | None = None,
    session: PolicyInput | None = None,
    scp_levels: Iterable[Iterable[PolicyInput]] | None = None,
    rcp_levels: Iterable[Iterable[PolicyInput]] | None = None,
) -> PolicySet:
    """Parse whatever is given (text, JSON objects or documents) into a :class:`PolicySet`."""

    def levels(
        raw: Iterable[Iterable[PolicyInput]] | None, label: str
    ) -> tuple[tuple[PolicyDocument, ...], ...] | None:
        if raw is None:
            return None
        return tuple(
            tuple(parse_policy(p, name=f"{label} {j + 1} at level {i}") for j, p in enumerate(level))
            for i, level in enumerate(raw)
        )

    return PolicySet(
        identity=tuple(parse_policy(p, name=f"identity policy {i + 1}") for i, p in enumerate(identity)),
        resource=parse_policy(resource, name="resource policy") if resource is not None else None,
        boundary=parse_policy(boundary, name="permissions boundary") if boundary is not None else None,
        session=parse_policy(session, name="session policy") if session is not None else None,
        scp_levels=levels(scp_levels, "SCP"),
        rcp_levels=levels(rcp_levels, "RCP"),
    )


def authorize(request: AuthorizationRequest, policies: PolicySet, *, trace: bool = False) -> Decision:
    """Decide as AWS does: ``allowed``, ``explicitDeny`` or ``implicitDeny``, with its reasons."""
    return _authorize(request, policies, trace=trace)


def summarize(decision: Decision) -> str:
    """The decision and its reason in one line."""
    return _summarize(decision)


def explain_decision(decision: Decision, policies: PolicySet) -> Explanation:
    """The decision walked through AWS's evaluation flow, in words a learner understands.

    Render it with ``workbench.explain.render_text`` or ``render_html``; in a notebook it displays itself.
    """
    return _explain_decision(decision, policies)


def evaluate_cases(path: Path, *, with_findings: bool = True) -> Iterator[CaseResult]:
    """Evaluate a conformance case file (design.md §2.1), one result per case, in order."""
    return CaseRunner(with_findings=with_findings).run_file(path)


_DEMO_POLICY = """{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "ReadReports", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"},
    {"Sid": "NeverDelete", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}
  ]
}"""


def demo_text() -> str:
    """A short tour for a first run of ``iam-workbench``."""
    policies = make_policy_set([_DEMO_POLICY])
    alice = "arn:aws:iam::111122223333:user/alice"
    lines = ["alice's identity policy:", _DEMO_POLICY, ""]
    for action, resource in (
        ("s3:GetObject", "arn:aws:s3:::reports/q1.csv"),
        ("s3:PutObject", "arn:aws:s3:::reports/q1.csv"),
        ("s3:DeleteObject", "arn:aws:s3:::reports/q1.csv"),
    ):
        decision = authorize(make_request(alice, action, resource, resource_account="111122223333"), policies)
        lines.append(f"{decision.decision:>13}  {summarize(decision)}")
    lines += ["", "Next: iam-workbench evaluate CASES.json --check · iam-workbench validate POLICY.json"]
    return "\n".join(lines)
