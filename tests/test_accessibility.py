"""Every built page: axe-core finds no WCAG 2.2 A/AA violations, and no request leaves 127.0.0.1."""

from __future__ import annotations

import pytest

from helpers.browser import check_answer, choose_radio, item, show_question, tick, type_number, violations

pytestmark = pytest.mark.browser


def site_pages(site) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def test_course_has_the_expected_pages(course_site):
    pages = site_pages(course_site)
    required = [
        "index.html",
        "how-the-course-works.html",
        "my-cpd-record.html",
        "accessibility.html",
        "content-note.html",
        "cpd-and-certificate.html",
        "glossary.html",
        "references.html",
        "educators-guide.html",
        "case-studies/index.html",
    ]
    for module in ("biopsychosocial", "mood-and-suicide-risk", "language", "opioids", "referral-routes"):
        required += [f"modules/{module}/index.html", f"modules/{module}/questions.html"]
    assert set(required) <= set(pages), set(required) - set(pages)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_passes_axe_and_stays_local(browser, course, scheme):
    from helpers.site import RequestGuard

    context = browser.new_context(color_scheme=scheme, service_workers="block")
    guard = RequestGuard()
    context.route("**/*", guard)
    page = context.new_page()
    problems = {}
    for path in site_pages(course.path):
        page.goto(f"{course.url}/{path}")
        page.wait_for_load_state("networkidle")
        found = violations(page)
        if path.endswith("/questions.html"):
            # one question is shown at a time: every other question's markup is checked too
            page.evaluate("document.querySelectorAll('.mskcpd-bank .mskcpd-item').forEach(s => { s.hidden = false; })")
            found += violations(page)
        if found:
            problems[path] = found
    context.close()
    assert problems == {}
    assert guard.foreign == [], f"requests left 127.0.0.1: {guard.foreign}"


def test_feedback_states_pass_axe(page, fixture_url):
    """Widgets after answering (feedback, locked inputs, practice) are checked too."""
    page.goto(fixture_url + "/modules/example/questions.html")
    single = item(page, "ex-single")
    choose_radio(page, single, "b")
    check_answer(page, single)
    multiple = item(page, "ex-multiple")
    show_question(page, "ex-multiple")
    tick(page, multiple, ["a", "c"])
    check_answer(page, multiple)
    numeric = item(page, "ex-numeric")
    show_question(page, "ex-numeric")
    type_number(page, numeric, "150", "mg")
    check_answer(page, numeric)
    matching = item(page, "ex-matching")
    show_question(page, "ex-matching")
    check_answer(page, matching)  # error message state
    # one question at a time: each state checked while it is shown
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for item_id in ("ex-single", "ex-multiple", "ex-numeric", "ex-matching"):
            show_question(page, item_id)
            assert violations(page) == [], (scheme, item_id)


def test_record_page_with_data_passes_axe(page, fixture_url):
    page.goto(fixture_url + "/modules/example/questions.html")
    single = item(page, "ex-single")
    choose_radio(page, single, "a")
    check_answer(page, single)
    page.goto(fixture_url + "/my-cpd-record.html")
    page.wait_for_selector("[data-role=record][data-ready=true]")
    assert violations(page) == []
