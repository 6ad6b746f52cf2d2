"""Analysis, policy checks beyond validation: two policies → the sampled requests one allows and the other does not.

``check_no_new_access(existing, new)`` is Access Analyzer's CheckNoNewAccess: does the new version
allow anything the existing one did not? ``grants_more(policy, than, actions=…, resources=…)``
asks the same for a fixed set of actions and resources. Both answer with an
:class:`AccessComparison` listing the requests that differ, in both directions.

**This is a sampling check.** Requests are enumerated (:mod:`.request_samples`,
:mod:`.condition_samples`) over the actions the statements of either policy name (wildcards
expanded with the catalog, bounded; samples of a ``NotAction``'s complement), × resources (each
``Resource`` pattern instantiated, plus an ARN outside the patterns per resource type), × request
contexts from the conditions (each key with a matching value, a non-matching value, absent), ×
principals (for resource policies: those the ``Principal`` elements name, an anonymous caller and
an unknown account's user). The engine decides every request under both policies. A difference
it reports is real — the request is shown — but access that differs only for requests outside
the sample is missed: like CheckNoNewAccess, a PASS can be a false negative for requests the
sample does not contain; it is never a false positive. The enumeration is bounded
(``max_requests``, ``truncated`` says when the bound cut it) and deterministic.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, InstanceOf

from workbench.analysis.condition_samples import context_variants, key_samples
from workbench.analysis.errors import AnalysisError
from workbench.analysis.external_callers import IDENTITY_KEYS
from workbench.analysis.request_samples import (
    concrete_arn,
    expand_action,
    resource_patterns,
    resources_for,
    sample_actions,
)
from workbench.engine.authorize import authorize
from workbench.engine.decision import DecisionValue, StatementRef
from workbench.engine.policy_set import PolicySet
from workbench.engine.request import AuthorizationRequest, Principal, Resource
from workbench.errors import WorkbenchError
from workbench.policy.model import PolicyDocument, Statement
from workbench.policy.parse import parse_policy

PolicyInput = PolicySet | PolicyDocument | str | Mapping[str, Any]
"""A policy as text, a decoded JSON object, a parsed document, or a whole policy set."""
PolicyKind = Literal["identity", "resource"]

SUBJECT_ACCOUNT = "111122223333"
SUBJECT = Principal(type="user", arn=f"arn:aws:iam::{SUBJECT_ACCOUNT}:user/analysis-subject", account=SUBJECT_ACCOUNT)
"""Who asks, for identity policies, unless a principal is given."""
OUTSIDE_ACCOUNT = "999999999999"
MAX_REQUESTS = 20_000
MAX_CONTEXTS = 16
MAX_DIFFERENCES = 500
_CALLER_DERIVED = frozenset(
    {
        "aws:principalaccount",
        "aws:principalarn",
        "aws:principaltype",
        "aws:username",
        "aws:userid",
        "aws:principalisawsservice",
        "aws:principalservicename",
    }
)


@functools.cache
def _allow_everything() -> PolicyDocument:
    """The caller's own side when a resource policy is compared: everything allowed."""
    return parse_policy(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
        name="the caller's own policies (assumed to allow everything)",
    )


class RequestDifference(BaseModel):
    """One sampled request decided differently by the two policies."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    principal: str
    """The caller's ARN (``anonymous`` for an unauthenticated caller)."""
    action: str
    resource: str
    context: dict[str, str | tuple[str, ...]] = {}
    """The sampled condition keys (principal-derived keys are not repeated)."""
    old: DecisionValue
    new: DecisionValue
    granted_by: tuple[InstanceOf[StatementRef], ...] = ()
    """The statements that allowed it on the allowing side."""


class AccessComparison(BaseModel):
    """What the new policy allows that the old one does not (``added``), and the reverse (``removed``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    added: tuple[RequestDifference, ...] = ()
    removed: tuple[RequestDifference, ...] = ()
    requests_checked: int
    truncated: bool = False
    """True when ``max_requests`` stopped the enumeration before every sample was decided."""

    @property
    def no_new_access(self) -> bool:
        return not self.added

    @property
    def grants_more(self) -> bool:
        return bool(self.added)

    @property
    def result(self) -> Literal["PASS", "FAIL"]:
        """CheckNoNewAccess's answer: PASS when no sampled request gained access."""
        return "PASS" if self.no_new_access else "FAIL"


