"""`grader autograde`: every collected submission scored from the answer key, into nbgrader's gradebook.

Answers are read as data (`submission.read_submission`: ast.literal_eval, never
executed) and every score is recomputed from the course content: a score or an
output in the submission is never looked at. Each test cell's grade gets
auto_score = score x points, computed by the very function the hidden test
cell calls (`autotest.points`), so a plain `nbgrader autograde`, which runs
the notebook, gives the same grades. Running twice leaves the same gradebook.

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

import datetime as dt
import json
import random
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbgrader.api import Comment, Grade, Gradebook, MissingEntry, Student, SubmittedAssignment, SubmittedNotebook
from nbgrader.preprocessors import ComputeChecksums, LockCells, SaveCells
from nbgrader.utils import parse_utc
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import selectinload

from grader.content.models import CaseStudy
from grader.gradebook.autotest import points
from grader.gradebook.db import open_gradebook, setup_lock
from grader.gradebook.layout import CourseDir
from grader.gradebook.notebook import POINTS_PER_QUESTION, answer_id, source_notebook, test_id
from grader.gradebook.progress import Progress
from grader.gradebook.submission import MAX_NOTEBOOK_BYTES, Rejected, Submission, read_submission
from grader.scoring import evaluate

PROVISIONAL = "provisional rubric score: needs review"
NO_RESPONSE = "No response."  # what nbgrader writes for an answer cell left as released


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


def _timestamp(course_dir: CourseDir, submission: Submission) -> dt.datetime:
    """timestamp.txt as nbgrader reads it (naive UTC); the submission's own time if it is missing or unreadable."""
    path = course_dir.timestamp_file(submission.student_id, submission.case_id)
    if path.is_file():
        text = path.read_text(encoding="utf-8", errors="replace").strip()
        try:
            if text and len(text) < 100:
                return parse_utc(text)
        except (ValueError, OverflowError):
            pass
    return parse_utc(submission.submitted_at)


