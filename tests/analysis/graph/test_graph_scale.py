"""The fast paths agree with asking the engine about every pair, on a small generated account export."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from workbench.account.authorization_details import import_authorization_details
from workbench.account.simulation import Simulation
from workbench.analysis.assume_graph import ASSUME_ROLE, who_can_assume
from workbench.analysis.escalation import escalation_paths
from workbench.analysis.principals import PrincipalIndex
from workbench.analysis.verdicts import ConditionalDecider

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))

from gaad_import import ACCOUNT, generate_authorization_details


@pytest.fixture(scope="module")
def index() -> PrincipalIndex:
    sim = Simulation()
    data = generate_authorization_details(users=40, roles=80, policies=120, groups=6, seed=11)
    import_authorization_details(sim, data, ACCOUNT)
    return PrincipalIndex(sim.state)


def test_prefiltered_graph_equals_every_pair_asked(index: PrincipalIndex) -> None:
    graph = who_can_assume(index)
    plain = ConditionalDecider(index)  # no prefilter, no shared verdicts: the engine on every pair
    expected = set()
    for source in index.principals:
        for role in (p for p in index.principals if p.kind == "role" and p is not source):
            verdict = plain.decide(source, ASSUME_ROLE, index.target(role.arn, trust=True))
            if verdict.allowed:
                expected.add((source.arn, role.arn, verdict.label if verdict.conditional else "can assume"))
    found = {(e.source, e.target, e.label) for e in graph.edges if e.source in index.by_arn}
    assert found == expected
    assert any("requires MFA" in label for _, _, label in found)
    assert any(not e.source.startswith("arn:") for e in graph.edges)  # service principals


def test_escalation_is_deterministic(index: PrincipalIndex) -> None:
    first = escalation_paths(index)
    again = escalation_paths(PrincipalIndex(index.state))
    assert first == again
    assert first.paths and all(p.steps for p in first.paths)
    for path in first.paths:
        held = {path.source}
        for step in path.steps:
            assert step.source in held  # every step is taken as a principal the path already holds
            if step.effect == "act-as":
                held.add(step.target)
