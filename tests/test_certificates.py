"""`grader certificates`: a PDF per learner who completed a module or passed a case; its text read back with pypdf."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from gradebook_helpers import DOCTOR, FIXTURE_COURSE, MIXED, RIGHT, fixture_case, make_submission, released_course_dir, write_notebook
from grader.cli import main
from grader.gradebook.db import open_gradebook
from grader.gradebook.submission import student_id

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
    write_notebook(tmp_path / "in" / "aisha.ipynb", make_submission(case, RIGHT, AISHA, submitted_at="2026-11-06T10:00:00Z"))
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
    for expected in ("Certificate of continuing professional development", "Persistent MSK pain and mental health",
                     "Aisha Khan", "Registration: NMC 99A1234C", "An example module", "2 November 2026", "100%",
                     "An example case", "6 November 2026", "Total CPD time: 35 minutes", f"by {ISSUER}"):
        assert expected in text, expected
    listed = index(out)
    assert re.fullmatch(r"MSKCPD-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}", listed[AISHA_ID]["certificate_id"])
    assert f"Certificate id: {listed[AISHA_ID]['certificate_id']}" in text
    assert (listed[AISHA_ID]["modules"], listed[AISHA_ID]["cases"], listed[AISHA_ID]["cpd_minutes"]) == ("An example module", "An example case", "35")

    # UK characters render as written (a font shipped in a package, not a Latin-1 core font)
    zoe = pdf_text(out / f"{ZOE_ID}.pdf")
    assert "Zoë O’Brien" in zoe and "Registration: HCPC PH123456" in zoe and "80%" in zoe and "5 November 2026" in zoe
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
