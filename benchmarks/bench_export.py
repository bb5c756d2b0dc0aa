"""Benchmark: exporting completion grades, against a plain csv.writer baseline in the same run.

1. The CSV writer: `export.write_csv` (every cell formula-neutralised, UTF-8 with a
   byte-order mark) on N learner rows, against Python's plain `csv.writer` writing
   the same rows unchanged. Time (best of 3) and peak memory (tracemalloc) of each.
2. The whole command: `grader export` as a fresh process over a gradebook with G
   graded submissions (collected and graded first; not timed), rows per second.

    .venv/bin/python benchmarks/bench_export.py                 # 100,000 rows; 2,000 graded submissions
    .venv/bin/python benchmarks/bench_export.py -n 10000 -g 500
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from grader.content.loader import load_course  # noqa: E402
from grader.gradebook.export import COLUMNS, write_csv  # noqa: E402

BIN = Path(sys.executable).parent
NAMES = [
    "Sam Nurse",
    "Dana Doctor",
    "Zoë O'Brien",
    "Pat Physio",
    "=cmd|' /C calc'!A0",
    "-2+3",
    "Łukasz Nowak",
    "@handle",
]


def rows(count: int, seed: int = 1) -> list[dict[str, str]]:
    rng = random.Random(seed)
    out = []
    for n in range(count):
        name = f"{rng.choice(NAMES)} {n}"
        score = rng.randint(0, 4)
        out.append(
            {
                "learner_id": f"learner-{n}-{n * 2654435761 % 2**32:08x}",
                "name": name,
                "email": f"learner.{n}@nhs.net",
                "registration": f"NMC {n:08d}",
                "profession": rng.choice(["nurse", "doctor", "pharmacist", "physiotherapist"]),
                "case": f"case-{n % 10}",
                "question_set": "all",
                "score": str(score),
                "max": "4",
                "percent": f"{25.0 * score:.1f}",
                "passed": "yes" if score == 4 else "no",
                "needs_review": rng.choice(["yes", "no"]),
                "submitted_at": f"2026-12-01T10:{n % 60:02d}:00+00:00",
                "cpd_minutes": "15" if score == 4 else "0",
            }
        )
    return out


def plain_csv(data: list[dict[str, str]], out: Path) -> None:
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in data:
            writer.writerow([row[c] for c in COLUMNS])


def measure(run: Callable[[], None], repeat: int = 3) -> tuple[float, float]:
    """(best seconds of `repeat` runs, peak MB traced during one run)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return best, peak


def whole_command(graded: int, work: Path) -> tuple[float, int]:
    """Seconds for `grader export` as a fresh process over `graded` graded submissions, and its exit status."""
    from bench_autograde import make_submissions

    fixture = str(ROOT / "tests" / "fixtures" / "course")
    case = load_course(Path(fixture)).cases[0].case
    make_submissions(case, graded, work / "inbox")
    course_dir = work / "gradebook"
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    quiet = dict(env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    subprocess.run(
        [str(BIN / "grader"), "collect", str(work / "inbox"), "--root", fixture, "--course-dir", str(course_dir)],
        **quiet,
    )
    subprocess.run(
        [str(BIN / "grader"), "autograde", "--root", fixture, "--course-dir", str(course_dir), "--quiet"], **quiet
    )
    start = time.perf_counter()
    result = subprocess.run(
        [
            str(BIN / "grader"),
            "export",
            "--root",
            fixture,
            "--course-dir",
            str(course_dir),
            "--out",
            str(work / "grades.csv"),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if result.returncode:
        print(result.stderr[-2000:], file=sys.stderr)
    return elapsed, result.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "-n", "--rows", type=int, default=100_000, help="learner rows for the CSV writers (default 100,000)"
    )
    parser.add_argument(
        "-g",
        "--graded",
        type=int,
        default=2_000,
        help="graded submissions for the whole `grader export` command (default 2,000; 0 to skip)",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-export-"))
    try:
        data = rows(args.rows)
        ours_s, ours_mb = measure(lambda: write_csv(data, work / "ours.csv"))
        plain_s, plain_mb = measure(lambda: plain_csv(data, work / "plain.csv"))
        ours_size, plain_size = (work / "ours.csv").stat().st_size, (work / "plain.csv").stat().st_size
        print(
            f"export.write_csv (neutralised, BOM): {args.rows:7d} rows in {ours_s:6.2f} s = {args.rows / ours_s:9.0f} "
            f"rows per second, peak {ours_mb:6.1f} MB, {ours_size / 2**20:.1f} MB written"
        )
        print(
            f"plain csv.writer (baseline):         {args.rows:7d} rows in {plain_s:6.2f} s = "
            f"{args.rows / plain_s:9.0f} rows per second, peak {plain_mb:6.1f} MB, {plain_size / 2**20:.1f} MB written"
        )
        print(
            f"ratio: write_csv takes {ours_s / plain_s:.2f}x the plain writer's time and "
            f"{ours_mb / max(plain_mb, 0.01):.1f}x its peak memory"
        )
        if args.graded:
            seconds, code = whole_command(args.graded, work)
            if code:
                print("grader export failed; see above", file=sys.stderr)
                return 1
            print(
                f"grader export (whole command, fresh process, start-up included): {args.graded} graded submissions "
                f"in {seconds:.2f} s = {args.graded / seconds:.0f} rows per second"
            )
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
