"""`grader autograde`: every collected submission scored from the answer key, into nbgrader's gradebook.

Answers are read as data (`submission.read_submission`: ast.literal_eval, never
executed) and every score is recomputed from the course content: a score or an
output in the submission is never looked at. Each test cell's grade gets
auto_score = score x points, computed by the very function the hidden test
cell calls (`autotest.points`), so a plain `nbgrader autograde`, which runs
the notebook, gives the same grades. Running twice leaves the same gradebook.

The rows are nbgrader's own (the ones `Gradebook.add_submission` makes, with
the scores its API would set: tests/test_gradebook_bulk.py compares them),
but written in bulk with SQLAlchemy Core, a chunk of learners at a time in one
transaction, after reading the chunk's existing rows in a few queries; only
new and changed rows are written.

Several graders may write one gradebook at once (two CPD leads sharing a
PostgreSQL gradebook, or two runs over the same folder). nbgrader's unique
constraints stop a row being written twice; when another grader wrote the
same student, submission or grade first (a unique-constraint clash), or held
the database (SQLite's "database is locked", PostgreSQL's deadlock or
serialization failure), this run's open transaction is rolled back and the
whole run is done again from what is now in the database. A run is
idempotent, so doing it again loses and duplicates nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import random
import re
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbgrader.api import Base, Gradebook, MissingEntry
from nbgrader.preprocessors import ComputeChecksums, LockCells, SaveCells
from nbgrader.utils import parse_utc
from pydantic import TypeAdapter
from sqlalchemy import Connection, and_, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from grader.content.models import CaseItem, CaseStudy
from grader.gradebook.db import open_gradebook, setup_lock
from grader.gradebook.layout import CourseDir
from grader.gradebook.notebook import POINTS_PER_QUESTION, answer_id, source_notebook, test_id
from grader.gradebook.progress import Progress
from grader.gradebook.submission import MAX_NOTEBOOK_BYTES, Rejected, Submission, read_submission
from grader.scoring import evaluate

PROVISIONAL = "provisional rubric score: needs review"
NO_RESPONSE = "No response."  # what nbgrader writes for an answer cell left as released


SCORED_ITEM = TypeAdapter(CaseItem)  # reads an item as the hidden test cell does (grader.gradebook.autotest)


class AutogradeError(Exception):
    pass


@dataclass
class Report:
    graded: list[tuple[str, str]] = field(default_factory=list)  # (student, case)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)


# --- the assignment's structure ----------------------------------------------------


def _structure_matches(gb: Gradebook, case: CaseStudy) -> bool:
    try:
        notebook = gb.find_notebook(case.id, case.id)
    except MissingEntry:
        return False
    items = case.items()
    return {c.name: c.max_score for c in notebook.grade_cells} == {
        test_id(i.id): POINTS_PER_QUESTION for i in items
    } and {c.name for c in notebook.solution_cells} == {answer_id(i.id) for i in items}


def ensure_assignment(gb: Gradebook, case: CaseStudy, db_url: str) -> None:
    """The assignment, notebook and cells in the database, as `grader release` (nbgrader
    generate_assignment) records them; made here with nbgrader's own preprocessors if release did not run."""
    if _structure_matches(gb, case):
        return
    gb.update_or_create_assignment(case.id)
    gb.db.commit()  # SaveCells writes through its own connection
    notebook = nbformat.from_dict(source_notebook(case))
    resources: dict[str, Any] = {"nbgrader": {"notebook": case.id, "assignment": case.id, "db_url": db_url}}
    for preprocessor in (LockCells(), ComputeChecksums(), SaveCells()):
        try:
            notebook, resources = preprocessor.preprocess(notebook, resources)
        except RuntimeError as exc:  # SaveCells refuses to change an assignment that has submissions
            raise AutogradeError(
                f"{case.id}: the case's questions differ from the gradebook's and it already has graded submissions: "
                f"{exc}"
            ) from None
    gb.db.expire_all()


