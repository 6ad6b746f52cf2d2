"""The IAM policy simulator's core (API1, API2): given policies, a simulated caller and context → EvaluationResults.

Unlike every other API call, the simulator evaluates the policies it is *given* (or gathered from
an entity), not the caller's: this module builds the engine's request and policy set directly and
shapes each decision as IAM's ``EvaluationResult``. Choices from the ambiguity register: one result
per action × resource (AMB-16), and the policy-type labels ``IAM Policy``, ``Resource Policy``,
``Permissions Boundary Policy``, ``Organizations Policy``, ``Session Policy`` for
``SourcePolicyType`` and the keys of ``EvalDecisionDetails`` (AMB-16). SCP statements and keys are
never listed in ``MatchedStatements`` or ``MissingContextValues``, as IAM documents.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from workbench.account.errors import AwsError
from workbench.arn import Arn
from workbench.engine.authorize import authorize
from workbench.engine.compile import compile_policy
from workbench.engine.decision import Decision, Layer
from workbench.engine.policy_set import PolicySet
from workbench.engine.request import AuthorizationRequest, Principal, Resource
from workbench.errors import InvalidArnError, InvalidRequestError, PolicyNotEvaluableError, PolicyParseError
from workbench.policy.catalog import load_catalog
from workbench.policy.model import PolicyDocument
from workbench.policy.parse import parse_policy

POLICY_TYPE_LABELS: dict[Layer, str] = {
    "identity": "IAM Policy",
    "resource": "Resource Policy",
    "boundary": "Permissions Boundary Policy",
    "scp": "Organizations Policy",
    "rcp": "Organizations Policy",
    "session": "Session Policy",
}
"""AMB-16: the workbench's names for policy types in simulator answers."""

_ORGANIZATION_LAYERS = frozenset({"scp", "rcp"})
_SINGLE_TYPES = ("string", "numeric", "boolean", "ip", "binary", "date")


def invalid(message: str, operation: str) -> AwsError:
    return AwsError("InvalidInput", message, operation)


@dataclass(frozen=True, slots=True)
class SourcePolicy:
    """One policy taking part in a simulation, and how answers name it (``SourcePolicyId``)."""

    policy_id: str
    document: PolicyDocument


def read_policy(text: str, policy_id: str, operation: str, *, name: str | None = None) -> SourcePolicy:
    """Parse one input policy (``InvalidInput`` with line and column when it is not JSON).

    ``name`` labels the document inside one simulation and must be unique there (two entities'
    inline policies may share a ``policy_id``); it defaults to ``policy_id``.
    """
    try:
        return SourcePolicy(policy_id, parse_policy(text, name=name or policy_id))
    except PolicyParseError as error:
        raise invalid(f"{policy_id}: {error.message} (line {error.line}, column {error.column})", operation) from error


@dataclass(frozen=True, slots=True)
class SimulationSetup:
    """Everything one simulation evaluates; the same for every action × resource pair."""

    principal: Principal
    caller_account: str
    identity: tuple[SourcePolicy, ...] = ()
    boundary: SourcePolicy | None = None
    resource_policy: SourcePolicy | None = None
    scp_levels: tuple[tuple[PolicyDocument, ...], ...] | None = None
    resource_owner: str | None = None
    context: Mapping[str, Any] | None = None


def context_from_entries(entries: Sequence[Mapping[str, Any]] | None, operation: str) -> dict[str, Any]:
    """``ContextEntries`` → request context values, checked against each entry's ``ContextKeyType``."""
    context: dict[str, Any] = {}
    for entry in entries or ():
        name = entry.get("ContextKeyName")
        values = list(entry.get("ContextKeyValues") or [])
        if not name:
            raise invalid("Every context entry needs a ContextKeyName.", operation)
        kind = entry.get("ContextKeyType") or ("string" if len(values) == 1 else "stringList")
        base = kind.removesuffix("List")
        if base not in _SINGLE_TYPES:
            raise invalid(f"Context key {name}: unknown ContextKeyType {kind!r}.", operation)
        for value in values:
            if not _valid_value(base, value):
                raise invalid(f"Context key {name}: {value!r} is not a valid {base} value.", operation)
        if name.lower() in (key.lower() for key in context):
            raise invalid(f"Context key {name} is given twice.", operation)
        if kind in _SINGLE_TYPES:
            if len(values) != 1:
                raise invalid(f"Context key {name} of type {kind} takes exactly one value; use {kind}List.", operation)
            context[name] = values[0]
        else:
            context[name] = values
    return context