def check_no_new_access(existing: PolicyInput, new: PolicyInput, **options: Any) -> AccessComparison:
    """Does ``new`` allow a sampled request that ``existing`` does not? (options as :func:`compare_access`)."""
    return compare_access(existing, new, **options)


def grants_more(
    policy: PolicyInput, than: PolicyInput, *, actions: Iterable[str], resources: Iterable[str], **options: Any
) -> AccessComparison:
    """Does ``policy`` grant more than ``than`` for these actions (wildcards expanded) and resource ARNs?

    ``added`` lists what only ``policy`` allows; ``removed`` what only ``than`` allows.
    """
    return compare_access(than, policy, actions=actions, resources=resources, **options)


def compare_access(
    old: PolicyInput,
    new: PolicyInput,
    *,
    policy_type: PolicyKind = "identity",
    principal: Principal | str | None = None,
    actions: Iterable[str] | None = None,
    resources: Iterable[str] | None = None,
    resource_account: str = SUBJECT_ACCOUNT,
    max_requests: int = MAX_REQUESTS,
) -> AccessComparison:
    """Decide every sampled request under ``old`` and ``new``; report the requests whose answer differs.

    ``policy_type`` says how a lone document is used: ``identity`` (the caller's policy) or
    ``resource`` (the resource's policy, the caller's side allowing everything). ``principal``
    (a Principal or an ARN) fixes who asks. ``actions``/``resources`` replace the derived samples.
    """
    old_set, new_set = _policy_set(old, policy_type), _policy_set(new, policy_type)
    statements = [*_statements(old_set), *_statements(new_set)]
    subjects = _principals(principal, policy_type, statements)
    action_list = _actions(actions, statements)
    values = _variable_values(subjects[0])
    candidates = (
        [arn for r in resources if (arn := concrete_arn(r, values) if "*" in r or "?" in r else r)]
        if resources is not None
        else [arn for p in resource_patterns(statements) if (arn := concrete_arn(p, values))]
    )
    samples = key_samples((c for s in statements for c in s.conditions or ()), skip=_derived_from_caller)
    pairs = [
        (action, arn)
        for action in action_list
        for arn in (
            tuple(candidates) or ("*",)
            if resources is not None
            else resources_for(action, candidates, resource_account)
        )
    ]
    contexts = list(context_variants(samples, limit=_context_budget(max_requests, len(pairs) * len(subjects))))
    added: list[RequestDifference] = []
    removed: list[RequestDifference] = []
    checked = 0
    product = itertools.product(subjects, pairs, contexts)
    for subject, (action, arn), sampled in itertools.islice(product, max_requests):
        checked += 1
        context = _possible_for(subject, sampled)
        account = _account_of(arn) or (resource_account if policy_type == "resource" else subject.account)
        request = AuthorizationRequest(
            principal=subject, action=action, resource=Resource(arn=arn, account=account), context=context
        )
        before, after = authorize(request, old_set), authorize(request, new_set)
        if before.allowed == after.allowed:
            continue
        into = added if after.allowed else removed
        if len(into) < MAX_DIFFERENCES:
            granting = after if after.allowed else before
            into.append(
                RequestDifference(
                    principal=subject.arn or subject.type,
                    action=action,
                    resource=arn,
                    context=dict(context),
                    old=before.decision,
                    new=after.decision,
                    granted_by=granting.decisive,
                )
            )
    total = len(subjects) * len(pairs) * len(contexts)
    return AccessComparison(
        added=tuple(added), removed=tuple(removed), requests_checked=checked, truncated=checked < total
    )


def _derived_from_caller(key: str) -> bool:
    """Keys the engine derives from the sampled principal (rule K1): sampling them would invent callers."""
    return key in _CALLER_DERIVED


