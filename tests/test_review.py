"""`grader review`: provisional free-text scores confirmed or changed on a page served on 127.0.0.1,
written to nbgrader's gradebook as manual grades, so `grader export` and `grader certificates` count them.

Collect and autograde real submissions, review them in Chromium by keyboard, then export and
certificates; the page refuses other hosts, other origins and forms without the run's key; two
reviewers deciding on one answer at once do not overwrite each other."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from grader.cli import main
from grader.content.loader import load_course
from grader.gradebook.db import open_gradebook
from grader.gradebook.export import export_rows
from grader.gradebook.layout import CourseDir
from grader.gradebook.review import LOG, highlight
from grader.gradebook.review_server import close, start
from grader.gradebook.submission import expected_question_set, student_id
from grader.records import read_record
from helpers.browser import tab_to, violations
from helpers.gradebook import (
    DOCTOR,
    FIXTURE_COURSE,
    MIXED,
    NURSE,
    PHYSIO,
    RIGHT,
    fixture_case,
    make_submission,
    released_course_dir,
    write_notebook,
)
from helpers.postgres import fresh_database

CASE = fixture_case()
CASES = {c.case.id: c.case for c in load_course(FIXTURE_COURSE).cases}
ROOT = ["--root", str(FIXTURE_COURSE)]
REFLECT = "test-case-reflect"
# each collects and autogrades real submissions (seconds): left out of `make test-fast`, like the list in conftest.py
SLOW = pytest.mark.slow

NURSE_2 = {**NURSE, "name": "Nia Nurse", "email": "nia.nurse@nhs.net"}
# hostile input: a name and an answer that would run script if the page did not escape them
EVIL = {**PHYSIO, "name": "<script>window.pwned = 1</script> Pat \"Physio'"}
EVIL_TEXT = '<img src=x onerror="window.pwned = 1"> Mood was LOW </textarea><script>window.pwned = 1</script>'
DOCTOR_ID, NURSE_ID, NURSE_2_ID, EVIL_ID = (student_id(x["email"]) for x in (DOCTOR, NURSE, NURSE_2, EVIL))


def run(*args: str) -> int:
    return main([*args, *ROOT])


def graded_course(work: Path, db: str | None = None) -> Path:
    """Four learners' submissions collected and autograded: two that met every rubric criterion
    (the nurses), one that met one of two (the doctor), and a hostile one that met one (the physio)."""
    course_dir = released_course_dir(work / "gb") if db is None else work / "gb"
    inbox = work / "in"
    write_notebook(inbox / "nurse.ipynb", make_submission(CASE, RIGHT, NURSE))
    write_notebook(inbox / "nurse2.ipynb", make_submission(CASE, RIGHT, NURSE_2))
    write_notebook(inbox / "doctor.ipynb", make_submission(CASE, MIXED, DOCTOR))
    write_notebook(inbox / "evil.ipynb", make_submission(CASE, {**RIGHT, "case-reflect": EVIL_TEXT}, EVIL))
    db_args = ["--db", db] if db else []
    assert run("collect", str(inbox), "--course-dir", str(course_dir)) == 0
    assert run("autograde", "--course-dir", str(course_dir), "--quiet", *db_args) == 0
    return course_dir


class Running:
    """`grader review`'s server in a thread, as the command starts it."""

    def __init__(self, course_dir: Path, db: str | None = None, reviewer: str = "Rev One"):
        self.server = start(CourseDir.at(course_dir), CASES, db, reviewer)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = self.server.url
        self.token = self.server.app.token
        self.origin = self.server.app.origin

    def stop(self) -> None:
        self.server.shutdown()
        close(self.server)
        self.thread.join()


@pytest.fixture
def served(tmp_path):
    course_dir = graded_course(tmp_path)
    running = Running(course_dir)
    yield course_dir, running
    running.stop()


def request(url: str, data: dict[str, str] | None = None, headers: dict[str, str] | None = None) -> tuple[int, str]:
    """(status, body), without following a redirect."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with urllib.request.build_opener(NoRedirect).open(req) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def manual(course_dir: Path, student: str, db: str | None = None) -> tuple[float | None, str | None]:
    """The reflect question's manual score and the answer cell's manual comment, from nbgrader's own API."""
    with open_gradebook(CourseDir.at(course_dir).db_url(db)) as gb:
        grade = gb.find_grade(REFLECT, CASE.id, CASE.id, student)
        comment = gb.find_comment("answer-case-reflect", CASE.id, CASE.id, student)
        return grade.manual_score, comment.manual_comment


def export_csv(course_dir: Path, out: Path) -> dict[str, dict[str, str]]:
    assert run("export", "--course-dir", str(course_dir), "--out", str(out)) == 0
    rows = csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline=""))
    return {row["learner_id"]: row for row in rows}


