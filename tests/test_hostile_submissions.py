"""The canary: nothing from any submission ever runs, under `grader collect` or `grader autograde`.

Every place a submission can carry text gets payloads that, if run by Python or
a shell (or a template engine, or a notebook kernel), would make a canary file:
each answer cell kind, every metadata field the grader reads and several it
ignores, cell ids, outputs and attachments, zip member names and zip contents,
and files put into the gradebook folder by hand (which only autograde sees).
The tools are run twice: in this process under a Python audit hook that
records any process started, any code object executed that carries a payload,
and any file opened for writing in the canary folder; and as the real
`grader` command in fresh processes. The canary folder must stay empty, and
the hook must record nothing.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import grader.gradebook.collect as collect_module
from grader.cli import main
from grader.gradebook.submission import student_id
from helpers.gradebook import (
    FIXTURE_COURSE,
    NURSE,
    PHYSIO,
    RIGHT,
    cell,
    fixture_case,
    make_submission,
    make_zip,
    released_course_dir,
    to_bytes,
    write_notebook,
)

CASE = fixture_case()
ROOT = str(FIXTURE_COURSE)
TOKEN = "CANARY7f3a"  # in every payload, so any payload that runs can be told from the tools' own work
SPAWN = (
    "os.system",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "os.fork",
    "os.forkpty",
    "subprocess.Popen",
    "pty.spawn",
    "ctypes.dlopen",
    "webbrowser.open",
    "socket.connect",
    "pickle.find_class",
)  # (marshal.loads is every .pyc import: not listed)


# `grader collect` reads many files in worker processes (multiprocessing, forked): those forks,
# and pickling its own classes to and from them, are the grader's; anything else is not.
OWN_WORKERS = f"{os.sep}multiprocessing{os.sep}popen_fork.py"
OWN_PICKLES = ("grader.", "concurrent.futures.", "datetime", "builtins", "copyreg", "pathlib")


class Audit:
    """A Python audit hook (PEP 578), switched on around the tools' calls in this process; in a
    process forked from it (the grader's reading workers) it writes what it sees to `child_log`."""

    def __init__(self) -> None:
        self.on = False
        self.canary_dir = ""
        self.child_log = ""
        self.pid = os.getpid()
        self.seen: list[str] = []
        self._writing = False

    def start(self, canary: Path, child_log: Path) -> None:
        self.seen, self.canary_dir, self.child_log, self.pid, self.on = (
            [],
            str(canary),
            str(child_log),
            os.getpid(),
            True,
        )

    def everything_seen(self) -> list[str]:
        """What this process saw, then what its forked workers saw."""
        log = Path(self.child_log)
        return self.seen + (log.read_text(encoding="utf-8").splitlines() if self.child_log and log.exists() else [])

    def __call__(self, event: str, args: tuple) -> None:
        if not self.on or self._writing:
            return
        if event == "os.fork" and _called_from(OWN_WORKERS):
            return
        if event == "pickle.find_class" and args and str(args[0]).startswith(OWN_PICKLES):
            return
        if event.startswith(SPAWN):
            self._record(f"{event} {args!r:.300}")
        elif event == "exec" and args and isinstance(args[0], types.CodeType) and _carries_token(args[0]):
            self._record(f"exec of code carrying the payload: {args[0]!r:.300}")
        elif event == "open" and args and self.canary_dir and str(args[0]).startswith(self.canary_dir):
            self._record(f"open {args!r:.300}")

    def _record(self, what: str) -> None:
        if os.getpid() == self.pid:
            self.seen.append(what)
            return
        self._writing = True  # the hook's own write is not audited
        try:
            with open(self.child_log, "a", encoding="utf-8") as log:
                log.write(f"in a worker: {what!r}\n")
        finally:
            self._writing = False


def _called_from(filename: str) -> bool:
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_filename.endswith(filename):
            return True
        frame = frame.f_back
    return False


def _carries_token(code: types.CodeType) -> bool:
    for const in code.co_consts:
        if isinstance(const, str) and TOKEN in const:
            return True
        if isinstance(const, types.CodeType) and _carries_token(const):
            return True
    return TOKEN in code.co_filename


AUDIT = Audit()
sys.addaudithook(AUDIT)  # hooks cannot be removed; it does nothing unless switched on


def payloads(canary: Path, name: str) -> dict[str, str]:
    """Ways to run a command that makes canary/<name>: Python, shell, template engines, HTML."""
    target = canary / f"{name}-{TOKEN}"
    shell = f"touch {target}"
    return {
        "python": f"__import__('os').system({shell!r})",
        "python-open": f"open({str(target)!r}, 'w').write('ran')",
        "shell": f"$({shell})",
        "backticks": f"`{shell}`",
        "shell-separators": f"x; {shell} && {shell} | {shell}",
        "jinja": "{{ cycler.__init__.__globals__.os.system(" + repr(shell) + ") }}",
        "format": "{0.__init__.__globals__[os].system}" + shell,
        "html": f"<script>fetch('/{TOKEN}')</script><img src=x onerror=\"{shell}\">",
        "yaml": f"!!python/object/apply:os.system [{shell!r}]",
    }


def hostile_notebooks(canary: Path) -> dict[str, bytes]:
    """name -> a submission's bytes; each carries payloads in one place."""
    files: dict[str, bytes] = {}

    def add(
        name: str, change: Callable[[dict[str, Any], dict[str, str]], None], learner: dict[str, str] = NURSE
    ) -> None:
        notebook = copy.deepcopy(make_submission(CASE, RIGHT, learner))
        change(notebook, payloads(canary, name))
        files[f"{name}.ipynb"] = to_bytes(notebook)

    # every kind of answer cell: code in place of the value (rejected), and each payload as a plain
    # string (accepted: it is only text)
    for item in CASE.items():
        variable = "answer_" + item.id.replace("-", "_")
        for kind in ("python", "python-open"):
            add(
                f"answer-{item.id}-code-{kind}",
                lambda nb, p, i=item, v=variable, k=kind: cell(nb, f"answer-{i.id}").__setitem__(
                    "source", f"{v} = {p[k]}\n"
                ),
            )
            add(
                f"answer-{item.id}-code-in-a-list-{kind}",
                lambda nb, p, i=item, v=variable, k=kind: cell(nb, f"answer-{i.id}").__setitem__(
                    "source", f"{v} = ['a', {p[k]}]\n"
                ),
            )
            add(
                f"answer-{item.id}-code-in-a-dict-{kind}",
                lambda nb, p, i=item, v=variable, k=kind: cell(nb, f"answer-{i.id}").__setitem__(
                    "source", f"{v} = {{'value': {p[k]}}}\n"
                ),
            )
            add(
                f"answer-{item.id}-second-statement-{kind}",
                lambda nb, p, i=item, v=variable, k=kind: cell(nb, f"answer-{i.id}").__setitem__(
                    "source", f"{v} = None\n{p[k]}\n"
                ),
            )
            add(
                f"answer-{item.id}-decorator-{kind}",
                lambda nb, p, i=item, v=variable, k=kind: cell(nb, f"answer-{i.id}").__setitem__(
                    "source", f"@(lambda f: {p[k]})\ndef {v}(): pass\n"
                ),
            )
        add(
            f"answer-{item.id}-text",
            lambda nb, p, i=item, v=variable: cell(nb, f"answer-{i.id}").__setitem__(
                "source", f"{v} = {json.dumps(' '.join(p.values()))}\n"
            ),
            learner=PHYSIO,
        )

    # the learner's details and the submission's own fields
    for key in ("name", "email", "registration", "profession"):
        add(
            f"learner-{key}",
            lambda nb, p, k=key: nb["metadata"]["mskcpd"]["learner"].__setitem__(
                k, p["shell"] if k != "email" else f"{p['backticks']}@x.example"
            ),
        )
    for key in ("case", "case_digest", "submitted_at", "format_version", "question_set"):
        add(
            f"meta-{key}",
            lambda nb, p, k=key: nb["metadata"]["mskcpd"].__setitem__(
                k, p["python"] if k != "question_set" else [p["python"]]
            ),
        )
    add(
        "meta-extra-key", lambda nb, p: nb["metadata"]["mskcpd"].__setitem__("preprocessors", [p["python"], p["jinja"]])
    )
    # what a notebook kernel or nbconvert would act on (accepted: the grader never starts one)
    add(
        "kernelspec",
        lambda nb, p: nb["metadata"].__setitem__(
            "kernelspec",
            {
                "name": "evil",
                "display_name": p["shell"],
                "language": "python",
                "argv": ["sh", "-c", p["shell"].strip("$()")],
                "env": {"PYTHONSTARTUP": p["python"]},
            },
        ),
        learner=PHYSIO,
    )
    add(
        "language-info",
        lambda nb, p: nb["metadata"].__setitem__("language_info", {"name": p["python"], "pygments_lexer": p["jinja"]}),
        learner=PHYSIO,
    )
    add(
        "notebook-metadata",
        lambda nb, p: nb["metadata"].update(
            widgets={"application/vnd.jupyter.widget-state+json": {"x": p["html"]}}, jupytext={"formats": p["yaml"]}
        ),
        learner=PHYSIO,
    )
    add(
        "cell-metadata",
        lambda nb, p: cell(nb, "answer-case-single")["metadata"].update(
            tags=[p["python"]], jupyter={"source_hidden": p["jinja"]}
        ),
        learner=PHYSIO,
    )
    add("cell-id", lambda nb, p: cell(nb, "answer-case-single").__setitem__("id", p["shell"]), learner=PHYSIO)
    add(
        "outputs",
        lambda nb, p: cell(nb, "test-case-single").__setitem__(
            "outputs",
            [
                {
                    "output_type": "execute_result",
                    "execution_count": 1,
                    "metadata": {},
                    "data": {"text/plain": "1.0", "application/javascript": p["html"], "text/html": p["html"]},
                },
                {"output_type": "stream", "name": "stdout", "text": p["shell"]},
            ],
        ),
        learner=PHYSIO,
    )
    add(
        "attachments",
        lambda nb, p: cell(nb, "intro").__setitem__("attachments", {"x.svg": {"image/svg+xml": p["html"]}}),
        learner=PHYSIO,
    )
    # locked cells with code or markup in them (rejected: a locked cell was edited)
    add("test-cell", lambda nb, p: cell(nb, "test-case-single").__setitem__("source", p["python"] + "\n"))
    add("markdown-cell", lambda nb, p: cell(nb, "intro").__setitem__("source", p["html"] + p["jinja"]))
    add(
        "added-cell",
        lambda nb, p: nb["cells"].insert(
            1,
            {
                "cell_type": "code",
                "id": "x",
                "metadata": {},
                "source": p["python"],
                "outputs": [],
                "execution_count": None,
            },
        ),
    )
    add(
        "retyped-cell",
        lambda nb, p: cell(nb, "intro").update(cell_type="code", source=p["python"], outputs=[], execution_count=None),
    )
    return files


def hostile_zip(folder: Path, canary: Path, files: dict[str, bytes]) -> Path:
    """Zip members named as shell commands, with payload paths and contents, and a zip inside."""
    names = payloads(canary, "zip-member")
    good = files["kernelspec.ipynb"]
    members = {
        f"{names['shell']}.ipynb": files["answer-case-single-code-python.ipynb"],
        f"{names['backticks']}.ipynb": good,
        f"a/../{names['shell-separators']}.ipynb": good,
        "record.json": json.dumps({"name": names["python"], "reflections": [names["html"]]}).encode(),
        "inner.zip": files["test-cell.ipynb"],
        f"{names['jinja']}.txt": names["yaml"].encode(),
    }
    # the zip's own name too: a relative `touch` lands in the canary folder, the working directory
    return make_zip(
        folder / f"lms $(touch zip-name-{TOKEN}); `touch zip-name-2-{TOKEN}`.zip",
        members,
        symlinks={"link.ipynb": str(canary)},
    )


def hand_placed(gradebook: Path, canary: Path) -> None:
    """Files put straight into submitted/ (never through collect): autograde must check them again."""
    for n, (name, data) in enumerate(sorted(hostile_notebooks(canary / "by-hand").items())):
        if "-code-" in name or name in {"test-cell.ipynb", "added-cell.ipynb", "retyped-cell.ipynb"}:
            notebook = json.loads(data)
            learner = {**NURSE, "email": f"hand.{n}@nhs.net"}
            notebook["metadata"]["mskcpd"]["learner"] = learner
            write_notebook(
                gradebook / "submitted" / student_id(learner["email"]) / CASE.id / f"{CASE.id}.ipynb", notebook
            )


def made(canary: Path) -> list[str]:
    return sorted(str(p.relative_to(canary)) for p in canary.rglob("*") if p.is_file())


@pytest.fixture
def hostile(tmp_path):
    canary = tmp_path / "canary"
    canary.mkdir()
    inbox = tmp_path / "inbox"
    files = hostile_notebooks(canary)
    for name, data in files.items():
        (inbox / name).parent.mkdir(parents=True, exist_ok=True)
        (inbox / name).write_bytes(data)
    archive = hostile_zip(tmp_path, canary, files)
    return canary, inbox, archive, files


def test_no_code_from_any_submission_runs_in_collect_autograde_or_export(tmp_path, hostile, monkeypatch):
    canary, inbox, archive, files = hostile
    gradebook = released_course_dir(tmp_path / "gradebook")
    monkeypatch.chdir(canary)  # a relative `touch` would land here
    assert len(files) >= collect_module.PARALLEL_FROM, "enough files that collect reads them in worker processes"
    AUDIT.start(canary, tmp_path / "audit-of-workers.log")
    try:
        collect_code = main(["collect", str(inbox), str(archive), "--root", ROOT, "--course-dir", str(gradebook)])
        hand_placed(gradebook, canary)
        autograde_code = main(["autograde", "--root", ROOT, "--course-dir", str(gradebook), "--quiet"])
        export_code = main(
            ["export", "--root", ROOT, "--course-dir", str(gradebook), "--out", str(tmp_path / "grades.csv")]
        )
    finally:
        AUDIT.on = False
    assert AUDIT.everything_seen() == [], "the grader started a process or ran code from a submission"
    assert made(canary) == []
    assert collect_code == 1 and autograde_code == 1 and export_code == 1  # rejected and skipped files are reported

    # what was accepted: only submissions whose answers are plain values; the payloads in them are just text
    accepted = {p.parent.parent.name for p in (gradebook / "submitted").glob(f"*/{CASE.id}/{CASE.id}.ipynb")}
    assert student_id(PHYSIO["email"]) in accepted
    rows = list(csv.DictReader(io.StringIO((tmp_path / "grades.csv").read_text(encoding="utf-8-sig"))))
    physio = next(r for r in rows if r["learner_id"] == student_id(PHYSIO["email"]))
    assert physio["email"] == PHYSIO["email"]
    # every file is accounted for: collected, a duplicate, or kept in quarantine with its reason
    reasons = list((gradebook / "quarantine").glob("*.reason.txt"))
    assert len(reasons) >= sum(1 for name in files if "-code-" in name)


def test_the_real_grader_command_runs_nothing_from_submissions(tmp_path, hostile):
    """The same, as a CPD lead runs it: `grader collect`, `grader autograde`, `grader export`, each a fresh process."""
    canary, inbox, archive, _ = hostile
    gradebook = released_course_dir(tmp_path / "gradebook")
    grader = str(Path(sys.executable).parent / "grader")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    commands = [
        [grader, "collect", str(inbox), str(archive), "--root", ROOT, "--course-dir", str(gradebook)],
        [grader, "autograde", "--root", ROOT, "--course-dir", str(gradebook)],
        [grader, "export", "--root", ROOT, "--course-dir", str(gradebook), "--out", str(tmp_path / "grades.csv")],
    ]
    for command in commands:
        if command[1] == "autograde":
            hand_placed(gradebook, canary)
        result = subprocess.run(command, cwd=canary, env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode in (0, 1), result.stderr[-3000:]
        assert "Traceback" not in result.stderr
    assert made(canary) == []
    outside = [
        p for p in tmp_path.rglob(f"*{TOKEN}") if p.parent.name not in {"quarantine"} and not p.name.startswith("lms ")
    ]
    assert outside == [], "no file a payload names was made anywhere"


def test_zip_members_are_never_written_where_their_names_point(tmp_path, hostile):
    canary, _, archive, _ = hostile
    gradebook = tmp_path / "gradebook"
    before = {p for p in tmp_path.rglob("*")}
    assert main(["collect", str(archive), "--root", ROOT, "--course-dir", str(gradebook)]) == 1
    new = {p for p in tmp_path.rglob("*")} - before
    assert all(gradebook in p.parents or p == gradebook for p in new), sorted(map(str, new))
    assert all(p.parent.name in {"quarantine", "gradebook"} or "submitted" in p.parts for p in new if p.is_file())
    assert made(canary) == []
    # names in quarantine are made safe: no shell metacharacters, no path separators
    for kept in (gradebook / "quarantine").iterdir():
        assert not set(kept.name) & set("$`;|&<>(){}[] '\"\\"), kept.name
