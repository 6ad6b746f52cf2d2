"""Diagrams, inputs: the plain data the views draw — an assume graph, escalation paths, access findings.

These are the shapes the renderers need, no more. ``workbench.analysis`` computes them; until its own
models and these are one, :func:`as_assume_graph`, :func:`as_paths` and :func:`as_findings` accept
any object with the same attribute names (or dicts), so an analysis result can be drawn as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from workbench.diagrams.trust import CONDITION_WORDS

Exposure = Literal["public", "cross-account"]


@dataclass(frozen=True, slots=True)
class GraphNode:
    """A principal of an analysis graph: ``id`` is its ARN (or a service name, an account id, ``*``)."""

    id: str
    kind: str = ""
    """``user``, ``role``, ``group``, ``account``, ``service``, ``admin``… (guessed from ``id`` when empty)."""
    label: str = ""
    admin: bool = False
    """True when this principal already is an administrator (escalation paths end there)."""


@dataclass(frozen=True, slots=True)
class GraphEdge:
    """``source`` can assume (or escalate to) ``target``, possibly only under ``conditions``."""

    source: str
    target: str
    conditions: tuple[str, ...] = ()
    """Words for what must hold: ``MFA``, ``ExternalId``, ``SourceIp``… (drawn dashed, never dropped)."""
    label: str = ""
    notes: tuple[str, ...] = ()
    """The conditions in full sentences (shown as the edge's tooltip)."""
    cross_account: bool = False
    """The source is in another account than the target (drawn orange)."""


@dataclass(frozen=True, slots=True)
class AssumeGraph:
    """Who can assume what: principals and labelled can-assume edges (from ``workbench.analysis``)."""

    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]


@dataclass(frozen=True, slots=True)
class EscalationStep:
    """One move of an escalation: ``source`` uses ``primitive`` (an action such as ``iam:CreatePolicyVersion``)
    to act as, or gain the permissions of, ``target``."""

    source: str
    target: str
    primitive: str
    family: str = ""
    """``assume``, ``policy-edit``, ``credentials`` or ``pass-role`` (from ``primitive`` when empty)."""
    conditions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    shortest: bool = False
    """Marked by the analysis as on a shortest path to administrator (drawn thick)."""


@dataclass(frozen=True, slots=True)
class EscalationPath:
    """Steps from a principal to administrator; the first step's source is where it starts."""

    steps: tuple[EscalationStep, ...]
    administrator: str = ""
    """Who is (or is made) an administrator at the end; empty: the last step's target."""
    source: str = ""
    """Where the path starts; empty: the first step's source."""

    @property
    def start(self) -> str:
        return self.source or (self.steps[0].source if self.steps else "")

    @property
    def end(self) -> str:
        return self.administrator or (self.steps[-1].target if self.steps else "")


@dataclass(frozen=True, slots=True)
class AccessFinding:
    """A resource reachable from outside the account: by anyone (``public``) or by another account."""

    resource: str
    principal: str
    exposure: Exposure
    actions: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    resource_account: str | None = None
    """The account that owns the resource (an S3 ARN does not say); None: the account drawn."""


_FAMILY_BY_ACTION = {
    "policy-edit": (
        "iam:createpolicyversion",
        "iam:setdefaultpolicyversion",
        "iam:attachuserpolicy",
        "iam:attachgrouppolicy",
        "iam:attachrolepolicy",
        "iam:putuserpolicy",
        "iam:putgrouppolicy",
        "iam:putrolepolicy",
        "iam:addusertogroup",
        "iam:updateassumerolepolicy",
        "iam:deleteuserpermissionsboundary",
        "iam:deleterolepermissionsboundary",
        "iam:putuserpermissionsboundary",
        "iam:putrolepermissionsboundary",
    ),
    "credentials": (
        "iam:createaccesskey",
        "iam:createloginprofile",
        "iam:updateloginprofile",
        "iam:createservicespecificcredential",
        "iam:resetservicespecificcredential",
        "sts:getfederationtoken",
    ),
    "pass-role": (
        "iam:passrole",
        "ec2:runinstances",
        "ec2:associateiaminstanceprofile",
        "ec2:replaceiaminstanceprofileassociation",
        "lambda:createfunction",
        "lambda:updatefunctioncode",
        "lambda:updatefunctionconfiguration",
        "lambda:invokefunction",
        "cloudformation:createstack",
        "glue:createdevendpoint",
    ),
}


def primitive_family(primitive: str, given: str = "") -> str:
    """The family an escalation primitive belongs to: ``given`` when it is one of the four (or the
    analysis's effect ``grant``: writing policies), else read from the actions the primitive names."""
    if given in ("assume", "policy-edit", "credentials", "pass-role"):
        return given
    if given == "grant":
        return "policy-edit"
    words = primitive.lower()
    if words == "assume" or words.startswith("sts:assumerole"):
        return "assume"
    for family, actions in _FAMILY_BY_ACTION.items():
        if any(action in words for action in actions):
            return family
    return "assume" if "sts:assumerole" in words else "other"


