"""The command line, as a user runs it: exit codes, output lines, and bad input that never stops a run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.cli.main import main

ALICE = {"arn": "arn:aws:iam::111111111111:user/alice", "type": "user", "account": "111111111111"}
READ = {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}


def _case_file(tmp_path: Path, cases: list[object], defaults: dict[str, object] | None = None) -> Path:
    path = tmp_path / "cases.json"
    path.write_text(json.dumps({"defaults": defaults or {}, "cases": cases}), encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


DEFAULTS = {
    "accounts": {"111111111111": {"identity_policies": [READ]}},
    "principal": ALICE,
    "resource": {"arn": "arn:aws:s3:::b1/k", "account": "111111111111"},
}


def test_evaluate_prints_one_json_line_per_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _case_file(
        tmp_path, [{"id": "a", "action": "s3:GetObject"}, {"id": "b", "action": "s3:PutObject"}], DEFAULTS
    )
    code, out, _ = _run(capsys, "evaluate", str(path))
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [(line["id"], line["decision"]) for line in lines] == [("a", "allowed"), ("b", "implicitDeny")]
    assert "no identity-based policy allows" in lines[1]["explanation"]


def test_check_counts_and_exits_1_on_a_mismatch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = [
        {"id": "ok", "action": "s3:GetObject", "expected": "allowed"},
        {"id": "wrong", "action": "s3:GetObject", "expected": "explicitDeny"},
    ]
    code, out, _ = _run(capsys, "evaluate", str(_case_file(tmp_path, cases, DEFAULTS)), "--check")
    assert code == 1
    assert "MISMATCH wrong: expected explicitDeny, got allowed" in out
    assert out.splitlines()[-1] == "1 passed, 1 failed"


def test_check_passes_with_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _case_file(tmp_path, [{"id": "ok", "action": "s3:GetObject", "expected": "allowed"}], DEFAULTS)
    code, out, _ = _run(capsys, "evaluate", str(path), "--check")
    assert (code, out) == (0, "1 passed, 0 failed\n")


@pytest.mark.parametrize(
    ("case", "code"),
    [
        (
            {
                "id": "x",
                "action": "s3:GetObject",
                "accounts": {"111111111111": {"identity_policies": ["{nope"]}},
            },
            "parse_invalid_json",
        ),
        (
            {
                "id": "x",
                "action": "s3:GetObject",
                "accounts": {
                    "111111111111": {
                        "identity_policies": [
                            {
                                "Version": "2012-10-17",
                                "Statement": {
                                    "Effect": "Deny",
                                    "Action": "*",
                                    "Resource": "*",
                                    "Condition": {"StringEqualz": {"aws:username": "bob"}},
                                },
                            }
                        ]
                    }
                },
            },
            "policy_unknown_operator",
        ),
        ({"id": "x", "action": "s3:GetObject", "resource": {"arn": "not-an-arn"}}, "request_resource_arn"),
        (
            {"id": "x", "action": "s3:GetObject", "principal": {"type": "robot", "arn": "x"}},
            "case_principal_type",
        ),
        ({"id": "x", "action": "GetObject"}, "request_action"),
        ("not an object", "case_shape"),
    ],
)
def test_a_broken_case_reports_an_error_and_the_run_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: object, code: str
) -> None:
    path = _case_file(tmp_path, [case, {"id": "after", "action": "s3:GetObject", "expected": "allowed"}], DEFAULTS)
    exit_code, out, _ = _run(capsys, "evaluate", str(path))
    first, second = (json.loads(line) for line in out.splitlines())
    assert exit_code == 0
    assert first["error"]["code"] == code and first["error"]["message"]
    assert second["decision"] == "allowed"
    exit_code, out, _ = _run(capsys, "evaluate", str(path), "--check")
    assert exit_code == 1 and out.splitlines()[-1] == "1 passed, 1 failed"


def test_unreadable_case_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bad.json").write_text('{"cases": [}', encoding="utf-8")
    code, _, err = _run(capsys, "evaluate", str(tmp_path / "bad.json"))
    assert code == 2 and "line 1, column 12" in err
    code, _, err = _run(capsys, "evaluate", str(tmp_path / "missing.json"))
    assert code == 2 and "cannot read" in err


def test_validate_reports_findings_with_positions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = tmp_path / "p.json"
    policy.write_text('{\n  "Statement": {"Effect": "allow", "Action": "s3:GetObjcet", "Resource": "*"}\n}\n')
    code, out, _ = _run(capsys, "validate", str(policy), "--type", "identity")
    assert code == 1
    assert f"{policy}:2:27: ERROR validate_invalid_effect" in out
    assert "validate_unknown_action" in out and "s3:GetObject" in out  # did you mean
    assert "validate_missing_version" in out


def test_validate_clean_policy_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = tmp_path / "p.json"
    policy.write_text(json.dumps(READ | {"Statement": {**READ["Statement"], "Resource": "arn:aws:s3:::b1/*"}}))
    code, out, _ = _run(capsys, "validate", str(policy))
    assert code == 0 and "0 error" in out


def test_demo_runs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "demo")
    assert code == 0 and "explicitDeny" in out and "implicitDeny" in out
