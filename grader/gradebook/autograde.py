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
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import ComputeChecksums, LockCells, SaveCells
from sqlalchemy.exc import SAWarning

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


def write_grades(gb: Gradebook, case: CaseStudy, item_data: Mapping[str, dict[str, Any]], submission: Submission, timestamp: str) -> None:
    first, last = _split_name(submission.learner.name)
    gb.update_or_create_student(submission.student_id, first_name=first, last_name=last, email=submission.learner.email)
    try:
        previous = gb.find_submission(case.id, submission.student_id).timestamp
    except MissingEntry:
        previous = None
    with warnings.catch_warnings():
        # nbgrader's add_submission builds rows before adding them to the session, which
        # SQLAlchemy 2 warns about ("... not in session, add operation ... will not proceed");
        # the rows are added right after, as nbgrader's own autograde does
        warnings.filterwarnings("ignore", message=".*not in session.*", category=SAWarning)
        submitted = gb.update_or_create_submission(case.id, submission.student_id, timestamp=timestamp)
    replaced = previous is not None and submitted.timestamp != previous  # a newer submission since the last run
    notebook = next(nb for nb in submitted.notebooks if nb.name == case.id)
    grades = {g.name: g for g in notebook.grades}
    comments = {c.name: c for c in notebook.comments}
    for item in case.items():
        answer = submission.answers[item.id]
        grade = grades[test_id(item.id)]
        grade.auto_score = points(item_data[item.id], answer, grade.max_score)
        review = evaluate(item, answer).needs_review
        if grade.manual_score is None:
            grade.needs_manual_grade = review  # a provisional (free-text) score waits for a person
        else:
            # a person's score stands; it needs a new look only if the learner's answer was replaced
            grade.needs_manual_grade = replaced or grade.needs_manual_grade
        comment = comments.get(answer_id(item.id))
        if comment is not None:
            comment.auto_comment = NO_RESPONSE if answer is None else PROVISIONAL if review else None
    gb.db.commit()


def autograde(course_dir: CourseDir, cases: Mapping[str, CaseStudy], db_url: str | None = None, progress: bool = True) -> Report:
    url = course_dir.db_url(db_url)
    report = Report()
    found = list(course_dir.submissions())
    item_data = {case_id: _item_data(case) for case_id, case in cases.items()}
    with open_gradebook(url) as gb:
        for case_id in sorted({case for _, case, _ in found if case in cases}):
            ensure_assignment(gb, cases[case_id], url)
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
                    write_grades(gb, cases[case_id], item_data[case_id], submission, _timestamp(course_dir, submission))
                    report.graded.append((student, case_id))
                if bar:
                    bar.update()
        finally:
            if bar:
                bar.close()
    return report
