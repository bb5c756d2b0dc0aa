"""CPD certificates, both ways a learner gets one; the PDFs' text read back with pypdf.

- `grader certificates`: a PDF per learner who completed a module or passed a case.
- The printable certificate on My CPD record: filled in by keyboard, printed to PDF by headless Chromium.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from grader.cli import main
from grader.gradebook.db import open_gradebook
from grader.gradebook.submission import student_id
from helpers.browser import ITEMS, answer_right_shown, is_focused, stored, tab_to, violations
from helpers.gradebook import (
    DOCTOR,
    FIXTURE_COURSE,
    MIXED,
    RIGHT,
    fixture_case,
    make_submission,
    released_course_dir,
    write_notebook,
)

RECORDS = Path(__file__).resolve().parent / "fixtures" / "records"
AISHA = {"name": "Aisha Khan", "email": "aisha.khan@nhs.net", "registration": "NMC 99A1234C", "profession": "nurse"}
AISHA_ID, ZOE_ID, DOCTOR_ID = student_id(AISHA["email"]), student_id("zoe.obrien@nhs.net"), student_id(DOCTOR["email"])
ISSUER = "Hôpital St Mary’s NHS Trust (£0 to learners)"


def run(*args: str) -> int:
    return main([*args, "--root", str(FIXTURE_COURSE)])


@pytest.fixture
def gb(tmp_path) -> Path:
    """Records of seven learners; Aisha (also a record) and Dana submit the case; all graded."""
    gb = released_course_dir(tmp_path / "gb")
    case = fixture_case()
    write_notebook(
        tmp_path / "in" / "aisha.ipynb", make_submission(case, RIGHT, AISHA, submitted_at="2026-11-06T10:00:00Z")
    )
    write_notebook(tmp_path / "in" / "dana.ipynb", make_submission(case, MIXED, DOCTOR))
    assert run("collect", str(tmp_path / "in"), str(RECORDS), "--course-dir", str(gb)) == 0
    assert run("autograde", "--course-dir", str(gb), "--quiet") == 0
    return gb


def confirm_free_text(gb: Path, student: str) -> None:
    """What a reviewer does in formgrader: confirm the provisional free-text score."""
    with open_gradebook(f"sqlite:///{gb}/gradebook.db") as book:
        grade = book.find_grade("test-case-reflect", "example-case", "example-case", student)
        grade.manual_score, grade.needs_manual_grade = 1.0, False
        book.db.commit()


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def index(out: Path) -> dict[str, dict[str, str]]:
    raw = (out / "certificates.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return {r["learner_id"]: r for r in csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""))}


def test_one_certificate_per_learner_who_completed_something(tmp_path, gb, capsys):
    confirm_free_text(gb, AISHA_ID)
    out = tmp_path / "certs"
    assert run("certificates", "--course-dir", str(gb), "--out", str(out), "--issuer", ISSUER) == 0
    # Aisha: the module (record) and the case (gradebook); Zoë: the module; no one else completed anything
    assert sorted(p.name for p in out.glob("*.pdf")) == sorted([f"{AISHA_ID}.pdf", f"{ZOE_ID}.pdf"])

    text = pdf_text(out / f"{AISHA_ID}.pdf")
    for expected in (
        "Certificate of continuing professional development",
        "Persistent MSK pain and mental health",
        "Aisha Khan",
        "Registration: NMC 99A1234C",
        "An example module",
        "2 November 2026",
        "100%",
        "An example case",
        "6 November 2026",
        "Total CPD time: 35 minutes",
        f"by {ISSUER}",
    ):
        assert expected in text, expected
    listed = index(out)
    assert re.fullmatch(r"MSKCPD-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}", listed[AISHA_ID]["certificate_id"])
    assert f"Certificate id: {listed[AISHA_ID]['certificate_id']}" in text
    assert (listed[AISHA_ID]["modules"], listed[AISHA_ID]["cases"], listed[AISHA_ID]["cpd_minutes"]) == (
        "An example module",
        "An example case",
        "35",
    )

    # UK characters render as written (a font shipped in a package, not a Latin-1 core font)
    zoe = pdf_text(out / f"{ZOE_ID}.pdf")
    assert "Zoë O’Brien" in zoe and "Registration: HCPC PH123456" in zoe and "83%" in zoe and "5 November 2026" in zoe
    assert "Total CPD time: 20 minutes" in zoe and "£0" in zoe and "Hôpital" in zoe
    assert "An example case" not in zoe


def test_pdf_is_made_offline_with_an_embedded_font(tmp_path, gb, monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("certificates must not use the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    out = tmp_path / "certs"
    assert run("certificates", "--course-dir", str(gb), "--out", str(out)) == 0
    reader = PdfReader(out / f"{ZOE_ID}.pdf")
    fonts = {str(font["/BaseFont"]) for font in reader.pages[0]["/Resources"]["/Font"].values()}
    assert fonts and all("DejaVuSans" in name for name in fonts)
    assert reader.metadata.title == "CPD certificate: Zoë O’Brien"


def test_a_provisional_case_pass_waits_for_review(tmp_path, gb, capsys):
    out = tmp_path / "certs"
    assert run("certificates", "--course-dir", str(gb), "--out", str(out)) == 0
    assert "1 case pass(es) wait for a reviewer" in capsys.readouterr().err
    text = pdf_text(out / f"{AISHA_ID}.pdf")
    assert "An example module" in text and "An example case" not in text and "Total CPD time: 20 minutes" in text
    assert not (out / f"{DOCTOR_ID}.pdf").exists()  # 50%: below the pass mark


def test_certificate_ids_are_stable_and_change_with_what_is_listed(tmp_path, gb):
    first, second, third = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    assert run("certificates", "--course-dir", str(gb), "--out", str(first)) == 0
    assert run("certificates", "--course-dir", str(gb), "--out", str(second)) == 0
    assert index(first)[AISHA_ID]["certificate_id"] == index(second)[AISHA_ID]["certificate_id"]
    confirm_free_text(gb, AISHA_ID)
    assert run("certificates", "--course-dir", str(gb), "--out", str(third)) == 0
    assert index(third)[AISHA_ID]["certificate_id"] != index(first)[AISHA_ID]["certificate_id"]
    assert index(third)[ZOE_ID]["certificate_id"] == index(first)[ZOE_ID]["certificate_id"]


def test_pass_mark(tmp_path, gb):
    out = tmp_path / "certs"
    assert run("certificates", "--course-dir", str(gb), "--out", str(out), "--pass-mark", "90") == 0
    assert [p.name for p in out.glob("*.pdf")] == [f"{AISHA_ID}.pdf"]  # Zoë's 80% no longer completes the module


# --- the printable certificate on My CPD record, in Chromium ----------------------------

RECORD_PAGE = "/my-cpd-record.html"


def complete_module(page, fixture_url) -> None:
    page.goto(fixture_url + "/modules/example/questions.html")
    for item_id in ITEMS:
        answer_right_shown(page, item_id)
    assert "Completed" in page.locator(".mskcpd-progress").first.inner_text()


def printed_text(page) -> str:
    """The page printed to A4 PDF by Chromium, as text."""
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    page.emulate_media(media="screen")
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


@pytest.mark.browser
def test_certificate_prints_alone_with_name_modules_minutes_and_optional_reflections(page, fixture_url):
    complete_module(page, fixture_url)
    page.goto(fixture_url + RECORD_PAGE)
    page.wait_for_selector("[data-role=certificate-panel][data-ready=true]")
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    certificate = page.locator("[data-role=certificate]")
    assert "Your name goes here" in certificate.inner_text()

    # printing without a name asks for it, and takes the learner to the field
    tab_to(page, page.locator("[data-role=print]"))
    page.keyboard.press("Enter")
    error = page.locator("[data-role=certificate-error]")
    assert error.get_attribute("role") == "alert"
    assert "Add your full name under About you first" in error.inner_text()
    name = page.locator("#mskcpd-profile-name")
    assert is_focused(name)
    assert page.evaluate("window.__printed") == 0
    page.keyboard.type("Alex Example")
    assert stored(page)["learner"]["name"] == "Alex Example"

    # a reflection, then the box that adds reflections to the certificate
    tab_to(page, page.locator(".mskcpd-reflection[data-module=example] textarea"))
    page.keyboard.type("Asking early changed the conversation.")
    preview = certificate.inner_text()
    assert "Alex Example" in preview and "Module 1: An example module" in preview and "Total CPD time" in preview
    assert "Asking early changed the conversation." not in preview
    tab_to(page, page.locator("#mskcpd-certificate-reflections"))
    page.keyboard.press("Space")
    assert "Asking early changed the conversation." in certificate.inner_text()
    assert violations(page) == []

    tab_to(page, page.locator("[data-role=print]"))
    page.keyboard.press("Enter")
    assert page.evaluate("window.__printed") == 1 and error.inner_text() == ""

    # the printed page: the certificate alone
    text = printed_text(page)
    assert "Certificate of continuing professional development" in text
    assert "Persistent MSK pain and mental health" in text
    assert "Alex Example" in text
    assert "Module 1: An example module" in text
    completed = stored(page)["modules"]["example"]["completed"]
    assert re.search(r"\b\d{1,2} [A-Z][a-z]+ 20\d\d\b", text), "the completion date"
    assert completed[:4] in text
    assert "100%" in text
    assert "Total CPD time 20 minutes" in text
    assert "Asking early changed the conversation." in text
    for elsewhere in (
        "Export or import",
        "Your name and profession",
        "Spaced reviews",
        "How the course works",
        "Print or save as PDF",
    ):
        assert elsewhere not in text, f"{elsewhere!r} should not print"

    # without reflections
    tab_to(page, page.locator("#mskcpd-certificate-reflections"))
    page.keyboard.press("Space")
    text = printed_text(page)
    assert "Alex Example" in text and "Asking early changed the conversation." not in text


@pytest.mark.browser
def test_certificate_with_nothing_completed_says_so(page, fixture_url):
    page.goto(fixture_url + RECORD_PAGE)
    page.wait_for_selector("[data-role=certificate-panel][data-ready=true]")
    assert "No modules completed yet." in page.locator("[data-role=certificate]").inner_text()
    assert violations(page) == []
    page.emulate_media(color_scheme="dark")
    assert violations(page) == []


@pytest.mark.browser
def test_certificate_for_the_real_course_lists_every_completed_module(page, course_url):
    """A record with all five modules completed (as an import would bring it): minutes add up on the PDF."""
    page.goto(course_url + RECORD_PAGE)
    page.wait_for_selector("[data-role=record][data-ready=true]")
    catalogue = page.evaluate("MSKCPD.store.catalogue()")
    at = "2026-12-01T09:00:00.000Z"
    record = {
        "format": "mskcpd-record",
        "version": 1,
        "learner": {"id": "x", "created": at, "name": "Sam Learner", "profession": "physiotherapist"},
        "items": {
            i: {"module": m["id"], "response": None, "score": 1, "status": "correct", "at": at, "practice": 0}
            for m in catalogue["modules"]
            for i in m["items"]
        },
        "modules": {m["id"]: {"started": at, "completed": at} for m in catalogue["modules"]},
    }
    page.evaluate("r => localStorage.setItem('mskcpd.record.v1', JSON.stringify(r))", record)
    page.reload()
    page.wait_for_selector("[data-role=certificate-panel][data-ready=true]")
    total = sum(m["cpd_minutes"] for m in catalogue["modules"])
    text = printed_text(page)
    assert "Sam Learner" in text and "Physiotherapist" in text
    for m in catalogue["modules"]:
        assert f"Module {m['number']}:" in text
    assert f"Total CPD time {total} minutes ({total // 60} hours {total % 60} minutes)" in text
    assert "1 December 2026" in text
