"""Notebook front-end, input: what lesson cells and learners type → the arguments ``workbench.api`` takes.

Parsing only, with messages a learner understands: policies given as a list or a PolicySet, a
request context written as JSON, a caller that is not an ARN, an expected decision in words.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from workbench.api import PolicyInput, make_policy_set
from workbench.engine.policy_set import PolicySet
from workbench.errors import InvalidRequestError

_EXPECTED = {"allowed": "allowed", "allow": "allowed", "explicitdeny": "explicitDeny", "implicitdeny": "implicitDeny"}


def as_policy_set(policies: PolicySet | Iterable[PolicyInput] | PolicyInput | None, **kwargs: Any) -> PolicySet:
    """A PolicySet as given; a policy or a list of them as identity policies; else ``make_policy_set(**kwargs)``.

    ``resource_policy=`` stands for ``make_policy_set``'s ``resource=`` (in the simulator
    ``resource`` is the resource ARN).
    """
    if "resource_policy" in kwargs:
        kwargs["resource"] = kwargs.pop("resource_policy")
    if isinstance(policies, PolicySet):
        if kwargs:
            raise TypeError(f"give either a PolicySet or policy arguments, not both ({', '.join(sorted(kwargs))})")
        return policies
    if policies is None:
        return make_policy_set(**kwargs)
    if isinstance(policies, str | Mapping):
        policies = [policies]
    if "identity" in kwargs:
        raise TypeError("identity policies are given twice (as the first argument and as identity=)")
    return make_policy_set(list(policies), **kwargs)  # type: ignore[arg-type]


def parse_context(text: str) -> dict[str, Any]:
    """The request context as a JSON object (blank means none)."""
    if not text.strip():
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidRequestError(
            f"the context is not valid JSON: line {error.lineno}, column {error.colno}: {error.msg}",
            code="request_context_json",
        ) from error
    if not isinstance(value, dict):
        raise InvalidRequestError(
            'the context must be a JSON object of keys and values, e.g. {"aws:SourceIp": "203.0.113.5"}',
            code="request_context_json",
        )
    return value


def check_caller(text: str) -> str | None:
    """The caller as ``make_request`` takes it (None for anonymous); refuses a bare name such as ``alice``."""
    caller = text.strip()
    if caller in ("", "anonymous", "*"):
        if not caller:
            raise InvalidRequestError(
                "enter the caller's ARN, e.g. arn:aws:iam::111122223333:user/alice (or anonymous)",
                code="request_principal_arn",
            )
        return None
    if not caller.startswith("arn:") and "." not in caller:
        raise InvalidRequestError(
            f"{caller!r} is not an ARN: write the caller's ARN, e.g. arn:aws:iam::111122223333:user/{caller}, "
            "a service principal such as s3.amazonaws.com, or anonymous",
            code="request_principal_arn",
        )
    return caller


def account_of_arn(arn: str) -> str | None:
    """The 12-digit account in an ARN's fifth field (``arn:aws:sqs:us-east-1:444455556666:q``), if any."""
    parts = arn.split(":", 5)
    if len(parts) == 6 and len(parts[4]) == 12 and parts[4].isdigit():
        return parts[4]
    return None


def normalise_expected(value: str) -> str:
    """``allowed``/``explicitDeny``/``implicitDeny`` from those or from words (``explicit deny``)."""
    key = "".join(ch for ch in value.lower() if ch.isalpha())
    if key not in _EXPECTED:
        raise ValueError(f"expected decision {value!r}: write allowed, explicit deny or implicit deny")
    return _EXPECTED[key]
