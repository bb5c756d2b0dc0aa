"""Every question type answered by keyboard alone in Chromium; progress survives reload."""

from __future__ import annotations

import json

import pytest

from helpers.browser import (
    answer_everything,
    check_answer,
    choose_in_select,
    choose_radio,
    current_order,
    feedback,
    is_focused,
    item,
    order,
    stored,
    tab_to,
    tick,
    type_number,
)

pytestmark = pytest.mark.browser
QUESTIONS = "/modules/example/questions.html"


def test_single_best_answer_by_keyboard(page, fixture_url):
    page.goto(fixture_url + QUESTIONS)
    section = item(page, "ex-single")
    choose_radio(page, section, "b")
    check_answer(page, section)
    text = feedback(section)
    assert "Not correct." in text
    assert "Wrong, because it is not." in text  # the chosen option's feedback
    assert "The best answer:" in text and "Right, because it is." in text
    assert "Recorded score for this question: 0%" in text
    # the feedback sits in a live region, so a screen reader announces it
    region = section.locator("[data-role=feedback]")
    assert region.get_attribute("aria-live") == "polite" and region.get_attribute("role") == "status"
    # focus moves to the retry button; inputs are locked until the learner retries
    assert is_focused(section.locator("[data-role=retry]"))
    assert all(i.is_disabled() for i in section.locator("input").all())


def test_multiple_response_partial_credit_by_keyboard(page, fixture_url):
    page.goto(fixture_url + QUESTIONS)
    section = item(page, "ex-multiple")
    tick(page, section, ["a"])
    check_answer(page, section)
    text = feedback(section)
    assert "Partly correct. Score 50%." in text
    assert "You did not choose this, but it is right." in text


def test_numeric_unsafe_band_then_practice_keeps_recorded_score(page, fixture_url):
    page.goto(fixture_url + QUESTIONS)
    section = item(page, "ex-numeric")
    type_number(page, section, "120", "mg")
    check_answer(page, section)
    text = feedback(section)
    assert "Unsafe answer." in text
    assert "Why this answer could harm a patient" in text and "dangerous dose" in text
    assert stored(page)["items"]["ex-numeric"]["score"] == 0
    # practice attempt: Enter on the focused retry button, then the right answer
    page.keyboard.press("Enter")
    type_number(page, section, "60", "mg")
    check_answer(page, section)
    text = feedback(section)
    assert "Correct." in text
    assert "Practice attempt: your recorded score for this question stays at 0%." in text
    entry = stored(page)["items"]["ex-numeric"]
    assert entry["score"] == 0 and entry["status"] == "unsafe" and entry["practice"] == 1


def test_numeric_rejects_text_and_wrong_unit_is_marked(page, fixture_url):
    page.goto(fixture_url + QUESTIONS)
    section = item(page, "ex-numeric")
    type_number(page, section, "sixty", "mg")
    check_answer(page, section)
    assert "digits and a decimal point" in section.locator("[data-role=error]").inner_text()
    assert "ex-numeric" not in stored(page)["items"]  # nothing recorded for an invalid answer
    page.fill("#q-ex-numeric-value", "")
    type_number(page, section, "60", "microgram")
    check_answer(page, section)
    assert "check the unit" in feedback(section)
    assert stored(page)["items"]["ex-numeric"]["status"] == "unit_mismatch"


def test_ordering_by_keyboard_announces_moves(page, fixture_url):
    page.goto(fixture_url + QUESTIONS)
    section = item(page, "ex-ordering")
    assert current_order(section) != ["first", "second", "third"], "an ordering item must not start solved"
    order(page, section, ["first", "second", "third"])
    assert current_order(section) == ["first", "second", "third"]
    check_answer(page, section)
    assert "Correct." in feedback(section)


def test_ordering_move_announcement(page, fixture_url):
    page.goto(fixture_url + QUESTIONS)
    section = item(page, "ex-ordering")
    last = current_order(section)[-1]
    tab_to(page, section.locator(f"li[data-option-id='{last}'] button[data-move='up']"))
    page.keyboard.press("Enter")
    announce = section.locator("[data-role=announce]")
    assert announce.get_attribute("aria-live") == "polite"
    assert announce.inner_text().endswith("moved to position 2 of 3.")
    assert current_order(section)[1] == last