class CaseWriter:
    """Writes one case's grades. nbgrader's per-call API runs several queries and a commit
    (an fsync) for every row, which was most of a run's time; here the case's submissions,
    grades and comments are loaded in a few queries per chunk of learners (`load`), new
    submissions get the rows nbgrader's `Gradebook.add_submission` would make, commits come
    in batches, and a learner's rows are let go once written."""

    BATCH = 200

    def __init__(self, gb: Gradebook, case: CaseStudy, students: dict[str, Student]):
        self.gb, self.case = gb, case
        self.students = students  # shared by every case's writer: a learner is one student row
        self.item_data = _item_data(case)
        self.notebook = gb.find_notebook(case.id, case.id)
        self.assignment = self.notebook.assignment
        self.max_score = {cell.name: cell.max_score for cell in self.notebook.grade_cells}
        self.cell_names = {
            cell.id: cell.name
            for cell in [*self.notebook.grade_cells, *self.notebook.solution_cells, *self.notebook.task_cells]
        }
        self.submitted: dict[str, SubmittedAssignment] = {}  # loaded a chunk of learners at a time (load)
        self.structure = [
            (nb.id, [c.id for c in nb.grade_cells], [c.id for c in nb.solution_cells], [c.id for c in nb.task_cells])
            for nb in self.assignment.notebooks
        ]
        self.pending = 0

    def load(self, student_ids: list[str]) -> None:
        """This case's existing rows for these learners, in a few queries."""
        query = (
            self.gb.db.query(SubmittedAssignment)
            .filter(
                SubmittedAssignment.assignment_id == self.assignment.id, SubmittedAssignment.student_id.in_(student_ids)
            )
            .options(
                selectinload(SubmittedAssignment.notebooks).selectinload(SubmittedNotebook.grades),
                selectinload(SubmittedAssignment.notebooks).selectinload(SubmittedNotebook.comments),
            )
        )
        self.submitted.update({s.student_id: s for s in query})

    def _student(self, submission: Submission) -> Student:
        first, last = _split_name(submission.learner.name)
        wanted = {"first_name": first, "last_name": last, "email": submission.learner.email}
        student = self.students.get(submission.student_id)
        if student is None:
            student = Student(id=submission.student_id, **wanted)
            self.gb.db.add(student)
        self.students[submission.student_id] = student
        for key, value in wanted.items():
            if getattr(student, key) != value:
                setattr(student, key, value)
        return student

    def _new_submission(self, student: Student, when: dt.datetime) -> SubmittedAssignment:
        """The rows `Gradebook.add_submission` makes: the submission, its notebooks, and an
        empty grade per grade cell and comment per solution cell (grade and comment per task cell).
        Each is added to the session itself: SQLAlchemy 2 no longer cascades along backrefs."""
        add = self.gb.db.add
        created = SubmittedAssignment(assignment_id=self.assignment.id, student_id=student.id, timestamp=when)
        add(created)
        with self.gb.db.no_autoflush:
            for notebook_id, grade_cells, solution_cells, task_cells in self.structure:
                submitted = SubmittedNotebook(notebook_id=notebook_id, assignment=created)
                add(submitted)
                for cell_id in grade_cells:
                    add(Grade(cell_id=cell_id, notebook=submitted))
                for cell_id in solution_cells:
                    add(Comment(cell_id=cell_id, notebook=submitted))
                for cell_id in task_cells:
                    add(Comment(cell_id=cell_id, notebook=submitted))
                    add(Grade(cell_id=cell_id, notebook=submitted))
        return created

    def write(self, submission: Submission, when: dt.datetime) -> None:
        student = self._student(submission)
        submitted = self.submitted.get(submission.student_id)
        replaced = False  # whether the row now holds a different (newer) submission than when last graded
        if submitted is None:
            submitted = self.submitted[submission.student_id] = self._new_submission(student, when)
        elif submitted.timestamp != when:
            submitted.timestamp, replaced = when, True
        notebook = next(nb for nb in submitted.notebooks if nb.notebook_id == self.notebook.id)
        grades = {self.cell_names[g.cell_id]: g for g in notebook.grades}
        comments = {self.cell_names[c.cell_id]: c for c in notebook.comments}
        for item in self.case.items():
            answer = submission.answers[item.id]
            name = test_id(item.id)
            grade = grades[name]
            auto_score = points(self.item_data[item.id], answer, self.max_score[name])
            review = evaluate(item, answer).needs_review
            # a provisional (free-text) score waits for a person; a person's score stands, and
            # needs a new look only if the learner's answer was replaced
            needs = review if grade.manual_score is None else replaced or bool(grade.needs_manual_grade)
            if grade.auto_score != auto_score:
                grade.auto_score = auto_score
            if grade.needs_manual_grade != needs:
                grade.needs_manual_grade = needs
            comment = comments.get(answer_id(item.id))
            if comment is not None:
                text = NO_RESPONSE if answer is None else PROVISIONAL if review else None
                if comment.auto_comment != text:
                    comment.auto_comment = text
        # a learner has one submission of a case, so its rows are done with: once committed,
        # nothing holds them, and memory stays flat however many submissions there are
        self.submitted.pop(submission.student_id)
        self.pending += 1
        if self.pending >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.gb.db.commit()
            self.pending = 0


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
        gb.db().expire_on_commit = (
            False  # keep what is loaded across batch commits (another grader's rows make a conflict, and a run again)
        )
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
        students = {s.id: s for s in gb.db.query(Student)}
        for case_id in case_ids:
            if case_id not in unusable:
                writers[case_id] = CaseWriter(gb, cases[case_id], students)
        bar = Progress(len(found), "submissions graded") if progress else None
        try:
            for start in range(0, len(found), CHUNK):
                chunk = found[start : start + CHUNK]
                for case_id, writer in writers.items():
                    ids = [student for student, case, _ in chunk if case == case_id]
                    if ids:
                        writer.load(ids)
                _grade_chunk(course_dir, cases, chunk, writers, unusable, report, bar)
            for writer in writers.values():
                writer.flush()
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
            writers[case_id].write(submission, _timestamp(course_dir, submission))
            report.graded.append((student, case_id))
        if bar:
            bar.update()
