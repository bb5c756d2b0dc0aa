"""Benchmark: `grader autograde` against plain `nbgrader autograde`, in the same run.

Generates N submissions with random answers for a case study, collects them,
then times, each as a fresh process from the command line:

  - `grader autograde` on all N submissions (reads answers as data), and
  - plain `nbgrader autograde` on a few of them (executes every notebook in a kernel),

and prints submissions per second for each, the ratio, and each process's peak memory.

    .venv/bin/python benchmarks/bench_autograde.py                  # 500 vs 3, the fixture case
    .venv/bin/python benchmarks/bench_autograde.py -n 2000 --plain 5
    .venv/bin/python benchmarks/bench_autograde.py --root . --case <case-id>   # a real case
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader.cli import main as grader_main  # noqa: E402
from grader.content.fields import PROFESSIONS  # noqa: E402
from grader.content.loader import load_course  # noqa: E402
from grader.gradebook.notebook import answer_id, answer_variable, python_literal, release_notebook  # noqa: E402
from grader.gradebook.submission import expected_question_set  # noqa: E402

BIN = Path(sys.executable).parent


def random_answer(item: Any, rng: random.Random) -> Any:
    """A plausible response of the item's shape (sometimes none, sometimes wrong)."""
    if rng.random() < 0.1:
        return None
    kind = item.type
    if kind == "single":
        return rng.choice([o.id for o in item.options])
    if kind == "multiple":
        ids = [o.id for o in item.options]
        return rng.sample(ids, rng.randint(1, len(ids)))
    if kind == "numeric":
        value = item.answer if rng.random() < 0.5 else round(item.answer * rng.uniform(0.1, 3), 1)
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
        while node is not None and len(path) < 50:
            choice = rng.choice(node.choices)
            path.append(choice.id)
            node = nodes.get(choice.next) if choice.next else None
        return path
    if kind == "free_text":
        words = [k for c in item.rubric for k in c.keywords] + ["patient", "plan", "discussed", "pain"]
        return " ".join(rng.choice(words) for _ in range(rng.randint(3, 40)))
    raise ValueError(kind)


def make_submissions(case: Any, count: int, folder: Path, seed: int = 1) -> None:
    import json

    rng = random.Random(seed)
    template = release_notebook(case)
    by_cell = {answer_id(item.id): item for item in case.items()}
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        profession = rng.choice(PROFESSIONS)
        shown = expected_question_set(case, profession)
        notebook = json.loads(json.dumps(template))
        for cell in notebook["cells"]:
            item = by_cell.get(cell["metadata"]["nbgrader"]["grade_id"])
            if item is not None:
                value = random_answer(item, rng) if item.id in shown else None
                cell["source"] = f"{answer_variable(item.id)} = {python_literal(value)}\n"
        notebook["metadata"]["mskcpd"].update(
            learner={
                "name": f"Learner {n}",
                "email": f"learner.{n}@nhs.net",
                "registration": f"REG{n:06d}",
                "profession": profession,
            },
            question_set=shown,
            submitted_at=f"2026-12-01T{n // 3600 % 24:02d}:{n // 60 % 60:02d}:{n % 60:02d}Z",
        )
        (folder / f"{n:06d}.ipynb").write_text(json.dumps(notebook, indent=1), encoding="utf-8")


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB of the process, exit status) for a command run to completion."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        print(process.stderr.read().decode(errors="replace")[-3000:], file=sys.stderr)
    process.stderr.close()
    return elapsed, usage.ru_maxrss / 1024, process.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "-n", "--submissions", type=int, default=500, help="submissions for grader autograde (default 500)"
    )
    parser.add_argument(
        "--plain", type=int, default=3, help="submissions for plain nbgrader autograde, about 1-3 s each (default 3)"
    )
    parser.add_argument(
        "--root",
        default=str(ROOT / "tests" / "fixtures" / "course"),
        help="course content (default: the fixture course)",
    )
    parser.add_argument("--case", default=None, help="case id (default: the first case)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print where it is")
    args = parser.parse_args()

    course = load_course(Path(args.root))
    case = course.case(args.case).case if args.case else course.cases[0].case
    work = Path(tempfile.mkdtemp(prefix="bench-autograde-"))
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "JUPYTER_CONFIG_DIR": str(work / "jupyter-config"),
    }
    try:
        print(f"case {case.id}: {len(case.items())} questions; work folder {work}")
        released = work / "released"
        with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
            assert grader_main(["release", "--root", args.root, "--course-dir", str(released)]) == 0

        make_submissions(case, args.submissions, work / "inbox")
        ours, plain = work / "ours", work / "plain"
        shutil.copytree(released, ours)
        shutil.copytree(released, plain)
        start = time.perf_counter()
        subprocess.run(
            [str(BIN / "grader"), "collect", str(work / "inbox"), "--root", args.root, "--course-dir", str(ours)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        collect_s = time.perf_counter() - start
        few = sorted((work / "inbox").iterdir())[: args.plain]
        subprocess.run(
            [str(BIN / "grader"), "collect", *map(str, few), "--root", args.root, "--course-dir", str(plain)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

        ours_s, ours_mb, ours_rc = timed(
            [str(BIN / "grader"), "autograde", "--root", args.root, "--course-dir", str(ours), "--quiet"], ROOT, env
        )
        plain_s, plain_mb, plain_rc = timed([str(BIN / "nbgrader"), "autograde", case.id], plain, env)
        if ours_rc or plain_rc:
            print("a grader failed; see above", file=sys.stderr)
            return 1
        ours_rate, plain_rate = args.submissions / ours_s, args.plain / plain_s
        print(
            f"grader collect:             {args.submissions:6d} submissions in {collect_s:7.2f} s = "
            f"{args.submissions / collect_s:8.1f} per second"
        )
        print(
            f"grader autograde:           {args.submissions:6d} submissions in {ours_s:7.2f} s = {ours_rate:8.1f} per "
            f"second, peak RSS {ours_mb:.0f} MB"
        )
        print(
            f"plain nbgrader autograde:   {args.plain:6d} submissions in {plain_s:7.2f} s = {plain_rate:8.2f} per "
            f"second, peak RSS {plain_mb:.0f} MB (largest process)"
        )
        print(
            f"ratio: grader autograde is {ours_rate / plain_rate:.0f}x plain nbgrader autograde (each timed as a "
            "fresh process, start-up included)"
        )
        return 0
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
