"""Several `grader autograde` runs writing one gradebook at once lose and duplicate nothing.

Two CPD leads share a gradebook (PostgreSQL, or a SQLite file on a shared
drive) and grade overlapping sets of submissions at the same moment. The
result must be exactly what one grader grading every submission alone
writes: every grade there once, none lost, none twice. nbgrader's unique
constraints refuse a second copy of a row; `grader autograde` meets the
other grader's rows as a conflict, rolls back and grades again from what the
database now holds (grader/gradebook/autograde.py).
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader.cli import main
from grader.gradebook.layout import CourseDir
from helpers.gradebook import FIXTURE_COURSE, fixture_case, learners, make_submission, write_notebook
from helpers.postgres import fresh_database, grades, rows

CASE = fixture_case()
ROOT = str(FIXTURE_COURSE)
GRADER = str(Path(sys.executable).parent / "grader")
COUNT = 90


def database(backend: str, tmp_path: Path, name: str) -> str:
    return fresh_database() if backend == "postgresql" else f"sqlite:///{tmp_path}/{name}.db"


def submissions(folder: Path, numbers: range) -> Path:
    people = learners(COUNT)
    for n in numbers:
        learner, answers = people[n]
        write_notebook(
            folder / f"{n:03d}.ipynb",
            make_submission(CASE, answers, learner, submitted_at=f"2026-12-01T{n // 60:02d}:{n % 60:02d}:00Z"),
        )
    return folder


def collected(course_dir: Path, inbox: Path) -> Path:
    assert main(["collect", str(inbox), "--root", ROOT, "--course-dir", str(course_dir)]) == 0
    return course_dir


def autograde(course_dir: Path, db: str) -> int:
    return main(["autograde", "--root", ROOT, "--course-dir", str(course_dir), "--db", db, "--quiet"])


@pytest.fixture
def folders(tmp_path):
    """Two CPD leads' course folders with overlapping submissions (30 learners in both), and one with all 90."""
    lead_a = collected(tmp_path / "lead-a", submissions(tmp_path / "in-a", range(0, 60)))
    lead_b = collected(tmp_path / "lead-b", submissions(tmp_path / "in-b", range(30, COUNT)))
    everyone = collected(tmp_path / "alone", submissions(tmp_path / "in-all", range(COUNT)))
    return lead_a, lead_b, everyone


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_autograde_processes_at_once_lose_and_duplicate_nothing(tmp_path, folders, backend):
    lead_a, lead_b, everyone = folders
    alone = database(backend, tmp_path, "alone")
    assert autograde(everyone, alone) == 0
    expected = grades(alone)
    assert expected["counts"]["student"] == COUNT and expected["counts"]["grade"] == COUNT * len(CASE.items())

    shared = database(backend, tmp_path, "shared")
    # three graders start together on a new, empty gradebook: lead A twice (the same folder) and lead B
    runs = [
        subprocess.Popen(
            [GRADER, "autograde", "--root", ROOT, "--course-dir", str(folder), "--db", shared, "--quiet"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in (lead_a, lead_b, lead_a)
    ]
    results = [(run.wait(timeout=600), run.stdout.read(), run.stderr.read()) for run in runs]
    for run in runs:
        run.stdout.close()
        run.stderr.close()
    for code, out, err in results:
        assert code == 0, out + err[-3000:]
        assert "Traceback" not in err
    assert grades(shared) == expected

    # grading again, one after the other, changes no row
    before = rows(shared)
    assert autograde(lead_a, shared) == 0 and autograde(lead_b, shared) == 0
    assert rows(shared) == before


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_grader_that_meets_another_graders_rows_grades_again(tmp_path, folders, backend, monkeypatch, capsys):
    """Deterministic: another grader writes the same submissions between this run's reading
    of the gradebook and its commit. The commit clashes with a unique constraint; the run
    rolls back, grades again from what the database holds, and ends with one copy of each row."""
    import grader.gradebook.autograde as module

    lead_a, lead_b, everyone = folders
    alone = database(backend, tmp_path, "alone")
    assert autograde(everyone, alone) == 0
    shared = database(backend, tmp_path, "shared")
    assert autograde(lead_b, shared) == 0  # lead B graded first: 60 learners in the gradebook

    real_flush = module.CaseWriter.flush
    interrupted = []

    def flush_after_another_grader(self):
        if not interrupted:
            interrupted.append(True)
            # lead A's colleague grades the same folder, start to finish, before this run commits
            assert module.autograde(CourseDir.at(lead_a), {CASE.id: CASE}, shared, progress=False).skipped == []
        real_flush(self)

    monkeypatch.setattr(module.CaseWriter, "flush", flush_after_another_grader)
    capsys.readouterr()
    assert autograde(lead_a, shared) == 0
    assert interrupted
    assert "another grader wrote to the gradebook at the same time; grading again" in capsys.readouterr().err
    assert grades(shared) == grades(alone)


def test_a_conflict_that_does_not_clear_is_reported_not_hidden(tmp_path, folders, monkeypatch):
    """A database that stays locked: after its attempts the run stops with the database's own error."""
    from sqlalchemy.exc import OperationalError

    import grader.gradebook.autograde as module

    lead_a, _, _ = folders

    def locked(*args, **kwargs):
        raise OperationalError("UPDATE grade", {}, Exception("database is locked"))

    monkeypatch.setattr(module, "_autograde", locked)
    monkeypatch.setattr(module.time, "sleep", lambda seconds: None)
    with pytest.raises(OperationalError, match="database is locked"):
        module.autograde(CourseDir.at(lead_a), {CASE.id: CASE}, f"sqlite:///{tmp_path}/x.db", progress=False)


def test_a_database_error_that_is_not_a_conflict_is_not_retried(tmp_path, folders, monkeypatch):
    from sqlalchemy.exc import OperationalError

    import grader.gradebook.autograde as module

    lead_a, _, _ = folders
    calls = []

    def unreachable(*args, **kwargs):
        calls.append(1)
        raise OperationalError("connect", {}, Exception("could not connect to server: Connection refused"))

    monkeypatch.setattr(module, "_autograde", unreachable)
    with pytest.raises(OperationalError):
        module.autograde(CourseDir.at(lead_a), {CASE.id: CASE}, "postgresql://nobody@127.0.0.1:1/none", progress=False)
    assert calls == [1]


def test_copies_of_a_course_folder_graded_at_once_into_sqlite_files_of_their_own(tmp_path, folders):
    """The default SQLite gradebook beside each folder: two folders, two databases, no interference."""
    lead_a, lead_b, _ = folders
    copy = tmp_path / "lead-a-copy"
    shutil.copytree(lead_a, copy)
    runs = [
        subprocess.Popen(
            [GRADER, "autograde", "--root", ROOT, "--course-dir", str(folder), "--quiet"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in (lead_a, copy)
    ]
    for run in runs:
        _, err = run.communicate(timeout=600)
        assert run.returncode == 0, err[-3000:]
    assert grades(f"sqlite:///{lead_a}/gradebook.db") == grades(f"sqlite:///{copy}/gradebook.db")


# --- grader collect ---------------------------------------------------------------------

RECORD = Path(__file__).parent / "fixtures" / "records" / "aisha-khan.json"
LEARNERS = 120


def collect_inboxes(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes], dict[str, bytes]]:
    """Each learner's older and newer submission and record export, in two inboxes:
    the older files in one, the newer in the other, in the same order."""
    import json

    older, newer = tmp_path / "older", tmp_path / "newer"
    newest: dict[str, bytes] = {}
    oldest: dict[str, bytes] = {}
    record = json.loads(RECORD.read_text(encoding="utf-8"))
    for n, (learner, answers) in enumerate(learners(LEARNERS)):
        for folder, hour, keep in ((older, "10", oldest), (newer, "11", newest)):
            notebook = make_submission(CASE, answers, learner, submitted_at=f"2026-12-01T{hour}:00:00Z")
            write_notebook(folder / f"{n:03d}-case.ipynb", notebook)
            keep[f"{n}-case"] = (folder / f"{n:03d}-case.ipynb").read_bytes()
            export = {
                **record,
                "exported": f"2026-12-01T{hour}:00:00.000Z",
                "learner": {**record["learner"], "name": learner["name"], "email": learner["email"]},
            }
            (folder / f"{n:03d}-record.json").write_text(json.dumps(export), encoding="utf-8")
            keep[f"{n}-record"] = (folder / f"{n:03d}-record.json").read_bytes()
    return older, newer, oldest, newest


def test_collect_processes_at_once_keep_the_newest_of_everything(tmp_path):
    """Three collects into one course folder at once: the older files, the newer files, and
    the older again. Whatever the order they meet in, each learner ends with the newer
    submission and the newer record, every file is reported once, and every older file is
    kept in quarantine. (Three runs seldom meet on one learner in the same millisecond;
    the next test makes them meet.)"""
    from grader.gradebook.submission import student_id
    from grader.records import read_record, record_path

    older, newer, oldest, newest = collect_inboxes(tmp_path)
    course_dir = CourseDir.at(tmp_path / "gradebook")
    logs = [(tmp_path / f"run-{i}.out", tmp_path / f"run-{i}.err") for i in range(3)]
    runs = []
    # output to files: a full pipe would stall a run
    for inbox, (out, err) in zip((older, newer, older), logs, strict=True):
        with out.open("w") as stdout, err.open("w") as stderr:
            runs.append(
                subprocess.Popen(
                    [GRADER, "collect", str(inbox), "--root", ROOT, "--course-dir", str(course_dir.root)],
                    stdout=stdout,
                    stderr=stderr,
                )
            )
    for run in runs:
        run.wait(timeout=600)
    for out, err in ((o.read_text(), e.read_text()) for o, e in logs):
        assert "Traceback" not in err, err[-3000:]
        assert (
            len([line for line in out.splitlines() if line.startswith(("accepted:", "duplicate:", "rejected:"))])
            == 2 * LEARNERS
        ), out[-2000:]
    quarantined = {
        path.read_bytes() for path in course_dir.quarantine.iterdir() if not path.name.endswith(".reason.txt")
    }
    for n, (learner, _) in enumerate(learners(LEARNERS)):
        student = student_id(learner["email"])
        assert course_dir.submitted_notebook(student, CASE.id).read_bytes() == newest[f"{n}-case"], (
            f"learner {n}: an older submission won"
        )
        assert course_dir.timestamp_file(student, CASE.id).read_text().startswith("2026-12-01 11:00:00")
        assert record_path(course_dir, student).read_bytes() == newest[f"{n}-record"], (
            f"learner {n}: an older record won"
        )
        assert read_record(newest[f"{n}-record"]).student_id == student
        assert oldest[f"{n}-case"] in quarantined and oldest[f"{n}-record"] in quarantined, (
            f"learner {n}: an older file was lost"
        )
    assert not list(course_dir.root.rglob(".collect-*")), "no half-written file is left behind"


def test_a_collect_that_starts_while_another_is_filing_waits_its_turn(tmp_path, monkeypatch, capsys):
    """Deterministic: between this collect's check of what is already filed and its writing
    of an older submission, another `grader collect` starts with the newer one. Without the
    course folder's lock the other files the newer submission, and this one overwrites it
    with the older; with the lock the other waits, then finds the older and replaces it."""
    import grader.gradebook.collect as module
    from grader.gradebook.submission import student_id

    older, newer, oldest, newest = collect_inboxes(tmp_path)
    course_dir = CourseDir.at(tmp_path / "gradebook")
    real_place = module._place
    others: list[subprocess.Popen] = []

    def place_while_another_collect_runs(target, submission, data):
        if not others:
            others.append(
                subprocess.Popen(
                    [
                        GRADER,
                        "collect",
                        str(newer / "000-case.ipynb"),
                        "--root",
                        ROOT,
                        "--course-dir",
                        str(course_dir.root),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            with contextlib.suppress(subprocess.TimeoutExpired):  # then it is waiting for the lock
                others[0].wait(timeout=8)  # unguarded, it has filed the newer submission by now
        real_place(target, submission, data)

    monkeypatch.setattr(module, "_place", place_while_another_collect_runs)
    assert main(["collect", str(older / "000-case.ipynb"), "--root", ROOT, "--course-dir", str(course_dir.root)]) == 0
    assert others and others[0].wait(timeout=60) == 0
    student = student_id(learners(1)[0][0]["email"])
    assert course_dir.submitted_notebook(student, CASE.id).read_bytes() == newest["0-case"], (
        "the older submission overwrote the newer"
    )
    assert any(
        p.read_bytes() == oldest["0-case"]
        for p in course_dir.quarantine.iterdir()
        if not p.name.endswith(".reason.txt")
    )


def test_grading_a_chunk_of_learners_at_a_time_gives_the_same_gradebook(tmp_path, folders, monkeypatch):
    """autograde loads a case's existing rows a chunk of learners at a time (memory stays flat):
    across chunk boundaries, a first run and a run again give what one chunk gives."""
    import grader.gradebook.autograde as module

    _, _, everyone = folders
    whole = f"sqlite:///{tmp_path}/whole.db"
    assert autograde(everyone, whole) == 0
    monkeypatch.setattr(module, "CHUNK", 7)
    chunked = f"sqlite:///{tmp_path}/chunked.db"
    assert autograde(everyone, chunked) == 0
    assert grades(chunked) == grades(whole)
    before = rows(chunked)
    assert autograde(everyone, chunked) == 0
    assert rows(chunked) == before
