"""Analysis, external access step 1: the account state → every resource policy to analyze, with ARNs to ask about.

The resources Access Analyzer covers that the simulation holds (R5): S3 buckets (bucket
policies), IAM roles (trust policies), KMS keys (key policies) and Lambda functions (function
policies). AWS managed KMS keys are left out, as Access Analyzer leaves them out: their key policy
is AWS's and admits only the account, through a service.

For each statement the actions to try are its ``Action`` patterns (or the complement of its
``NotAction``) expanded with the catalog within the resource's service, keeping only actions
that act on this kind of resource; for a bucket, object actions are asked about an object ARN
that the statement's ``Resource`` patterns name (``arn:aws:s3:::b/public/*`` → ``…/public/analysis-sample``).
A bucket whose policy is public while S3's RestrictPublicBuckets is on grants outsiders nothing
(only its Deny statements take part for them), so its ``outside_view`` has no Allow left.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict

from workbench.account.authorization import document
from workbench.account.model import State
from workbench.analysis.condition_samples import instantiate
from workbench.engine.authorize import ROLE_ASSUMPTION_ACTIONS
from workbench.errors import PolicyParseError
from workbench.policy.catalog import load_catalog
from workbench.policy.model import PolicyDocument, Statement
from workbench.services.s3.block_public_access import policy_seen_by
from workbench.wildcard import Glob

ResourceType = Literal["AWS::S3::Bucket", "AWS::IAM::Role", "AWS::KMS::Key", "AWS::Lambda::Function"]

MAX_ACTIONS_PER_STATEMENT = 12
"""Concrete actions tried per statement: the ones written literally first, then expansions in catalog order."""
_NO_PERMISSION_NEEDED = frozenset({"sts:getcalleridentity", "sts:getsessiontoken"})


class AnalyzedResource(BaseModel):
    """A resource whose policy was analyzed: its ARN, its CloudFormation-style type, its owner."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    arn: str
    type: ResourceType
    account_id: str
    name: str
    region: str | None = None

    @property
    def policy_noun(self) -> str:
        """How a learner names the policy: ``bucket policy``, ``trust policy``, ``key policy``, ``function policy``."""
        return _NOUNS[self.type]


_NOUNS: dict[str, str] = {
    "AWS::S3::Bucket": "bucket policy",
    "AWS::IAM::Role": "trust policy",
    "AWS::KMS::Key": "key policy",
    "AWS::Lambda::Function": "function policy",
}
_SERVICES: dict[str, str] = {
    "AWS::S3::Bucket": "s3",
    "AWS::IAM::Role": "sts",
    "AWS::KMS::Key": "kms",
    "AWS::Lambda::Function": "lambda",
}
_CATALOG_TYPES: dict[str, frozenset[str]] = {
    "AWS::S3::Bucket": frozenset({"bucket", "object"}),
    "AWS::IAM::Role": frozenset({"role"}),
    "AWS::KMS::Key": frozenset({"key"}),
    "AWS::Lambda::Function": frozenset({"function"}),
}


