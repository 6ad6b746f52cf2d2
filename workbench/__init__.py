"""iam-workbench: learn AWS IAM by simulation.

The public API is small on purpose; everything else is an implementation detail::

    import workbench
    policies = workbench.make_policy_set([policy_text])
    request = workbench.make_request("arn:aws:iam::111122223333:user/alice", "s3:GetObject",
                                     "arn:aws:s3:::reports/q1.csv")
    decision = workbench.authorize(request, policies)      # allowed | explicitDeny | implicitDeny
    print(workbench.summarize(decision))                  # one line
    print(workbench.explain_decision(decision, policies)) # AWS's evaluation flow, step by step
    report = workbench.validate_policy(policy_text, "identity")
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Names are resolved on first use (PEP 562): importing one layer, e.g. ``workbench.conditions``,
# never drags in the layers above it, and ``import workbench`` does no work up front.
_EXPORTS: dict[str, str] = {
    "authorize": "workbench.api",
    "aws": "workbench.boto",
    "Sandbox": "workbench.account",
    "Simulation": "workbench.account.simulation",
    "evaluate_cases": "workbench.api",
    "explain_decision": "workbench.api",
    "make_policy_set": "workbench.api",
    "summarize": "workbench.api",
    "make_request": "workbench.api",
    "parse_policy": "workbench.api",
    "principal_from_arn": "workbench.api",
    "validate_policy": "workbench.api",
    "Decision": "workbench.engine.decision",
    "LayerVerdict": "workbench.engine.decision",
    "StatementRef": "workbench.engine.decision",
    "PolicySet": "workbench.engine.policy_set",
    "AuthorizationRequest": "workbench.engine.request",
    "Principal": "workbench.engine.request",
    "Resource": "workbench.engine.request",
    "CaseFormatError": "workbench.errors",
    "InvalidArnError": "workbench.errors",
    "InvalidRequestError": "workbench.errors",
    "PolicyNotEvaluableError": "workbench.errors",
    "PolicyParseError": "workbench.errors",
    "WorkbenchError": "workbench.errors",
    "Finding": "workbench.policy.findings",
    "Severity": "workbench.policy.findings",
    "ValidationReport": "workbench.policy.findings",
    "PolicyDocument": "workbench.policy.model",
    "PolicyType": "workbench.policy.model",
}

__all__ = [
    "AuthorizationRequest",
    "CaseFormatError",
    "Decision",
    "Finding",
    "InvalidArnError",
    "InvalidRequestError",
    "LayerVerdict",
    "PolicyDocument",
    "PolicyNotEvaluableError",
    "PolicyParseError",
    "PolicySet",
    "PolicyType",
    "Principal",
    "Resource",
    "Sandbox",
    "Severity",
    "Simulation",
    "StatementRef",
    "ValidationReport",
    "WorkbenchError",
    "authorize",
    "aws",
    "evaluate_cases",
    "explain_decision",
    "make_policy_set",
    "make_request",
    "parse_policy",
    "principal_from_arn",
    "summarize",
    "validate_policy",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'workbench' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:
    from workbench.account import Sandbox
    from workbench.account.simulation import Simulation
    from workbench.api import (
        authorize,
        evaluate_cases,
        explain_decision,
        make_policy_set,
        make_request,
        parse_policy,
        principal_from_arn,
        summarize,
        validate_policy,
    )
    from workbench.boto import aws
    from workbench.engine.decision import Decision, LayerVerdict, StatementRef
    from workbench.engine.policy_set import PolicySet
    from workbench.engine.request import AuthorizationRequest, Principal, Resource
    from workbench.errors import (
        CaseFormatError,
        InvalidArnError,
        InvalidRequestError,
        PolicyNotEvaluableError,
        PolicyParseError,
        WorkbenchError,
    )
    from workbench.policy.findings import Finding, Severity, ValidationReport
    from workbench.policy.model import PolicyDocument, PolicyType
