"""Benchmark: decisions per second through the public API, and the ``iam-workbench evaluate`` wall time.

    python benchmarks/bench_engine.py [--cases 10000] [--repeat 5] [--no-freeze]

Workload: ``s3_workload.py`` (10,000 S3 requests from three users, a role session and a
cross-account user; a 12-statement identity policy and an 8-statement bucket policy with
wildcards, a policy variable and SecureTransport/SourceIp/PrincipalOrgID/MFA conditions).
Policies are parsed once and requests built once, outside the timing; the timed loop calls
``workbench.authorize`` and tallies the outcomes, as a client would. Three figures:

- first pass: the very first 10,000 decisions (policies compiled, every memo empty);
- new requests: another 10,000 requests of the same kind (another seed) on the warmed engine;
- steady state: the first 10,000 again (best of ``--repeat``).

Setup objects (20,000 requests) are moved out of the garbage collector's way with
``gc.freeze()`` so that collections scanning them are not billed to the engine; ``--no-freeze``
shows the figures without that.
"""

from __future__ import annotations

import argparse
import collections
import gc
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import s3_workload

import workbench
from workbench.conformance.cases import Case, CaseBuilder


def _pairs(data: dict) -> list[tuple[workbench.AuthorizationRequest, workbench.PolicySet]]:
    return [(c.request, c.policies) for c in CaseBuilder().build_all(data) if isinstance(c, Case)]


def _timed(pairs: list) -> tuple[float, collections.Counter[str]]:
    authorize = workbench.authorize
    start = time.perf_counter()
    tally = collections.Counter(authorize(request, policies).decision for request, policies in pairs)
    return time.perf_counter() - start, tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-freeze", action="store_true", help="leave setup objects to the garbage collector")
    args = parser.parse_args()

    data = s3_workload.build(args.cases, seed=7)
    first, other = _pairs(data), _pairs(s3_workload.build(args.cases, seed=8))
    if not args.no_freeze:
        gc.collect()
        gc.freeze()

    n = len(first)
    elapsed, tally = _timed(first)
    print(f"first pass:   {n:,} decisions in {elapsed * 1000:6.1f} ms = {n / elapsed:9,.0f} decisions/s")
    elapsed, _ = _timed(other)
    print(f"new requests: {n:,} decisions in {elapsed * 1000:6.1f} ms = {n / elapsed:9,.0f} decisions/s")
    best = min(_timed(first)[0] for _ in range(args.repeat))
    rate = n / best
    ms = best * 1000
    print(f"steady state: {n:,} decisions in {ms:6.1f} ms = {rate:9,.0f} decisions/s (best of {args.repeat})")
    print(f"outcomes:     {dict(sorted(tally.items()))}")

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "workload.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        command = [sys.executable, "-m", "workbench.cli.main", "evaluate", str(path)]
        times = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
        wall = min(times)
        print(f"cli:          iam-workbench evaluate, {n:,} cases: {wall:.2f} s wall (best of 3)")


if __name__ == "__main__":
    main()
