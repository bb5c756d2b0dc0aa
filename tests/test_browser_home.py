"""The home page's course map, "Saved on this computer for ...", and the reviews-due banner on
every page: in Chromium, by keyboard, with a controlled clock."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from grader.content.loader import load_course
from grader.site import render
from grader.site.widgets import minutes_text
from helpers.browser import ITEMS, answer_right_shown, is_focused, stored, tab_to, violations
from helpers.site import FIXTURE_COURSE, RequestGuard

pytestmark = pytest.mark.browser
HOME = "/index.html"
QUESTIONS = "/modules/example/questions.html"
OVERVIEW = "/modules/example/index.html"
REVIEW = "/modules/example/review.html"
CASE = "/case-studies/example-case.html"
START = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
DAY_MS = 24 * 60 * 60 * 1000
HIDDEN_KEY = "mskcpd.review-banner.hidden-on"


def course_map(page):
    box = page.locator("[data-role=course-map]")
    box.locator("[data-role=map-progress-head]").wait_for(state="visible")
    return box


def rows(box) -> dict[str, list[str]]:
    """Each row of the map: its header, then its cells as shown."""
    out = {}
    for row in box.locator("tbody tr, tfoot tr").all():
        out[row.locator("th").inner_text()] = [td.inner_text() for td in row.locator("td").all() if td.is_visible()]
    return out


def action(page):
    return page.locator("[data-role=course-map] [data-role=map-action]")


def banner(page):
    return page.locator("[data-role=review-banner]")


def banner_text(page) -> str:
    text = page.locator("[data-role=review-banner-text]")
    page.wait_for_function("() => document.querySelector('[data-role=review-banner-text]').textContent !== ''")
    return text.inner_text()


def follow(page, link, url_end: str) -> None:
    tab_to(page, link)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(url_end) + "$"))


def answer_some(page, fixture_url, items: list[str]) -> None:
    page.goto(fixture_url + QUESTIONS)
    for item_id in items:
        answer_right_shown(page, item_id)


# --- the course map -------------------------------------------------------------------


def test_the_map_lists_the_course_with_times_and_total_without_javascript(browser, fixture_url):
    context = browser.new_context(java_script_enabled=False)
    guard = RequestGuard()
    context.route("**/*", guard)
    page = context.new_page()
    page.goto(fixture_url + HOME)
    box = page.locator("[data-role=course-map]")
    headers = box.locator("thead th").all()
    assert [h.inner_text() for h in headers if h.is_visible()] == ["Module or case study", "CPD time"]
    assert rows(box) == {
        "Module 1: An example module": ["20 minutes"],
        "Case study: An example case": ["15 minutes"],
        "Total": ["35 minutes"],
    }
    start = action(page)
    assert start.inner_text() == "Start"
    assert start.get_attribute("href") == "modules/example/index.html"
    assert page.locator("[data-role=saved-for]").is_hidden()
    start.click()
    page.wait_for_url("**" + OVERVIEW)
    context.close()
    assert guard.foreign == []


def test_the_map_comes_from_the_course_and_its_marker():
    course = load_course(FIXTURE_COURSE)
    html = render.course_map(course)
    assert html.count("<tr data-module-id=") == 1 and html.count("<tr data-case-id=") == 1
    assert '<td data-role="map-total">35 minutes</td>' in html
    expanded = render.expand_settings(
        "Intro.\n\n[[course-map]]\n\nWrite `[[course-map]]` on a line.\n", render.Settings()
    )
    assert expanded == "Intro.\n\nMSKCPD-SLOT-course-map\n\nWrite `[[course-map]]` on a line.\n"
    assert render.substitute_slots("<p>MSKCPD-SLOT-course-map</p>", render.global_slots(course)) == html
    assert [minutes_text(n) for n in (1, 45, 60, 61, 633)] == [
        "1 minute",
        "45 minutes",
        "1 hour",
        "1 hour 1 minute",
        "10 hours 33 minutes",
    ]


def test_a_new_learner_sees_start_and_not_started(page, fixture_url):
    page.goto(fixture_url + HOME)
    box = course_map(page)
    assert rows(box) == {
        "Module 1: An example module": ["20 minutes", "Not started"],
        "Case study: An example case": ["15 minutes", "Not started"],
        "Total": ["35 minutes", "0 of 1 modules completed"],
    }
    assert action(page).inner_text() == "Start"
    assert page.locator("#mskcpd-map-next").inner_text() == "Begins with Module 1: An example module."
    assert page.locator("[data-role=saved-for]").is_hidden()
    follow(page, action(page), OVERVIEW)


def test_carry_on_goes_to_the_first_module_not_completed_then_the_case(page, fixture_url):
    answer_some(page, fixture_url, ITEMS[:2])
    page.goto(fixture_url + HOME)
    box = course_map(page)
    assert rows(box)["Module 1: An example module"] == ["20 minutes", "In progress: 2 of 6 answered"]
    assert rows(box)["Case study: An example case"] == ["15 minutes", "Not started"]
    assert action(page).inner_text() == "Carry on"
    assert page.locator("#mskcpd-map-next").inner_text() == "Next: Module 1: An example module, its questions."
    assert action(page).evaluate("a => a.getAttribute('aria-describedby')") == "mskcpd-map-next"
    follow(page, action(page), QUESTIONS)

    for item_id in ITEMS[2:]:
        answer_right_shown(page, item_id)
    page.goto(fixture_url + HOME)
    box = course_map(page)
    assert rows(box)["Module 1: An example module"] == ["20 minutes", "\u2714 Completed"]
    assert rows(box)["Total"] == ["35 minutes", "1 of 1 modules completed"]
    assert page.locator("#mskcpd-map-next").inner_text() == "Next: Case study: An example case."
    follow(page, action(page), CASE)


def test_a_case_in_progress_counts_the_questions_this_learner_sees(page, fixture_url):
    page.goto(fixture_url + HOME)
    page.evaluate(
        """() => { const r = MSKCPD.store.load(); r.learner.profession = 'nurse';
        r.items['case-single'] = {module: 'example-case', response: 'a', score: 1, status: 'correct',
          at: new Date().toISOString(), practice: 0};
        MSKCPD.store.save(r); }"""
    )
    page.reload()
    box = course_map(page)
    # a nurse sees 3 of the case's 4 questions (one is for doctors and pharmacists)
    assert rows(box)["Case study: An example case"] == ["15 minutes", "In progress: 1 of 3 answered"]
    assert rows(box)["Module 1: An example module"] == ["20 minutes", "Not started"]
    assert action(page).inner_text() == "Carry on"
    assert page.locator("#mskcpd-map-next").inner_text() == "Next: Module 1: An example module."


# --- saved on this computer for ... -----------------------------------------------------


def test_saved_for_someone_then_for_a_name_and_not_you_goes_to_forget(page, fixture_url):
    page.goto(fixture_url + HOME)
    course_map(page)
    assert page.locator("[data-role=saved-for]").is_hidden()

    answer_some(page, fixture_url, ITEMS[:1])
    page.goto(fixture_url + HOME)
    course_map(page)
    saved = page.locator("[data-role=saved-for]")
    assert saved.inner_text() == "Saved on this computer: someone\u2019s answers. Not you?"

    page.goto(fixture_url + "/my-cpd-record.html")
    tab_to(page, page.locator("#mskcpd-profile-name"))
    page.keyboard.type("Zoë O’Brien <b>")
    assert stored(page)["learner"]["name"] == "Zoë O’Brien <b>"
    page.goto(fixture_url + HOME)
    course_map(page)
    assert saved.inner_text() == "Saved on this computer for Zoë O’Brien <b>. Not you?"
    assert saved.locator("b").count() == 0  # the name is text, never markup
    not_you = saved.get_by_role("link", name="Not you?")
    assert not_you.get_attribute("href") == fixture_url + "/my-cpd-record.html#forget"
    follow(page, not_you, "/my-cpd-record.html#forget")


# --- the reviews-due banner --------------------------------------------------------------


def complete_module(page, fixture_url) -> None:
    answer_some(page, fixture_url, ITEMS)
    assert "Completed" in page.locator(".mskcpd-progress").first.inner_text()


def test_banner_when_a_review_is_due_links_hides_for_today_and_returns(page, fixture_url):
    page.clock.install(time=START)
    complete_module(page, fixture_url)
    page.goto(fixture_url + HOME)
    course_map(page)
    assert banner(page).count() == 0  # nothing due for two days

    page.clock.fast_forward(2 * DAY_MS)
    page.goto(fixture_url + OVERVIEW)
    assert banner_text(page) == "1 review due: Module 1"
    text = page.locator("[data-role=review-banner-text]")
    assert text.get_attribute("role") == "status"
    # at the top of the content, before the page's heading
    assert banner(page).evaluate("b => b.parentElement.matches('article') && b === b.parentElement.firstElementChild")
    follow(page, text.get_by_role("link", name="Module 1"), REVIEW)
    # not on the review page of the module it is about
    page.wait_for_selector("[data-review-module][data-ready=true]")
    assert banner(page).count() == 0

    page.goto(fixture_url + HOME)
    course_map(page)
    assert banner_text(page) == "1 review due: Module 1"
    assert violations(page) == []  # the map with progress, and the banner
    hide = page.get_by_role("button", name="Hide for today")
    tab_to(page, hide)
    page.keyboard.press("Enter")
    assert banner(page).count() == 0
    assert is_focused(page.locator("article h1"))
    assert page.evaluate(f"localStorage.getItem('{HIDDEN_KEY}')") == "2026-12-03"
    for path in (OVERVIEW, QUESTIONS, HOME):
        page.goto(fixture_url + path)  # the banner, when there is one, is on the page once it has loaded
        assert page.evaluate("!!window.MSKCPD.banner") and banner(page).count() == 0, path
    # the home page's own list still shows the review
    assert "(due today)" in page.locator("[data-role=reviews-due]").inner_text()

    page.clock.fast_forward(DAY_MS)
    page.goto(fixture_url + OVERVIEW)
    assert banner_text(page) == "1 review due: Module 1"


# --- the banner, the home page's list and the calendar file agree --------------------------

NOW = dt.datetime(2026, 12, 10, 9, 0, tzinfo=dt.UTC)
SEED = """(plan) => {
  const cat = MSKCPD.store.catalogue();
  const r = {format: 'mskcpd-record', version: 1, learner: {id: 'seed', created: '2026-11-01T09:00:00.000Z'},
             items: {}, modules: {}, reviews: {}};
  for (const [id, p] of Object.entries(plan)) {
    const m = cat.modules.find(x => x.id === id);
    m.items.forEach(i => {
      r.items[i] = {module: id, response: null, score: 1, status: 'correct', at: p.completed, practice: 0};
    });
    r.modules[id] = {started: p.completed, completed: p.completed};
    if (p.done) r.reviews[id] = {done: p.done};
  }
  localStorage.setItem('mskcpd.record.v1', JSON.stringify(r));
}"""
PLAN = {
    "opioids": {"completed": "2026-12-01T10:00:00.000Z"},  # review 1 due 3 December: due, late
    "biopsychosocial": {"completed": "2026-12-06T10:00:00.000Z"},  # due 8 December: due, late
    "mood-and-suicide-risk": {"completed": "2026-12-09T10:00:00.000Z"},  # due 11 December: tomorrow
    "language": {  # review 1 done 5 December: review 2 due 12 December
        "completed": "2026-11-20T10:00:00.000Z",
        "done": {"1": {"at": "2026-12-05T10:00:00.000Z", "score": 1, "items": []}},
    },
}


def read_calendar(page, tmp_path) -> dict[str, dt.date]:
    """The first date the .ics file gives each module's reviews."""
    import icalendar

    with page.expect_download() as download:
        tab_to(page, page.locator("[data-role=review-calendar]"))
        page.keyboard.press("Enter")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    first: dict[str, dt.date] = {}
    for event in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
        module = str(event.get("UID")).removeprefix("mskcpd-seed-").split("-review-")[0]
        day = event.decoded("DTSTART")
        first[module] = min(first.get(module, day), day)
    return first


