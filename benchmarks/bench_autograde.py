"""Benchmark: `grader collect` and `grader autograde` against plain `nbgrader autograde`, on equal footing.

Everything runs in this one run, on the course's real case studies (every case
under case_studies/), with submissions built as the gradebook tests build them
(tests/helpers/gradebook.py: the release notebook with its answer cells filled
in, the learner's details in the metadata), answers a mix of right, wrong,
partly right, unanswered and free text. Each command is timed as a fresh
process from the command line, twice, at a small and a large number of
submissions, so its start-up (the intercept) and its cost per submission (the
slope) are measured apart:

  - `grader collect` and `grader autograde`: --small and -n submissions across
    every case (each learner submits every case);
  - plain `nbgrader autograde` (runs every notebook in a kernel): --plain-small
    and --plain submissions of one real case (--plain-case), one assignment at
    a time being how nbgrader grades; `grader autograde` grades the very same
    submissions too, and the two gradebooks' scores are compared cell by cell.

Beside `grader collect`, the disk's floor: the same files read and written into the
same layout with nothing checked (`filing_floor`), so what the disk alone costs per
submission on this machine is seen apart from what checking adds.

Peak memory is each process's peak resident size (for nbgrader, its largest
process, kernels included), at both sizes: flat means it does not grow with
the number of submissions.

    .venv/bin/python benchmarks/bench_autograde.py                        # 10,000 vs 40
    .venv/bin/python benchmarks/bench_autograde.py -n 2000 --plain 40 --plain-small 8
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from grader.content.fields import PROFESSIONS  # noqa: E402
from grader.content.loader import load_course  # noqa: E402
from grader.gradebook.submission import expected_question_set  # noqa: E402
from helpers.gradebook import cell_scores, make_submission, to_bytes  # noqa: E402

BIN = Path(sys.executable).parent
AUTOGRADE_TARGET = 1000  # submissions a second, per submission once started (issue 14)
COLLECT_TARGET = 2000


# --- submissions -------------------------------------------------------------------


def right_answer(item: Any) -> Any:
    kind = item.type
    if kind == "numeric":
        return {"value": item.answer, "unit": item.unit} if item.unit else item.answer
    if kind == "matching":
        return {p.id: p.answer for p in item.premises}
    if kind == "consultation":
        nodes = {n.id: n for n in item.nodes}
        good = {b.id: (b.weight if b.kind == "good" else -b.weight) for b in item.behaviours}
        path, node = [], nodes[item.start]
        while node is not None and node.choices and len(path) < 50:
            best = max(node.choices, key=lambda c: sum(good.get(b, 0) for b in c.behaviours))
            path.append(best.id)
            node = nodes.get(best.next) if best.next else None
        return path
    if kind == "free_text":
        return " and ".join(c.keywords[0] for c in item.rubric if c.keywords) or "discussed the plan"
    if kind == "short_answer":
        return item.answers[0].text
    return item.answer  # single, multiple, ordering


def random_answer(item: Any, rng: random.Random) -> Any:  # noqa: C901 (one branch per question type)
    """A plausible response of the item's shape: right about a third of the time, sometimes none, often wrong."""
    roll = rng.random()
    if roll < 0.08:
        return None
    if roll < 0.4:
        return right_answer(item)
    kind = item.type
    if kind == "single":
        return rng.choice([o.id for o in item.options])
    if kind == "multiple":
        ids = [o.id for o in item.options]
        return rng.sample(ids, rng.randint(1, len(ids)))
    if kind == "numeric":
        value = round(item.answer * rng.uniform(0.1, 3), 1)
        return {"value": value, "unit": item.unit} if item.unit and rng.random() < 0.5 else value
    if kind == "ordering":
        ids = [o.id for o in item.options]
        rng.shuffle(ids)
        return ids
    if kind == "matching":
        return {p.id: rng.choice([c.id for c in item.choices]) for p in item.premises}
    if kind == "consultation":
        nodes = {n.id: n for n in item.nodes}
        path, node = [], nodes[item.start]
        while node is not None and node.choices and len(path) < 50:
            choice = rng.choice(node.choices)
            path.append(choice.id)
            node = nodes.get(choice.next) if choice.next else None
        return path
    if kind == "free_text":
        words = [k for c in item.rubric for k in c.keywords] + ["patient", "plan", "discussed", "pain", "review"]
        return " ".join(rng.choice(words) for _ in range(rng.randint(3, 60)))
    if kind == "short_answer":
        return rng.choice(["not sure", item.answers[0].text.upper(), "something else"])
    raise ValueError(kind)