def certified_cases(course_dir: Path, out: Path) -> dict[str, str]:
    run("certificates", "--course-dir", str(course_dir), "--out", str(out))
    index = out / "certificates.csv"
    if not index.exists():
        return {}
    rows = csv.DictReader(io.StringIO(index.read_bytes().decode("utf-8-sig"), newline=""))
    return {row["learner_id"]: row["cases"] for row in rows}


# --- the learner's text, marked as the provisional score matched it ---------------------------------


def test_highlight_marks_exactly_what_the_rubric_matched():
    item = next(i for i in CASE.items() if i.id == "case-reflect")
    text = "Talked about LOW\n  mood; will follow\t up soon."
    segments = highlight(item, text)
    assert "".join(s.text for s in segments) == text, "nothing of the learner's text is lost"
    assert [(s.text, s.criterion) for s in segments if s.criterion] == [
        ("LOW", 1),
        ("mood", 1),
        ("follow\t up", 2),  # any run of spaces matches one, as rubric_met folds them
    ]
    # a criterion not met marks nothing; "reviewed" holds "review", as the substring match scores it
    assert [s.text for s in highlight(item, "Nothing relevant") if s.criterion] == []
    assert [s.text for s in highlight(item, "Reviewed.") if s.criterion] == ["Review"]


# --- the whole path in Chromium -----------------------------------------------------------------------


def answer_of(page, student: str):
    return page.locator(f"article[id='answer-{student}--{CASE.id}--case-reflect']")


def submit_by_keyboard(page, button) -> None:
    tab_to(page, button)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_review_in_chromium_then_export_and_certificates(served, page, tmp_path):
    course_dir, running = served
    before = export_csv(course_dir, tmp_path / "before.csv")
    assert {r["needs_review"] for r in before.values()} == {"yes"}
    assert certified_cases(course_dir, tmp_path / "certs-before") == {}, "no case counts before review"
    assert not list((tmp_path / "certs-before").glob("*-confirmed-scores.json")), "no score is confirmed yet"

    page.goto(running.url)
    assert page.evaluate("window.pwned") is None, "nothing a learner wrote ran"
    assert page.locator("article img, article script").count() == 0
    evil = answer_of(page, EVIL_ID)
    shown = evil.locator("blockquote").evaluate(
        "e => { const c = e.cloneNode(true); c.querySelectorAll('sup').forEach(s => s.remove());"
        " return c.textContent; }"
    )
    assert shown == EVIL_TEXT, "the learner's text, as written, as text"
    assert page.get_by_role("heading", name=EVIL["name"], exact=False).count() == 1
    marks = evil.locator("mark").evaluate_all(
        "ms => ms.map(m => [m.firstChild.textContent, m.querySelector('sup').textContent])"
    )
    assert marks == [["Mood", " (criterion 1)"], ["LOW", " (criterion 1)"]]  # the criterion met, numbered
    assert "Not met: Records a plan" in evil.locator("ol.rubric").inner_text()
    assert "Low mood discussed; safety-netted; review in two weeks." in evil.inner_text()  # the model answer
    assert "Provisional score: 0.5 of 1 (1 of 2 rubric criteria met)" in evil.inner_text()
    assert page.get_by_role("button", name="Confirm every answer that met every criterion (2)").is_enabled()
    assert violations(page) == []

    # 1. confirm the hostile physio's provisional score, by keyboard
    submit_by_keyboard(page, answer_of(page, EVIL_ID).get_by_role("button", name="Confirm score"))
    evil = answer_of(page, EVIL_ID)
    assert "Confirmed the score of 0.5 of 1" in evil.get_by_role("status").inner_text()
    assert "Confirmed: 0.5 of 1, by Rev One on" in evil.inner_text()
    assert manual(course_dir, EVIL_ID)[0] == 0.5

    # 2. change the doctor's score, with a comment, by keyboard
    doctor = answer_of(page, DOCTOR_ID)
    tab_to(page, doctor.get_by_label("Score, 0 to 1"))
    page.keyboard.press("Control+A")
    page.keyboard.type("1")
    page.keyboard.press("Tab")
    page.keyboard.type("Records a plan in other words: <b>full</b> marks.")
    submit_by_keyboard(page, doctor.get_by_role("button", name="Confirm score"))
    assert "Changed the score to 1 of 1" in answer_of(page, DOCTOR_ID).get_by_role("status").inner_text()
    score, comment = manual(course_dir, DOCTOR_ID)
    assert score == 1.0
    assert comment.startswith("Records a plan in other words: <b>full</b> marks.\n\nConfirmed by Rev One on ")

    # 3. the rest in bulk: the two nurses, who met every criterion
    submit_by_keyboard(page, page.get_by_role("button", name="Confirm every answer that met every criterion (2)"))
    assert page.get_by_role("status").inner_text() == "Confirmed 2 answers that met every criterion."
    assert "0 of 4 answers await review" in page.locator("header").inner_text()
    assert page.get_by_role("button", name="Confirm every answer that met every criterion (0)").is_disabled()
    assert [manual(course_dir, s)[0] for s in (NURSE_ID, NURSE_2_ID)] == [1.0, 1.0]
    assert violations(page) == []
    assert page.evaluate("window.pwned") is None

    # formgrader's numbers, grader export and the certificates now say the same
    after = export_csv(course_dir, tmp_path / "after.csv")
    assert {r["needs_review"] for r in after.values()} == {"no"}
    assert (after[DOCTOR_ID]["score"], after[DOCTOR_ID]["max"]) == ("2.5", "4")  # 0 + 1 + 0.5 + 1 (changed)
    assert (after[EVIL_ID]["score"], after[EVIL_ID]["passed"]) == ("2.5", "yes")
    certified = certified_cases(course_dir, tmp_path / "certs-after")
    assert certified == {EVIL_ID: CASE.title, NURSE_ID: CASE.title, NURSE_2_ID: CASE.title}  # the doctor: 62.5%
    # each learner's confirmed score, as a record My CPD record imports (tests/test_case_record.py imports one)
    returned = {
        path.name.removesuffix("-confirmed-scores.json"): read_record(path.read_bytes())
        for path in (tmp_path / "certs-after").glob("*-confirmed-scores.json")
    }
    assert set(returned) == {DOCTOR_ID, EVIL_ID, NURSE_ID, NURSE_2_ID}
    doctor = returned[DOCTOR_ID]
    assert doctor.student_id == DOCTOR_ID and doctor.record.items == {}
    entry = doctor.record.cases[CASE.id].model_extra
    assert entry["confirmed"]["score"] == 0.625 and entry["minutes"] == CASE.cpd_minutes
    assert entry["question_set"] == expected_question_set(CASE, "doctor")
    # grading again keeps every reviewer's score
    assert run("autograde", "--course-dir", str(course_dir), "--quiet") == 0
    assert export_csv(course_dir, tmp_path / "again.csv") == after

    # who confirmed what and when, one row per decision
    engine = create_engine(CourseDir.at(course_dir).db_url())
    with engine.connect() as connection:
        log = connection.execute(select(LOG.c.student_id, LOG.c.seq, LOG.c.score, LOG.c.reviewer)).fetchall()
    engine.dispose()
    assert sorted(log) == sorted(
        [(EVIL_ID, 1, 0.5, "Rev One"), (DOCTOR_ID, 1, 1.0, "Rev One")]
        + [(s, 1, 1.0, "Rev One") for s in (NURSE_ID, NURSE_2_ID)]
    )