def _valid_value(kind: str, value: str) -> bool:
    try:
        if kind == "numeric":
            float(value)
        elif kind == "boolean":
            return value.lower() in ("true", "false")
        elif kind == "ip":
            ipaddress.ip_network(value, strict=False)
        elif kind == "binary":
            base64.b64decode(value, validate=True)
        elif kind == "date" and not value.lstrip("-").isdigit():
            datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (ValueError, binascii.Error):
        return False
    return True


def check_action(action: str, operation: str) -> None:
    if ":" not in action or any(char in action for char in "*?"):
        raise invalid(
            f"Action {action!r} is not valid: name one action as service:Action, without wildcards.", operation
        )
    catalog = load_catalog()
    if catalog.action(action) is None:
        hints = catalog.suggest_actions(action)
        hint = f" Did you mean {', '.join(hints)}?" if hints else ""
        raise invalid(f"Action {action} is not a known action.{hint}", operation)


def check_resource(resource: str, operation: str) -> Arn | None:
    if resource == "*":
        return None
    try:
        return Arn.parse(resource)
    except InvalidArnError as error:
        raise invalid(f"Resource {resource!r} is not valid: {error.message}", operation) from error


def check_resource_policy_fits(policy: SourcePolicy, resources: Sequence[str], operation: str) -> None:
    """A ``ResourcePolicy`` must be able to apply to every listed resource (else ``InvalidInput``)."""
    compiled = _compile(policy.document, "resource", operation)
    for resource in resources:
        arn = check_resource(resource, operation)
        fits = any(
            s.resources is None or s.resources.has_variables or s.resources.matches(resource, arn, _no_value)
            for s in compiled.statements
        )
        if not fits:
            raise invalid(f"The ResourcePolicy is not applicable to the resource {resource}.", operation)


def _no_value(_: str) -> None:
    return None


def _compile(document: PolicyDocument, layer: Layer, operation: str) -> Any:
    try:
        return compile_policy(document, layer)
    except PolicyNotEvaluableError as error:
        raise invalid(f"{error.message} (line {error.line}, column {error.column})", operation) from error


