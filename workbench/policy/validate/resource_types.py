"""Validate, actions against resources: can each Resource ARN be one the statement's actions act on (G8, R4)?

For every (action, resource) pair of a statement the catalog's ARN templates say whether the
resource pattern could match an ARN of a resource type of the action (the test behind
``ServiceCatalog.arn_can_match_action``). A resource no action can use, and an action no resource
covers, are reported. Templates are compiled and tested once per validation through a local memo,
so ``s3:*`` (about 150 actions, 13 distinct templates) costs 13 tests per resource, not 150.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from workbench.policy.arn_templates import ArnTemplate
from workbench.policy.findings import Finding, Severity
from workbench.policy.model import Statement
from workbench.policy.validate.arns import arn_problems
from workbench.policy.validate.context import CheckContext, Entry, describe, has_wildcard, quote


@dataclass(frozen=True, slots=True)
class _Targets:
    """What an action pattern acts on: the ARN templates of its resource types (empty: only ``"*"``)."""

    templates: frozenset[str]
    names: tuple[str, ...]
    """Resource type names with their templates, for hints ("bucket: arn:aws:s3:::${BucketName}")."""


@dataclass(frozen=True, slots=True)
class _ActionTypes:
    """One Action entry of a statement and what it acts on."""

    entry: Entry
    templates: frozenset[str]
    names: tuple[str, ...]


@dataclass(slots=True)
class _Memo:
    """Per-validation caches: compiled templates, match answers, targets per action pattern."""

    compiled: dict[str, ArnTemplate] = field(default_factory=dict)
    answers: dict[tuple[str, str], bool] = field(default_factory=dict)
    targets: dict[str, _Targets | None] = field(default_factory=dict)

    def can_match(self, template: str, arn: str) -> bool:
        key = (template, arn)
        answer = self.answers.get(key)
        template_service = _service(template)
        if answer is None and "$" not in template_service and template_service != _service(arn).lower():
            # Service parts are literal on both sides (arns.py rejects wildcards there): the
            # cheap test settles most pairs, e.g. an S3 ARN against ec2:Describe*'s templates.
            answer = self.answers[key] = False
        if answer is None:
            compiled = self.compiled.get(template)
            if compiled is None:
                compiled = self.compiled[template] = ArnTemplate.compile(template)
            answer = self.answers[key] = compiled.can_match(arn)
        return answer


def _service(arn: str) -> str:
    parts = arn.split(":", 3)
    return parts[2] if len(parts) > 2 else ""


def check(context: CheckContext) -> Iterator[Finding]:
    memo = _Memo()
    for statement in context.statements():
        if statement.action is None or statement.resource is None or "*" in statement.resource:
            continue
        resources = [e for e in context.entries(statement, "Resource") if not arn_problems(e.value)]
        if not resources:
            continue
        actions: list[_ActionTypes] = []
        all_known = True
        for entry in context.entries(statement, "Action"):
            key = entry.value.lower()
            if key not in memo.targets:
                memo.targets[key] = _targets(context, entry.value)
            targets = memo.targets[key]
            if targets is None:
                all_known = False
            else:
                actions.append(_ActionTypes(entry, targets.templates, targets.names))
        if actions:
            yield from _pairs(context, memo, statement, actions, resources, all_known)


def _targets(context: CheckContext, value: str) -> _Targets | None:
    """The ARN templates an action entry can act on; None when that is unknown (typo, ``*``)."""
    catalog = context.catalog
    prefix, colon, name = value.partition(":")
    if not colon or has_wildcard(prefix) or not catalog.service_exists(prefix):
        return None
    if has_wildcard(name):
        matched = context.actions_matching(value)
        if not matched:
            return None
    elif catalog.action(value) is not None:
        matched = (value,)
    else:
        return None
    templates: set[str] = set()
    names: dict[str, str] = {}
    for action in matched:
        for rtype in catalog.resource_types(action):
            templates.update(rtype.arn_templates)
            names.setdefault(rtype.name, rtype.arn_template)
    return _Targets(frozenset(templates), tuple(f"{n}: {t}" for n, t in names.items()))


def _pairs(
    context: CheckContext,
    memo: _Memo,
    statement: Statement,
    actions: list[_ActionTypes],
    resources: list[Entry],
    all_known: bool,
) -> Iterator[Finding]:
    used_resources: set[int] = set()
    unused_actions: list[_ActionTypes] = []
    for action in actions:
        hit = False
        for index, resource in enumerate(resources):
            if any(memo.can_match(t, resource.value) for t in action.templates):
                used_resources.add(index)
                hit = True
        if not hit:
            unused_actions.append(action)
    action_list = ", ".join(a.entry.value for a in actions)
    for index, resource in enumerate(resources):
        if index in used_resources or not all_known:
            continue
        yield context.finding(
            "validate_arn_matches_no_action",
            Severity.WARNING,
            resource.pointer,
            f"{describe(statement)}: the Resource {quote(resource.value)} is not a resource that "
            f"{action_list} act{'s' if len(actions) == 1 else ''} on, so this entry never matches a request.",
            _hint(resource.value, actions),
        )
    if not used_resources:
        return  # every resource was reported above; saying the same per action adds nothing
    for action in unused_actions:
        if action.templates:
            message = (
                f"{describe(statement)}: no Resource of this statement is a resource that "
                f"{action.entry.value} acts on, so the statement never applies to it."
            )
        else:
            message = (
                f"{describe(statement)}: {action.entry.value} does not support resource-level "
                'permissions; only "Resource": "*" covers it.'
            )
        yield context.finding(
            "validate_action_matches_no_resource",
            Severity.WARNING,
            action.entry.pointer,
            message,
            _hint(resources[0].value, [action]),
        )


def _hint(arn: str, actions: list[_ActionTypes]) -> str:
    if all(not a.templates for a in actions):
        return 'These actions do not act on a specific resource: put them in a statement with "Resource": "*".'
    bucket, slash, _ = arn.removeprefix("arn:aws:s3:::").partition("/")
    wants_bucket = any(name.startswith("bucket:") for a in actions for name in a.names)
    if arn.startswith("arn:aws:s3:::") and slash and wants_bucket:
        return f"Bucket actions use the bucket ARN arn:aws:s3:::{bucket} (objects use arn:aws:s3:::{bucket}/*)."
    shapes = sorted({name.replace("${Partition}", "aws") for a in actions for name in a.names})
    shown = "; ".join(shapes[:4]) + (" …" if len(shapes) > 4 else "")
    return f"Use an ARN of the right resource type ({shown})."
