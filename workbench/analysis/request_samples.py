"""Analysis, policy checks step 1: the statements of the policies compared → sample actions and resource ARNs.

Actions: every action a statement names literally; for a wildcard pattern, its catalog matches
(all of them up to 32, else 32 spread evenly over the sorted list); for ``NotAction``, the listed
actions themselves plus a *complement sample*: up to 8 other actions of each service it names and
a fixed set of common actions of other services.

Resources, per action: each ``Resource``/``NotResource`` pattern instantiated (``*`` → a fixed
token, ``?`` → one character, policy variables → the subject's value or the token), plus one
"outside" ARN per resource type of the action, built from the catalog's ARN template; only ARNs
that can be of the action's resource types are kept; actions without resource types get ``"*"``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from workbench.analysis.condition_samples import SAMPLE_TOKEN, instantiate
from workbench.policy.catalog import load_catalog
from workbench.policy.model import Statement
from workbench.wildcard import Glob

ACTIONS_PER_PATTERN = 32
COMPLEMENT_PER_SERVICE = 8
MAX_ACTIONS = 200
RESOURCES_PER_ACTION = 8
OUTSIDE_TOKEN = "analysis-outside"
COMMON_ACTIONS = (
    "dynamodb:GetItem",
    "ec2:RunInstances",
    "iam:CreateUser",
    "iam:PassRole",
    "kms:Decrypt",
    "lambda:InvokeFunction",
    "s3:GetObject",
    "s3:PutObject",
    "sqs:SendMessage",
    "sts:AssumeRole",
)
"""Actions of several services, sampled for the complement of a ``NotAction``."""


def spread(items: Sequence[str], count: int) -> list[str]:
    """``count`` items evenly spread over ``items`` (first and last included); all of them when few."""
    if len(items) <= count:
        return list(items)
    return [items[round(i * (len(items) - 1) / (count - 1))] for i in range(count)]


def expand_action(pattern: str) -> list[str]:
    """A policy action pattern → concrete actions (AWS casing); a literal unknown to the catalog stays as written."""
    catalog = load_catalog()
    if "*" not in pattern and "?" not in pattern:
        info = catalog.action(pattern)
        return [info.full_name if info is not None else pattern]
    found = sorted(catalog.actions_matching(pattern), key=str.lower)
    return spread(found, ACTIONS_PER_PATTERN)


def sample_actions(statements: Iterable[Statement]) -> tuple[str, ...]:
    """Sample actions for the statements' Action and NotAction elements, sorted and bounded."""
    catalog = load_catalog()
    chosen: dict[str, str] = {}
    for statement in statements:
        for pattern in statement.action or ():
            chosen.update((a.lower(), a) for a in expand_action(pattern))
        if statement.not_action is None:
            continue
        excluded = [Glob.compile(p, case_insensitive=True) for p in statement.not_action]
        for pattern in statement.not_action:
            chosen.update((a.lower(), a) for a in expand_action(pattern))
        services = {p.split(":", 1)[0].lower() for p in statement.not_action if ":" in p and "*" not in p.split(":")[0]}
        complement = [*COMMON_ACTIONS]
        for service in sorted(services):
            others = [a for a in catalog.service_actions(service) if not any(g.matches(a) for g in excluded)]
            complement += spread(sorted(others, key=str.lower), COMPLEMENT_PER_SERVICE)
        chosen.update((a.lower(), a) for a in complement if not any(g.matches(a) for g in excluded))
    return tuple(chosen[key] for key in sorted(chosen)[:MAX_ACTIONS])


def resource_patterns(statements: Iterable[Statement]) -> tuple[str, ...]:
    """Every Resource and NotResource pattern written, in order, once."""
    found: dict[str, None] = {}
    for statement in statements:
        for pattern in (*(statement.resource or ()), *(statement.not_resource or ())):
            found.setdefault(pattern, None)
    return tuple(found)


def concrete_arn(pattern: str, values: Mapping[str, str]) -> str | None:
    """An ARN a pattern matches: variables from ``values`` (lower-cased keys) or the token, wildcards instantiated."""
    if pattern == "*":
        return None
    text = pattern
    while "${" in text:
        start = text.index("${")
        end = text.find("}", start)
        if end < 0:
            break
        body = text[start + 2 : end]
        key = body.split(",", 1)[0].strip().lower()
        literal = {"*": "${*}", "?": "${?}", "$": "${$}"}.get(body)
        replacement = literal or values.get(key) or SAMPLE_TOKEN
        text = text[:start] + replacement.replace("${", "\x00") + text[end + 1 :]
    concrete = instantiate(text.replace("\x00", "${"))
    return concrete if concrete and concrete.count(":") >= 5 else None


def outside_arns(action: str, account: str) -> list[str]:
    """One ARN per resource type of ``action``, named so that no ordinary policy pattern means it."""
    arns = []
    for rtype in load_catalog().resource_types(action):
        arn = rtype.arn_template
        for placeholder, value in (("${Partition}", "aws"), ("${Region}", "us-east-1"), ("${Account}", account)):
            arn = arn.replace(placeholder, value)
        while "${" in arn:
            start = arn.index("${")
            arn = arn[:start] + OUTSIDE_TOKEN + arn[arn.index("}", start) + 1 :]
        arns.append(arn)
    return arns


def resources_for(action: str, candidates: Sequence[str], account: str) -> tuple[str, ...]:
    """The sample ARNs that can be of ``action``'s resource types (``"*"`` when it has none), bounded."""
    catalog = load_catalog()
    if not catalog.resource_types(action):
        return ("*",)
    fitting = [
        arn for arn in (*candidates, *outside_arns(action, account)) if catalog.arn_can_match_action(arn, action)
    ]
    return tuple(dict.fromkeys(fitting))[:RESOURCES_PER_ACTION] or ("*",)