@dataclass(frozen=True)
class ResourcePolicy:
    """One resource and its policy: as written (for statements and locations) and as outsiders are judged by it."""

    resource: AnalyzedResource
    document: PolicyDocument
    outside_view: PolicyDocument | None
    """The policy that decides for callers from other accounts (None: none takes part)."""
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def service(self) -> str:
        return _SERVICES[self.resource.type]

    def actions_for(self, statement: Statement) -> tuple[str, ...]:
        """Concrete actions of ``statement`` that act on this resource (bounded, deterministic)."""
        catalog = load_catalog()
        service = self.service
        every = catalog.service_actions(service)
        if statement.action is not None:
            literal = [a for a in statement.action if "*" not in a and "?" not in a]
            globs = [Glob.compile(a, case_insensitive=True) for a in statement.action]
            candidates = [*literal, *(a for a in every if any(g.matches(a) for g in globs))]
        elif statement.not_action is not None:
            globs = [Glob.compile(a, case_insensitive=True) for a in statement.not_action]
            candidates = [a for a in every if not any(g.matches(a) for g in globs)]
        else:
            return ()
        chosen: dict[str, None] = {}
        for action in candidates:
            info = catalog.action(action)
            if info is None or info.service != service or action.lower() in _NO_PERMISSION_NEEDED:
                continue
            if self.applies(info.full_name):
                chosen.setdefault(info.full_name, None)
            if len(chosen) >= MAX_ACTIONS_PER_STATEMENT:
                break
        return tuple(chosen)

    def applies(self, action: str) -> bool:
        """Whether ``action`` acts on this kind of resource (its catalog resource types)."""
        if self.resource.type == "AWS::IAM::Role":
            return action.lower() in ROLE_ASSUMPTION_ACTIONS
        names = {t.name.lower() for t in load_catalog().resource_types(action)}
        return bool(names & _CATALOG_TYPES[self.resource.type])

    def arns_for(self, action: str, statement: Statement) -> tuple[str, ...]:
        """The resource ARNs to ask ``action`` about: the resource itself, or objects the statement names."""
        resource = self.resource
        if resource.type != "AWS::S3::Bucket":
            return (resource.arn,)
        names = {t.name.lower() for t in load_catalog().resource_types(action)}
        arns: list[str] = [resource.arn] if "bucket" in names else []
        if "object" in names:
            prefix = resource.arn + "/"
            for pattern in statement.resource or ():
                if pattern.startswith(prefix) and (key := instantiate(pattern[len(prefix) :])) is not None:
                    arns.append(prefix + (key or "analysis-sample"))
            arns.append(prefix + "analysis-sample")
        return tuple(dict.fromkeys(arns))[:3]


def resource_policies(state: State, accounts: frozenset[str]) -> Iterator[ResourcePolicy]:
    """Every analyzable resource policy of ``accounts``, in a stable order (buckets, roles, keys, functions)."""
    services = state.services
    for bucket in sorted(services.buckets.values(), key=lambda b: b.name):
        if bucket.account_id not in accounts or not bucket.policy:
            continue
        resource = AnalyzedResource(
            arn=bucket.arn, type="AWS::S3::Bucket", account_id=bucket.account_id, name=bucket.name, region=bucket.region
        )
        seen = policy_seen_by(services, bucket, None)
        yield from _policy(resource, bucket.policy, seen, bucket.tags)
    for account_id in sorted(accounts):
        account = state.accounts.get(account_id)
        for role in sorted(account.roles.values(), key=lambda r: r.name.lower()) if account else ():
            resource = AnalyzedResource(arn=role.arn, type="AWS::IAM::Role", account_id=account_id, name=role.name)
            yield from _policy(resource, role.trust_policy, role.trust_policy, role.tags)
    for key in sorted(services.keys.values(), key=lambda k: k.arn):
        if key.account_id not in accounts or key.aws_managed:
            continue
        resource = AnalyzedResource(
            arn=key.arn, type="AWS::KMS::Key", account_id=key.account_id, name=key.key_id, region=key.region
        )
        yield from _policy(resource, key.policy, key.policy, key.tags)
    for function in sorted(services.functions.values(), key=lambda f: f.arn):
        if function.account_id not in accounts or not function.policy:
            continue
        resource = AnalyzedResource(
            arn=function.arn,
            type="AWS::Lambda::Function",
            account_id=function.account_id,
            name=function.name,
            region=function.region,
        )
        yield from _policy(resource, function.policy, function.policy, function.tags)


def _policy(
    resource: AnalyzedResource, text: str, outside_text: str | None, tags: dict[str, str]
) -> Iterator[ResourcePolicy]:
    """One ResourcePolicy, or nothing when the stored text does not parse (it then grants nothing)."""
    name = f"{resource.policy_noun} of {resource.name}"
    try:
        written = document(text, name)
        outside = document(outside_text, name) if outside_text else None
    except PolicyParseError:
        return
    yield ResourcePolicy(resource=resource, document=written, outside_view=outside, tags=dict(tags))