def write_submissions(cases: list[Any], count: int, folder: Path, seed: int) -> list[Path]:
    """`count` submissions, learner n // len(cases) submitting case n % len(cases): a cohort doing every case."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    people: dict[int, dict[str, str]] = {}
    paths = []
    for n in range(count):
        case, who = cases[n % len(cases)], n // len(cases)
        if who not in people:
            people[who] = {
                "name": f"Learner {seed}-{who}",
                "email": f"learner.{seed}.{who}@nhs.net",
                "registration": f"REG{who:06d}",
                "profession": rng.choice(PROFESSIONS),
            }
        learner = people[who]
        shown = expected_question_set(case, learner["profession"])
        answers = {item.id: random_answer(item, rng) for item in case.items() if item.id in shown}
        when = f"2026-12-01T{n // 3600 % 24:02d}:{n // 60 % 60:02d}:{n % 60:02d}.{n % 1000:03d}Z"
        path = folder / f"{n:06d}-{case.id}.ipynb"
        path.write_bytes(to_bytes(make_submission(case, answers, learner, submitted_at=when)))
        paths.append(path)
    return paths


# --- timing ------------------------------------------------------------------------


def filing_floor(inbox: list[Path], folder: Path) -> Run:
    """The disk's part of collecting, as a baseline: each file read and written as `grader collect`
    files it (a folder per learner and case, the notebook and timestamp.txt, each through a
    temporary file renamed into place), with nothing parsed or checked. In this process, after
    the same start as a collect (a fresh folder), so only the per-file cost counts."""
    folder.mkdir()
    start, cpu = time.perf_counter(), time.process_time()
    for n, path in enumerate(inbox):
        data = path.read_bytes()
        target = folder / "submitted" / f"learner-{n // 11}" / path.stem
        target.mkdir(parents=True, exist_ok=True)
        for name, payload in ((f"{path.stem}.ipynb", data), ("timestamp.txt", b"2026-12-01 10:00:00.000000 UTC\n")):
            temporary = target / f".{name}.tmp"
            temporary.write_bytes(payload)
            os.replace(temporary, target / name)
    return Run(time.perf_counter() - start, time.process_time() - cpu, 0.0)


def fastest(runs: list[Run]) -> Run:
    """The fastest run's time (the least disturbed by other work on the machine), the largest peak memory."""
    best = min(runs, key=lambda run: run.seconds)
    return Run(best.seconds, min(run.cpu for run in runs), max(run.peak_mb for run in runs))


