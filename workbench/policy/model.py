"""Parse step 2's output: a policy document as frozen pydantic models, with its source locations.

Values are kept as written (an ``Effect`` of ``"allow"`` stays ``"allow"``) so that validation
can report every problem; "string or list" is normalised to tuples once, here. Locations are kept
beside the model as a JSON-pointer → span map rather than wrapped around every string, so the
engine works on plain values and findings can still point at the exact text.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict

from workbench.policy.source import SourceSpan


class PolicyType(StrEnum):
    """Where a document is used; validation rules differ per type (G12)."""

    IDENTITY = "identity"
    RESOURCE = "resource"
    TRUST = "trust"
    SCP = "scp"
    RCP = "rcp"
    BOUNDARY = "boundary"
    SESSION = "session"

    @property
    def has_principals(self) -> bool:
        return self in (PolicyType.RESOURCE, PolicyType.TRUST, PolicyType.RCP)


PrincipalKind = Literal["AWS", "Service", "Federated", "CanonicalUser"]
PRINCIPAL_KINDS: tuple[str, ...] = ("AWS", "Service", "Federated", "CanonicalUser")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PrincipalEntry(_Frozen):
    """One value of a ``Principal`` map, e.g. ``("AWS", "arn:aws:iam::111111111111:root")``."""

    kind: str
    value: str
    pointer: str


class PrincipalBlock(_Frozen):
    """A ``Principal``/``NotPrincipal`` element: ``"*"`` or a map of kinds to values."""

    wildcard: bool = False
    entries: tuple[PrincipalEntry, ...] = ()
    pointer: str


class ConditionClause(_Frozen):
    """One ``operator → key → values`` triple of a ``Condition`` block (values ORed, C1)."""

    operator: str
    key: str
    values: tuple[str, ...]
    pointer: str
    """Pointer of the key inside the block, e.g. ``/Statement/0/Condition/StringEquals/aws:username``."""


class Statement(_Frozen):
    index: int
    pointer: str
    sid: str | None = None
    effect: str | None = None
    principal: PrincipalBlock | None = None
    not_principal: PrincipalBlock | None = None
    action: tuple[str, ...] | None = None
    not_action: tuple[str, ...] | None = None
    resource: tuple[str, ...] | None = None
    not_resource: tuple[str, ...] | None = None
    conditions: tuple[ConditionClause, ...] | None = None
    unknown_elements: tuple[str, ...] = ()
    empty_elements: tuple[str, ...] = ()
    """Elements written as ``[]`` or ``{}``: valid JSON, but they match nothing (a SUGGESTION)."""

    @property
    def label(self) -> str:
        """How a learner refers to the statement: its Sid, else its position."""
        return self.sid if self.sid else f"statement {self.index + 1}"

    @property
    def is_allow(self) -> bool:
        return self.effect == "Allow"

    @property
    def is_deny(self) -> bool:
        return self.effect == "Deny"


class PolicyDocument(_Frozen):
    """A parsed policy. ``text`` is the text it was read from (for spans); ``name`` labels it."""

    name: str = "policy"
    version: str | None = None
    id: str | None = None
    statements: tuple[Statement, ...] = ()
    statement_is_list: bool = True
    has_statement: bool = True
    unknown_elements: tuple[str, ...] = ()
    text: str = ""
    spans: dict[str, SourceSpan] = {}
    key_spans: dict[str, SourceSpan] = {}

    @property
    def variables_enabled(self) -> bool:
        """Policy variables are substituted only under Version 2012-10-17 (G2, AMB-05)."""
        return self.version == "2012-10-17"

    def span_of(self, pointer: str) -> SourceSpan | None:
        """The span of the value at ``pointer``, or of its nearest enclosing value."""
        while True:
            span = self.spans.get(pointer)
            if span is not None or not pointer:
                return span
            pointer = pointer.rsplit("/", 1)[0]

    def key_span_of(self, pointer: str) -> SourceSpan | None:
        return self.key_spans.get(pointer) or self.span_of(pointer)

    def statement(self, ref: int | str) -> Statement:
        """A statement by index or Sid (a convenience for lessons)."""
        for statement in self.statements:
            if statement.index == ref or (statement.sid is not None and statement.sid == ref):
                return statement
        raise KeyError(ref)
