"""Analysis, asking the engine: requests built straight from a prepared principal and target, without revalidation.

The analyses ask the engine hundreds of thousands of questions about principals and resources
whose ARNs and contexts were checked once, when they were prepared; building each request (and
each result edge) through pydantic validation would cost more than deciding it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel

from workbench.analysis.principal_entries import AnalysedPrincipal
from workbench.analysis.targets import ResourceTarget
from workbench.engine.policy_set import CompiledPolicySet
from workbench.engine.request import AuthorizationRequest, ContextValue

Model = TypeVar("Model", bound=BaseModel)


class CompiledOnly:
    """Carries a compiled policy set to :func:`authorize`, which reads only ``policies.compiled``."""

    __slots__ = ("compiled",)

    def __init__(self, compiled: CompiledPolicySet) -> None:
        self.compiled = compiled


def construct(model: type[Model], values: dict[str, Any], fields: frozenset[str] | None = None) -> Model:
    """``model.model_construct(**values)`` without its per-field loop, for values already valid and complete.

    The analyses build hundreds of thousands of requests and edges; this sets exactly what
    ``model_construct`` sets: the instance dictionary (``values`` may also fill cached properties,
    named outside ``fields``), the set of fields given, no extra and no private attributes.
    """
    instance = object.__new__(model)
    object.__setattr__(instance, "__dict__", values)
    object.__setattr__(instance, "__pydantic_fields_set__", set(fields if fields is not None else values))
    object.__setattr__(instance, "__pydantic_extra__", None)
    object.__setattr__(instance, "__pydantic_private__", None)
    return instance


_REQUEST_FIELDS = frozenset({"principal", "action", "resource", "context"})


def build_request(
    entry: AnalysedPrincipal,
    action: str,
    target: ResourceTarget,
    context: Mapping[str, ContextValue | None] | None = None,
) -> AuthorizationRequest:
    """The request ``entry`` would send; ``context`` adds keys (lower-cased; a None value removes one)."""
    merged = {**entry.context, **target.context}
    if context:
        for key, value in context.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
    principal = entry.principal
    cross_account = (
        principal.type not in ("service", "anonymous")
        and bool(target.account_id)
        and target.account_id != principal.account
    )
    return construct(
        AuthorizationRequest,
        {
            "principal": principal,
            "action": action,
            "resource": target.resource,
            "context": merged,
            # The context is normalised and the ARN parsed already: the request's cached properties, filled.
            "normalised_context": merged,
            "resource_arn": target.parsed,
            "action_lower": action.lower(),
            "is_cross_account": cross_account,
        },
        _REQUEST_FIELDS,
    )