@dataclass
class Run:
    seconds: float  # wall clock
    cpu: float  # user + system seconds: less swayed by a busy, shared machine
    peak_mb: float


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> Run:
    """Seconds and peak RSS (MB; the largest of the process and the children it waited for) of a fresh process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stderr.close()
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({process.returncode}):\n{errors.decode(errors='replace')[-3000:]}")
    return Run(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def per_second(seconds: float) -> str:
    return f"{1 / seconds:8.1f}" if seconds > 0 else "     n/a"  # the larger run was not slower: noise


@dataclass
class Line:
    """t(n) = start-up + n x per-submission, through two measured sizes (wall clock and CPU time)."""

    small: int
    large: int
    at_small: Run
    at_large: Run

    def slope(self, attr: str) -> float:
        return (getattr(self.at_large, attr) - getattr(self.at_small, attr)) / (self.large - self.small)

    def startup(self, attr: str) -> float:
        return getattr(self.at_small, attr) - self.small * self.slope(attr)

    def show(self, name: str, memory: bool = True) -> str:
        lines = []
        for attr, what, unit in (("seconds", "wall clock", "per second"), ("cpu", "CPU time  ", "per CPU second")):
            lines.append(
                f"{name if attr == 'seconds' else '':26s} {what}: start-up {self.startup(attr):6.2f} s, "
                f"{self.slope(attr) * 1000:9.3f} ms per submission = {per_second(self.slope(attr))} {unit} once started"
            )
        small_rss = f" (peak RSS {self.at_small.peak_mb:4.0f} MB)" if memory else ""
        large_rss = f" (peak RSS {self.at_large.peak_mb:4.0f} MB)" if memory else ""
        lines.append(
            f"{'':26s} {self.small:6d} in {self.at_small.seconds:7.2f} s{small_rss}; "
            f"{self.large:6d} in {self.at_large.seconds:7.2f} s{large_rss} "
            f"= {self.large / self.at_large.seconds:7.1f} per second, start-up included"
        )
        return "\n".join(lines)


def main() -> int:  # noqa: C901 (one run, step by step)
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("-n", "--submissions", type=int, default=10000, help="large size for grader (default 10000)")
    parser.add_argument("--small", type=int, default=None, help="small size for grader (default n/10)")
    parser.add_argument("--plain", type=int, default=40, help="large size for plain nbgrader (default 40)")
    parser.add_argument("--plain-small", type=int, default=8, help="small size for plain nbgrader (default 8)")
    parser.add_argument("--plain-case", default="oldham-integrated-pathway", help="the case plain nbgrader grades")
    parser.add_argument("--root", default=str(ROOT), help="course content (default: this project's)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each grader command, on fresh copies; the fastest counts (3)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print where it is")
    args = parser.parse_args()
    small = args.small or max(args.submissions // 10, 1)
    if not (0 < small < args.submissions and 0 < args.plain_small < args.plain):
        parser.error("each small size must be above 0 and below its large size")

    cases = [content.case for content in load_course(Path(args.root)).cases]
    plain_case = next((c for c in cases if c.id == args.plain_case), None)
    if plain_case is None:
        parser.error(f"no case {args.plain_case!r} under {args.root}/case_studies")
    work = Path(tempfile.mkdtemp(prefix="bench-autograde-"))
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "JUPYTER_CONFIG_DIR": str(work / "jupyter-config"),
        "JUPYTER_RUNTIME_DIR": str(work / "jupyter-runtime"),
    }
    grader = str(BIN / "grader")

    def course_dir(name: str) -> Path:
        target = work / name
        shutil.copytree(work / "released", target)
        return target

    try:
        questions = sum(len(c.items()) for c in cases)
        print(
            f"{len(cases)} real cases ({questions} questions); work folder {work}; {os.cpu_count()} CPUs "
            "(grader collect reads files in that many worker processes)"
        )
        timed([grader, "release", "--root", args.root, "--course-dir", str(work / "released")], ROOT, env)

        large_inbox = write_submissions(cases, args.submissions, work / "inbox", seed=1)
        small_inbox = work / "inbox-small"
        small_inbox.mkdir()
        for path in large_inbox[:small]:
            os.link(path, small_inbox / path.name)
        plain_inbox = write_submissions([plain_case], args.plain, work / "inbox-plain", seed=2)
        plain_small_inbox = work / "inbox-plain-small"
        plain_small_inbox.mkdir()
        for path in plain_inbox[: args.plain_small]:
            os.link(path, plain_small_inbox / path.name)

        def collect(inbox: Path, name: str) -> tuple[Path, Run]:
            """The fastest of --repeat collects, each into a fresh copy of the released folder; the last is kept."""
            runs = []
            for attempt in range(args.repeat):
                folder = course_dir(f"{name}-{attempt}")
                command = [grader, "collect", str(inbox), "--root", args.root, "--course-dir", str(folder)]
                runs.append(timed(command, ROOT, env))
            return folder, fastest(runs)  # the other copies are removed at the end: see `autograde`

        def autograde(folder: Path, repeat: int = args.repeat) -> Run:
            """The fastest of `repeat` runs, each on a fresh copy of the collected folder; the folder graded last.
            No copy is removed until the end: deleting thousands of files while the next run writes (online
            discard, journal) slowed that run by half on an ext4 virtual disk."""
            runs = []
            for attempt in range(repeat):
                if attempt < repeat - 1:
                    target = folder.with_name(f"{folder.name}-copy{attempt}-{time.monotonic_ns()}")
                    shutil.copytree(folder, target)
                else:
                    target = folder
                command = [grader, "autograde", "--root", args.root, "--course-dir", str(target), "--quiet"]
                runs.append(timed(command, ROOT, env))
            return fastest(runs)

        ours_small, collect_small = collect(small_inbox, "ours-small")
        ours_large, collect_large = collect(work / "inbox", "ours-large")
        collecting = Line(small, args.submissions, collect_small, collect_large)
        floor = Line(
            small,
            args.submissions,
            filing_floor(large_inbox[:small], work / "floor-small"),
            filing_floor(large_inbox, work / "floor-large"),
        )
        grading = Line(small, args.submissions, autograde(ours_small), autograde(ours_large))
        again = autograde(ours_large, 1)  # idempotent: nothing to change, every grade read and compared

        plain_runs, same_runs, agree = [], [], []
        for size, inbox in ((args.plain_small, plain_small_inbox), (args.plain, work / "inbox-plain")):
            plain, _ = collect(inbox, f"plain-{size}")
            same = work / f"same-{size}"
            shutil.copytree(plain, same)
            plain_runs.append(timed([str(BIN / "nbgrader"), "autograde", plain_case.id], plain, env))  # once: slow
            same_runs.append(autograde(same))
            ours_scores, plain_scores = cell_scores(same / "gradebook.db"), cell_scores(plain / "gradebook.db")
            agree.append((sum(ours_scores[k] == v for k, v in plain_scores.items()), len(plain_scores)))
        nbgrader = Line(args.plain_small, args.plain, *plain_runs)
        same_case = Line(args.plain_small, args.plain, *same_runs)

        with sqlite3.connect(ours_large / "gradebook.db") as db:
            grades = db.execute("select count(*) from grade").fetchone()[0]
        print(f"grader collect and autograde: {args.submissions} submissions across every case, {grades} grades")
        print(collecting.show("grader collect"))
        print(floor.show("the disk's floor", memory=False))
        print(
            f"{'':26s} (the same files read and written into the same layout, with nothing checked: what the "
            "disk alone costs)"
        )
        print(grading.show("grader autograde"))
        print(f"{'':26s} run again over the {args.submissions} (nothing to change): {again.seconds:.2f} s")
        print(f"plain nbgrader autograde: {plain_case.id} only, one assignment per run as nbgrader grades")
        print(nbgrader.show("plain nbgrader autograde"))
        print(
            f"{'grader autograde':26s} the same {args.plain_small} and {args.plain}: "
            f"{same_case.at_small.seconds:.2f} s and {same_case.at_large.seconds:.2f} s "
            "(nearly all start-up: too few to time per submission); "
            f"{' and '.join(f'{a} of {n}' for a, n in agree)} cell scores agree with plain nbgrader's"
        )
        for attr, what in (("seconds", "wall clock"), ("cpu", "CPU time")):
            theirs, ours = nbgrader.slope(attr), grading.slope(attr)
            ratio = f"{theirs / ours:.0f}x" if ours > 0 and theirs > 0 else "n/a (noise)"
            print(
                f"per submission ({what}): plain nbgrader autograde {theirs * 1000:.0f} ms, grader autograde "
                f"{ours * 1000:.3f} ms: {ratio}; start-up {nbgrader.startup(attr):.1f} s against "
                f"{grading.startup(attr):.1f} s"
            )
        at_scale = (args.submissions / grading.at_large.seconds) / (args.plain / nbgrader.at_large.seconds)
        print(f"at each one's large size, start-up included (wall clock): {at_scale:.0f}x")
        for name, line, target in (("autograde", grading, AUTOGRADE_TARGET), ("collect", collecting, COLLECT_TARGET)):
            slope = line.slope("seconds")  # the target is throughput: wall clock, every worker included
            met = "met" if 0 < slope <= 1 / target else "NOT MET"
            print(
                f"target: grader {name} >= {target} per second once started: {per_second(slope).strip()} ({met}; "
                f"{per_second(line.slope('cpu')).strip()} per CPU second)"
            )
        growth = grading.at_large.peak_mb - grading.at_small.peak_mb
        print(
            f"peak memory, grader autograde: {grading.at_small.peak_mb:.0f} MB at {small}, "
            f"{grading.at_large.peak_mb:.0f} MB at {args.submissions} ({growth:+.0f} MB); grader collect: "
            f"{collecting.at_small.peak_mb:.0f} MB and {collecting.at_large.peak_mb:.0f} MB"
        )
        failed = any(a != n for a, n in agree)
        if failed:
            print("grader autograde and plain nbgrader autograde disagree: see above", file=sys.stderr)
        return 1 if failed else 0
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
