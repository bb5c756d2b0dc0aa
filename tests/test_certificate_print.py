"""The printable certificate on My CPD record, printed by Chromium to an A4 PDF and read back with pypdf.

A learner completes the fixture module by keyboard, adds their name, and prints: one page (no blank
second page), and it reads like a certificate: the course and a line about it, who, what was completed
with its CPD minutes and the module's learning outcomes, the provider, the date it was issued and an id.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from helpers.browser import ITEMS, answer_right_shown, stored, tab_to

pytestmark = pytest.mark.browser

RECORD_PAGE = "/my-cpd-record.html"
CERTIFICATE_ID = re.compile(r"Certificate id (MSKCPD-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})")


def printed(page) -> list[str]:
    """Each page of the record page printed to A4 by Chromium (print media), as text."""
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    page.emulate_media(media="screen")
    return [" ".join(p.extract_text().split()) for p in reader.pages]


def today() -> str:
    now = dt.date.today()
    return f"{now.day} {now:%B} {now.year}"


def complete_the_module_and_sign(page, fixture_url) -> None:
    page.goto(fixture_url + "/modules/example/questions.html")
    for item_id in ITEMS:
        answer_right_shown(page, item_id)
    page.goto(fixture_url + RECORD_PAGE)
    page.wait_for_selector("[data-role=certificate-panel][data-ready=true]")
    tab_to(page, page.locator("#mskcpd-profile-name"))
    page.keyboard.type("Alex Example")
    assert stored(page)["learner"]["name"] == "Alex Example"


def test_the_certificate_prints_on_one_page_and_says_what_a_certificate_says(page, fixture_url):
    complete_the_module_and_sign(page, fixture_url)
    catalogue = page.evaluate("MSKCPD.store.catalogue()")
    (module,) = catalogue["modules"]
    description = page.locator('meta[name="description"]').get_attribute("content")

    pages = printed(page)
    assert len(pages) == 1, f"the certificate printed on {len(pages)} pages: {pages}"
    text = pages[0]
    for expected in (
        "Certificate of continuing professional development",
        catalogue["course_title"],  # the course's title, from the course settings (site_name)
        " ".join(description.split()),  # its one-line description
        "Alex Example",
        "Module 1: An example module",
        "100%",
        f"CPD minutes Module 1: An example module {today()} 100% {module['cpd_minutes']}",
        f"Total CPD time {module['cpd_minutes']} minutes",
        "Learning outcomes of the modules completed",
        *module["outcomes"],
        f"Provider {catalogue['course_title']}",
        f"Issued on {today()}",
    ):
        assert expected in text, f"{expected!r} is not on the certificate: {text}"
    assert module["outcomes"], "the catalogue gives the browser each module's learning outcomes"
    first = CERTIFICATE_ID.search(text)
    assert first, text

    # the same record gives the same id; a changed certificate gets a new one
    page.reload()
    page.wait_for_selector("[data-role=certificate-panel][data-ready=true]")
    assert CERTIFICATE_ID.search(printed(page)[0]).group(1) == first.group(1)
    page.evaluate("() => { const r = MSKCPD.store.load(); r.learner.name = 'Alex Other'; MSKCPD.store.save(r); }")
    page.reload()
    page.wait_for_selector("[data-role=certificate-panel][data-ready=true]")
    assert CERTIFICATE_ID.search(printed(page)[0]).group(1) != first.group(1)


def test_a_case_study_sent_to_the_cpd_lead_is_listed_with_its_minutes(page, fixture_url):
    complete_the_module_and_sign(page, fixture_url)
    # what the case study page records when the learner downloads their answers for their CPD lead
    page.evaluate(
        "() => { const r = MSKCPD.store.load(); r.cases = {'example-case': {downloaded: '2026-11-06T10:00:00.000Z'}};"
        " MSKCPD.store.save(r); }"
    )
    page.reload()
    page.wait_for_selector("[data-role=certificate-panel][data-ready=true]")
    catalogue = page.evaluate("MSKCPD.store.catalogue()")
    case = next(c for c in catalogue["cases"] if c["id"] == "example-case")
    minutes = catalogue["modules"][0]["cpd_minutes"] + case["cpd_minutes"]

    pages = printed(page)
    assert len(pages) == 1, f"the certificate printed on {len(pages)} pages: {pages}"
    text = pages[0]
    assert "Modules and case studies completed" in text
    assert (
        f"Case study: An example case 6 November 2026 Sent to your CPD lead for marking {case['cpd_minutes']}" in text
    )
    assert f"Total CPD time {minutes} minutes" in text


def test_with_a_reflection_it_still_prints_without_a_blank_page(page, fixture_url):
    complete_the_module_and_sign(page, fixture_url)
    tab_to(page, page.locator(".mskcpd-reflection[data-module=example] textarea"))
    page.keyboard.type("Asking early changed the conversation.")
    tab_to(page, page.locator("#mskcpd-certificate-reflections"))
    page.keyboard.press("Space")
    pages = printed(page)
    assert len(pages) == 1 and all(p.strip() for p in pages), pages
    assert "Asking early changed the conversation." in pages[0]
