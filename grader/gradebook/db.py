"""Opening nbgrader's gradebook database, and a lock for setting it up when several graders share it."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

from nbgrader.api import Gradebook
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from grader.gradebook.layout import COURSE_ID, file_lock


def ensure_alembic_on_path() -> None:
    """nbgrader runs the `alembic` command (found on PATH) when it creates a new
    database; when `grader` runs from a virtualenv that is not activated, the
    venv's bin folder is not on PATH, and nbgrader fails half way, leaving a
    database without its alembic version. Put the running Python's bin folder first."""
    if shutil.which("alembic"):
        return
    bin_dir = str(Path(sys.executable).parent)
    if (Path(bin_dir) / "alembic").exists():
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")


SETUP_LOCK_KEY = 0x6D736B637064  # "mskcpd": PostgreSQL advisory lock held while a grader sets the gradebook up


@contextlib.contextmanager
def setup_lock(db_url: str) -> Iterator[None]:
    """Held while a grader makes the gradebook's tables or an assignment's cells, so two
    graders starting at once on one gradebook do not both make them (nbgrader's own code,
    which does this, deletes and remakes a notebook it finds half made by another).

    PostgreSQL: an advisory lock; SQLite: an exclusive lock on a file beside the database
    (`gradebook.db.lock`). Other databases: none (a clash there is a conflict, and autograde
    runs again)."""
    url = make_url(db_url)
    backend = url.get_backend_name()
    if backend == "sqlite" and url.database and url.database != ":memory:" and not url.database.startswith("file:"):
        with file_lock(Path(url.database + ".lock")):
            yield
    elif backend == "postgresql":
        engine = create_engine(url)
        try:
            with engine.connect() as connection:
                connection.execute(text("select pg_advisory_lock(:key)"), {"key": SETUP_LOCK_KEY})
                connection.commit()
                try:
                    yield
                finally:
                    connection.execute(text("select pg_advisory_unlock(:key)"), {"key": SETUP_LOCK_KEY})
                    connection.commit()
        finally:
            engine.dispose()
    else:
        yield


def open_gradebook(db_url: str) -> Gradebook:
    """nbgrader's Gradebook; a new, empty database gets its tables, alembic version and
    course row here, under the setup lock (two graders doing that at once would clash)."""
    ensure_alembic_on_path()
    with setup_lock(db_url):
        return Gradebook(db_url, course_id=COURSE_ID)


def shown_url(db_url: str) -> str:
    """A database URL fit to print: any password hidden."""
    try:
        return make_url(db_url).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy can parse: say nothing about it
        return "the database given with --db"
