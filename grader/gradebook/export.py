"""`grader export`: completion grades, one row per learner and case, as a CSV that opens safely in Excel.

With `--modules-out`, a second CSV of the same kind: one row per learner and
module, from the collected records, every score recomputed from the learner's
responses (`records.module_rows`).

Scores come from nbgrader's gradebook, so a score a reviewer gave in
formgrader (a manual score) counts over the automatic one. Only the questions
in the learner's set count: a question for other professions is neither
scored nor part of the maximum.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nbgrader.api import MissingEntry

from grader.content.models import CaseStudy
from grader.content.settings import CourseSettings
from grader.formats.files import replacing
from grader.gradebook.db import open_gradebook
from grader.gradebook.layout import CourseDir
from grader.gradebook.notebook import test_id
from grader.gradebook.submission import MAX_NOTEBOOK_BYTES, Rejected, read_submission
from grader.scoring import evaluate

COLUMNS = (
    "learner_id",
    "name",
    "email",
    "registration",
    "profession",
    "case",
    "question_set",
    "score",
    "max",
    "percent",
    "passed",
    "needs_review",
    "submitted_at",
    "cpd_minutes",
)
PASS_PERCENT = CourseSettings().pass_percent  # the default; commands pass the course's own
# A spreadsheet reads a cell starting with one of these as a formula ("CSV injection"): = + - @, and a
# tab or carriage return before one. Their look-alikes too, for spreadsheets that fold them on import:
# full-width (＝ ＋ － ＠), small (﹦ ﹢ ﹣ ﹫) and the minus sign (−). Such a cell gets a leading ', which
# Excel and LibreOffice show as text and do not print. Leading spaces and line breaks are looked through,
# as a spreadsheet that trims them on import would.
FORMULA_START = (
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "\uff1d",
    "\uff0b",
    "\uff0d",
    "\uff20",  # full-width
    "\ufe66",
    "\ufe62",
    "\ufe63",
    "\ufe6b",  # small
    "\u2212",  # minus sign
)
LEADING_SPACE = " \t\r\n\u00a0\u2000\u2001\u2002\u2003\u2009\u200b\u3000\ufeff"


def question_set_label(case: CaseStudy, question_set: Iterable[str]) -> str:
    """`all`, or which profession-specific questions the set leaves out,
    e.g. `all except doctor/pharmacist questions`."""
    shown = set(question_set)
    left_out = [item for item in case.items() if item.id not in shown]
    if not left_out:
        return "all"
    professions = sorted({p for item in left_out for p in (item.professions or [])})
    return f"all except {'/'.join(professions)} questions"


_FORMULA_FIRST = frozenset(FORMULA_START)  # each is one character
_SPACE_FIRST = frozenset(LEADING_SPACE)


def neutralise(value: Any) -> str:
    """A cell's text, made safe to open in a spreadsheet (see FORMULA_START)."""
    text = "" if value is None else str(value)
    first = text[:1]
    if first in _FORMULA_FIRST or (first in _SPACE_FIRST and text.lstrip(LEADING_SPACE)[:1] in _FORMULA_FIRST):
        return "'" + text
    return text


def _number(value: float) -> str:
    return f"{round(value, 4):g}"


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


def export_rows(
    course_dir: CourseDir, cases: Mapping[str, CaseStudy], db_url: str | None = None, pass_percent: float = PASS_PERCENT
) -> tuple[list[dict[str, str]], list[Skipped]]:
    rows: list[dict[str, str]] = []
    skipped: list[Skipped] = []
    with open_gradebook(course_dir.db_url(db_url)) as gb:
        for student, case_id, path in course_dir.submissions():
            try:
                if path.stat().st_size > MAX_NOTEBOOK_BYTES:
                    raise Rejected("file is larger than 5 MB", "collect it again")
                submission = read_submission(path.read_bytes(), cases)
            except Rejected as problem:
                skipped.append(Skipped(str(path), str(problem)))
                continue
            case = cases[case_id]
            try:
                notebook = gb.find_submission_notebook(case_id, case_id, student)
            except MissingEntry:
                skipped.append(Skipped(str(path), "not graded yet (run grader autograde first)"))
                continue
            grades = {g.name: g for g in notebook.grades}
            score = maximum = 0.0
            needs_review = False
            for item in case.items():
                if item.id not in submission.question_set:
                    continue
                grade = grades.get(test_id(item.id))
                if grade is None:
                    needs_review = True
                    continue
                maximum += grade.max_score
                score += grade.score or 0.0
                # a person's score counts once confirmed, and not if the answer was replaced since (flagged again)
                if (
                    grade.score is None
                    or grade.needs_manual_grade
                    or (grade.manual_score is None and evaluate(item, submission.answers[item.id]).needs_review)
                ):
                    needs_review = True
            percent = 100.0 * score / maximum if maximum else 0.0
            passed = maximum > 0 and percent >= pass_percent - 1e-9
            rows.append(
                {
                    "learner_id": student,
                    "name": submission.learner.name,
                    "email": submission.learner.email,
                    "registration": submission.learner.registration,
                    "profession": submission.learner.profession,
                    "case": case_id,
                    "question_set": question_set_label(case, submission.question_set),
                    "score": _number(score),
                    "max": _number(maximum),
                    "percent": f"{percent:.1f}",
                    "passed": "yes" if passed else "no",
                    "needs_review": "yes" if needs_review else "no",
                    "submitted_at": submission.submitted_at.isoformat(),
                    "cpd_minutes": str(case.cpd_minutes if passed else 0),
                }
            )
    rows.sort(key=lambda r: (r["case"], r["name"].lower(), r["email"]))
    return rows, skipped


def write_csv(rows: Iterable[dict[str, str]], out: Path | None, columns: tuple[str, ...] = COLUMNS) -> None:
    """UTF-8 with a byte-order mark (so Excel reads it as UTF-8), every cell formula-neutralised.
    `columns`: COLUMNS (cases), or records.MODULE_COLUMNS (modules, `--modules-out`).

    Rows are streamed to the file, not held as one string (memory stays flat for a large
    cohort); the file is written beside `out` and renamed over it when complete, so an
    existing export is never left half overwritten."""
    if out is None:
        _write_rows(sys.stdout, rows, columns)
        return
    with replacing(out, "w", encoding="utf-8", newline="") as handle:
        _write_rows(handle, rows, columns)


def _write_rows(handle: Any, rows: Iterable[dict[str, str]], columns: tuple[str, ...]) -> None:
    handle.write("\ufeff")
    writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    writer.writerows([neutralise(row[c]) for c in columns] for row in rows)
