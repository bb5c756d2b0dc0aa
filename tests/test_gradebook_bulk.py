"""`grader autograde` writes its rows in bulk (SQLAlchemy Core) rather than one at a time through
nbgrader's ORM. The rows must be the very rows nbgrader's own API makes: here the same
submissions are written both ways, through `Gradebook.add_submission` and `find_grade` with
the score from `autotest.points` (what the hidden test cell calls), and every row of every
table is compared, the random ids replaced by what they point at."""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from grader.cli import main
from grader.content.loader import load_course
from grader.gradebook import notebook as nb
from grader.gradebook.autograde import NO_RESPONSE, PROVISIONAL, _item_data, _timestamp, score, scoring_key
from grader.gradebook.autotest import points
from grader.gradebook.db import open_gradebook
from grader.gradebook.layout import CourseDir
from grader.gradebook.submission import read_submission
from grader.scoring import evaluate
from helpers.gradebook import (
    FIXTURE_COURSE,
    ROOT,
    fixture_case,
    learners,
    make_submission,
    released_course_dir,
    write_notebook,
)

CASE = fixture_case()


def normalised(db_path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, each random submission id replaced by a name made from what it points at."""
    with sqlite3.connect(db_path) as db:
        db.row_factory = sqlite3.Row
        tables = [r[0] for r in db.execute("select name from sqlite_master where type='table' order by name")]
        rows = {t: [dict(r) for r in db.execute(f"select * from {t}")] for t in tables}
        cells = {r["id"]: r["name"] for r in db.execute("select id, name from base_cell")}
    names: dict[str, str] = {}
    for r in rows["submitted_assignment"]:
        names[r["id"]] = f"submission of {r['student_id']} to {r['assignment_id']}"
    for r in rows["submitted_notebook"]:
        names[r["id"]] = f"{names[r['assignment_id']]}, notebook {r['notebook_id']}"
    for table in ("grade", "comment"):
        for r in rows[table]:
            names[r["id"]] = f"{names[r['notebook_id']]}, cell {cells[r['cell_id']]}"
    out = {}
    for table, table_rows in rows.items():
        out[table] = sorted(
            (tuple(names.get(v, v) if k.endswith("id") else v for k, v in r.items()) for r in table_rows), key=repr
        )
    return out


def through_nbgrader_api(course_dir: Path) -> None:
    """The gradebook written one row at a time through nbgrader's own API (the reference)."""
    course = CourseDir.at(course_dir)
    item_data = _item_data(CASE)
    with open_gradebook(course.db_url()) as gb:
        for student, case_id, path in course.submissions():
            submission = read_submission(path.read_bytes(), {CASE.id: CASE})
            first, _, last = submission.learner.name.rpartition(" ")
            gb.update_or_create_student(student, first_name=first, last_name=last, email=submission.learner.email)
            gb.add_submission(case_id, student, timestamp=_timestamp(course, submission))
            for item in CASE.items():
                answer = submission.answers[item.id]
                grade = gb.find_grade(nb.test_id(item.id), case_id, case_id, student)
                grade.auto_score = points(item_data[item.id], answer, grade.max_score)
                review = evaluate(item, answer).needs_review
                grade.needs_manual_grade = review
                comment = gb.find_comment(nb.answer_id(item.id), case_id, case_id, student)
                comment.auto_comment = NO_RESPONSE if answer is None else PROVISIONAL if review else None
            gb.db.commit()


@pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")  # nbgrader's add_submission under SQLAlchemy 2
def test_the_bulk_rows_are_the_rows_nbgraders_own_api_makes(tmp_path):
    inbox = tmp_path / "in"
    for n, (learner, answers) in enumerate(learners(24)):
        write_notebook(
            inbox / f"{n:02d}.ipynb",
            make_submission(CASE, answers, learner, submitted_at=f"2026-12-01T10:{n:02d}:00.{n:03d}Z"),
        )
    bulk = released_course_dir(tmp_path / "bulk")
    assert main(["collect", str(inbox), "--root", str(FIXTURE_COURSE), "--course-dir", str(bulk)]) == 0
    reference = tmp_path / "reference"
    shutil.copytree(bulk, reference)

    assert main(["autograde", "--root", str(FIXTURE_COURSE), "--course-dir", str(bulk), "--quiet"]) == 0
    through_nbgrader_api(reference)
    ours, theirs = normalised(bulk / "gradebook.db"), normalised(reference / "gradebook.db")
    assert len(ours["grade"]) == 24 * len(CASE.items())
    assert {r[3] for r in ours["grade"]} == {0.0, 0.5, 1.0}  # auto_score: not all the same
    assert ours == theirs
    # and nbgrader reads the bulk rows back through its own API
    with open_gradebook(CourseDir.at(bulk).db_url()) as gb:
        scores = [s.score for s in gb.assignment_submissions(CASE.id)]
    assert len(scores) == 24 and 0 < sum(scores) < 24 * len(CASE.items())


def test_the_scores_are_what_the_hidden_test_cells_compute_for_every_real_case():
    """The bulk path reads each item once per case (`scoring_key`), not once per answer; for the
    course's real cases and a spread of answers, every score is `autotest.points`'s (the hidden
    test cell's) and every review flag is the rules' own."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_autograde import random_answer, right_answer

    rng = random.Random(7)
    checked = 0
    for content in load_course(ROOT).cases:
        case = content.case
        names = [name for item in case.items() for name in (nb.test_id(item.id), nb.answer_id(item.id))]
        key = scoring_key(case, {name: f"cell-{name}" for name in names}, {nb.test_id(i.id): 1.0 for i in case.items()})
        data = _item_data(case)
        for entry, item in zip(key, case.items(), strict=True):
            assert entry[0] is item and entry[2], "the item read back from JSON equals the item"
            for answer in [None, right_answer(item), *(random_answer(item, rng) for _ in range(30))]:
                answer = json.loads(json.dumps(answer))
                expected = (points(data[item.id], answer, 1.0), evaluate(item, answer).needs_review)
                assert score(entry, answer) == expected, (case.id, item.id, answer)
                checked += 1
    assert checked > 1000