# --- one submission ----------------------------------------------------------------


def _split_name(name: str) -> tuple[str, str]:
    first, _, last = name.rpartition(" ")
    return (first, last) if first else ("", last)


def _item_data(case: CaseStudy) -> dict[str, dict[str, Any]]:
    """Each item as the hidden test cell sees it: JSON, then parsed back."""
    return {
        item.id: json.loads(
            json.dumps(item.model_dump(mode="json", exclude_none=True), ensure_ascii=False, sort_keys=True)
        )
        for item in case.items()
    }


TIMESTAMP_TEXT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6} UTC"
)  # as `grader collect` writes it


def _timestamp(course_dir: CourseDir, submission: Submission, path: Path | None = None) -> dt.datetime:
    """timestamp.txt (at `path`, if known) as nbgrader reads it (naive UTC); the submission's own
    time if it is missing or unreadable."""
    path = path or course_dir.timestamp_file(submission.student_id, submission.case_id)
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        text = ""
    if TIMESTAMP_TEXT.fullmatch(text):  # what collect writes: read directly, as parse_utc reads it
        with contextlib.suppress(ValueError):  # (a day that does not exist: parse_utc says so below)
            return dt.datetime(
                int(text[0:4]),
                int(text[5:7]),
                int(text[8:10]),
                int(text[11:13]),
                int(text[14:16]),
                int(text[17:19]),
                int(text[20:26]),
            )
    try:
        if text and len(text) < 100:
            return parse_utc(text)
    except (ValueError, OverflowError):
        pass
    return parse_utc(submission.submitted_at)


TABLES = Base.metadata.tables
STUDENT, SUBMITTED = TABLES["student"], TABLES["submitted_assignment"]
SUBMITTED_NOTEBOOK, GRADE, COMMENT = TABLES["submitted_notebook"], TABLES["grade"], TABLES["comment"]


_RANDOM: list[bytes] = []


def _new_id() -> str:
    """An id as nbgrader's own (`nbgrader.api.new_uuid`: a random UUID's 32 hex digits), with the
    random bytes read a few thousand ids at a time."""
    if not _RANDOM:
        block = os.urandom(16 * 4096)
        _RANDOM.extend(block[i : i + 16] for i in range(0, len(block), 16))
    raw = bytearray(_RANDOM.pop())
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    return raw.hex()


KeyEntry = tuple[Any, Any, bool, str, float, str | None]


def scoring_key(case: CaseStudy, cell_ids: Mapping[str, str], max_score: Mapping[str, float]) -> list[KeyEntry]:
    """Per item, made once per case: the item, the item as the hidden test cell reads it (JSON,
    parsed back), whether the two are equal, its grade cell's id and points, and its answer
    cell's id (None if it has none)."""
    item_data = _item_data(case)
    key = []
    for item in case.items():
        scored = SCORED_ITEM.validate_python(item_data[item.id])
        name = test_id(item.id)
        key.append((item, scored, scored == item, cell_ids[name], max_score[name], cell_ids.get(answer_id(item.id))))
    return key


def score(entry: KeyEntry, answer: Any) -> tuple[float, bool]:
    """(auto_score, needs review): the score exactly as the hidden test cell computes it
    (`autotest.points`: the item read back from JSON), with the item read once, not per answer."""
    item, scored, same, _, max_score, _ = entry
    result = evaluate(scored, answer)
    return round(result.score * max_score, 6), (result if same else evaluate(item, answer)).needs_review


