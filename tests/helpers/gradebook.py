"""Submissions for the gradebook tests, built as the course site builds them:
the release notebook with its answer cells filled with Python literals and
the learner's details in metadata.mskcpd."""

from __future__ import annotations

import copy
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from grader.content.loader import load_course
from grader.content.models import CaseStudy
from grader.formats.notebook import answer_id, answer_variable, python_literal, release_notebook
from grader.gradebook.submission import expected_question_set

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_COURSE = ROOT / "tests" / "fixtures" / "course"
CASE_ID = "example-case"

NURSE = {"name": "Sam Nurse", "email": "sam.nurse@nhs.net", "registration": "NMC 12A3456B", "profession": "nurse"}
DOCTOR = {"name": "Dana Doctor", "email": "Dana.Doctor@nhs.net", "registration": "GMC 7654321", "profession": "doctor"}
PHYSIO = {
    "name": "Pat Physio",
    "email": "pat.physio@nhs.net",
    "registration": "HCPC PH12345",
    "profession": "physiotherapist",
}

# every answer right; the free text meets both rubric criteria (provisionally)
RIGHT = {
    "case-single": "a",
    "case-dose": {"value": 60, "unit": "mg"},
    "case-talk": ["ask", "net"],
    "case-reflect": "Low mood discussed; review in two weeks.",
}
# a mix: single wrong, dose right, consultation partly right (0.5), free text meets one criterion of two
MIXED = {
    "case-single": "b",
    "case-dose": 60,
    "case-talk": ["ask", "leave"],
    "case-reflect": "We talked about his low mood.",
}


def fixture_case() -> CaseStudy:
    return load_course(FIXTURE_COURSE).case(CASE_ID).case


def make_submission(
    case: CaseStudy,
    answers: dict[str, Any],
    learner: dict[str, str],
    submitted_at: str = "2026-12-01T10:00:00.000Z",
    question_set: list[str] | None = None,
) -> dict[str, Any]:
    """A submission notebook: questions outside the learner's set stay None, as the site leaves them."""
    shown = expected_question_set(case, learner["profession"]) if question_set is None else question_set
    notebook = copy.deepcopy(release_notebook(case))
    by_cell = {answer_id(item.id): item.id for item in case.items()}
    for cell in notebook["cells"]:
        item_id = by_cell.get(cell["metadata"]["nbgrader"]["grade_id"])
        if item_id is not None:
            value = answers.get(item_id) if item_id in shown else None
            cell["source"] = f"{answer_variable(item_id)} = {python_literal(value)}\n"
    meta = notebook["metadata"]["mskcpd"]
    meta["learner"] = dict(learner)
    meta["question_set"] = list(shown)
    meta["submitted_at"] = submitted_at
    return notebook


def to_bytes(notebook: dict[str, Any]) -> bytes:
    """As the browser downloads it: JSON.stringify(notebook, null, 1)."""
    return json.dumps(notebook, indent=1, ensure_ascii=False).encode("utf-8")


def write_notebook(path: Path, notebook: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(to_bytes(notebook))
    return path


def cell(notebook: dict[str, Any], grade_id: str) -> dict[str, Any]:
    return next(c for c in notebook["cells"] if c["metadata"]["nbgrader"]["grade_id"] == grade_id)


def make_zip(path: Path, members: dict[str, bytes], symlinks: dict[str, str] | None = None) -> Path:
    """A zip with members named exactly as given (../ and absolute names included), and optional symlink members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 12, 1, 10, 0, 0)), data)
        for name, target in (symlinks or {}).items():
            info = zipfile.ZipInfo(name, date_time=(2026, 12, 1, 10, 0, 0))
            info.create_system = 3
            info.external_attr = 0o120777 << 16
            archive.writestr(info, target)
    path.write_bytes(buffer.getvalue())
    return path


# --- a released course directory, made once (nbgrader's generate_assignment takes seconds) ---

_TEMPLATE: list[Path] = []


def released_course_dir(target: Path) -> Path:
    """A copy, at `target`, of a course directory released by `grader release` from the fixture course."""
    import atexit
    import shutil
    import tempfile

    from grader.cli import main

    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="gradebook-template-"))
        atexit.register(shutil.rmtree, folder, True)
        assert main(["release", "--root", str(FIXTURE_COURSE), "--course-dir", str(folder / "gb")]) == 0
        _TEMPLATE.append(folder / "gb")
    shutil.copytree(_TEMPLATE[0], target)
    return target


def db_rows(db_path: Path) -> dict[str, list[tuple]]:
    """Every row of every table of a SQLite gradebook, sorted: to compare two gradebooks."""
    import sqlite3

    with sqlite3.connect(db_path) as db:
        tables = [r[0] for r in db.execute("select name from sqlite_master where type='table' order by name")]
        return {t: sorted(db.execute(f"select * from {t}").fetchall(), key=repr) for t in tables}


def cell_scores(db_path: Path) -> dict[tuple[str, str], tuple[float | None, float]]:
    """(student, grade cell) -> (auto_score, max_score) from an nbgrader gradebook."""
    import sqlite3

    query = """
        select sa.student_id, bc.name, g.auto_score, gc.max_score
        from grade g
        join base_cell bc on g.cell_id = bc.id
        join grade_cells gc on gc.id = bc.id
        join submitted_notebook sn on g.notebook_id = sn.id
        join submitted_assignment sa on sn.assignment_id = sa.id
    """
    with sqlite3.connect(db_path) as db:
        return {(s, c): (a, m) for s, c, a, m in db.execute(query)}


def learners(count: int) -> list[tuple[dict[str, str], dict]]:
    """Learners of every profession with right, mixed, empty and odd answers."""
    odd = {
        "case-single": "zz",
        "case-talk": ["dismiss", "net"],
        "case-reflect": "'; DROP TABLE grade; --",
        "case-dose": {"value": 6000, "unit": "mg"},
    }
    answers = [RIGHT, MIXED, {}, odd]
    people = []
    for n in range(count):
        base = (NURSE, DOCTOR, PHYSIO)[n % 3]
        learner = {**base, "name": f"{base['name']} {n}", "email": f"learner.{n}@nhs.net"}
        people.append((learner, answers[n % len(answers)]))
    return people