def _possible_for(subject: Principal, context: Mapping[str, Any]) -> dict[str, Any]:
    """The sampled context a request by ``subject`` could really carry: an anonymous caller has no identity keys."""
    if subject.type != "anonymous":
        return dict(context)
    return {key: value for key, value in context.items() if key.lower() not in IDENTITY_KEYS}


def _policy_set(policy: PolicyInput, policy_type: PolicyKind) -> PolicySet:
    if isinstance(policy, PolicySet):
        return policy
    document = _document(policy)
    if policy_type == "resource":
        return PolicySet(identity=(_allow_everything(),), resource=document)
    return PolicySet(identity=(document,))


def _document(policy: PolicyDocument | str | Mapping[str, Any]) -> PolicyDocument:
    if isinstance(policy, PolicyDocument):
        return policy
    try:
        return parse_policy(policy if isinstance(policy, str) else dict(policy))
    except WorkbenchError as error:
        raise AnalysisError(
            f"a policy to compare does not parse: {error.message}", code="analysis_bad_policy"
        ) from error


def _statements(policies: PolicySet) -> list[Statement]:
    documents = [*policies.identity, policies.resource, policies.boundary, policies.session]
    for levels in (policies.scp_levels or (), policies.rcp_levels or ()):
        documents += [d for level in levels for d in level]
    return [s for d in documents if d is not None for s in d.statements]


def _principals(given: Principal | str | None, policy_type: PolicyKind, statements: list[Statement]) -> list[Principal]:
    if isinstance(given, Principal):
        return [given]
    if isinstance(given, str):
        try:
            return [Principal.from_arn(given)]
        except WorkbenchError as error:
            raise AnalysisError(f"principal: {error.message}", code="analysis_bad_principal") from error
    if policy_type == "identity":
        return [SUBJECT]
    found: dict[str, Principal] = {}
    outsider = Principal(
        type="user", arn=f"arn:aws:iam::{OUTSIDE_ACCOUNT}:user/analysis-outsider", account=OUTSIDE_ACCOUNT
    )
    for statement in statements:
        block = statement.principal or statement.not_principal
        for entry in block.entries if block is not None else ():
            principal = _named(entry.kind, entry.value)
            if principal is not None:
                found.setdefault(principal.model_dump_json(), principal)
    found.setdefault("anonymous", Principal.anonymous())
    found.setdefault("outsider", outsider)
    return list(found.values())


def _named(kind: str, value: str) -> Principal | None:
    """The caller a Principal entry names (a role: a session of it; an account: a user of it)."""
    if kind == "Service":
        return Principal(type="service", arn=value)
    if kind != "AWS" or value == "*":
        return None
    if len(value) == 12 and value.isdigit():
        value = f"arn:aws:iam::{value}:root"
    if value.endswith(":root"):
        account = value.split(":")[4]
        return Principal(type="user", arn=f"arn:aws:iam::{account}:user/analysis-member", account=account)
    parts = value.split(":", 5)
    if len(parts) == 6 and parts[2] == "iam" and parts[5].startswith("role/"):
        name = parts[5].rsplit("/", 1)[-1]
        session = f"arn:aws:sts::{parts[4]}:assumed-role/{name}/analysis-session"
        return Principal(type="assumed-role", arn=session, account=parts[4], role_arn=value)
    try:
        return Principal.from_arn(value)
    except WorkbenchError:
        return None  # partial wildcards and unique ids name no caller (G11)


def _actions(given: Iterable[str] | None, statements: list[Statement]) -> tuple[str, ...]:
    if given is None:
        return sample_actions(statements)
    chosen = {a.lower(): a for pattern in given for a in expand_action(pattern)}
    if not chosen:
        raise AnalysisError("no action to check: name at least one action", code="analysis_no_actions")
    return tuple(chosen[key] for key in sorted(chosen))


def _variable_values(subject: Principal) -> dict[str, str]:
    return {key: value for key, value in subject.derived_context().items() if isinstance(value, str)}


def _context_budget(max_requests: int, requests_per_context: int) -> int:
    return max(1, min(MAX_CONTEXTS, max_requests // max(1, requests_per_context)))


def _account_of(arn: str) -> str | None:
    parts = arn.split(":")
    return parts[4] if len(parts) >= 6 and parts[4] else None