class Simulator:
    """Evaluates one setup for each action × resource pair and shapes the answers as IAM does."""

    def __init__(self, setup: SimulationSetup, operation: str) -> None:
        self.setup = setup
        self.operation = operation
        self.sources = {s.document.name: s for s in (*setup.identity, setup.boundary, setup.resource_policy) if s}
        self.policies = PolicySet(
            identity=tuple(s.document for s in setup.identity),
            boundary=setup.boundary.document if setup.boundary else None,
            resource=setup.resource_policy.document if setup.resource_policy else None,
            scp_levels=setup.scp_levels,
        )
        try:
            self.policies.compiled  # noqa: B018 - refuse a policy with undefined meaning before evaluating
        except PolicyNotEvaluableError as error:
            raise invalid(f"{error.message} (line {error.line}, column {error.column})", operation) from error

    def resource_account(self, arn: Arn | None) -> str:
        if arn is not None and arn.account:
            return arn.account
        return self.setup.resource_owner or self.setup.caller_account

    def decide(self, action: str, resource: str) -> Decision:
        arn = check_resource(resource, self.operation)
        request = AuthorizationRequest(
            principal=self.setup.principal,
            action=action,
            resource=Resource(arn=resource, account=self.resource_account(arn)),
            context=dict(self.setup.context or {}),
        )
        try:
            return authorize(request, self.policies)
        except InvalidRequestError as error:
            raise AwsError("PolicyEvaluation", error.message, self.operation) from error

    def result(self, action: str, resource: str) -> dict[str, Any]:
        """One ``EvaluationResult`` (AMB-16: one per action × resource)."""
        decision = self.decide(action, resource)
        matched = self.matched_statements(decision)
        missing = self.missing_context_values(decision)
        details = self.decision_details(decision, resource)
        answer: dict[str, Any] = {
            "EvalActionName": action,
            "EvalResourceName": resource,
            "EvalDecision": decision.decision,
            "MatchedStatements": matched,
            "MissingContextValues": missing if resource == "*" else [],
        }
        if self.setup.scp_levels is not None:
            answer["OrganizationsDecisionDetail"] = {"AllowedByOrganizations": self.verdict(decision, "scp")}
        boundary = self.boundary_detail(decision)
        answer.update(boundary)
        if details is not None:
            answer["EvalDecisionDetails"] = details
        specific: dict[str, Any] = {
            "EvalResourceName": resource,
            "EvalResourceDecision": decision.decision,
            "MatchedStatements": matched,
            "MissingContextValues": missing,
        }
        if details is not None:
            specific["EvalDecisionDetails"] = details
        specific.update(boundary)
        answer["ResourceSpecificResults"] = [specific] if resource != "*" else []
        return answer

    @staticmethod
    def verdict(decision: Decision, layer: Layer) -> bool:
        found = decision.layer(layer)
        return found is None or found.verdict == "allowed"

    def boundary_detail(self, decision: Decision) -> dict[str, Any]:
        if self.setup.boundary is None or decision.layer("boundary") is None:
            return {}
        allowed = self.verdict(decision, "boundary")
        return {"PermissionsBoundaryDecisionDetail": {"AllowedByPermissionsBoundary": allowed}}

    def matched_statements(self, decision: Decision) -> list[dict[str, Any]]:
        matched = []
        for ref in decision.decisive:
            source = self.sources.get(ref.policy)
            if ref.layer in _ORGANIZATION_LAYERS or source is None:
                continue
            span = source.document.span_of(ref.pointer)
            entry: dict[str, Any] = {
                "SourcePolicyId": source.policy_id,
                "SourcePolicyType": POLICY_TYPE_LABELS[ref.layer],
            }
            if span is not None:
                entry["StartPosition"] = {"Line": span.line, "Column": span.column}
                entry["EndPosition"] = {"Line": span.end_line, "Column": span.end_column}
            matched.append(entry)
        return matched

    @staticmethod
    def missing_context_values(decision: Decision) -> list[str]:
        context = decision.request.normalised_context
        missing: dict[str, None] = {}
        for statement in decision.conditional:
            if statement.ref.layer in _ORGANIZATION_LAYERS:
                continue
            for condition in statement.conditions:
                if condition.key not in context:
                    missing[condition.clause.key] = None
        return list(missing)

    def decision_details(self, decision: Decision, resource: str) -> dict[str, str] | None:
        """``EvalDecisionDetails``: per policy type for cross-account simulations only (API2)."""
        if not self.verdict(decision, "scp"):
            return None
        if not decision.request.is_cross_account:
            return None if resource == "*" else {}
        details: dict[str, str] = {
            POLICY_TYPE_LABELS[v.layer]: v.verdict
            for v in decision.layers
            if v.layer not in _ORGANIZATION_LAYERS and v.verdict != "notApplicable"
        }
        details.setdefault(POLICY_TYPE_LABELS["resource"], "implicitDeny")
        return details

    def results(self, actions: Sequence[str], resources: Sequence[str]) -> list[dict[str, Any]]:
        for action in actions:
            check_action(action, self.operation)
        return [self.result(action, resource) for action in actions for resource in resources]
