"""`grader autograde`: every collected submission scored from the answer key, into nbgrader's gradebook.

Answers are read as data (`submission.read_submission`: ast.literal_eval, never
executed) and every score is recomputed from the course content: a score or an
output in the submission is never looked at. Each test cell's grade gets
auto_score = score x points, computed by the very function the hidden test
cell calls (`autotest.points`), so a plain `nbgrader autograde`, which runs
the notebook, gives the same grades. Running twice leaves the same gradebook.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import nbformat
from nbgrader.api import Comment, Gradebook, Grade, MissingEntry, SubmittedAssignment, SubmittedNotebook
from nbgrader.preprocessors import ComputeChecksums, LockCells, SaveCells
from nbgrader.utils import parse_utc
from sqlalchemy.exc import SAWarning
from sqlalchemy.orm import selectinload

from grader.content.models import CaseStudy
from grader.gradebook.autotest import points
from grader.gradebook.db import open_gradebook
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
    return (
        {c.name: c.max_score for c in notebook.grade_cells} == {test_id(i.id): POINTS_PER_QUESTION for i in items}
        and {c.name for c in notebook.solution_cells} == {answer_id(i.id) for i in items}
    )


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
                f"{case.id}: the case's questions differ from the gradebook's and it already has graded submissions: {exc}"
            ) from None
    gb.db.expire_all()


# --- one submission ----------------------------------------------------------------


def _split_name(name: str) -> tuple[str, str]:
    first, _, last = name.rpartition(" ")
    return (first, last) if first else ("", last)


def _item_data(case: CaseStudy) -> dict[str, dict[str, Any]]:
    """Each item as the hidden test cell sees it: JSON, then parsed back."""
    return {item.id: json.loads(json.dumps(item.model_dump(mode="json", exclude_none=True), ensure_ascii=False, sort_keys=True)) for item in case.items()}


def _timestamp(course_dir: CourseDir, submission: Submission) -> str:
    """timestamp.txt as nbgrader would read it; the submission's own time if it is missing."""
    path = course_dir.timestamp_file(submission.student_id, submission.case_id)
    if path.is_file():
        text = path.read_text(encoding="utf-8", errors="replace").strip()
        if text and len(text) < 100:
            return text
    return submission.submitted_at.isoformat()


class CaseWriter:
    """Writes one case's grades; loads the case's existing submissions, grades and comments
    up front in a few queries and commits in batches (nbgrader's per-call API runs several
    queries and a commit for every row, which is most of the time a run takes)."""

    BATCH = 100

    def __init__(self, gb: Gradebook, case: CaseStudy):
        self.gb, self.case = gb, case
        self.item_data = _item_data(case)
        notebook = gb.find_notebook(case.id, case.id)
        self.max_score = {cell.name: cell.max_score for cell in notebook.grade_cells}
        query = (
            gb.db.query(SubmittedAssignment)
            .filter(SubmittedAssignment.assignment_id == notebook.assignment.id)
            .options(
                selectinload(SubmittedAssignment.notebooks).selectinload(SubmittedNotebook.grades).selectinload(Grade.cell),
                selectinload(SubmittedAssignment.notebooks).selectinload(SubmittedNotebook.comments).selectinload(Comment.cell),
                selectinload(SubmittedAssignment.student),
            )
        )
        self.submitted = {s.student_id: s for s in query}
        self.pending = 0

    def _student(self, submission: Submission) -> None:
        first, last = _split_name(submission.learner.name)
        wanted = {"first_name": first, "last_name": last, "email": submission.learner.email}
        existing = self.submitted[submission.student_id].student if submission.student_id in self.submitted else None
        if existing is None:
            self.gb.update_or_create_student(submission.student_id, **wanted)
        else:
            for key, value in wanted.items():
                if getattr(existing, key) != value:
                    setattr(existing, key, value)

    def _submission(self, submission: Submission, timestamp: str) -> tuple[SubmittedAssignment, bool]:
        """The submitted assignment row, and whether it now holds a different (newer) submission."""
        when = parse_utc(timestamp)
        existing = self.submitted.get(submission.student_id)
        if existing is not None:
            replaced = existing.timestamp != when
            if replaced:
                existing.timestamp = when
            return existing, replaced
        self.flush()
        with warnings.catch_warnings():
            # nbgrader's add_submission builds rows before adding them to the session, which
            # SQLAlchemy 2 warns about ("... not in session, add operation ... will not proceed");
            # they are added right after, as in nbgrader's own autograde
            warnings.filterwarnings("ignore", message=".*not in session.*", category=SAWarning)
            created = self.gb.add_submission(self.case.id, submission.student_id, timestamp=timestamp)
        self.submitted[submission.student_id] = created
        return created, False

    def write(self, submission: Submission, timestamp: str) -> None:
        self._student(submission)
        submitted, replaced = self._submission(submission, timestamp)
        notebook = next(nb for nb in submitted.notebooks if nb.notebook.name == self.case.id)
        grades = {g.cell.name: g for g in notebook.grades}
        comments = {c.cell.name: c for c in notebook.comments}
        for item in self.case.items():
            answer = submission.answers[item.id]
            name = test_id(item.id)
            grade = grades[name]
            auto_score = points(self.item_data[item.id], answer, self.max_score[name])
            review = evaluate(item, answer).needs_review
            if grade.manual_score is None:
                needs = review  # a provisional (free-text) score waits for a person
            else:
                # a person's score stands; it needs a new look only if the learner's answer was replaced
                needs = replaced or grade.needs_manual_grade
            if grade.auto_score != auto_score:
                grade.auto_score = auto_score
            if grade.needs_manual_grade != needs:
                grade.needs_manual_grade = needs
            comment = comments.get(answer_id(item.id))
            if comment is not None:
                text = NO_RESPONSE if answer is None else PROVISIONAL if review else None
                if comment.auto_comment != text:
                    comment.auto_comment = text
        self.pending += 1
        if self.pending >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.gb.db.commit()
            self.pending = 0


def autograde(course_dir: CourseDir, cases: Mapping[str, CaseStudy], db_url: str | None = None, progress: bool = True) -> Report:
    url = course_dir.db_url(db_url)
    report = Report()
    found = list(course_dir.submissions())
    with open_gradebook(url) as gb:
        gb.db().expire_on_commit = False  # one writer: keep what is loaded across batch commits
        writers: dict[str, CaseWriter] = {}
        for case_id in sorted({case for _, case, _ in found if case in cases}):
            ensure_assignment(gb, cases[case_id], url)
            writers[case_id] = CaseWriter(gb, cases[case_id])
        bar = Progress(len(found), "submissions graded") if progress else None
        try:
            for student, case_id, path in found:
                try:
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
            for writer in writers.values():
                writer.flush()
        finally:
            if bar:
                bar.close()
    return report
