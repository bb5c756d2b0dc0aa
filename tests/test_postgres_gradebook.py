"""The gradebook on PostgreSQL, for several CPD leads at once (`--db postgresql://...`).

A throwaway PostgreSQL server (Debian's package, installed by `make test`) is
started on 127.0.0.1 for the run (tests/helpers/postgres.py); each test gets
its own database. The same submissions released, collected, graded and
exported into PostgreSQL and into the default SQLite give the same grades,
row for row, and running any command again changes nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.cli import main
from helpers.gradebook import FIXTURE_COURSE, fixture_case, learners, make_submission, write_notebook
from helpers.postgres import fresh_database, grades, rows

CASE = fixture_case()
ROOT = str(FIXTURE_COURSE)


def inbox(folder: Path, count: int = 12) -> Path:
    for n, (learner, answers) in enumerate(learners(count)):
        write_notebook(
            folder / f"{n:03d}.ipynb",
            make_submission(CASE, answers, learner, submitted_at=f"2026-12-01T10:{n % 60:02d}:00Z"),
        )
    return folder


def pipeline(work: Path, submissions: Path, db: str | None) -> tuple[bytes, str]:
    """release, collect, autograde, export: the CSV's bytes and the database's URL."""
    course_dir = work / "gb"
    db_args = ["--db", db] if db else []
    assert main(["release", "--root", ROOT, "--course-dir", str(course_dir), *db_args]) == 0
    assert main(["collect", str(submissions), "--root", ROOT, "--course-dir", str(course_dir)]) == 0
    assert main(["autograde", "--root", ROOT, "--course-dir", str(course_dir), "--quiet", *db_args]) == 0
    out = work / "grades.csv"
    assert main(["export", "--root", ROOT, "--course-dir", str(course_dir), "--out", str(out), *db_args]) == 0
    return out.read_bytes(), db or f"sqlite:///{course_dir}/gradebook.db"


def test_postgresql_gives_the_same_grades_as_sqlite(tmp_path):
    submissions = inbox(tmp_path / "in")
    sqlite_csv, sqlite_url = pipeline(tmp_path / "sqlite", submissions, None)
    pg_csv, pg_url = pipeline(tmp_path / "pg", submissions, fresh_database())
    assert pg_csv == sqlite_csv
    ours, theirs = grades(pg_url), grades(sqlite_url)
    assert ours == theirs
    assert ours["counts"]["student"] == 12 and ours["counts"]["grade"] == 12 * len(CASE.items())
    # and the grades are the rules' own, not all zeros
    assert {g[0] for g in ours["grades"].values()} == {0.0, 0.5, 1.0}


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_every_command_run_again_leaves_the_same_gradebook(tmp_path, backend):
    submissions = inbox(tmp_path / "in")
    db = fresh_database() if backend == "postgresql" else None
    csv_first, url = pipeline(tmp_path / "run", submissions, db)
    first = rows(url)
    csv_again, _ = pipeline(tmp_path / "run", submissions, db)  # release, collect, autograde and export, all again
    assert rows(url) == first
    assert csv_again == csv_first


def test_the_nbgrader_config_names_the_shared_gradebook(tmp_path):
    # plain nbgrader (formgrader, for reviewing free-text answers) run in the course folder
    # finds the same PostgreSQL gradebook
    url = fresh_database()
    assert main(["release", "--root", ROOT, "--course-dir", str(tmp_path / "gb"), "--db", url]) == 0
    config = (tmp_path / "gb" / "nbgrader_config.py").read_text()
    assert f"c.CourseDirectory.db_url = {url!r}" in config
    assert not (tmp_path / "gb" / "gradebook.db").exists(), "nothing is written to a SQLite file when --db is given"
    assert rows(url)["assignment"], "the release is recorded in PostgreSQL"