def test_matching_by_keyboard(page, fixture_url):
    page.goto(fixture_url + QUESTIONS)
    section = item(page, "ex-matching")
    choose_in_select(page, section.locator("select").nth(0), "c1")
    check_answer(page, section)
    assert "Choose a match for every item" in section.locator("[data-role=error]").inner_text()
    choose_in_select(page, section.locator("select").nth(1), "c3")
    check_answer(page, section)
    text = feedback(section)
    assert "Partly correct. Score 50%." in text
    assert "the right match is \u201cChoice two\u201d" in text


def test_progress_survives_reload_and_first_answer_stays_recorded(page, fixture_url):
    page.goto(fixture_url + QUESTIONS)
    answer_everything(page)
    before = {
        i: item(page, i).locator("[data-option-id]").evaluate_all("e => e.map(x => x.dataset.optionId)")
        for i in ("ex-single", "ex-multiple")
    }
    page.reload()
    # recorded answers come back, locked, with their feedback
    single = item(page, "ex-single")
    assert single.locator("input[value='a']").is_checked()
    assert "Recorded score for this question: 100%" in feedback(single)
    assert "Unsafe answer." in feedback(item(page, "ex-numeric"))
    # options keep the learner's shuffled order across reloads
    after = {
        i: item(page, i).locator("[data-option-id]").evaluate_all("e => e.map(x => x.dataset.optionId)")
        for i in ("ex-single", "ex-multiple")
    }
    assert before == after
    # progress bar: all 5 answered; (1 + 0.5 + 0 + 1 + 1) / 5 = 70% is below the 80% pass mark
    bar = page.locator(".mskcpd-progress progress").first
    assert bar.get_attribute("value") == "5" and bar.get_attribute("max") == "5"
    text = page.locator(".mskcpd-progress").first.inner_text()
    assert "5 of 5 questions answered, recorded score 70%" in text
    assert "below the pass mark" in text
    assert "completed" not in stored(page)["modules"]["example"]


def test_module_completes_at_pass_mark_and_record_page_shows_it(page, fixture_url):
    page.goto(fixture_url + QUESTIONS)
    single = item(page, "ex-single")
    choose_radio(page, single, "a")
    check_answer(page, single)
    multiple = item(page, "ex-multiple")
    tick(page, multiple, ["a", "b"])
    check_answer(page, multiple)
    numeric = item(page, "ex-numeric")
    type_number(page, numeric, "60", "mg")
    check_answer(page, numeric)
    ordering = item(page, "ex-ordering")
    order(page, ordering, ["second", "first", "third"])
    check_answer(page, ordering)
    matching = item(page, "ex-matching")
    choose_in_select(page, matching.locator("select").nth(0), "c1")
    choose_in_select(page, matching.locator("select").nth(1), "c2")
    check_answer(page, matching)
    # ordering scores 2/3, so (1 + 1 + 1 + 2/3 + 1) / 5 = 93%
    assert "Completed" in page.locator(".mskcpd-progress").first.inner_text()
    assert stored(page)["modules"]["example"]["completed"]
    page.goto(fixture_url + "/my-cpd-record.html")
    row = page.locator(".mskcpd-record-table tbody tr").first
    cells = row.locator("td").all_inner_texts()
    assert cells[0] == "Completed" and cells[1] == "5 of 5" and cells[2] == "93%" and cells[5] == "20"
    assert "20" in page.locator(".mskcpd-record-table tfoot").inner_text()