class Students:
    """The student rows of the learners in a chunk: read in one query, and the new and
    changed ones written in bulk with the first case's rows (a learner is one student row,
    whatever the case)."""

    def __init__(self) -> None:
        self.rows: dict[str, tuple[str | None, str | None, str | None]] = {}  # id -> (first, last, email) in the db
        self.wanted: dict[str, tuple[str, str, str]] = {}

    def load(self, connection: Connection, student_ids: list[str]) -> None:
        self.rows, self.wanted = {}, {}
        query = select(STUDENT.c.id, STUDENT.c.first_name, STUDENT.c.last_name, STUDENT.c.email)
        for row in connection.execute(query.where(STUDENT.c.id.in_(student_ids))):
            self.rows[row.id] = (row.first_name, row.last_name, row.email)

    def want(self, submission: Submission) -> None:
        first, last = _split_name(submission.learner.name)
        self.wanted[submission.student_id] = (first, last, submission.learner.email)  # the last one written wins

    def flush(self, connection: Connection) -> None:
        new = [
            {"id": sid, "first_name": f, "last_name": la, "email": e, "lms_user_id": None}
            for sid, (f, la, e) in self.wanted.items()
            if sid not in self.rows
        ]
        changed = [
            {"sid": sid, "f": f, "la": la, "e": e}
            for sid, (f, la, e) in self.wanted.items()
            if sid in self.rows and self.rows[sid] != (f, la, e)
        ]
        if new:
            connection.execute(insert(STUDENT), new)
        if changed:
            connection.execute(
                update(STUDENT)
                .where(STUDENT.c.id == bindparam("sid"))
                .values(first_name=bindparam("f"), last_name=bindparam("la"), email=bindparam("e")),
                changed,
            )
        self.rows.update({sid: value for sid, value in self.wanted.items()})
        self.wanted = {}


@dataclass
class Pending:
    """A chunk's writes for one case, made in bulk (executemany) in one transaction."""

    submitted: list[dict[str, Any]] = field(default_factory=list)
    notebooks: list[dict[str, Any]] = field(default_factory=list)
    grades: list[dict[str, Any]] = field(default_factory=list)
    comments: list[dict[str, Any]] = field(default_factory=list)
    timestamps: list[dict[str, Any]] = field(default_factory=list)
    grade_updates: list[dict[str, Any]] = field(default_factory=list)
    comment_updates: list[dict[str, Any]] = field(default_factory=list)


