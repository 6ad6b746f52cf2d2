"""Explain, shared words: condition failures, callers, resources and policies, in a learner's words."""

from __future__ import annotations

from workbench.engine.decision import ConditionFailure
from workbench.engine.request import AuthorizationRequest, Principal

# Positive base operator (lower-cased) → (what holds, what does not), e.g. "is in" / "is not in".
_RELATIONS: tuple[tuple[str, str, str], ...] = (
    ("stringequals", "equals", "does not equal"),
    ("stringequalsignorecase", "equals (ignoring case)", "does not equal (ignoring case)"),
    ("stringlike", "matches", "does not match"),
    ("arnequals", "matches", "does not match"),
    ("arnlike", "matches", "does not match"),
    ("numericequals", "equals", "does not equal"),
    ("numericlessthan", "is less than", "is not less than"),
    ("numericlessthanequals", "is at most", "is not at most"),
    ("numericgreaterthan", "is greater than", "is not greater than"),
    ("numericgreaterthanequals", "is at least", "is not at least"),
    ("dateequals", "is", "is not"),
    ("datelessthan", "is before", "is not before"),
    ("datelessthanequals", "is at or before", "is not at or before"),
    ("dategreaterthan", "is after", "is not after"),
    ("dategreaterthanequals", "is at or after", "is not at or after"),
    ("bool", "is", "is not"),
    ("binaryequals", "equals", "does not equal"),
    ("ipaddress", "is in", "is not in"),
)
# Negated operator → its positive form.
_NEGATIONS: tuple[tuple[str, str], ...] = (
    ("stringnotequals", "stringequals"),
    ("stringnotequalsignorecase", "stringequalsignorecase"),
    ("stringnotlike", "stringlike"),
    ("arnnotequals", "arnequals"),
    ("arnnotlike", "arnlike"),
    ("numericnotequals", "numericequals"),
    ("datenotequals", "dateequals"),
    ("notipaddress", "ipaddress"),
)


def value_text(value: str | tuple[str, ...] | None) -> str:
    """A request or policy value as written: ``x``, ``[a, b]``, ``an empty list``."""
    if value is None:
        return "nothing"
    if isinstance(value, tuple):
        return "[" + ", ".join(value) + "]" if value else "an empty list"
    return value


def _values(values: tuple[str, ...], several: str) -> str:
    return f"{several} {', '.join(values)}" if len(values) > 1 else (values[0] if values else "no value")


def sentence(text: str) -> str:
    """Start with a capital letter (labels such as ``statement 2 of …`` may open a sentence)."""
    return text[:1].upper() + text[1:]


def split_operator(operator: str) -> tuple[str, str | None, bool]:
    """``ForAnyValue:StringLikeIfExists`` → (``stringlike``, ``foranyvalue``, True)."""
    qualifier: str | None = None
    name = operator
    if ":" in name:
        head, name = name.split(":", 1)
        qualifier = head.lower()
    if_exists = name.lower().endswith("ifexists")
    base = name[: -len("IfExists")] if if_exists else name
    return base.lower(), qualifier, if_exists


def condition_words(failure: ConditionFailure) -> str:
    """Why one condition clause was false: the request's value against the policy's values."""
    key, operator, values = failure.key, failure.operator, failure.policy_values
    base, qualifier, _ = split_operator(operator)
    request_value = failure.request_value
    if base == "null":
        wants_absent = any(v.lower() == "true" for v in values)
        if request_value is None:
            null = _values(values, "any of")
            return f"the request did not include {key}, and Null {null} requires it to be present"
        if wants_absent:
            return f"{key} was {value_text(request_value)}, but Null true requires the request not to include it"
    if request_value is None:
        return f"the request did not include {key} (needed by {operator}: {', '.join(values)})"
    negated = dict(_NEGATIONS).get(base)
    relations = {name: (holds, fails) for name, holds, fails in _RELATIONS}
    holds, fails = relations.get(negated or base, ("matches", "does not match"))
    shown = value_text(request_value)
    if qualifier in ("forallvalues", "foranyvalue") and negated is None:
        which = "none of them" if qualifier == "foranyvalue" else "not every one of them"
        return f"{key} was {shown}, and {which} {holds} {_values(values, 'one of')}"
    if negated is not None or qualifier is not None:
        if qualifier is not None:
            return f"{key} was {shown}, so {operator} {_values(values, 'one of')} is false"
        return f"{key} was {shown}, which {holds} {_values(values, 'one of')}, so {operator} is false"
    if base == "bool":
        return f"{key} was {shown}, but the condition requires {_values(values, 'one of')}"
    return f"{key} was {shown}, which {fails} {_values(values, 'any of')}"


def caller_phrase(principal: Principal) -> str:
    """``IAM user alice``, ``role session app/s1``, ``the root user of 111122223333``…"""
    arn = principal.arn or ""
    tail = arn.split(":", 5)[-1] if arn.startswith("arn:") else arn
    match principal.type:
        case "user":
            return f"IAM user {tail.rsplit('/', 1)[-1]}"
        case "assumed-role":
            return f"role session {tail.split('/', 1)[-1]}"
        case "federated-user":
            return f"federated user {tail.split('/', 1)[-1]}"
        case "root":
            return f"the root user of {principal.account}"
        case "service":
            return f"the service {arn}"
        case _:
            return "an anonymous caller"


def resource_policy_noun(request: AuthorizationRequest, *, is_trust: bool) -> str:
    """What the target's resource-based policy is called: ``bucket policy``, ``trust policy``…"""
    if is_trust:
        return "trust policy"
    arn = request.resource_arn
    service = arn.service if arn is not None else ""
    nouns = (
        ("s3", "bucket policy"),
        ("kms", "key policy"),
        ("lambda", "function policy"),
        ("sqs", "queue policy"),
        ("sns", "topic policy"),
        ("secretsmanager", "secret policy"),
        ("ecr", "repository policy"),
    )
    return dict(nouns).get(service, "resource-based policy")


def resource_words(request: AuthorizationRequest) -> str:
    """``on arn:aws:s3:::b/k``, or a note for actions without resource-level permissions."""
    if request.resource.arn == "*":
        return 'on "*" (this action has no resource-level permissions)'
    return f"on {request.resource.arn}"


def principal_json(principal: Principal) -> str:
    """How a policy's ``Principal`` element would name this caller."""
    if principal.type == "service":
        return f'{{"Service": "{principal.arn}"}}'
    if principal.type == "anonymous":
        return '"*"'
    if principal.type == "assumed-role":
        # Name the role: it matches every session of it, while a session name changes each time.
        return f'{{"AWS": "{principal.role_arn or _role_of_session(principal)}"}}'
    return f'{{"AWS": "{principal.arn}"}}'


def _role_of_session(principal: Principal) -> str:
    """``arn:aws:iam::A:role/R`` for ``arn:aws:sts::A:assumed-role/R/S`` (the role's path is not in a session ARN)."""
    arn = principal.arn or ""
    role = arn.split(":", 5)[-1].split("/")[1] if arn.count("/") >= 2 else ""
    return f"arn:aws:iam::{principal.account or arn.split(':')[4]}:role/{role}" if role else arn


__all__ = [
    "caller_phrase",
    "condition_words",
    "principal_json",
    "resource_policy_noun",
    "resource_words",
    "sentence",
    "split_operator",
    "value_text",
]
