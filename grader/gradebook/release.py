"""`grader release`: an nbgrader course directory made from the case studies.

Writes nbgrader_config.py and source/<case>/<case>.ipynb (the source notebook,
hidden tests included), then runs nbgrader's own generate_assignment, which
writes release/<case>/<case>.ipynb and records the assignment, its grade
cells and the locked cells' sources in the gradebook database.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from nbgrader.converters import GenerateAssignment
from nbgrader.coursedir import CourseDirectory
from nbgrader.utils import capture_log
from traitlets.config import Config

from grader.content.models import CaseStudy
from grader.gradebook.db import ensure_alembic_on_path
from grader.gradebook.layout import COURSE_ID, CourseDir
from grader.gradebook.notebook import source_notebook


class ReleaseError(Exception):
    pass


CONFIG_TEMPLATE = """\
# Written by `grader release`; nbgrader reads it when run from this folder,
# e.g. `nbgrader autograde <case-id>` (which executes submissions: `grader
# autograde` reads them as data instead and gives the same grades).
import os

_here = os.path.dirname(os.path.abspath(__file__))
c = get_config()  # noqa: F821 (provided by nbgrader)
c.CourseDirectory.course_id = {course_id!r}
c.CourseDirectory.root = _here
c.CourseDirectory.db_url = {db_url}
# Answer cells hold `answer_x = None` in the source notebook too: the answer
# key stays in the course content, so there is no solution region to clear.
# (nbgrader would otherwise replace each answer cell with its code stub.)
c.ClearSolutions.enabled = False
"""


def nbgrader_settings(course_dir: CourseDir, db_url: str | None = None) -> dict:
    """The settings nbgrader_config.py holds, as a traitlets config dict."""
    return {
        "CourseDirectory": {"course_id": COURSE_ID, "root": str(course_dir.root), "db_url": course_dir.db_url(db_url)},
        "ClearSolutions": {"enabled": False},
    }


def write_config(course_dir: CourseDir, db_url: str | None = None) -> Path:
    # the default SQLite database is found beside the config, so the folder can be moved
    url = repr(db_url) if db_url else '"sqlite:///" + os.path.join(_here, "gradebook.db")'
    course_dir.config_file.write_text(CONFIG_TEMPLATE.format(course_id=COURSE_ID, db_url=url), encoding="utf-8")
    return course_dir.config_file


def write_source(course_dir: CourseDir, case: CaseStudy) -> Path:
    path = course_dir.source_notebook(case.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(source_notebook(case), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def generate_assignment(course_dir: CourseDir, case_id: str, db_url: str | None = None) -> None:
    """nbgrader's generate_assignment, run in this process through its Python API."""
    ensure_alembic_on_path()
    config = Config(nbgrader_settings(course_dir, db_url))
    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id = case_id
    app = GenerateAssignment(coursedir=coursedir, config=config)
    app.force = True
    app.create_assignment = True
    app.log.setLevel(logging.WARNING)
    result = capture_log(app)
    if not result["success"]:
        log = result.get("log", "")
        if "Cannot add or remove cells" in log or "Cannot add or remove cells" in result.get("error", ""):
            raise ReleaseError(
                f"{case_id}: the case's questions changed after submissions were graded; nbgrader will not change "
                "an assignment that has submissions: release the changed case under a new case id, or start a new "
                "course directory"
            )
        raise ReleaseError(
            f"{case_id}: nbgrader generate_assignment failed:\n{log}\n{result.get('error', '')}".rstrip()
        )


def release(cases: list[CaseStudy], course_dir: CourseDir, db_url: str | None = None) -> list[Path]:
    """Release every case; returns the release notebooks nbgrader wrote."""
    course_dir.root.mkdir(parents=True, exist_ok=True)
    write_config(course_dir, db_url)
    released = []
    for case in cases:
        write_source(course_dir, case)
        generate_assignment(course_dir, case.id, db_url)
        released.append(course_dir.release_notebook(case.id))
    return released