class CaseWriter:
    """Writes one case's grades: the rows nbgrader's `Gradebook.add_submission` makes and
    the scores its API would set, but with SQLAlchemy Core. A chunk of learners' existing
    rows is read in three queries (`load`), every submission is scored against an answer
    key made once per case (`write`), and the new and changed rows go to the database in
    bulk, in one transaction (`flush`); nothing of a chunk is kept after it, so memory stays
    flat however many submissions there are. Rows that already hold the right values are
    not written, so a run again writes nothing."""

    def __init__(self, gb: Gradebook, case: CaseStudy, students: Students):
        self.gb, self.case, self.students = gb, case, students
        notebook = gb.find_notebook(case.id, case.id)
        self.assignment_id, self.notebook_id = notebook.assignment.id, notebook.id
        cell_ids = {cell.name: cell.id for cell in [*notebook.grade_cells, *notebook.solution_cells]}
        max_score = {cell.name: cell.max_score for cell in notebook.grade_cells}
        self.items = scoring_key(case, cell_ids, max_score)
        self.structure = [
            (nb.id, [c.id for c in nb.grade_cells], [c.id for c in nb.solution_cells], [c.id for c in nb.task_cells])
            for nb in notebook.assignment.notebooks
        ]
        self.existing: dict[str, tuple[str, dt.datetime | None, str | None]] = {}  # student -> (row, time, notebook)
        self.grades: dict[str, dict[str, tuple[str, float | None, float | None, bool]]] = {}
        self.comments: dict[str, dict[str, tuple[str, str | None]]] = {}
        self.pending = Pending()
        self.fresh: dict[str, tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]] = {}  # new rows, by cell

    def load(self, student_ids: list[str]) -> None:
        """This case's existing rows for these learners, in three queries."""
        connection = self.gb.db.connection()
        sa, sn = SUBMITTED, SUBMITTED_NOTEBOOK
        mine = and_(sa.c.assignment_id == self.assignment_id, sa.c.student_id.in_(student_ids))
        query = select(sa.c.student_id, sa.c.id, sa.c.timestamp, sn.c.id.label("notebook")).select_from(
            sa.outerjoin(sn, and_(sn.c.assignment_id == sa.c.id, sn.c.notebook_id == self.notebook_id))
        )
        self.existing = {r.student_id: (r.id, r.timestamp, r.notebook) for r in connection.execute(query.where(mine))}
        self.grades, self.comments = {}, {}
        joined = sn.join(sa, sn.c.assignment_id == sa.c.id)
        grades = select(GRADE.c.notebook_id, GRADE.c.id, GRADE.c.cell_id, GRADE.c.auto_score, GRADE.c.manual_score)
        grades = grades.add_columns(GRADE.c.needs_manual_grade).select_from(
            GRADE.join(joined, GRADE.c.notebook_id == sn.c.id)
        )
        # naming the cells lets the database use the (cell_id, notebook_id) unique index, not read every grade
        graded_cells = [grade_cell for *_, grade_cell, _, _ in self.items]
        answer_cells = [answer_cell for *_, answer_cell in self.items if answer_cell is not None]
        for r in connection.execute(
            grades.where(mine, sn.c.notebook_id == self.notebook_id, GRADE.c.cell_id.in_(graded_cells))
        ):
            self.grades.setdefault(r.notebook_id, {})[r.cell_id] = (
                r.id,
                r.auto_score,
                r.manual_score,
                r.needs_manual_grade,
            )
        comments = select(COMMENT.c.notebook_id, COMMENT.c.id, COMMENT.c.cell_id, COMMENT.c.auto_comment)
        comments = comments.select_from(COMMENT.join(joined, COMMENT.c.notebook_id == sn.c.id))
        for r in connection.execute(
            comments.where(mine, sn.c.notebook_id == self.notebook_id, COMMENT.c.cell_id.in_(answer_cells))
        ):
            self.comments.setdefault(r.notebook_id, {})[r.cell_id] = (r.id, r.auto_comment)

    def _new_notebook(self, submitted_id: str, notebook_id: str, grade_cells, solution_cells, task_cells) -> str:
        """A submitted notebook's rows as `Gradebook.add_submission` makes them: an empty grade
        per grade cell, an empty comment per solution cell, both per task cell."""
        pending, row = self.pending, _new_id()
        pending.notebooks.append(
            {
                "id": row,
                "assignment_id": submitted_id,
                "notebook_id": notebook_id,
                "flagged": False,
                "late_submission_penalty": None,
            }
        )
        grades = {cell_id: _grade_row(row, cell_id) for cell_id in [*grade_cells, *task_cells]}
        comments = {cell_id: _comment_row(row, cell_id) for cell_id in [*solution_cells, *task_cells]}
        pending.grades.extend(grades.values())
        pending.comments.extend(comments.values())
        self.fresh[row] = (grades, comments)
        return row

    def _rows(self, submission: Submission, when: dt.datetime) -> tuple[str, bool]:
        """The submitted notebook's row id (made if missing), and whether the learner's answer was replaced."""
        found = self.existing.get(submission.student_id)
        if found is None:
            submitted = _new_id()
            self.pending.submitted.append(
                {
                    "id": submitted,
                    "assignment_id": self.assignment_id,
                    "student_id": submission.student_id,
                    "timestamp": when,
                    "extension": None,
                }
            )
            made = None
            for notebook_id, *cells in self.structure:
                row = self._new_notebook(submitted, notebook_id, *cells)
                made = row if notebook_id == self.notebook_id else made
            assert made is not None
            return made, False
        submitted, timestamp, notebook = found
        replaced = timestamp != when
        if replaced:
            self.pending.timestamps.append({"sid": submitted, "when": when})
        if notebook is None:  # a submission row without this notebook's (not made by grader or nbgrader)
            cells = next(cells for notebook_id, *cells in self.structure if notebook_id == self.notebook_id)
            notebook = self._new_notebook(submitted, self.notebook_id, *cells)
        return notebook, replaced

    def write(self, submission: Submission, when: dt.datetime) -> None:
        self.students.want(submission)
        notebook, replaced = self._rows(submission, when)
        pending = self.pending
        grades, comments = self.grades.get(notebook, {}), self.comments.get(notebook, {})
        new_grades, new_comments = self.fresh.pop(notebook, ({}, {}))
        for entry in self.items:
            item, _, _, grade_cell, _, answer_cell = entry
            answer = submission.answers[item.id]
            auto_score, review = score(entry, answer)
            text = NO_RESPONSE if answer is None else PROVISIONAL if review else None
            if grade_cell in new_grades or grade_cell not in grades:
                row = new_grades.get(grade_cell)
                if row is None:  # a grade row missing from an existing notebook
                    row = _grade_row(notebook, grade_cell)
                    pending.grades.append(row)
                row["auto_score"], row["needs_manual_grade"] = auto_score, review
            else:
                grade_row, old_score, manual_score, old_needs = grades[grade_cell]
                # a provisional (free-text) score waits for a person; a person's score stands, and
                # needs a new look only if the learner's answer was replaced
                needs = review if manual_score is None else replaced or bool(old_needs)
                if old_score != auto_score or old_needs != needs:
                    pending.grade_updates.append({"gid": grade_row, "auto": auto_score, "needs": needs})
            if answer_cell is None:
                continue
            if answer_cell in new_comments:
                new_comments[answer_cell]["auto_comment"] = text
            elif answer_cell in comments:
                comment_row, old_text = comments[answer_cell]
                if old_text != text:
                    pending.comment_updates.append({"cid": comment_row, "text": text})

    def flush(self) -> None:
        """The chunk's rows, in bulk, in the chunk's transaction (committed once every case's are written)."""
        connection, pending = self.gb.db.connection(), self.pending
        self.students.flush(connection)
        for table, rows in (
            (SUBMITTED, pending.submitted),
            (SUBMITTED_NOTEBOOK, pending.notebooks),
            (GRADE, pending.grades),
            (COMMENT, pending.comments),
        ):
            if rows:
                connection.execute(insert(table), rows)
        if pending.timestamps:
            connection.execute(
                update(SUBMITTED).where(SUBMITTED.c.id == bindparam("sid")).values(timestamp=bindparam("when")),
                pending.timestamps,
            )
        if pending.grade_updates:
            connection.execute(
                update(GRADE)
                .where(GRADE.c.id == bindparam("gid"))
                .values(auto_score=bindparam("auto"), needs_manual_grade=bindparam("needs")),
                pending.grade_updates,
            )
        if pending.comment_updates:
            connection.execute(
                update(COMMENT).where(COMMENT.c.id == bindparam("cid")).values(auto_comment=bindparam("text")),
                pending.comment_updates,
            )
        self.pending, self.existing, self.grades, self.comments, self.fresh = Pending(), {}, {}, {}, {}


