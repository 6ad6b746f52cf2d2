"""Benchmark: who-can-assume-what and privilege-escalation paths over a large imported account export.

    python benchmarks/bench_analysis.py [--users 1000] [--roles 2000] [--policies 3000] [--seed 7] [--budget 10]

Workload: ``gaad_import.generate_authorization_details`` (1,000 users, 2,000 roles, 3,000 customer
managed policies by default: groups, AWS managed policies, boundaries, service roles, role chains,
account trusts requiring MFA, partner accounts with external ids, ``sts:AssumeRole``,
``iam:PassRole`` and ``iam:Attach*`` grants), written as the AWS CLI prints it and read back.

Phases, each timed in wall-clock seconds and in this process's CPU seconds (the machine may be
shared; CPU time is what the work costs): import the export into a simulation; index the
principals; the who-can-assume graph; the escalation graph (administrators, act-as and grant
edges); the shortest paths. The total runs from the import to the paths; generating the export
is reported apart. ``--budget`` (seconds) makes the exit status 1 when the total wall time exceeds it.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gaad_import import ACCOUNT, generate_authorization_details

from workbench.account.authorization_details import dumps_authorization_details, import_authorization_details
from workbench.account.simulation import Simulation
from workbench.analysis.assume_graph import who_can_assume
from workbench.analysis.escalation import escalation_graph, shortest_paths
from workbench.analysis.principals import PrincipalIndex
from workbench.analysis.verdicts import ConditionalDecider

T = TypeVar("T")


class Phases:
    """Times each phase (wall and CPU) and keeps the figures for the report."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, float, float]] = []

    def run(self, name: str, work: Callable[[], T]) -> T:
        wall, cpu = time.perf_counter(), time.process_time()
        result = work()
        self.rows.append((name, time.perf_counter() - wall, time.process_time() - cpu))
        return result

    def total(self, skip: str) -> tuple[float, float]:
        rows = [row for row in self.rows if row[0] != skip]
        return sum(r[1] for r in rows), sum(r[2] for r in rows)


def _import(text: str) -> Simulation:
    sim = Simulation()
    import_authorization_details(sim, json.loads(text), ACCOUNT, name="bench")
    return sim


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--roles", type=int, default=2000)
    parser.add_argument("--policies", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--budget", type=float, default=10.0, help="seconds of wall time allowed from import to paths")
    args = parser.parse_args(argv)

    phases = Phases()
    text = phases.run(
        "generate export (not counted)",
        lambda: dumps_authorization_details(
            generate_authorization_details(args.users, args.roles, args.policies, seed=args.seed)
        ),
    )
    sim = phases.run("import export", lambda: _import(text))
    index = phases.run("index principals", lambda: PrincipalIndex(sim.state))
    decider = ConditionalDecider(index, share_equivalent=True, rebase=False)
    assume = phases.run("who can assume what", lambda: who_can_assume(index, decider=decider))
    graph = phases.run("escalation graph", lambda: escalation_graph(index, decider, assume))
    paths = phases.run("shortest paths", lambda: shortest_paths(graph))
    wall, cpu = phases.total(skip="generate export (not counted)")

    account = sim.state.accounts[ACCOUNT]
    print(
        f"export: {len(account.users)} users, {len(account.groups)} groups, {len(account.roles)} roles, "
        f"{len(account.policies)} customer policies; {len(text) / 1e6:.1f} MB of CLI JSON"
    )
    print(f"{'phase':<32}{'wall s':>9}{'cpu s':>9}")
    for name, phase_wall, phase_cpu in phases.rows:
        print(f"{name:<32}{phase_wall:>9.2f}{phase_cpu:>9.2f}")
    print(f"{'total, import → paths':<32}{wall:>9.2f}{cpu:>9.2f}")
    _report(index, assume, graph, paths)
    verdict = "within" if wall <= args.budget else "OVER"
    print(f"{verdict} the {args.budget:.0f} s budget (wall {wall:.2f} s, cpu {cpu:.2f} s)")
    return 0 if wall <= args.budget else 1


def _report(index: PrincipalIndex, assume: Any, graph: Any, paths: Any) -> None:
    conditional = sum(edge.conditional for edge in assume.edges)
    labels = collections.Counter(edge.label.split(" ext-")[0] for edge in assume.edges if edge.conditional)
    print(
        f"who can assume what: {len(assume.nodes)} nodes, {len(assume.edges)} edges "
        f"({conditional} conditional: {dict(labels.most_common(4))})"
    )
    primitives = collections.Counter(edge.primitive for edge in graph.edges)
    print(f"escalation: {len(graph.administrators)} administrators, {len(graph.edges)} edges {dict(primitives)}")
    lengths = collections.Counter(path.hops for path in paths)
    print(
        f"paths to administrator: {len(paths)} principals "
        f"(by steps: {dict(sorted(lengths.items()))}; conditional: {sum(p.conditional for p in paths)})"
    )
    print(f"policies parsed: {index.documents_parsed}; unevaluable principals: {len(index.unevaluable)}")


if __name__ == "__main__":
    raise SystemExit(main())
