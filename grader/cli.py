"""The `grader` command: thin; every subcommand is a call into the core."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from grader.content.loader import check_course, load_course


def cmd_check(args: argparse.Namespace) -> int:
    problems = check_course(Path(args.root))
    for problem in problems:
        print(problem)
    if problems:
        sys.stdout.flush()
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    course = load_course(Path(args.root))
    items = sum(len(c.bank.items) for c in course.modules)
    print(f"OK: {len(course.modules)} module(s), {items} question(s).")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="grader", description="Check, build and grade the MSK pain and mental health CPD course.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="load and validate all course content; one line per problem, path:line: message")
    check.add_argument("--root", default=".", help="project folder holding modules/ and quizzes/ (default: current folder)")
    check.set_defaults(run=cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
