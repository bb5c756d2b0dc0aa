"""Opening nbgrader's gradebook database."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from nbgrader.api import Gradebook
from sqlalchemy.engine import make_url

from grader.gradebook.layout import COURSE_ID


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


def open_gradebook(db_url: str) -> Gradebook:
    ensure_alembic_on_path()
    return Gradebook(db_url, course_id=COURSE_ID)


def shown_url(db_url: str) -> str:
    """A database URL fit to print: any password hidden."""
    try:
        return make_url(db_url).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy can parse: say nothing about it
        return "the database given with --db"
