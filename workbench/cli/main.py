"""Front-end: the ``iam-workbench`` command (thin: parse arguments, call the API, print)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from workbench import api
from workbench.errors import WorkbenchError
from workbench.policy.model import PolicyType


def _evaluate(args: argparse.Namespace) -> int:
    passed = failed = 0
    out = sys.stdout
    for result in api.evaluate_cases(Path(args.cases), with_findings=not args.check):
        if args.check:
            if result.passed:
                passed += 1
                continue
            failed += 1
            line = result.to_json()
            got = line.get("decision") or f"error {line['error']['code']}"
            detail = line.get("explanation") or line["error"]["message"]
            out.write(f"MISMATCH {result.id}: expected {result.expected}, got {got}\n    {detail}\n")
        else:
            out.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
    if args.check:
        out.write(f"{passed} passed, {failed} failed\n")
        return 1 if failed else 0
    return 0


def _validate(args: argparse.Namespace) -> int:
    path = Path(args.policy)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        print(f"iam-workbench: cannot read {path}: {error.strerror}", file=sys.stderr)
        return 2
    report = api.validate_policy(text, args.type)
    for finding in report.findings:
        print(
            f"{path}:{finding.line}:{finding.column}: {finding.severity.value} {finding.code}: "
            f"{finding.message}"
        )
        if finding.hint:
            print(f"    hint: {finding.hint}")
    counts = {severity: 0 for severity in ("ERROR", "SECURITY_WARNING", "WARNING", "SUGGESTION")}
    for finding in report.findings:
        counts[finding.severity.value] += 1
    summary = ", ".join(
        f"{n} {s.lower().replace('_', ' ')}{'s' if n != 1 else ''}" for s, n in counts.items()
    )
    print(f"{path} ({report.policy_type.value} policy): {summary}")
    return 1 if counts["ERROR"] else 0


def _demo(_: argparse.Namespace) -> int:
    print(api.demo_text())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iam-workbench",
        description="Learn AWS IAM by simulation: evaluate and validate policies exactly as AWS does.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    evaluate = commands.add_parser(
        "evaluate", help="evaluate a conformance case file (one JSON line per case)"
    )
    evaluate.add_argument("cases", metavar="CASES.json")
    evaluate.add_argument(
        "--check",
        action="store_true",
        help='compare with "expected"; print mismatches and "N passed, M failed"',
    )
    evaluate.set_defaults(handler=_evaluate)

    validate = commands.add_parser("validate", help="validate a policy like IAM Access Analyzer")
    validate.add_argument("policy", metavar="POLICY.json")
    validate.add_argument(
        "--type",
        default="identity",
        choices=[t.value for t in PolicyType],
        help="the policy type (default identity)",
    )
    validate.set_defaults(handler=_validate)

    demo = commands.add_parser("demo", help="a short tour: one policy, a few requests, explained")
    demo.set_defaults(handler=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        args = parser.parse_args(["demo"])
    try:
        return int(args.handler(args))
    except WorkbenchError as error:
        print(f"iam-workbench: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
