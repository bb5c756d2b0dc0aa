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
    cases = f", {len(course.cases)} case stud{'y' if len(course.cases) == 1 else 'ies'}" if course.cases else ""
    print(f"OK: {len(course.modules)} module(s), {items} question(s){cases}.")
    return 0


def cmd_new_case(args: argparse.Namespace) -> int:
    from grader.content.scaffold import new_case
    from grader.content.yamlfile import ContentError

    try:
        path = new_case(Path(args.root), args.slug)
    except ValueError as exc:
        print(f"grader new-case: {exc}", file=sys.stderr)
        return 2
    except ContentError as exc:
        print(f"grader new-case: fix the course content first (grader check):\n{exc}", file=sys.stderr)
        return 1
    print(f"Wrote {path}. Edit it, run `grader check`, and see it at once under Case studies in `make serve`.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="grader", description="Check, build and grade the MSK pain and mental health CPD course.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="load and validate all course content; one line per problem, path:line: message")
    check.add_argument("--root", default=".", help="project folder holding modules/ and quizzes/ (default: current folder)")
    check.set_defaults(run=cmd_check)
    new = sub.add_parser("new-case", help="write a case-study scaffold that passes `grader check`")
    new.add_argument("slug", help="the case id and folder name, e.g. low-mood-after-injury")
    new.add_argument("--root", default=".", help="project folder (default: current folder)")
    new.set_defaults(run=cmd_new_case)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