def test_export_and_reimport_record(browser, fixture_url, tmp_path):
    from helpers.site import RequestGuard

    first = browser.new_context(accept_downloads=True)
    first.route("**/*", RequestGuard())
    page = first.new_page()
    page.goto(fixture_url + QUESTIONS)
    answer_everything(page)
    page.goto(fixture_url + "/my-cpd-record.html")
    with page.expect_download() as download:
        tab_to(page, page.locator("[data-role=export]"))
        page.keyboard.press("Enter")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name.startswith("my-cpd-record-") and path.suffix == ".json"
    exported = json.loads(path.read_text())
    assert exported["format"] == "mskcpd-record" and exported["version"] == 1
    assert set(exported["items"]) == {"ex-single", "ex-multiple", "ex-numeric", "ex-ordering", "ex-matching"}
    assert exported["items"]["ex-multiple"]["response"] == ["a"]
    first.close()

    # a new browser profile: empty record, then import
    second = browser.new_context()
    guard = RequestGuard()
    second.route("**/*", guard)
    page = second.new_page()
    page.goto(fixture_url + "/my-cpd-record.html")
    assert page.locator(".mskcpd-record-table tbody td").nth(1).inner_text() == "0 of 5"
    bad = tmp_path / "not-a-record.json"
    bad.write_text('{"hello": 1}')
    page.set_input_files("#mskcpd-import-file", str(bad))
    status = page.locator("[data-role=record-status]")
    status.filter(has_text="Could not import").wait_for()
    assert "Your record is unchanged." in status.inner_text()
    page.set_input_files("#mskcpd-import-file", str(path))
    status.filter(has_text="Record imported").wait_for()
    assert "5 new answer(s)" in status.inner_text()
    assert page.locator(".mskcpd-record-table tbody td").nth(1).inner_text() == "5 of 5"
    page.goto(fixture_url + QUESTIONS)
    assert "Unsafe answer." in feedback(item(page, "ex-numeric"))
    second.close()
    assert guard.foreign == []


def test_instant_navigation_sets_widgets_up_once(page, fixture_url):
    page.goto(fixture_url + "/index.html")
    # navigate with mkdocs-material's instant loading (no full page load)
    page.evaluate("() => { window.__same_document = true; }")
    page.locator(".mskcpd-progress a[href$='modules/example/index.html']").click()
    page.locator("article a[href$='questions.html']").first.click()
    page.wait_for_selector("section[data-item-id='ex-single'][data-ready=true]")
    assert page.evaluate("window.__same_document") is True, "instant navigation was not used"
    page.locator("article a[href$='my-cpd-record.html']").first.click()
    page.wait_for_selector("[data-role=record][data-ready=true]")
    page.go_back()
    page.wait_for_selector("section[data-item-id='ex-single'][data-ready=true]")
    assert page.evaluate("window.__same_document") is True
    section = item(page, "ex-single")
    choose_radio(page, section, "a")
    check_answer(page, section)
    page.keyboard.press("Enter")  # retry (practice)
    choose_radio(page, section, "b")
    check_answer(page, section)
    # one handler per widget: one recorded answer and exactly one practice attempt
    entry = stored(page)["items"]["ex-single"]
    assert entry["score"] == 1 and entry["practice"] == 1


def test_works_from_disk_with_progress(page, fixture_site):
    url = (fixture_site / "modules" / "example" / "questions.html").as_uri()
    page.goto(url)
    section = item(page, "ex-single")
    choose_radio(page, section, "a")
    check_answer(page, section)
    assert "Correct." in feedback(section)
    page.reload()
    assert "Recorded score for this question: 100%" in feedback(item(page, "ex-single"))
    page.locator("article a[href$='my-cpd-record.html']").first.click()
    page.wait_for_selector("[data-role=record][data-ready=true]")
    assert page.locator(".mskcpd-record-table tbody td").nth(1).inner_text() == "1 of 5"


def test_fresh_attempt_after_falling_below_the_pass_mark(page, fixture_url):
    page.goto(fixture_url + QUESTIONS)
    answer_everything(page)  # 70%, below the 80% pass mark
    restart = page.locator("[data-role=restart]")
    tab_to(page, restart)
    page.keyboard.press("Enter")
    assert "0 of 5 questions answered" in page.locator(".mskcpd-progress").first.inner_text()
    record = stored(page)
    assert record["items"] == {}
    attempt = record["modules"]["example"]["attempts"][0]
    assert attempt["score"] == pytest.approx(0.7) and set(attempt["items"]) == {
        "ex-single",
        "ex-multiple",
        "ex-numeric",
        "ex-ordering",
        "ex-matching",
    }
    single = item(page, "ex-single")
    assert feedback(single) == "" and not single.locator("input").first.is_disabled()
    choose_radio(page, single, "a")
    check_answer(page, single)
    assert "Recorded score for this question: 100%" in feedback(single)
