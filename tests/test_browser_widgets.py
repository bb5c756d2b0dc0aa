"""Every question type answered by keyboard alone in Chromium; progress survives reload."""

from __future__ import annotations

import json

import pytest

from helpers.browser import (
    ITEMS,
    answer_everything_in_turn,
    answer_right_shown,
    check_answer,
    choose_in_select,
    choose_radio,
    confirm_fresh_attempt,
    current_order,
    feedback,
    is_focused,
    item,
    order,
    show_question,
    stored,
    tab_to,
    tick,
    type_number,
    violations,
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
    show_question(page, "ex-multiple")
    tick(page, section, ["a"])
    check_answer(page, section)
    text = feedback(section)
    assert "Partly correct. Score 50%." in text
    assert "Missed: this is right, and you did not choose it." in text


def test_numeric_unsafe_band_then_practice_keeps_recorded_score(page, fixture_url):
    page.goto(fixture_url + QUESTIONS)
    section = item(page, "ex-numeric")
    show_question(page, "ex-numeric")
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
    show_question(page, "ex-numeric")
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
    show_question(page, "ex-ordering")
    assert current_order(section) != ["first", "second", "third"], "an ordering item must not start solved"
    order(page, section, ["first", "second", "third"])
    assert current_order(section) == ["first", "second", "third"]
    check_answer(page, section)
    assert "Correct." in feedback(section)


def test_ordering_move_announcement(page, fixture_url):
    page.goto(fixture_url + QUESTIONS)
    section = item(page, "ex-ordering")
    show_question(page, "ex-ordering")
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
    show_question(page, "ex-matching")
    choose_in_select(page, section.locator("select").nth(0), "c1")
    check_answer(page, section)
    assert "Choose a match for every item" in section.locator("[data-role=error]").inner_text()
    choose_in_select(page, section.locator("select").nth(1), "c3")
    check_answer(page, section)
    text = feedback(section)
    assert "Partly correct. Score 50%." in text
    assert "the right match is \u201cChoice two\u201d" in text


def set_up_when_shown(page, item_id: str):
    """A question a paged page hides is set up when it is shown: show it as a learner would, and wait for it."""
    show_question(page, item_id)
    page.wait_for_selector(f"section[data-item-id='{item_id}'][data-ready=true]")
    return item(page, item_id)


def test_progress_survives_reload_and_first_answer_stays_recorded(page, fixture_url):
    page.goto(fixture_url + QUESTIONS)
    answer_everything_in_turn(page)
    before = {
        i: item(page, i).locator("[data-option-id]").evaluate_all("e => e.map(x => x.dataset.optionId)")
        for i in ("ex-single", "ex-multiple")
    }
    page.reload()
    # the results screen comes back; the questions it hides are set up only when they are shown
    assert page.url.endswith("#results") and page.locator("[data-role=results]").is_visible()
    assert page.locator(".mskcpd-item[data-ready=true]").count() == 0
    # recorded answers come back, locked, with their feedback
    single = set_up_when_shown(page, "ex-single")
    assert single.locator("input[value='a']").is_checked()
    assert "Recorded score for this question: 100%" in feedback(single)
    assert "Unsafe answer." in feedback(set_up_when_shown(page, "ex-numeric"))
    # options keep the learner's shuffled order across reloads
    after = {
        i: set_up_when_shown(page, i).locator("[data-option-id]").evaluate_all("e => e.map(x => x.dataset.optionId)")
        for i in ("ex-single", "ex-multiple")
    }
    assert before == after
    # progress bar: all 6 answered; (1 + 0.5 + 0 + 1 + 1 + 1) / 6 = 75% is below the 80% pass mark
    bar = page.locator(".mskcpd-progress progress").first
    assert bar.get_attribute("value") == "6" and bar.get_attribute("max") == "6"
    text = page.locator(".mskcpd-progress").first.inner_text()
    assert "6 of 6 questions answered, recorded score 75%" in text
    assert "below the pass mark" in text
    assert "completed" not in stored(page)["modules"]["example"]


def test_module_completes_at_pass_mark_and_record_page_shows_it(page, fixture_url):
    page.goto(fixture_url + QUESTIONS)
    single = item(page, "ex-single")
    choose_radio(page, single, "a")
    check_answer(page, single)
    multiple = item(page, "ex-multiple")
    show_question(page, "ex-multiple")
    tick(page, multiple, ["a", "b"])
    check_answer(page, multiple)
    numeric = item(page, "ex-numeric")
    show_question(page, "ex-numeric")
    type_number(page, numeric, "60", "mg")
    check_answer(page, numeric)
    ordering = item(page, "ex-ordering")
    show_question(page, "ex-ordering")
    order(page, ordering, ["second", "first", "third"])
    check_answer(page, ordering)
    matching = item(page, "ex-matching")
    show_question(page, "ex-matching")
    choose_in_select(page, matching.locator("select").nth(0), "c1")
    choose_in_select(page, matching.locator("select").nth(1), "c2")
    check_answer(page, matching)
    answer_right_shown(page, "ex-short-answer")
    # ordering scores 2/3, so (1 + 1 + 1 + 2/3 + 1 + 1) / 6 = 94%
    assert "Completed" in page.locator(".mskcpd-progress").first.inner_text()
    assert stored(page)["modules"]["example"]["completed"]
    page.goto(fixture_url + "/my-cpd-record.html")
    row = page.locator("[data-role=record-modules] tbody tr").first
    cells = row.locator("td").all_inner_texts()
    assert cells[0] == "Completed" and cells[1] == "6 of 6" and cells[2] == "94%" and cells[5] == "20"
    assert "20" in page.locator("[data-role=record-modules] tfoot").inner_text()


def test_export_and_reimport_record(browser, fixture_url, tmp_path):
    from helpers.site import RequestGuard

    first = browser.new_context(accept_downloads=True, service_workers="block")
    first.route("**/*", RequestGuard())
    page = first.new_page()
    page.goto(fixture_url + QUESTIONS)
    answer_everything_in_turn(page)
    page.goto(fixture_url + "/my-cpd-record.html")
    with page.expect_download() as download:
        tab_to(page, page.locator("[data-role=export]"))
        page.keyboard.press("Enter")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name.startswith("my-cpd-record-") and path.suffix == ".json"
    exported = json.loads(path.read_text())
    assert exported["format"] == "mskcpd-record" and exported["version"] == 1
    assert set(exported["items"]) == set(ITEMS)
    assert exported["items"]["ex-multiple"]["response"] == ["a"]
    first.close()

    # a new browser profile: empty record, then import
    second = browser.new_context(service_workers="block")
    guard = RequestGuard()
    second.route("**/*", guard)
    page = second.new_page()
    page.goto(fixture_url + "/my-cpd-record.html")
    assert page.locator(".mskcpd-record-table tbody td").nth(1).inner_text() == "0 of 6"
    bad = tmp_path / "not-a-record.json"
    bad.write_text('{"hello": 1}')
    page.set_input_files("#mskcpd-import-file", str(bad))
    status = page.locator("[data-role=record-status]")
    status.filter(has_text="Could not import").wait_for()
    assert "Your record is unchanged." in status.inner_text()
    page.set_input_files("#mskcpd-import-file", str(path))
    status.filter(has_text="Record imported").wait_for()
    assert "6 new answer(s)" in status.inner_text()
    assert page.locator(".mskcpd-record-table tbody td").nth(1).inner_text() == "6 of 6"
    page.goto(fixture_url + QUESTIONS)
    assert "Unsafe answer." in feedback(set_up_when_shown(page, "ex-numeric"))
    second.close()
    assert guard.foreign == []


def test_following_links_sets_widgets_up_once(page, fixture_url):
    # each page loads its own scripts (no instant navigation: tests/test_page_weight.py), also after going back
    page.goto(fixture_url + "/index.html")
    page.locator(".mskcpd-progress a[href$='modules/example/index.html']").click()
    page.locator("article a[href$='questions.html']").first.click()
    page.wait_for_selector("section[data-item-id='ex-single'][data-ready=true]")
    page.locator("article a[href$='my-cpd-record.html']").first.click()
    page.wait_for_selector("[data-role=record][data-ready=true]")
    page.go_back()
    page.wait_for_selector("section[data-item-id='ex-single'][data-ready=true]")
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
    assert page.locator(".mskcpd-record-table tbody td").nth(1).inner_text() == "1 of 6"


def test_fresh_attempt_after_falling_below_the_pass_mark(page, fixture_url):
    page.goto(fixture_url + QUESTIONS)
    answer_everything_in_turn(page)  # 75%, below the 80% pass mark
    confirm_fresh_attempt(page)  # on the results screen, after a confirmation
    assert "0 of 6 questions answered" in page.locator(".mskcpd-progress").first.inner_text()
    record = stored(page)
    assert record["items"] == {}
    attempt = record["modules"]["example"]["attempts"][0]
    assert attempt["score"] == pytest.approx(0.75) and set(attempt["items"]) == set(ITEMS)
    single = item(page, "ex-single")
    assert feedback(single) == "" and not single.locator("input").first.is_disabled()
    choose_radio(page, single, "a")
    check_answer(page, single)
    assert "Recorded score for this question: 100%" in feedback(single)


# --- short answer: a typed answer, on the real course (the fixture course has none) ---------------------------
SHORT_ANSWER_PAGE = "/modules/mood-and-suicide-risk/questions.html"
SHORT_ANSWER = "mood-phq9-name"  # accepts "PHQ-9" and "Patient Health Questionnaire-9"


def type_short_answer(page, section, typed: str) -> None:
    """Tab to the answer box, type, and press Enter: the form submits (no Check button press)."""
    box = section.locator(".mskcpd-short-answer input[type=text]")
    tab_to(page, box, limit=600)  # a long page of questions before it
    page.keyboard.type(typed)
    page.keyboard.press("Enter")


def accepted_answers(section) -> list[str]:
    return [a["text"] for a in json.loads(section.get_attribute("data-item"))["item"]["answers"]]


def test_short_answer_by_keyboard_accepts_a_variant_and_survives_reload(page, course_url):
    page.goto(course_url + SHORT_ANSWER_PAGE)
    section = item(page, SHORT_ANSWER)
    show_question(page, SHORT_ANSWER)
    type_short_answer(page, section, "")
    assert section.locator("[data-role=error]").inner_text() == "Type your answer first."
    assert SHORT_ANSWER not in stored(page)["items"]
    type_short_answer(page, section, "phq 9")  # "PHQ-9" set aside case, space and hyphen
    text = feedback(section)
    assert "Correct." in text and "Recorded score for this question: 100%" in text
    assert "Your answer: phq 9" in text
    assert "Answers accepted:" not in text
    entry = stored(page)["items"][SHORT_ANSWER]
    assert entry["response"] == "phq 9" and entry["status"] == "correct" and entry["score"] == 1  # kept as typed
    assert is_focused(section.locator("[data-role=retry]"))
    page.reload()
    section = item(page, SHORT_ANSWER)
    box = section.locator(".mskcpd-short-answer input[type=text]")
    assert box.input_value() == "phq 9" and box.is_disabled()
    assert "Recorded score for this question: 100%" in feedback(section)


def test_short_answer_wrong_shows_the_accepted_answers_safely(page, course_url):
    page.goto(course_url + SHORT_ANSWER_PAGE)
    section = item(page, SHORT_ANSWER)
    show_question(page, SHORT_ANSWER)
    type_short_answer(page, section, "<b>GAD-7</b>")
    text = feedback(section)
    assert "Not correct." in text and "Recorded score for this question: 0%" in text
    assert "Your answer: <b>GAD-7</b>" in text  # the learner's text shown as text, never markup
    assert section.locator("[data-role=feedback] b").count() == 0
    assert "Answers accepted: " + "; ".join(accepted_answers(section)) in text
    assert stored(page)["items"][SHORT_ANSWER]["status"] == "incorrect"
    # practice: Enter on the focused retry button empties the box for a fresh try
    page.keyboard.press("Enter")
    assert section.locator(".mskcpd-short-answer input").input_value() == ""
    type_short_answer(page, section, accepted_answers(section)[1].upper())
    text = feedback(section)
    assert "Correct." in text and "Practice attempt: your recorded score for this question stays at 0%." in text


def test_short_answer_widget_passes_axe(page, course_url):
    page.goto(course_url + SHORT_ANSWER_PAGE)
    section = item(page, SHORT_ANSWER)
    show_question(page, SHORT_ANSWER)
    assert violations(page) == []
    type_short_answer(page, section, "")  # the error state
    assert violations(page) == []
    type_short_answer(page, section, "GAD-7")  # feedback with the accepted answers
    assert violations(page) == []
    page.emulate_media(color_scheme="dark")
    assert violations(page) == []


# --- answered state: what was right, shown in the widget; numbers typed with their unit --------------------------
# Contrast as WCAG defines it, of an element's colour (or border colour) on the background behind it, measured in
# the page: colours with alpha are blended over that background first.
CONTRAST = """([e, what]) => {
  const rgba = c => { const m = c.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
  const over = (top, bottom) => top.slice(0, 3).map((v, i) => v * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const behind = node => {
    const layers = [];
    for (let n = node; n; n = n.parentElement) {
      const c = rgba(getComputedStyle(n).backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    return layers.reverse().reduce((acc, c) => over(c, acc), [255, 255, 255, 1]);
  };
  const channel = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const luminance = c => c.slice(0, 3).map(channel).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const style = getComputedStyle(e);
  const bg = behind(what === 'border' ? e.parentElement : e);
  const fg = over(rgba(what === 'border' ? style.borderTopColor : style.color), bg);
  const [a, b] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


def contrast(locator, what: str = "text") -> float:
    return locator.evaluate(f"(e, what) => ({CONTRAST})([e, what])", what)


def option_label(section, option_id: str):
    return section.locator(f".mskcpd-option[data-option-id='{option_id}'] label")


def marks(section) -> list[str]:
    return section.locator("[data-role=answer-mark]").all_inner_texts()


def test_single_answered_marks_the_right_option_in_the_widget_and_try_again_clears(page, fixture_url):
    page.goto(fixture_url + QUESTIONS)
    section = item(page, "ex-single")
    choose_radio(page, section, "b")
    check_answer(page, section)
    # the right option and the learner's own, each with a visible glyph and words, part of the control's name
    assert option_label(section, "a").inner_text().endswith("\u2714 Right answer")
    assert option_label(section, "b").inner_text().endswith("\u2718 Not right (your choice)")
    assert section.get_by_role("radio", name="Right Right answer", exact=True).count() == 1
    assert section.get_by_role("radio", name="Wrong Not right (your choice)", exact=True).count() == 1
    assert section.locator(".mskcpd-option[data-option-id='a']").get_attribute("data-answer") == "right"
    assert section.locator(".mskcpd-option[data-option-id='b']").get_attribute("data-answer") == "wrong"
    # Try again (focused after Check): the marks go, the inputs unlock
    page.keyboard.press("Enter")
    assert marks(section) == [] and section.locator("[data-answer]").count() == 0
    assert not section.locator("input").first.is_disabled()
    choose_radio(page, section, "a")
    check_answer(page, section)
    assert marks(section) == ["\u2714 Right answer (your choice)"]
    # a recorded answer comes back marked after a reload
    page.reload()
    assert sorted(marks(item(page, "ex-single"))) == ["\u2714 Right answer", "\u2718 Not right (your choice)"]


def test_multiple_answered_marks_each_option_and_feedback_lines_are_unambiguous(page, fixture_url):
    page.goto(fixture_url + QUESTIONS)
    section = item(page, "ex-multiple")
    show_question(page, "ex-multiple")
    tick(page, section, ["a", "c"])
    check_answer(page, section)
    assert "\u2714 Right answer (your choice)" in option_label(section, "a").inner_text()
    assert "\u2714 Right answer (you did not choose it)" in option_label(section, "b").inner_text()
    assert "\u2718 Not right (your choice)" in option_label(section, "c").inner_text()
    lines = section.locator("[data-role=feedback] .mskcpd-fb-list > li > p:first-child").all_inner_texts()
    assert sorted(lines) == sorted(
        [
            "Right one: \u2714 Right: you chose this, and it is right.",
            "Right two: \u2718 Missed: this is right, and you did not choose it.",
            "Wrong: \u2718 Not right: you chose this, but it is not right.",
        ]
    )
    page.keyboard.press("Enter")  # Try again
    tick(page, section, ["a", "b"])
    check_answer(page, section)
    lines = section.locator("[data-role=feedback] .mskcpd-fb-list > li > p:first-child").all_inner_texts()
    assert "Wrong: \u2714 Rightly left out: you did not choose this, and it is not right." in lines
    assert section.locator(".mskcpd-option[data-option-id='c'] [data-role=answer-mark]").count() == 0


def test_matching_answered_says_the_right_match_beside_each_wrong_list(page, fixture_url):
    page.goto(fixture_url + QUESTIONS)
    section = item(page, "ex-matching")
    show_question(page, "ex-matching")
    choose_in_select(page, section.locator("select").nth(0), "c1")
    choose_in_select(page, section.locator("select").nth(1), "c3")
    check_answer(page, section)
    one, two = (
        section.locator(".mskcpd-match[data-premise-id='p1']"),
        section.locator(".mskcpd-match[data-premise-id='p2']"),
    )
    assert one.locator("[data-role=answer-mark]").inner_text() == "\u2714 Right"
    wrong = two.locator("[data-role=answer-mark]")
    assert wrong.inner_text() == "\u2718 Not right: the right match is \u201cChoice two\u201d"
    select = two.locator("select")
    assert select.get_attribute("aria-describedby") == wrong.get_attribute("id")  # read with the list
    assert (
        "\u2718 Not right: you chose \u201cChoice three\u201d; the right match is \u201cChoice two\u201d."
        in feedback(section)
    )
    page.keyboard.press("Enter")  # Try again
    assert marks(section) == [] and select.get_attribute("aria-describedby") is None


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_locked_controls_look_locked_and_marks_stay_legible(browser, fixture_url, scheme):
    from helpers.site import RequestGuard

    context = browser.new_context(color_scheme=scheme, viewport={"width": 1100, "height": 900}, service_workers="block")
    guard = RequestGuard()
    context.route("**/*", guard)
    page = context.new_page()
    page.goto(fixture_url + QUESTIONS)
    assert (
        page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        == {"light": "default", "dark": "slate"}[scheme]
    )
    single, matching = item(page, "ex-single"), item(page, "ex-matching")
    radio, select = single.locator("input[value='b']"), matching.locator("select").first
    assert option_label(single, "b").evaluate("e => getComputedStyle(e).cursor") == "pointer"
    assert radio.evaluate("e => getComputedStyle(e).borderTopStyle") != "dashed"
    assert select.evaluate("e => getComputedStyle(e).borderTopStyle") != "dashed"
    choose_radio(page, single, "b")
    check_answer(page, single)
    for mark in single.locator("[data-role=answer-mark]").all():  # one question at a time: seen while shown
        assert mark.is_visible() and contrast(mark) >= 4.5, mark.inner_text()
    show_question(page, "ex-matching")
    choose_in_select(page, matching.locator("select").nth(0), "c2")
    choose_in_select(page, matching.locator("select").nth(1), "c1")
    check_answer(page, matching)
    # not colour alone: a dashed outline and the not-allowed cursor, where the live control had neither
    assert radio.evaluate("e => getComputedStyle(e).borderTopStyle") == "dashed"
    assert select.evaluate("e => getComputedStyle(e).borderTopStyle") == "dashed"
    assert option_label(single, "b").evaluate("e => getComputedStyle(e).cursor") == "not-allowed"
    # muted, but the locked control is still seen (3:1), its text and the marks read as text (4.5:1)
    assert contrast(radio, "border") >= 3
    assert contrast(select, "border") >= 3
    assert contrast(select) >= 4.5 and contrast(option_label(single, "b")) >= 4.5
    found = single.locator("[data-role=answer-mark]").all() + matching.locator("[data-role=answer-mark]").all()
    assert len(found) == 4
    for mark in matching.locator("[data-role=answer-mark]").all():
        assert mark.is_visible() and contrast(mark) >= 4.5, mark.inner_text()
    context.close()
    assert guard.foreign == []


def test_numeric_wrong_unit_in_an_unsafe_band_also_warns(page, fixture_url):
    page.goto(fixture_url + QUESTIONS)
    section = item(page, "ex-numeric")
    show_question(page, "ex-numeric")
    type_number(page, section, "150", "microgram")
    check_answer(page, section)
    text = feedback(section)
    assert "Not correct: check the unit." in text
    assert "The answer is in mg, not microgram." in text
    assert "Read as mg, this number could harm a patient:" in text and "This would be a dangerous dose." in text
    assert section.locator("[data-role=feedback] .mskcpd-unsafe").count() == 1
    entry = stored(page)["items"]["ex-numeric"]
    assert entry["status"] == "unit_mismatch" and entry["score"] == 0
    # a wrong unit on a number outside every band: the unit note alone
    page.keyboard.press("Enter")
    type_number(page, section, "60", "microgram")
    check_answer(page, section)
    assert "The answer is in mg, not microgram." in feedback(section)
    assert section.locator("[data-role=feedback] .mskcpd-unsafe").count() == 0


def typed_answer(page, section, typed: str) -> None:
    """Type into the number box (reached by Tab) and check, leaving the unit list as it is."""
    box = section.locator("input[type=text]")
    tab_to(page, box)
    page.keyboard.press("Control+A")
    page.keyboard.type(typed)
    check_answer(page, section)


def test_numeric_number_typed_with_its_unit_is_accepted(page, fixture_url):
    page.goto(fixture_url + QUESTIONS)
    section = item(page, "ex-numeric")
    show_question(page, "ex-numeric")
    error = section.locator("[data-role=error]")
    # text that is not a number and an offered unit: a helpful message, nothing recorded
    for typed in ("1,000", "60 kg", "sixty mg", "mg 60"):
        typed_answer(page, section, typed)
        message = error.inner_text()
        assert "digits and a decimal point" in message and "no commas" in message, typed
        assert "type only mg or microgram, or no unit" in message, typed
        assert "ex-numeric" not in stored(page)["items"]
    # the unit typed beside the number, the unit list left as it is
    typed_answer(page, section, "60 mg")
    assert error.inner_text() == ""
    assert "Correct." in feedback(section) and "Your answer: 60 mg" in feedback(section)
    entry = stored(page)["items"]["ex-numeric"]
    assert entry["response"] == {"value": 60, "unit": "mg"} and entry["status"] == "correct"
    page.keyboard.press("Enter")  # Try again (practice)
    typed_answer(page, section, "150MG")
    assert "Unsafe answer." in feedback(section) and "Your answer: 150 mg" in feedback(section)
    page.keyboard.press("Enter")
    typed_answer(page, section, " 60microgram ")
    assert "Not correct: check the unit." in feedback(section)
    # a typed unit and a chosen one that disagree: the learner is asked to make them agree
    page.keyboard.press("Enter")
    choose_in_select(page, section.locator("select"), "microgram")
    typed_answer(page, section, "60 mg")
    assert error.inner_text() == "You typed mg but chose microgram as the unit: change one so they agree."


def test_answered_states_pass_axe(page, fixture_url):
    page.goto(fixture_url + QUESTIONS)
    single, multiple = item(page, "ex-single"), item(page, "ex-multiple")
    choose_radio(page, single, "b")
    check_answer(page, single)
    show_question(page, "ex-multiple")
    tick(page, multiple, ["a", "c"])
    check_answer(page, multiple)
    numeric = item(page, "ex-numeric")
    show_question(page, "ex-numeric")
    type_number(page, numeric, "150", "microgram")
    check_answer(page, numeric)
    matching = item(page, "ex-matching")
    show_question(page, "ex-matching")
    choose_in_select(page, matching.locator("select").nth(0), "c1")
    choose_in_select(page, matching.locator("select").nth(1), "c3")
    check_answer(page, matching)
    # one question at a time: each answered state checked while it is shown
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for item_id in ("ex-single", "ex-multiple", "ex-numeric", "ex-matching"):
            show_question(page, item_id)
            assert violations(page) == [], (scheme, item_id)