def _grade_row(notebook: str, cell_id: str) -> dict[str, Any]:
    return {
        "id": _new_id(),
        "notebook_id": notebook,
        "cell_id": cell_id,
        "auto_score": None,
        "manual_score": None,
        "extra_credit": None,
        "needs_manual_grade": True,
    }


def _comment_row(notebook: str, cell_id: str) -> dict[str, Any]:
    return {"id": _new_id(), "notebook_id": notebook, "cell_id": cell_id, "auto_comment": None, "manual_comment": None}


CHUNK = 500  # learners whose rows are loaded at once: memory stays flat, however large the cohort
ATTEMPTS = 10  # runs of the whole grading before a conflict with another grader is reported
TRANSIENT_SQLSTATES = {"40001", "40P01"}  # PostgreSQL: serialization failure, deadlock detected


def conflict(exc: Exception) -> bool:
    """Whether a database error comes from another grader writing at the same time (worth another run)."""
    if isinstance(exc, IntegrityError):
        return True  # a unique constraint: another grader wrote the same row first
    if isinstance(exc, OperationalError):
        orig = exc.orig
        state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
        return (
            state in TRANSIENT_SQLSTATES or "database is locked" in str(orig) or "database table is locked" in str(orig)
        )
    return False


def autograde(
    course_dir: CourseDir, cases: Mapping[str, CaseStudy], db_url: str | None = None, progress: bool = True
) -> Report:
    """Grade every collected submission; on a conflict with another grader writing the
    same gradebook, roll back and run again (see the module's docstring)."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return _autograde(course_dir, cases, db_url, progress)
        except (IntegrityError, OperationalError) as exc:
            if not conflict(exc) or attempt == ATTEMPTS:
                raise
            wait = min(0.1 * 2**attempt, 5.0) * random.uniform(0.5, 1.5)
            print(
                "another grader wrote to the gradebook at the same time; grading again from what it holds now "
                f"(attempt {attempt + 1} of {ATTEMPTS})",
                file=sys.stderr,
            )
            time.sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover


def _autograde(course_dir: CourseDir, cases: Mapping[str, CaseStudy], db_url: str | None, progress: bool) -> Report:
    url = course_dir.db_url(db_url)
    report = Report()
    found = list(course_dir.submissions())
    with open_gradebook(url) as gb:
        writers: dict[str, CaseWriter] = {}
        unusable: dict[str, str] = {}  # case id -> why its submissions cannot be graded into this gradebook
        case_ids = sorted({case for _, case, _ in found if case in cases})
        with setup_lock(url):  # one grader at a time makes missing assignments
            gb.db.expire_all()
            for case_id in case_ids:
                try:
                    ensure_assignment(gb, cases[case_id], url)
                except AutogradeError as exc:
                    unusable[case_id] = str(exc)
            gb.db.commit()
        students = Students()
        for case_id in case_ids:
            if case_id not in unusable:
                writers[case_id] = CaseWriter(gb, cases[case_id], students)
        gb.db.commit()
        bar = Progress(len(found), "submissions graded") if progress else None
        try:
            for start in range(0, len(found), CHUNK):
                chunk = found[start : start + CHUNK]
                students.load(gb.db.connection(), sorted({student for student, _, _ in chunk}))
                for case_id, writer in writers.items():
                    ids = [student for student, case, _ in chunk if case == case_id]
                    if ids:
                        writer.load(ids)
                _grade_chunk(course_dir, cases, chunk, writers, unusable, report, bar)
                for writer in writers.values():
                    writer.flush()
                gb.db.commit()  # one transaction (one sync to disk) per chunk
        finally:
            if bar:
                bar.close()
    return report


def _grade_chunk(
    course_dir: CourseDir,
    cases: Mapping[str, CaseStudy],
    chunk: list[tuple[str, str, Path]],
    writers: dict[str, CaseWriter],
    unusable: dict[str, str],
    report: Report,
    bar: Progress | None,
) -> None:
    for student, case_id, path in chunk:
        try:
            if case_id in unusable:
                raise Rejected(
                    unusable[case_id],
                    "release the changed case under a new case id, or grade it into a new gradebook (--course-dir or "
                    "--db)",
                )
            if path.stat().st_size > MAX_NOTEBOOK_BYTES:
                raise Rejected("file is larger than 5 MB", "collect it again")
            submission = read_submission(path.read_bytes(), cases)
            if (submission.student_id, submission.case_id) != (student, case_id):
                raise Rejected(
                    f"is for {submission.student_id}/{submission.case_id}, not the folder it is in",
                    "remove it and collect the file with `grader collect`",
                )
        except Rejected as problem:
            report.skipped.append((str(path), str(problem)))
        else:
            when = _timestamp(course_dir, submission, path.with_name("timestamp.txt"))  # the folder checked above
            writers[case_id].write(submission, when)
            report.graded.append((student, case_id))
        if bar:
            bar.update()