# --- who may use the page ------------------------------------------------------------------------------


def confirm_form(running: Running, student: str, **changes: str) -> dict[str, str]:
    form = {"token": running.token, "key": f"{student}/{CASE.id}/case-reflect", "seen": "0", "score": "0.25"}
    form["comment"] = ""
    return {**form, **changes}


@SLOW
def test_a_form_without_the_runs_key_or_from_another_site_is_refused(served):
    course_dir, running = served
    url = running.origin + "/confirm"
    assert request(url, confirm_form(running, DOCTOR_ID, token=""))[0] == 403
    assert request(url, confirm_form(running, DOCTOR_ID, token="guessed"))[0] == 403
    assert request(url, {k: v for k, v in confirm_form(running, DOCTOR_ID).items() if k != "token"})[0] == 403
    assert request(url, confirm_form(running, DOCTOR_ID), {"Origin": "http://evil.example"})[0] == 403
    assert request(url, confirm_form(running, DOCTOR_ID), {"Sec-Fetch-Site": "cross-site"})[0] == 403
    assert request(running.origin + "/confirm-all", {"token": "guessed"})[0] == 403
    assert manual(course_dir, DOCTOR_ID) == (None, None), "nothing was written"
    assert request(running.origin + "/")[0] == 403, "the page itself needs the key too"
    # the same form with the key is taken (so the refusals above are the key's and the origin's doing)
    assert request(url, confirm_form(running, DOCTOR_ID), {"Origin": running.origin})[0] == 303
    assert manual(course_dir, DOCTOR_ID)[0] == 0.25


@SLOW
def test_another_host_name_is_refused(served):
    course_dir, running = served
    port = running.server.server_address[1]
    assert running.server.server_address[0] == "127.0.0.1"
    for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1.nip.io:{port}"):
        assert request(running.url, headers={"Host": host})[0] == 421
        assert request(running.origin + "/confirm", confirm_form(running, DOCTOR_ID), {"Host": host})[0] == 421
    assert manual(course_dir, DOCTOR_ID) == (None, None)
    status, body = request(running.url, headers={"Host": f"localhost:{port}"})
    assert status == 200 and "Free-text answers to review" in body


