"""Every conformance case under tests/cases/ (design.md §2.1) decides as its ``expected`` says."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.conformance.cases import CaseBuilder, read_case_file
from workbench.conformance.run import CaseRunner

CASE_DIR = Path(__file__).parent / "cases"
FILES = sorted(CASE_DIR.glob("*.json"))


def _cases() -> list[pytest.param]:
    params = []
    for path in FILES:
        for case in CaseBuilder().build_all(read_case_file(path)):
            params.append(pytest.param(case, id=f"{path.stem}:{case.id}"))
    return params


@pytest.mark.parametrize("case", _cases())
def test_case_decides_as_expected(case) -> None:  # type: ignore[no-untyped-def]
    result = CaseRunner(with_findings=False).run_case(case)
    assert result.error is None, result.error.to_dict()
    assert result.expected is not None, "every case in tests/cases states its expected decision"
    assert result.decision is not None
    assert result.decision.decision == result.expected, result.to_json()["explanation"]


def test_there_are_enough_cases_and_ids_are_unique() -> None:
    ids = [c.id for path in FILES for c in CaseBuilder().build_all(read_case_file(path))]
    assert len(ids) >= 300
    assert len(ids) == len(set(ids))


def test_every_numbered_rule_of_sections_1_to_5_has_a_case() -> None:
    ids = {c.id for path in FILES for c in CaseBuilder().build_all(read_case_file(path))}
    prefixes = {case_id.split("-")[0] for case_id in ids}
    rules = (
        [f"G{i}" for i in range(1, 12) if i != 5]  # G5 (bad Effect) is refused at parse/compile time
        + [f"E{i}" for i in range(1, 16)]
        + [f"C{i}" for i in range(1, 14)]
        + [f"V{i}" for i in range(1, 6)]
        + ["K1", "K2"]
    )
    missing = [rule for rule in rules if rule not in prefixes]
    assert not missing, f"rules without a case: {missing}"
