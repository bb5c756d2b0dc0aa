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

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gradebook_helpers import FIXTURE_COURSE, fixture_case, make_submission, write_notebook
from grader.cli import main
from grader.gradebook.layout import CourseDir
from postgres_helpers import fresh_database, grades, rows
from test_postgres_gradebook import learners

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
        write_notebook(folder / f"{n:03d}.ipynb", make_submission(CASE, answers, learner, submitted_at=f"2026-12-01T{n // 60:02d}:{n % 60:02d}:00Z"))
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
        subprocess.Popen([GRADER, "autograde", "--root", ROOT, "--course-dir", str(folder), "--db", shared, "--quiet"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
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
    import grader.gradebook.autograde as module
    from sqlalchemy.exc import OperationalError

    lead_a, _, _ = folders

    def locked(*args, **kwargs):
        raise OperationalError("UPDATE grade", {}, Exception("database is locked"))

    monkeypatch.setattr(module, "_autograde", locked)
    monkeypatch.setattr(module.time, "sleep", lambda seconds: None)
    with pytest.raises(OperationalError, match="database is locked"):
        module.autograde(CourseDir.at(lead_a), {CASE.id: CASE}, f"sqlite:///{tmp_path}/x.db", progress=False)


def test_a_database_error_that_is_not_a_conflict_is_not_retried(tmp_path, folders, monkeypatch):
    import grader.gradebook.autograde as module
    from sqlalchemy.exc import OperationalError

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
    runs = [subprocess.Popen([GRADER, "autograde", "--root", ROOT, "--course-dir", str(folder), "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            for folder in (lead_a, copy)]
    for run in runs:
        _, err = run.communicate(timeout=600)
        assert run.returncode == 0, err[-3000:]
    assert grades(f"sqlite:///{lead_a}/gradebook.db") == grades(f"sqlite:///{copy}/gradebook.db")
