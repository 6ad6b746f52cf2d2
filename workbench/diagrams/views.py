"""Diagrams, entry points: account map, who-can-assume-what and escalation paths, each a notebook ``Diagram``.

Each view is the same three steps: its input → a :class:`DiagramGraph` (``account.py``,
``principal_graph.py``), an optional :class:`Scope`, then ``render`` (DOT, and a stable text
description). A ``Diagram`` shows SVG when Graphviz's ``dot`` works and its DOT text with an
install hint when it does not; the same input always gives byte-identical DOT.
"""

from __future__ import annotations

from typing import Any

from workbench.account.model import State
from workbench.diagrams.account import account_graph
from workbench.diagrams.graph import DiagramGraph
from workbench.diagrams.inputs import as_assume_graph, as_escalation, as_findings
from workbench.diagrams.principal_graph import assume_diagram_graph, escalation_diagram_graph
from workbench.diagrams.render import build_dot, describe
from workbench.diagrams.scope import DiagramError, Scope
from workbench.notebook.diagram import Diagram


def _state(world: Any) -> State:
    """A :class:`State` from itself, a ``Simulation`` (``.state``) or a ``Sandbox``/``AccountView`` (``.sim``)."""
    if isinstance(world, State):
        return world
    for path in (("state",), ("sim", "state")):
        found = world
        for name in path:
            found = getattr(found, name, None)
        if isinstance(found, State):
            return found
    raise DiagramError(f"an account map is drawn from a State, Simulation or Sandbox, not {type(world).__name__}")


def _account_id(state: State, account: Any) -> str:
    if account is None:
        if len(state.accounts) == 1:
            return next(iter(state.accounts))
        raise DiagramError("this world has several accounts: say which one to draw", code="diagram_which_account")
    wanted = str(getattr(account, "account_id", account))
    if wanted in state.accounts:
        return wanted
    named = [a.account_id for a in state.accounts.values() if a.name == wanted or a.alias == wanted]
    if len(named) == 1:
        return named[0]
    known = ", ".join(f"{a.name} ({a.account_id})" for a in sorted(state.accounts.values(), key=lambda a: a.name))
    raise DiagramError(f"no account {wanted!r} here (accounts: {known or 'none'})", code="diagram_no_account")


def draw(graph: DiagramGraph, scope: Scope | None = None, *, concentrate: bool | None = None) -> Diagram:
    """Any :class:`DiagramGraph` (cut to ``scope``) as a ``Diagram``; ``concentrate`` as in ``render.build_dot``."""
    if scope is not None:
        graph = scope.apply(graph)
    return Diagram(build_dot(graph, concentrate=concentrate), text=describe(graph))


def account_map(
    state: Any,
    account_id: Any = None,
    *,
    findings: Any = None,
    scope: Scope | None = None,
    concentrate: bool | None = None,
) -> Diagram:
    """One account drawn from its state: users → groups → policies, roles and who their trust policies name,
    boundaries (dashed), its OU path with SCPs, and ``findings`` (external access: public red, cross-account
    orange). ``state`` may be a ``State``, ``Simulation`` or ``Sandbox``; ``account_id`` an id or a name."""
    world = _state(state)
    if account_id is None and hasattr(state, "account_id"):
        account_id = state.account_id
    graph = account_graph(world, _account_id(world, account_id), findings=as_findings(findings))
    return draw(graph, scope, concentrate=concentrate)


def assume_graph(graph: Any, *, scope: Scope | None = None, state: Any = None, show_isolated: bool = False) -> Diagram:
    """Who can assume what (an analysis graph: nodes and can-assume edges; conditional edges dashed, labelled).

    Principals that can assume nothing and that nothing can assume are left out (the title counts them)
    unless ``show_isolated``; ``state`` names the accounts."""
    world = _state(state) if state is not None else None
    drawn = assume_diagram_graph(as_assume_graph(graph), state=world)
    if scope is not None:
        drawn = scope.apply(drawn)
    elif not show_isolated:
        drawn = drawn.without_isolated()
    return draw(drawn)


def escalation_diagram(
    paths_or_graph: Any,
    *,
    scope: Scope | None = None,
    state: Any = None,
    highlight_shortest: bool = True,
    show_isolated: bool = False,
) -> Diagram:
    """Escalation paths to administrator, coloured by primitive family with a legend; the shortest given path(s)
    from each starting principal drawn thick. Takes paths, an object whose ``paths`` (and ``nodes``) they are,
    an escalation graph (``nodes`` marked ``admin``, ``edges`` marked ``shortest``), or a report holding both
    (``workbench.analysis.escalation``'s ``EscalationReport``: the whole graph, its shortest paths thick).
    Principals with no escalation edge are counted in the title, not drawn, unless ``show_isolated``."""
    world = _state(state) if state is not None else None
    paths, nodes, whole_paths = as_escalation(paths_or_graph)
    drawn = escalation_diagram_graph(
        paths, nodes=nodes, state=world, highlight_shortest=highlight_shortest, whole_paths=whole_paths
    )
    if scope is not None:
        drawn = scope.apply(drawn)
    elif not show_isolated:
        drawn = drawn.without_isolated()
    return draw(drawn)
