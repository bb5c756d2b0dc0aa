"""The printable certificate on My CPD record: filled in by keyboard, printed to PDF by headless Chromium."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from browser_helpers import is_focused, tab_to
from test_browser_reinforcement import ITEMS, answer_right, stored, violations

pytestmark = pytest.mark.browser
RECORD = "/my-cpd-record.html"


def complete_module(page, fixture_url) -> None:
    page.goto(fixture_url + "/modules/example/questions.html")
    for item_id in ITEMS:
        answer_right(page, item_id)
    assert "Completed" in page.locator(".mskcpd-progress").first.inner_text()


def pdf_text(page) -> str:
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    page.emulate_media(media="screen")
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def test_certificate_prints_alone_with_name_modules_minutes_and_optional_reflections(page, fixture_url):
    complete_module(page, fixture_url)
    page.goto(fixture_url + RECORD)
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
    text = pdf_text(page)
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
    for elsewhere in ("Export or import", "Your name and profession", "Spaced reviews", "How the course works", "Print or save as PDF"):
        assert elsewhere not in text, f"{elsewhere!r} should not print"

    # without reflections
    tab_to(page, page.locator("#mskcpd-certificate-reflections"))
    page.keyboard.press("Space")
    text = pdf_text(page)
    assert "Alex Example" in text and "Asking early changed the conversation." not in text


def test_certificate_with_nothing_completed_says_so(page, fixture_url):
    page.goto(fixture_url + RECORD)
    page.wait_for_selector("[data-role=certificate-panel][data-ready=true]")
    assert "No modules completed yet." in page.locator("[data-role=certificate]").inner_text()
    assert violations(page) == []
    page.emulate_media(color_scheme="dark")
    assert violations(page) == []


def test_certificate_for_the_real_course_lists_every_completed_module(page, course_url):
    """A record with all five modules completed (as an import would bring it): minutes add up on the PDF."""
    page.goto(course_url + RECORD)
    page.wait_for_selector("[data-role=record][data-ready=true]")
    catalogue = page.evaluate("MSKCPD.store.catalogue()")
    at = "2026-12-01T09:00:00.000Z"
    record = {
        "format": "mskcpd-record", "version": 1, "learner": {"id": "x", "created": at, "name": "Sam Learner", "profession": "physiotherapist"},
        "items": {i: {"module": m["id"], "response": None, "score": 1, "status": "correct", "at": at, "practice": 0}
                  for m in catalogue["modules"] for i in m["items"]},
        "modules": {m["id"]: {"started": at, "completed": at} for m in catalogue["modules"]},
    }
    page.evaluate("r => localStorage.setItem('mskcpd.record.v1', JSON.stringify(r))", record)
    page.reload()
    page.wait_for_selector("[data-role=certificate-panel][data-ready=true]")
    total = sum(m["cpd_minutes"] for m in catalogue["modules"])
    text = pdf_text(page)
    assert "Sam Learner" in text and "Physiotherapist" in text
    for m in catalogue["modules"]:
        assert f"Module {m['number']}:" in text
    assert f"Total CPD time {total} minutes ({total // 60} hours {total % 60} minutes)" in text
    assert "1 December 2026" in text
