"""Benchmark: decisions per second through the public API, and the ``iam-workbench evaluate`` wall time.

    python benchmarks/bench_engine.py [--cases 10000] [--repeat 5]

Policies are parsed once; requests are built once; the timed loop calls ``workbench.authorize``.
Reports the best of ``--repeat`` runs (the least disturbed by other work on the machine).
"""

from __future__ import annotations

import argparse
import collections
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import s3_workload  # noqa: E402

import workbench  # noqa: E402
from workbench.conformance.cases import Case, CaseBuilder  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    data = s3_workload.build(args.cases, seed=7)
    cases = [c for c in CaseBuilder().build_all(data) if isinstance(c, Case)]
    pairs = [(c.request, c.policies) for c in cases]
    for request, policies in pairs[:1]:
        workbench.authorize(request, policies)  # compile once, outside the timing

    best = float("inf")
    decisions: collections.Counter[str] = collections.Counter()
    for _ in range(args.repeat):
        start = time.perf_counter()
        results = [workbench.authorize(request, policies) for request, policies in pairs]
        best = min(best, time.perf_counter() - start)
        decisions = collections.Counter(d.decision for d in results)
    print(f"engine: {len(pairs):,} decisions in {best * 1000:.1f} ms = {len(pairs) / best:,.0f} decisions/s (best of {args.repeat})")
    print(f"        outcomes: {dict(sorted(decisions.items()))}")

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "workload.json"
        path.write_text(__import__("json").dumps(data), encoding="utf-8")
        cli = [sys.executable, "-m", "workbench.cli.main", "evaluate", str(path)]
        times = []
        for _ in range(max(1, args.repeat // 2)):
            start = time.perf_counter()
            subprocess.run(cli, check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
        print(f"cli:    iam-workbench evaluate on {len(pairs):,} cases: {min(times):.2f} s wall (best of {len(times)}, process start included)")


if __name__ == "__main__":
    main()
