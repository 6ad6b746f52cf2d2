"""Front-end: the ``iam-workbench`` command (thin: parse arguments, call the API, print)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from workbench import api, content, grading
from workbench.cli import lab
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
        print(f"{path}:{finding.line}:{finding.column}: {finding.severity.value} {finding.code}: {finding.message}")
        if finding.hint:
            print(f"    hint: {finding.hint}")
    counts = {severity: 0 for severity in ("ERROR", "SECURITY_WARNING", "WARNING", "SUGGESTION")}
    for finding in report.findings:
        counts[finding.severity.value] += 1
    summary = ", ".join(f"{n} {s.lower().replace('_', ' ')}{'s' if n != 1 else ''}" for s, n in counts.items())
    print(f"{path} ({report.policy_type.value} policy): {summary}")
    return 1 if counts["ERROR"] else 0


def _exercises_validate(args: argparse.Namespace) -> int:
    folder = Path(args.folder) if args.folder else content.source_root() / "exercises"
    statuses = grading.validate_bank(folder)
    if not statuses:
        print(f"iam-workbench: no exercises (*.yaml) under {folder}", file=sys.stderr)
        return 1
    print(grading.format_table(statuses))
    return 0 if all(s.ok for s in statuses) else 1


def _exercises_release(args: argparse.Namespace) -> int:
    root = content.source_root()
    lessons = Path(args.lessons) if args.lessons else root / "lessons"
    exercises = Path(args.exercises) if args.exercises else root / "exercises"
    written = grading.release(lessons, exercises, Path(args.out))
    print(f"released {len(written)} files to {args.out} (hidden checks and solutions left out)")
    return 0


def _progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    sys.stderr.write(f"\rgrading [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _grade(args: argparse.Namespace) -> int:
    submissions = Path(args.submissions)
    if not submissions.is_dir():
        print(f"iam-workbench: {submissions} is not a folder of <learner>/<exercise>.json files", file=sys.stderr)
        return 2
    folder = Path(args.exercises) if args.exercises else content.source_root() / "exercises"
    exercises = [grading.load_any_exercise(path) for path in grading.find_exercises(folder)]
    rows = list(grading.grade_batch(exercises, submissions, progress=None if args.quiet else _progress))
    out = Path(args.out)
    feedback = Path(args.feedback) if args.feedback else out.with_name("feedback")
    grading.write_results(rows, out, feedback)
    learners = {row.learner for row in rows}
    problems = sum(row.status != "graded" for row in rows)
    print(f"graded {len(learners)} learners × {len(exercises)} exercises → {out}, feedback in {feedback}/")
    if problems:
        print(f"{problems} submissions missing or invalid (graded 0; the reason is in the CSV's note column)")
    return 0


def _lab(args: argparse.Namespace) -> int:
    return lab.run(Path(args.dir).expanduser(), port=args.port, open_browser=not args.no_browser, dry_run=args.dry_run)


def _demo(_: argparse.Namespace) -> int:
    print(api.demo_text())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iam-workbench",
        description="Learn AWS IAM by simulation: evaluate and validate policies exactly as AWS does.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    evaluate = commands.add_parser("evaluate", help="evaluate a conformance case file (one JSON line per case)")
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

    lab_command = commands.add_parser("lab", help="open JupyterLab on the lessons (first lesson open)")
    lab_command.add_argument("--dir", default=lab.DEFAULT_FOLDER, help="your working folder (default %(default)s)")
    lab_command.add_argument("--port", type=int, default=8888)
    lab_command.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    lab_command.add_argument("--dry-run", action="store_true", help="prepare the folder, print the command, stop")
    lab_command.set_defaults(handler=_lab)

    exercises = commands.add_parser("exercises", help="instructor tools for exercises")
    exercise_commands = exercises.add_subparsers(dest="exercise_command", metavar="COMMAND", required=True)
    validate_bank = exercise_commands.add_parser(
        "validate", help="every exercise loads, its solution passes every check, its starter fails one"
    )
    validate_bank.add_argument("folder", nargs="?", help="exercises folder (default: the project's)")
    validate_bank.set_defaults(handler=_exercises_validate)
    release = exercise_commands.add_parser("release", help="a learner copy without hidden checks or solutions")
    release.add_argument("out", metavar="OUT/")
    release.add_argument("--lessons", help="lessons folder (default: the project's)")
    release.add_argument("--exercises", help="exercises folder (default: the project's)")
    release.set_defaults(handler=_exercises_release)

    grade = commands.add_parser("grade", help="grade a folder of submissions: CSV plus a feedback file per learner")
    grade.add_argument("submissions", metavar="SUBMISSIONS/")
    grade.add_argument("--out", default="grades.csv", help="CSV file (default %(default)s)")
    grade.add_argument("--feedback", help="feedback folder (default: feedback/ beside the CSV)")
    grade.add_argument("--exercises", help="exercises folder with hidden checks (default: the project's)")
    grade.add_argument("--quiet", action="store_true", help="no progress bar")
    grade.set_defaults(handler=_grade)
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