def _get(item: Any, *names: str, default: Any = None) -> Any:
    for name in names:
        if isinstance(item, Mapping) and name in item:
            return item[name]
        if not isinstance(item, Mapping) and hasattr(item, name):
            return getattr(item, name)
    return default


def _words(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Mapping):
        return tuple(str(k) for k in value)
    return tuple(str(v) for v in value)


def _ref(value: Any) -> str:
    """A principal given as a string, as a policy's ``{"AWS": value}`` map, or as an object carrying ``arn``/``id``."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping) and len(value) == 1 and next(iter(value)) in _PRINCIPAL_KINDS:
        return str(next(iter(value.values())))
    return str(_get(value, "arn", "id", "key", "name", default=value))


_PRINCIPAL_KINDS = ("AWS", "Service", "Federated", "CanonicalUser")


def _key_word(key: str) -> str:
    return CONDITION_WORDS.get(key.lower(), key.split(":", 1)[-1])


def _condition_words(value: Any) -> tuple[str, ...]:
    """Short words for conditions given as words, as objects carrying the condition ``key`` (an analysis's
    edge conditions), or as a policy ``Condition`` block (operator → key → values)."""
    if not value:
        return ()
    if isinstance(value, Mapping) and all(isinstance(inner, Mapping) for inner in value.values()):
        return tuple(sorted({_key_word(key) for inner in value.values() for key in inner}))
    if isinstance(value, str | Mapping):
        return _words(value)
    words = []
    for item in value:
        key = _get(item, "key", default=None) if not isinstance(item, str) else None
        words.append(_key_word(str(key)) if key else str(item))
    return tuple(dict.fromkeys(words))


def _condition_notes(value: Any) -> tuple[str, ...]:
    """The full sentences of conditions that carry a ``label`` (``requires ExternalId ext-123``), for tooltips."""
    if not value or isinstance(value, str | Mapping):
        return ()
    return tuple(
        str(label) for item in value if (label := _get(item, "label", default=None)) and not isinstance(item, str)
    )


def as_assume_graph(graph: Any) -> AssumeGraph:
    """An :class:`AssumeGraph` from any object with ``nodes`` and ``edges`` (or a bare list of edges)."""
    if isinstance(graph, AssumeGraph):
        return graph
    raw_edges = _get(graph, "edges", default=graph if isinstance(graph, Iterable) else ())
    raw_nodes = _get(graph, "nodes", default=())
    if isinstance(raw_nodes, Mapping):
        raw_nodes = raw_nodes.values()
    nodes = tuple(
        GraphNode(
            id=_ref(node),
            kind=str(_get(node, "kind", "type", default="") or ""),
            label=str(_get(node, "label", "name", default="") or "") if not isinstance(node, str) else "",
            admin=bool(_get(node, "admin", "is_admin", default=False)) if not isinstance(node, str) else False,
        )
        for node in raw_nodes
    )
    return AssumeGraph(nodes, tuple(_as_edge(edge) for edge in raw_edges))


_GENERIC_LABELS = ("can assume", "allowed", "conditional")


def _as_edge(edge: Any) -> GraphEdge:
    """An edge; an analysis's generic label ("can assume", "conditional: requires MFA") and its ``how``
    go to the tooltip, since the drawing already says both (an arrow; dashed with the condition words)."""
    if isinstance(edge, GraphEdge):
        return edge
    given = str(_get(edge, "label", "action", default="") or "")
    generic = given.lower().startswith(_GENERIC_LABELS)
    how = str(_get(edge, "how", default="") or "")
    notes = _condition_notes(_get(edge, "conditions", default=()))
    if generic and given and not notes:
        notes = (given,)
    return GraphEdge(
        source=_ref(_get(edge, "source", "src", "principal", "from_")),
        target=_ref(_get(edge, "target", "dst", "role", "to")),
        conditions=_condition_words(_get(edge, "conditions", "condition_keys", "requires", default=())),
        label="" if generic else given,
        notes=(*notes, how) if how else notes,
        cross_account=bool(_get(edge, "cross_account", default=False)),
    )


def _as_step(step: Any, *, shortest: bool = False) -> EscalationStep:
    if isinstance(step, EscalationStep):
        return step
    primitive = str(_get(step, "primitive", "action", "technique", "label", "kind", default="") or "")
    notes = _condition_notes(_get(step, "conditions", default=()))
    extra = [str(text) for text in (_get(step, "description"), _get(step, "via")) if text]
    via = _get(step, "via")
    return EscalationStep(
        source=_ref(_get(step, "source", "src", "principal", "from_")),
        target=_ref(_get(step, "target", "dst", "to")),
        primitive=primitive,
        family=str(_get(step, "family", "effect", default="") or ""),
        conditions=_condition_words(_get(step, "conditions", "condition_keys", "requires", default=())),
        notes=(*notes, *(f"via {text}" if text == via else text for text in extra)),
        shortest=shortest or bool(_get(step, "shortest", "on_shortest_path", "highlight", default=False)),
    )


def _step_key(step: Any) -> tuple[str, str, str, str]:
    via = _get(step, "via")
    return (_ref(_get(step, "source")), _ref(_get(step, "target")), str(_get(step, "primitive")), str(via or ""))


def as_escalation(given: Any) -> tuple[tuple[EscalationPath, ...], tuple[GraphNode, ...], bool]:
    """(paths, nodes, whole_paths) from what an escalation analysis returns:

    - paths (a list, or an object with ``paths`` and no ``graph``): drawn step by step, ends marked administrator;
    - a graph (``nodes``, ``edges``): each edge a one-step path, ``whole_paths`` False, administrators from the
      nodes marked ``admin`` or listed in ``administrators``;
    - a report (``graph`` and ``paths``): the whole graph, the steps of its (shortest) paths marked ``shortest``;
      only the graph's ``administrators`` (and its administrator node) are marked as such.
    """
    graph = _get(given, "graph")
    if graph is not None and _get(given, "paths") is not None:
        on_paths = {_step_key(step) for path in _get(given, "paths") for step in _get(path, "steps", default=())}
        steps = tuple(_as_step(edge, shortest=_step_key(edge) in on_paths) for edge in _get(graph, "edges"))
        return tuple(EscalationPath((step,)) for step in steps), _escalation_nodes(graph, set()), False
    is_graph = _get(given, "paths") is None and _get(given, "edges") is not None and not isinstance(given, list | tuple)
    if is_graph:
        steps = tuple(_as_step(edge) for edge in _get(given, "edges"))
        return tuple(EscalationPath((step,)) for step in steps), _escalation_nodes(given, set()), False
    return as_paths(given), _escalation_nodes(given, set()), True


def _escalation_nodes(graph: Any, ends: set[str]) -> tuple[GraphNode, ...]:
    """The graph's nodes, with ``admin`` set for its administrators and for the given path ends."""
    raw = _get(graph, "nodes") if not isinstance(graph, list | tuple) else None
    nodes = as_assume_graph({"nodes": raw, "edges": ()}).nodes if raw else ()
    admins = set(ends)
    for status in _get(graph, "administrators", default=()) if not isinstance(graph, list | tuple) else ():
        if _get(status, "administrator", default=True):
            admins.add(_ref(status))
    return tuple(GraphNode(n.id, n.kind, n.label, n.admin or n.id in admins) for n in nodes)


