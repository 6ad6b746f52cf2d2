"""Differential test against the open simulator iam-simulate (run with ``pytest -m oracle``).

Random cases from ``../shared/oracle`` are decided by both engines; every disagreement must fall
in an area where that simulator is known to depart from AWS's documentation (iam-semantics.md
§11): here, policy variables that do not resolve, which our engine treats as V2/AMB-04 say. The
seed is printed so a disagreement can be replayed; turn each new one into a case in tests/cases/.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.oracle

ORACLE = Path(__file__).resolve().parents[3] / "shared" / "oracle"
SIMULATOR = "@cloud-copilot/iam-simulate@0.1.173"
CASES = int(os.environ.get("ORACLE_CASES", "3000"))


@pytest.fixture(scope="module")
def simulator_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (ORACLE / "gen_random_cases.py").exists():
        pytest.skip(f"{ORACLE} is not there")
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are needed for the oracle")
    folder = tmp_path_factory.mktemp("iam-simulate")
    subprocess.run(["npm", "init", "-y"], cwd=folder, check=True, capture_output=True)
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", SIMULATOR], cwd=folder, check=True, capture_output=True
    )
    return folder


def _unresolved_variable(case: dict[str, Any]) -> bool:
    """True when a policy refers to ``${aws:username}``/``${aws:PrincipalTag/…}`` the caller lacks."""
    principal = case["principal"]
    context = {k.lower() for k in case["request"].get("context", {})}
    arn = principal.get("arn") or ""
    if ":user/" in arn:
        context.add("aws:username")
    text = json.dumps(case["policies"])
    return any(name.lower() not in context for name in re.findall(r"\$\{([^},]+)", text))


def test_engine_agrees_with_iam_simulate(simulator_dir: Path, tmp_path: Path) -> None:
    seed = int(os.environ.get("ORACLE_SEED", random.randrange(1_000_000)))
    print(f"oracle seed {seed} ({CASES} cases): replay with ORACLE_SEED={seed}")
    raw, ours_in = tmp_path / "cases.json", tmp_path / "ours.json"
    subprocess.run([sys.executable, ORACLE / "gen_random_cases.py", str(CASES), str(seed), raw], check=True)
    theirs = subprocess.run(
        ["node", ORACLE / "iam_simulate_driver.cjs", raw],
        env={**os.environ, "IAM_SIMULATE_DIR": str(simulator_dir)},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    subprocess.run([sys.executable, ORACLE / "to_design_cases.py", raw, ours_in], check=True)
    ours = subprocess.run(
        [sys.executable, "-m", "workbench.cli.main", "evaluate", ours_in],
        check=True,
        capture_output=True,
        text=True,
    ).stdout

    by_id = {c["id"]: c for c in json.loads(raw.read_text())["cases"]}
    their_decisions = {d["id"]: d.get("decision") for d in map(json.loads, theirs.splitlines())}
    our_lines = {d["id"]: d for d in map(json.loads, ours.splitlines())}
    assert len(our_lines) == len(by_id)
    unexplained = []
    for case_id, line in our_lines.items():
        assert "error" not in line, line
        if their_decisions.get(case_id) in (None, line["decision"]):
            continue
        if not _unresolved_variable(by_id[case_id]):
            unexplained.append((case_id, their_decisions[case_id], line["decision"], line["explanation"]))
    assert not unexplained, f"seed {seed}: {len(unexplained)} disagreements, e.g. {unexplained[:3]}"
