"""Finishing a module, in Chromium by keyboard: one question at a time with a navigator, Previous/Next and a
URL per question (back/forward and reload), the running score as progress, the results screen with the
fresh-attempt confirmation, and the module overview's next step. Desktop (1100x900) and phone (390x844)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from helpers.browser import (
    ITEMS,
    answer_everything_in_turn,
    answer_right_shown,
    check_answer,
    choose_radio,
    confirm_fresh_attempt,
    feedback,
    is_focused,
    item,
    navigator_link,
    shift_tab_to,
    show_question,
    stored,
    tab_to,
    tick,
    violations,
)
from helpers.site import RequestGuard

pytestmark = pytest.mark.browser
QUESTIONS = "/modules/example/questions.html"
OVERVIEW = "/modules/example/index.html"


QUESTION_LINKS = "[data-role=pager-nav] a[data-target]:not([data-target=results])"


def shown(page) -> list[str]:
    return [s.get_attribute("data-item-id") for s in page.locator(".mskcpd-bank .mskcpd-item").all() if s.is_visible()]


def heading_focused(page, item_id: str) -> bool:
    return is_focused(page.locator(f"#q-{item_id}-title"))


def progress_text(page) -> str:
    return page.locator(".mskcpd-progress").first.inner_text()


def press(page, role: str) -> None:
    tab_to(page, page.locator(f"[data-role={role}]"))
    page.keyboard.press("Enter")


@pytest.fixture
def phone(browser):
    ctx = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, service_workers="block"
    )
    guard = RequestGuard()
    ctx.route("**/*", guard)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    ctx.close()
    assert errors == [] and guard.foreign == []


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_one_question_at_a_time_with_navigator_urls_and_history(page, fixture_url):
    page.goto(fixture_url + QUESTIONS)
    # a visit without a hash opens the first unanswered question and names it in the address
    assert shown(page) == ["ex-single"] and page.url.endswith("#q-ex-single")
    links = page.locator(QUESTION_LINKS)
    assert links.count() == len(ITEMS)
    assert navigator_link(page, "results").is_hidden()  # until every question is answered
    assert navigator_link(page, "ex-single").get_attribute("aria-current") == "step"
    assert all("not answered" in t for t in links.all_inner_texts())
    assert page.locator("[data-role=pager-previous]").is_disabled()
    assert violations(page) == []

    single = item(page, "ex-single")
    choose_radio(page, single, "a")
    check_answer(page, single)
    # answered shown in words in the navigator, and the running score as progress within the attempt
    assert navigator_link(page, "ex-single").inner_text().endswith("answered")
    assert "not answered" not in navigator_link(page, "ex-single").inner_text()
    text = progress_text(page)
    assert "1 of 6 questions answered. 1 of 1 answered correctly so far." in text
    assert "%" not in text  # never a score over the whole bank, which would read as failing

    press(page, "pager-next")
    assert shown(page) == ["ex-multiple"] and page.url.endswith("#q-ex-multiple")
    assert heading_focused(page, "ex-multiple")
    assert navigator_link(page, "ex-multiple").get_attribute("aria-current") == "step"
    assert navigator_link(page, "ex-single").get_attribute("aria-current") is None
    multiple = item(page, "ex-multiple")
    tick(page, multiple, ["a"])
    check_answer(page, multiple)
    assert "1 of 2 answered correctly so far (1 more partly correct)." in progress_text(page)

    # the browser's back and forward buttons move between questions, focus on the question's heading
    page.go_back()
    page.wait_for_function("location.hash === '#q-ex-single'")
    assert shown(page) == ["ex-single"] and heading_focused(page, "ex-single")
    page.go_forward()
    page.wait_for_function("location.hash === '#q-ex-multiple'")
    assert shown(page) == ["ex-multiple"] and heading_focused(page, "ex-multiple")

    # the navigator jumps to any question; Previous goes back one
    shift_tab_to(page, navigator_link(page, "ex-matching"))
    page.keyboard.press("Enter")
    assert shown(page) == ["ex-matching"] and page.url.endswith("#q-ex-matching")
    assert heading_focused(page, "ex-matching")
    press(page, "pager-previous")
    assert shown(page) == ["ex-ordering"] and heading_focused(page, "ex-ordering")

    # a reload shows the same question, with nothing lost
    page.reload()
    assert shown(page) == ["ex-ordering"]
    show_question(page, "ex-single")
    assert "Recorded score for this question: 100%" in feedback(item(page, "ex-single"))
    assert navigator_link(page, "ex-multiple").inner_text().endswith("answered")
    assert violations(page) == []


def test_links_to_a_question_show_it_and_a_new_visit_opens_the_first_unanswered(page, fixture_url):
    page.goto(fixture_url + QUESTIONS)
    answer_right_shown(page, "ex-single")
    answer_right_shown(page, "ex-multiple")
    page.goto(fixture_url + "/index.html")
    page.goto(fixture_url + QUESTIONS)
    assert shown(page) == ["ex-numeric"] and page.url.endswith("#q-ex-numeric")
    page.goto(fixture_url + "/index.html")
    page.goto(fixture_url + QUESTIONS + "#q-ex-ordering")  # an existing anchor to one question
    assert shown(page) == ["ex-ordering"]
    assert page.locator("#q-ex-ordering").evaluate("e => e.getBoundingClientRect().top < innerHeight")
    page.goto(fixture_url + QUESTIONS + "#results")  # no results yet: the first unanswered question
    assert shown(page) == ["ex-numeric"]


def test_results_screen_below_the_pass_mark_and_a_confirmed_fresh_attempt(page, fixture_url):
    page.goto(fixture_url + QUESTIONS)
    answer_everything_in_turn(page)  # 75%, below the 80% pass mark
    results = page.locator("[data-role=results]")
    assert results.is_visible() and shown(page) == [] and page.url.endswith("#results")
    assert is_focused(page.locator("#mskcpd-results-title"))
    text = results.inner_text()
    assert "Your recorded score\n75% (4 of 6 answered correctly, 1 partly)" in text
    assert "Pass mark\n80%" in text and "Result\nNot passed yet" in text
    assert "None yet: the module's 20 minutes count once your recorded score reaches the pass mark" in text
    assert "Spaced reviews start when you pass." in text
    reflection = results.locator("[data-role=results-reflection]")
    assert reflection.get_attribute("href").endswith("my-cpd-record.html#your-reflections")
    assert (
        results.locator("[data-role=results-certificate]")
        .get_attribute("href")
        .endswith("my-cpd-record.html#your-certificate")
    )
    assert navigator_link(page, "results").is_visible()
    assert violations(page) == []
    # any link to the results on the page shows them, as the navigator's do
    show_question(page, "ex-numeric")
    shift_tab_to(page, page.locator(".mskcpd-progress a[href='#results']"))
    page.keyboard.press("Enter")
    assert results.is_visible() and shown(page) == [] and page.url.endswith("#results")
    assert is_focused(page.locator("#mskcpd-results-title"))

    # the fresh attempt asks first: focus on Cancel, Escape cancels and changes nothing
    press(page, "restart")
    dialog = page.locator("[data-role=restart-dialog]")
    assert dialog.evaluate("d => d.open") and is_focused(dialog.locator("[data-role=restart-cancel]"))
    assert violations(page) == []
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open") and is_focused(page.locator("[data-role=restart]"))
    assert set(stored(page)["items"]) == set(ITEMS)
    press(page, "restart")
    page.keyboard.press("Enter")  # on Cancel
    assert not dialog.evaluate("d => d.open") and set(stored(page)["items"]) == set(ITEMS)

    confirm_fresh_attempt(page)
    record = stored(page)
    assert record["items"] == {} and record["modules"]["example"]["attempts"][0]["score"] == pytest.approx(0.75)
    assert shown(page) == ["ex-single"] and page.url.endswith("#q-ex-single") and heading_focused(page, "ex-single")
    assert results.is_hidden() and navigator_link(page, "results").is_hidden()
    assert all("not answered" in t for t in page.locator(QUESTION_LINKS).all_inner_texts())
    assert "0 of 6 questions answered" in progress_text(page)
    assert feedback(item(page, "ex-single")) == ""


def passing(page, fixture_url) -> None:
    page.goto(fixture_url + QUESTIONS)
    for item_id in ITEMS:
        answer_right_shown(page, item_id)


def test_results_screen_when_passed_with_minutes_and_first_review_date(page, fixture_url):
    passing(page, fixture_url)
    results = page.locator("[data-role=results]")
    assert is_focused(page.locator("#mskcpd-results-title"))
    text = results.inner_text()
    assert "You passed this module." in text and "Result\n\u2714 Passed: module completed" in text
    assert "CPD time earned\n20 minutes, now in your CPD record" in text
    completed = datetime.fromisoformat(stored(page)["modules"]["example"]["completed"].replace("Z", "+00:00"))
    first = completed.astimezone() + timedelta(days=2)  # completion day + the first review interval (2 days)
    assert f"Your first spaced review falls due on {first.day} {first:%B %Y}." in text
    assert results.locator("[data-role=restart-offer]").is_hidden()
    # all answered: a reload, and a visit without a hash, come back to the results
    page.reload()
    assert results.is_visible() and shown(page) == []
    page.goto(fixture_url + "/index.html")
    page.goto(fixture_url + QUESTIONS)
    assert results.is_visible() and page.url.endswith("#results")
    # every question stays reachable from the navigator, and the results from there again
    shift_tab_to(page, navigator_link(page, "ex-numeric"))
    page.keyboard.press("Enter")
    assert shown(page) == ["ex-numeric"]
    tab_to(page, navigator_link(page, "results"))
    page.keyboard.press("Enter")
    assert results.is_visible() and is_focused(page.locator("#mskcpd-results-title"))


def test_overview_says_start_resume_at_question_n_or_the_result(page, fixture_url):
    page.goto(fixture_url + OVERVIEW)
    step = page.locator(".mskcpd-next-step")
    start = step.get_by_role("link", name="Start")
    assert start.get_attribute("href").endswith("/modules/example/intro.html")
    page.goto(fixture_url + QUESTIONS)
    answer_right_shown(page, "ex-single")
    answer_right_shown(page, "ex-multiple")
    page.goto(fixture_url + OVERVIEW)
    resume = step.get_by_role("link", name="Resume at question 3")
    assert resume.get_attribute("href").endswith("/modules/example/questions.html#q-ex-numeric")
    # followed by keyboard (the theme's instant navigation): question 3 is shown
    tab_to(page, resume)
    page.keyboard.press("Enter")
    page.wait_for_url("**/questions.html#q-ex-numeric")
    page.wait_for_selector("[data-role=pager-nav]")
    assert shown(page) == ["ex-numeric"]
    for item_id in ITEMS[2:]:
        answer_right_shown(page, item_id)
    page.goto(fixture_url + OVERVIEW)
    assert "Result: passed, with a recorded score of 100% (pass mark 80%)." in step.inner_text()
    assert step.get_by_role("link", name="See your results").get_attribute("href").endswith("questions.html#results")
    assert violations(page) == []


def test_without_javascript_every_question_stays_on_the_page(browser, fixture_url):
    context = browser.new_context(java_script_enabled=False)
    context.route("**/*", RequestGuard())
    page = context.new_page()
    page.goto(fixture_url + QUESTIONS)
    assert shown(page) == ITEMS
    assert page.locator("[data-role=results]").is_hidden()
    # the navigator is in the page from the start (so paging shifts nothing); without JavaScript it jumps to each
    links = page.locator("[data-role=pager-nav] a:visible").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert links == [f"#q-{item_id}" for item_id in ITEMS]
    context.close()


def test_paged_from_disk(page, fixture_site):
    url = (fixture_site / "modules" / "example" / "questions.html").as_uri()
    page.goto(url)
    assert shown(page) == ["ex-single"] and page.url.endswith("#q-ex-single")
    press(page, "pager-next")
    assert shown(page) == ["ex-multiple"] and heading_focused(page, "ex-multiple")
    page.go_back()
    page.wait_for_function("location.hash === '#q-ex-single'")
    assert shown(page) == ["ex-single"]
    page.go_forward()
    page.wait_for_function("location.hash === '#q-ex-multiple'")
    page.reload()
    assert shown(page) == ["ex-multiple"]


def test_on_a_phone(phone, fixture_url):
    page = phone
    page.goto(fixture_url + QUESTIONS)
    assert shown(page) == ["ex-single"] and no_sideways_scroll(page)
    assert violations(page) == []
    answer_everything_in_turn(page)
    assert is_focused(page.locator("#mskcpd-results-title")) and no_sideways_scroll(page)
    assert violations(page) == []
    press(page, "restart")
    assert is_focused(page.locator("[data-role=restart-cancel]")) and no_sideways_scroll(page)
    page.keyboard.press("Escape")
    show_question(page, "ex-numeric")
    assert shown(page) == ["ex-numeric"] and heading_focused(page, "ex-numeric") and no_sideways_scroll(page)
    page.goto(fixture_url + OVERVIEW)
    assert "See your results" in page.locator(".mskcpd-next-step").inner_text() and no_sideways_scroll(page)
    assert violations(page) == []


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("path", [QUESTIONS, OVERVIEW], ids=["questions", "overview"])
def test_the_progress_box_takes_its_filled_height_before_the_script_fills_it(browser, fixture_url, path, width):
    """A new learner's progress, as the script draws it, is as tall as the box the page already
    drew (its label and the room kept for the rest), so drawing it moves nothing below (CLS on a
    slow phone, where the first paint comes before the scripts)."""
    heights = []
    for javascript in (False, True):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, java_script_enabled=javascript, service_workers="block"
        )
        page = context.new_page()
        page.goto(fixture_url + path)
        if javascript:
            page.wait_for_selector(".mskcpd-progress progress")
        heights.append(page.eval_on_selector(".mskcpd-progress", "e => e.getBoundingClientRect().height"))
        context.close()
    before, after = heights
    assert abs(after - before) <= 2, f"the progress box grew from {before:.1f} to {after:.1f} px when filled in"