@SLOW
def test_a_bad_score_is_refused_with_the_fix(served):
    course_dir, running = served
    for score, why in (
        ("1.5", "the score 1.5 is outside 0 to 1: give a number from 0 to 1"),
        ("-1", "the score -1 is outside 0 to 1"),
        ("nan", "the score nan is outside 0 to 1"),
        ("lots", "the score “lots” is not a number: give a number from 0 to 1"),
    ):
        form = urllib.parse.urlencode(confirm_form(running, DOCTOR_ID, score=score)).encode()
        with urllib.request.urlopen(running.origin + "/confirm", form) as response:  # follows the 303 to the page
            page = response.read().decode()
        assert f"Not saved: {why}" in page, score
        assert manual(course_dir, DOCTOR_ID) == (None, None), score


# --- two reviewers at once --------------------------------------------------------------------------


@SLOW
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_reviewers_deciding_at_once_do_not_overwrite_each_other(tmp_path, backend):
    db = fresh_database() if backend == "postgresql" else None
    course_dir = graded_course(tmp_path, db)
    first, second = Running(course_dir, db, "Alex"), Running(course_dir, db, "Bo")
    try:
        barrier = threading.Barrier(2)
        results: dict[str, int] = {}

        def decide(running: Running, score: str) -> None:
            form = confirm_form(running, DOCTOR_ID, score=score)
            barrier.wait()
            results[score] = request(running.origin + "/confirm", form)[0]

        threads = [threading.Thread(target=decide, args=a) for a in ((first, "0.25"), (second, "0.75"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert results == {"0.25": 303, "0.75": 303}
        score, comment = manual(course_dir, DOCTOR_ID, db)
        winner = "Alex" if score == 0.25 else "Bo"
        assert score in (0.25, 0.75) and f"Confirmed by {winner} on" in comment
        engine = create_engine(CourseDir.at(course_dir).db_url(db))
        with engine.connect() as connection:
            log = connection.execute(select(LOG.c.seq, LOG.c.score, LOG.c.reviewer)).fetchall()
        engine.dispose()
        assert log == [(1, score, winner)], "one decision saved; the other reviewer is told, not overwritten"
        loser = second if winner == "Alex" else first
        page = request(loser.url)[1]
        assert f"Confirmed:</strong> {score:g} of 1, by {winner} on" in page
        # the loser, having now seen it, can change it: a second decision on top of the first
        again = confirm_form(loser, DOCTOR_ID, score="0.5", seen="1")
        assert request(loser.origin + "/confirm", again)[0] == 303
        assert manual(course_dir, DOCTOR_ID, db)[0] == 0.5
    finally:
        first.stop()
        second.stop()


# --- formgrader's totals and grader export ------------------------------------------------------------


@SLOW
def test_formgrader_counts_never_shown_questions_in_its_maximum_only(tmp_path):
    """What the README's review section says: nbgrader keeps one maximum per notebook, so formgrader's
    maximum for a nurse includes the doctor/pharmacist question the nurse never saw; the points agree
    (a never-shown question scores 0), and grader export, certificates and the review page leave it out."""
    course_dir = graded_course(tmp_path)
    rows, _ = export_rows(CourseDir.at(course_dir), CASES)
    export = {r["learner_id"]: r for r in rows}
    with open_gradebook(CourseDir.at(course_dir).db_url()) as gb:
        for learner, never_shown in ((NURSE_ID, 1), (EVIL_ID, 1), (DOCTOR_ID, 0)):
            notebook = gb.find_submission_notebook(CASE.id, CASE.id, learner)
            assert notebook.score == float(export[learner]["score"])
            assert notebook.max_score == float(export[learner]["max"]) + never_shown
            assert gb.find_grade("test-case-dose", CASE.id, CASE.id, learner).auto_score == (0.0 if never_shown else 1)


# --- the command ------------------------------------------------------------------------------------


@SLOW
def test_the_command_prints_a_local_address_with_its_key(tmp_path):
    course_dir = graded_course(tmp_path)
    grader = Path(sys.executable).parent / "grader"
    process = subprocess.Popen(
        [str(grader), "review", "--course-dir", str(course_dir), "--reviewer", "Rev One", *ROOT],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = []
        while not any("127.0.0.1" in line for line in lines):
            line = process.stdout.readline()
            assert line, process.stderr.read()
            lines.append(line)
        url = next(line.strip() for line in lines if "127.0.0.1" in line)
        assert url.startswith("http://127.0.0.1:") and "?token=" in url
        status, body = request(url)
        assert status == 200 and "Reviewing as <strong>Rev One</strong>" in body
    finally:
        process.terminate()
        process.wait(timeout=30)