def test_banner_home_list_and_calendar_agree(page, course_url, tmp_path):
    page.clock.install(time=NOW)
    page.goto(course_url + HOME)
    page.evaluate(SEED, PLAN)
    page.reload()
    assert banner_text(page) == "2 reviews due: Module 4, Module 1"
    banner_links = page.locator("[data-role=review-banner-text] a")
    banner_due = {a.get_attribute("data-module"): a.get_attribute("href") for a in banner_links.all()}

    due_now = page.locator("#mskcpd-reviews-due-now + ul li a")
    home_due = {}
    for a in due_now.all():
        module = re.search(r"/modules/([^/]+)/review\.html$", a.get_attribute("href")).group(1)
        home_due[module] = a.get_attribute("href")
    reviews = {m: f"{course_url}/modules/{m}/review.html" for m in ("opioids", "biopsychosocial")}
    assert banner_due == home_due == reviews
    coming = {}
    for li in page.locator("#mskcpd-reviews-next + ul li").all():
        title, day = re.match(r"(Module \d+): .* on (\d+ \w+ \d{4}) \(", li.inner_text()).groups()
        coming[title] = dt.datetime.strptime(day, "%d %B %Y").date()
    assert coming == {"Module 2": dt.date(2026, 12, 11), "Module 3": dt.date(2026, 12, 12)}

    calendar = read_calendar(page, tmp_path)
    today = NOW.date()
    assert calendar == {
        "opioids": today,  # due now: the calendar gives today
        "biopsychosocial": today,
        "mood-and-suicide-risk": coming["Module 2"],
        "language": coming["Module 3"],
    }
    assert violations(page) == []

    # each banner link opens its review; there the banner names only the other module
    links = page.locator("[data-role=review-banner-text]")
    for name, module, other in (("Module 4", "opioids", "Module 1"), ("Module 1", "biopsychosocial", "Module 4")):
        follow(page, links.get_by_role("link", name=name), f"/modules/{module}/review.html")
        # instant navigation swaps the content after the address changes: wait for this page's review
        page.wait_for_selector(f"[data-review-module='{module}'][data-ready=true]")
        expect(links).to_have_text(f"1 review due: {other}")
