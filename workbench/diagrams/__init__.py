"""Layer 8, diagrams: the account map, who-can-assume-what and escalation paths, drawn with Graphviz.

Renderers never analyse: an account map reads the account as stored; the assume graph, escalation
paths and access findings are drawn as ``workbench.analysis`` computed them (any object of the same
shape will do: ``workbench.diagrams.inputs``). Every view returns a notebook ``Diagram`` (SVG with
``dot``, DOT text and an install hint without), and the same input always gives byte-identical DOT::

    from workbench.diagrams import account_map, assume_graph, neighbourhood
    account_map(sandbox, "dev")                                    # the whole account
    account_map(sandbox, "dev", scope=neighbourhood("alice"))      # alice, her groups, roles, policies
    assume_graph(who_can_assume(sandbox), state=sandbox)           # from workbench.analysis.assume_graph
"""

from __future__ import annotations

from workbench.diagrams.graph import DiagramGraph
from workbench.diagrams.scope import DiagramError, Scope, accessors, neighbourhood
from workbench.diagrams.views import account_map, assume_graph, draw, escalation_diagram

__all__ = [
    "DiagramError",
    "DiagramGraph",
    "Scope",
    "accessors",
    "account_map",
    "assume_graph",
    "draw",
    "escalation_diagram",
    "neighbourhood",
]