def as_paths(paths: Any) -> tuple[EscalationPath, ...]:
    """Escalation paths from one path, a list of paths, or an object with ``paths``; each path is a
    sequence of steps or an object with ``steps`` (or ``edges``)."""
    if isinstance(paths, EscalationPath):
        return (paths,)
    inner = _get(paths, "paths", default=None)
    if inner is not None and not isinstance(paths, list | tuple):
        paths = inner
    found = []
    for path in paths:
        if isinstance(path, EscalationPath):
            found.append(path)
            continue
        steps = _get(path, "steps", "edges", default=path)
        administrator = _get(path, "administrator", default="") if not isinstance(path, list | tuple) else ""
        source = _get(path, "source", default="") if not isinstance(path, list | tuple) else ""
        found.append(
            EscalationPath(tuple(_as_step(step) for step in steps), str(administrator or ""), str(source or ""))
        )
    return tuple(found)


def as_findings(findings: Any) -> tuple[AccessFinding, ...]:
    """Access findings from a list (or an object with ``findings``) of anything finding-shaped."""
    if findings is None:
        return ()
    inner = _get(findings, "findings", default=None)
    if inner is not None and not isinstance(findings, list | tuple):
        findings = inner
    result = []
    for finding in findings:
        if isinstance(finding, AccessFinding):
            result.append(finding)
            continue
        principals = _get(finding, "principals", default=None)
        if principals is None:
            principals = (_get(finding, "principal", "external_principal", default="*"),)
        elif isinstance(principals, str | Mapping):
            principals = (principals,)
        exposure = str(_get(finding, "exposure", "access", "kind", "finding_type", default="") or "").lower()
        public = bool(_get(finding, "public", "is_public", default=False)) or "public" in exposure
        resource = _get(finding, "resource", "resource_arn", default="")
        owner = _get(resource, "account_id", default=None) if not isinstance(resource, str) else None
        actions = _words(_get(finding, "actions", "action", default=()))
        if not actions and _get(finding, "not_actions", default=()):
            actions = ("all but " + ", ".join(_words(_get(finding, "not_actions"))),)
        for principal in principals:
            value = _ref(principal)
            result.append(
                AccessFinding(
                    resource=_ref(resource),
                    principal=value,
                    exposure="public" if public or value == "*" else "cross-account",
                    actions=actions,
                    conditions=_condition_words(_get(finding, "conditions", "condition", "condition_keys", default=())),
                    resource_account=str(owner) if owner else None,
                )
            )
    return tuple(result)
