"""Spaced reviews, confidence ratings and reflections, in Chromium with a controlled clock, by keyboard."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from grader.content.loader import load_course
from grader.site import render
from helpers.browser import (
    ITEMS,
    answer_right,
    answer_right_shown,
    check_answer,
    choose_in_select,
    choose_radio,
    feedback,
    item,
    press_until,
    stored,
    tab_to,
    violations,
)

pytestmark = pytest.mark.browser
QUESTIONS = "/modules/example/questions.html"
REVIEW = "/modules/example/review.html"
START = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
DAY_MS = 24 * 60 * 60 * 1000
FIXTURE = Path(__file__).parent / "fixtures" / "course"


def complete_module_with_one_wrong(page, fixture_url) -> None:
    """ex-single wrong, the rest right: 5 / 6, above the pass mark of 80%."""
    page.goto(fixture_url + QUESTIONS)
    single = item(page, "ex-single")
    choose_radio(page, single, "b")
    check_answer(page, single)
    for item_id in ITEMS[1:]:
        answer_right_shown(page, item_id)
    assert "Completed" in page.locator(".mskcpd-progress").first.inner_text()


def rate(page, box, value: int) -> None:
    """Choose a confidence rating with the keyboard: Tab into the radio group, Space, then arrows."""
    tab_to(page, box.locator("input[type=radio]").first)
    page.keyboard.press("Space")
    press_until(page, "ArrowDown", lambda: box.locator(f"input[value='{value}']").is_checked())


def visible_review_items(page) -> list[str]:
    return page.locator(".mskcpd-review-item:not([hidden])").evaluate_all("els => els.map(e => e.dataset.itemId)")


def read_ics(page, tmp_path) -> str:
    button = page.locator("[data-role=review-calendar]")
    with page.expect_download() as download:
        tab_to(page, button)
        page.keyboard.press("Enter")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "msk-cpd-review-dates.ics"
    return path.read_bytes().decode("utf-8")


def unfolded_lines(raw: str) -> list[str]:
    assert raw.endswith("\r\n") and "\n" not in raw.replace("\r\n", ""), "every line must end in CRLF"
    lines = raw.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in lines), "lines are folded at 75 octets"
    out: list[str] = []
    for line in lines:
        if line.startswith(" "):
            out[-1] += line[1:]
        else:
            out.append(line)
    return out


def test_review_falls_due_is_done_by_keyboard_and_the_next_is_scheduled(page, fixture_url, tmp_path):
    import icalendar

    page.clock.install(time=START)
    complete_module_with_one_wrong(page, fixture_url)
    first_record = stored(page)["items"]

    # the home page: nothing due yet, the first review in 2 days
    page.goto(fixture_url + "/index.html")
    reviews = page.locator("[data-role=reviews-due]")
    assert "No reviews are due today." in reviews.inner_text()
    assert "Module 1: An example module: review 1 of 3 on 3 December 2026 (in 2 days)" in reviews.inner_text()

    # two days later the review is due; reach it from the home page by keyboard
    page.clock.fast_forward(2 * DAY_MS)
    page.goto(fixture_url + "/index.html")
    link = reviews.locator("a", has_text="review 1 of 3")
    assert "(due today)" in reviews.inner_text()
    assert violations(page) == []
    tab_to(page, link)
    page.keyboard.press("Enter")
    page.wait_for_url("**" + REVIEW)
    page.wait_for_selector("[data-review-module][data-ready=true]")
    assert "Review 1 of 3 is due" in page.locator("[data-role=review-status]").inner_text()

    # 5 of the 6 questions (one is always left out), the one answered wrongly first among them
    drawn = visible_review_items(page)
    assert len(drawn) == 5 and "ex-single" in drawn
    headings = [item(page, i).locator("h3").inner_text() for i in drawn]
    assert headings == [f"Review question {n} of 5" for n in range(1, 6)]
    assert violations(page) == []
    for item_id in drawn:
        answer_right(page, item_id)
        text = feedback(item(page, item_id))
        assert "Review score for this question: 100%. Reviews never change your recorded score for the module." in text
    result = page.locator("[data-role=review-result]")
    assert result.get_attribute("aria-live") == "polite"
    assert "Review 1 of 3 done: you scored 100%." in result.inner_text()
    assert "Review 2 of 3 falls due on 10 December 2026, in 7 days." in result.inner_text()
    assert violations(page) == []

    # a practice attempt after the review changes nothing
    page.keyboard.press("Enter")  # focus is on the last question's Try again button
    last = item(page, drawn[-1])
    assert not last.locator("fieldset").is_disabled()

    # the first-answer record is untouched; the review sits beside it
    record = stored(page)
    assert record["items"] == first_record
    assert record["items"]["ex-single"]["score"] == 0
    done = record["reviews"]["example"]["done"]["1"]
    assert done["score"] == 1 and sorted(done["items"]) == sorted(drawn) and done["at"].startswith("2026-12-03")
    assert "pending" not in record["reviews"]["example"]

    # the home page shows what is next, and the dates download as a calendar
    page.goto(fixture_url + "/index.html")
    assert "No reviews are due today." in reviews.inner_text()
    assert "review 2 of 3 on 10 December 2026 (in 7 days)" in reviews.inner_text()
    raw = read_ics(page, tmp_path)
    lines = unfolded_lines(raw)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    assert lines.count("BEGIN:VEVENT") == 2 and lines.count("END:VEVENT") == 2
    assert "DTSTART;VALUE=DATE:20261210" in lines and "DTSTART;VALUE=DATE:20270109" in lines
    assert [line[:19] for line in lines if line.startswith("DTSTAMP:")] == ["DTSTAMP:20261203T09"] * 2  # UTC, now
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(set(uids)) == 2 and all(uid.endswith(("-example-review-2", "-example-review-3")) for uid in uids)
    assert "SUMMARY:Review quiz 2 of 3: Module 1: An example module" in lines
    calendar = icalendar.Calendar.from_ical(raw)
    events = calendar.walk("VEVENT")
    assert [e.decoded("DTSTART") for e in events] == [dt.date(2026, 12, 10), dt.date(2027, 1, 9)]
    assert all(e.get("UID") and e.get("DTSTAMP") for e in events)
    assert (
        "Downloaded msk-cpd-review-dates.ics with 2 review dates."
        in page.locator("[data-role=calendar-status]").inner_text()
    )

    # the CPD record lists the review (date, module, score)
    page.goto(fixture_url + "/my-cpd-record.html")
    row = page.locator("[data-role=review-record] tbody tr").first
    assert row.locator("th").inner_text() == "Module 1: An example module"
    assert row.locator("td").all_inner_texts() == ["1 of 3", "3 December 2026", "100%"]
    assert "falls due on 10 December 2026" in page.locator("[data-role=review-next]").inner_text()

    # a week later review 2 is due, with a different set of questions
    page.clock.fast_forward(7 * DAY_MS)
    page.goto(fixture_url + REVIEW)
    page.wait_for_selector("[data-review-module][data-ready=true]")
    assert "Review 2 of 3 is due" in page.locator("[data-role=review-status]").inner_text()
    second = visible_review_items(page)
    assert len(second) == 5 and sorted(second) != sorted(drawn)


def test_review_page_before_completion_and_a_review_left_half_done(page, fixture_url):
    page.clock.install(time=START)
    page.goto(fixture_url + REVIEW)
    page.wait_for_selector("[data-review-module][data-ready=true]")
    assert "Reviews start when you complete this module" in page.locator("[data-role=review-status]").inner_text()
    assert visible_review_items(page) == []
    assert page.locator("[data-role=review-calendar-box]").is_hidden()

    complete_module_with_one_wrong(page, fixture_url)
    page.clock.fast_forward(3 * DAY_MS)  # a day late
    page.goto(fixture_url + REVIEW)
    page.wait_for_selector("[data-review-module][data-ready=true]")
    assert "(it fell due on 3 December 2026)" in page.locator("[data-role=review-status]").inner_text()
    drawn = visible_review_items(page)
    single = item(page, "ex-single")
    choose_radio(page, single, "b")  # wrong again
    check_answer(page, single)
    assert "Review score for this question: 0%" in feedback(single)
    # leave and come back: the same questions, the answer kept, the review not yet done
    page.reload()
    page.wait_for_selector("[data-review-module][data-ready=true]")
    assert visible_review_items(page) == drawn
    assert "Review score for this question: 0%" in feedback(item(page, "ex-single"))
    record = stored(page)
    assert record["reviews"]["example"]["pending"]["answers"]["ex-single"]["score"] == 0
    assert "1" not in record["reviews"]["example"].get("done", {})
    # a practice attempt does not change the review answer
    tab_to(page, item(page, "ex-single").locator("[data-role=retry]"))
    page.keyboard.press("Enter")
    choose_radio(page, item(page, "ex-single"), "a")
    check_answer(page, item(page, "ex-single"))
    assert "Practice attempt: your review score for this question stays at 0%." in feedback(item(page, "ex-single"))
    for item_id in drawn:
        if item_id != "ex-single":
            answer_right(page, item_id)
    assert "Review 1 of 3 done: you scored 80%." in page.locator("[data-role=review-result]").inner_text()  # 4 of 5
    # counted from the day the review was done (4 December), not the day it fell due
    assert "falls due on 11 December 2026" in page.locator("[data-role=review-result]").inner_text()


def seeded_record(learner_id: str, scores: dict[str, float], done: dict | None = None) -> dict:
    at = "2026-12-01T09:00:00.000Z"
    return {
        "format": "mskcpd-record",
        "version": 1,
        "learner": {"id": learner_id, "created": at},
        "items": {
            i: {"module": "example", "response": None, "score": s, "status": "x", "at": at, "practice": 0}
            for i, s in scores.items()
        },
        "modules": {"example": {"started": at, "completed": at}},
        "reviews": {"example": {"done": done or {}}},
    }


def left_one_out(n: int) -> list[str]:
    return [i for j, i in enumerate(ITEMS) if j != n % len(ITEMS)]


def test_draws_wrong_questions_first_and_never_the_same_set_twice_in_a_row(page, fixture_url):
    page.goto(fixture_url + "/index.html")
    results = page.evaluate(
        """(records) => records.map(r => {
            localStorage.setItem('mskcpd.record.v1', JSON.stringify(r.record));
            const module = MSKCPD.store.catalogue().modules[0];
            return MSKCPD.reviews.draw(MSKCPD.store.load(), module, r.slot);
        })""",
        [
            *(
                {
                    "slot": 1,
                    "record": seeded_record(
                        f"learner-{n}",
                        {"ex-single": 0, "ex-ordering": 2 / 3, "ex-multiple": 1, "ex-numeric": 1, "ex-matching": 1},
                    ),
                }
                for n in range(20)
            ),
            # review 2 after a review 1 of five questions all right: any draw would do, but not the same five
            *(
                {
                    "slot": 2,
                    "record": seeded_record(
                        f"learner-{n}",
                        dict.fromkeys(ITEMS, 1),
                        {"1": {"at": "2026-12-03T09:00:00.000Z", "score": 1, "items": left_one_out(n), "answers": {}}},
                    ),
                }
                for n in range(40)
            ),
        ],
    )
    for drawn in results[:20]:
        assert len(drawn) == 5 and {"ex-single", "ex-ordering"} <= set(drawn)
        assert drawn == [i for i in ITEMS if i in drawn], "shown in the bank's order"
    for n, drawn in enumerate(results[20:]):
        previous = left_one_out(n)
        assert len(drawn) == 5 and set(drawn) != set(previous)
    # a question wrong at first but right in the latest review no longer comes first
    latest = page.evaluate(
        """(record) => { localStorage.setItem('mskcpd.record.v1', JSON.stringify(record));
            return MSKCPD.reviews.draw(MSKCPD.store.load(), MSKCPD.store.catalogue().modules[0], 2); }""",
        seeded_record(
            "learner-x",
            {"ex-single": 0, **dict.fromkeys(ITEMS[1:], 1)},
            {
                "1": {
                    "at": "2026-12-03T09:00:00.000Z",
                    "score": 0.75,
                    "items": ITEMS[:4],
                    "answers": {
                        "ex-single": {"score": 1},
                        "ex-multiple": {"score": 0},
                        "ex-numeric": {"score": 1},
                        "ex-ordering": {"score": 1},
                    },
                }
            },
        ),
    )
    assert "ex-multiple" in latest


def test_confidence_before_and_after_by_keyboard(page, fixture_url):
    page.goto(fixture_url + QUESTIONS)
    before = page.locator("[data-role=confidence][data-when=before]")
    after = page.locator("[data-role=confidence][data-when=after]")
    legend = before.locator("legend").inner_text()
    assert legend == "Before you start: how confident do you feel putting what this module teaches into practice?"
    assert after.locator("fieldset").is_hidden()
    assert "When you complete the module, you can rate your confidence again here" in after.inner_text()
    rate(page, before, 2)
    assert (
        "Saved in your CPD record: 2 out of 5 (slightly confident)."
        in before.locator("[data-role=confidence-status]").inner_text()
    )
    assert violations(page) == []
    # the first answer closes the "before" rating
    complete_module_with_one_wrong(page, fixture_url)
    assert before.locator("fieldset").is_hidden()
    assert "Before you started, you rated your confidence 2 out of 5 (slightly confident)." in before.inner_text()
    assert after.locator("fieldset").is_visible()
    assert "Before you started, you rated it 2 out of 5" in after.inner_text()
    rate(page, after, 4)
    confidence = stored(page)["modules"]["example"]["confidence"]
    assert confidence["before"]["value"] == 2 and confidence["after"]["value"] == 4
    assert violations(page) == []
    # it travels in the exported record
    exported = page.evaluate("MSKCPD.store.exportRecord()")
    assert exported["modules"]["example"]["confidence"]["after"]["value"] == 4
    page.reload()
    assert page.locator("[data-role=confidence][data-when=after] input[value='4']").is_checked()


def test_confidence_wording_comes_from_the_module(course_site):
    html = (course_site / "modules" / "mood-and-suicide-risk" / "questions.html").read_text()
    assert "Before you start: how confident do you feel asking someone directly about suicidal thoughts?" in html
    html = (course_site / "modules" / "opioids" / "questions.html").read_text()
    assert "how confident do you feel explaining an opioid taper?" in html


def test_reflection_with_profession_prompts_saved_as_you_type(page, fixture_url):
    page.goto(fixture_url + "/my-cpd-record.html")
    page.wait_for_selector("[data-role=record][data-ready=true]")
    reflection = page.locator(".mskcpd-reflection[data-module=example]")
    assert "choose your profession" in reflection.inner_text()
    profession = page.locator("#mskcpd-profile-profession")
    choose_in_select(page, profession, "nurse")
    assert (
        "The reflection prompts now fit your NMC reflective account."
        in page.locator("[data-role=profile-status]").inner_text()
    )
    assert "Prompts for your NMC reflective account" in reflection.inner_text()
    assert "How is this relevant to the Code?" in reflection.inner_text()
    assert "What will you do differently?" in reflection.inner_text()  # the module's own prompt
    area = reflection.locator("textarea")
    assert page.locator(f"label[for='{area.get_attribute('id')}']").inner_text() == "Your reflection on module 1"
    tab_to(page, area)
    page.keyboard.type("I will ask about mood at every review.")
    assert "saved in this browser" in reflection.locator("[data-role=reflection-status]").inner_text()
    assert stored(page)["reflections"]["example"]["text"] == "I will ask about mood at every review."
    assert stored(page)["learner"]["profession"] == "nurse"
    assert violations(page) == []
    page.reload()
    assert (
        page.locator(".mskcpd-reflection[data-module=example] textarea").input_value()
        == "I will ask about mood at every review."
    )
    # the same field as the case-study form: a pharmacist sees GPhC prompts
    choose_in_select(page, page.locator("#mskcpd-profile-profession"), "pharmacist")
    assert "Prompts for your GPhC CPD record" in page.locator(".mskcpd-reflection[data-module=example]").inner_text()


def test_import_merges_reviews_reflections_and_confidence(page, fixture_url, tmp_path):
    page.goto(fixture_url + "/my-cpd-record.html")
    page.wait_for_selector("[data-role=record][data-ready=true]")
    mine = seeded_record(
        "me",
        dict.fromkeys(ITEMS, 1),
        {"1": {"at": "2026-12-04T10:00:00.000Z", "score": 0.5, "items": ITEMS[:4], "answers": {}}},
    )
    mine["reflections"] = {"example": {"text": "newer here", "updated": "2026-12-10T10:00:00.000Z"}}
    mine["modules"]["example"]["confidence"] = {
        "before": {"value": 3, "at": "2026-12-01T08:00:00.000Z"},
        "after": {"value": 4, "at": "2026-12-09T10:00:00.000Z"},
    }
    page.evaluate("r => localStorage.setItem('mskcpd.record.v1', JSON.stringify(r))", mine)
    theirs = seeded_record(
        "them",
        dict.fromkeys(ITEMS, 1),
        {
            "1": {"at": "2026-12-03T10:00:00.000Z", "score": 1, "items": ITEMS[1:], "answers": {}},
            "2": {"at": "2026-12-10T10:00:00.000Z", "score": 0.75, "items": ITEMS[:4], "answers": {}},
        },
    )
    theirs["reflections"] = {
        "example": {"text": "older there", "updated": "2026-12-05T10:00:00.000Z"},
        "other": {"text": "kept", "updated": "2026-12-05T10:00:00.000Z"},
    }
    theirs["modules"]["example"]["confidence"] = {
        "before": {"value": 1, "at": "2026-12-01T07:00:00.000Z"},
        "after": {"value": 5, "at": "2026-12-11T10:00:00.000Z"},
    }
    path = tmp_path / "theirs.json"
    path.write_text(json.dumps(theirs))
    page.set_input_files("#mskcpd-import-file", str(path))
    status = page.locator("[data-role=record-status]")
    status.filter(has_text="Record imported").wait_for()
    assert "2 review result(s) added." in status.inner_text()
    record = stored(page)
    done = record["reviews"]["example"]["done"]
    assert done["1"]["at"] == "2026-12-03T10:00:00.000Z" and done["1"]["score"] == 1  # the earlier result for review 1
    assert done["2"]["score"] == 0.75
    assert record["reflections"]["example"]["text"] == "newer here" and record["reflections"]["other"]["text"] == "kept"
    confidence = record["modules"]["example"]["confidence"]
    assert confidence["before"]["value"] == 1 and confidence["after"]["value"] == 5
    assert page.locator(".mskcpd-reflection[data-module=example] textarea").input_value() == "newer here"

    # damaged extras are refused whole, naming what is wrong, and nothing changes
    theirs["reviews"]["example"]["done"]["3"] = {"at": "yesterday", "score": 2}
    path.write_text(json.dumps(theirs))
    page.set_input_files("#mskcpd-import-file", str(path))
    status.filter(has_text="Could not import").wait_for()
    assert "Review 3 of module example is damaged." in status.inner_text()
    assert stored(page) == record

    # an export from before reviews existed still imports
    old = seeded_record("old", {"ex-single": 1})
    del old["reviews"]
    path.write_text(json.dumps(old))
    page.set_input_files("#mskcpd-import-file", str(path))
    status.filter(has_text="0 new answer(s)").wait_for()
    assert stored(page)["reviews"] == record["reviews"]


# --- builder-independent: settings reach the catalogue, pages and plugin -------


def test_review_pages_and_catalogue_carry_the_settings():
    course = load_course(FIXTURE)
    settings = render.Settings(review_intervals=(1, 3), review_items=3, title="A course")
    cat = render.catalogue(course, settings)
    assert cat["review_intervals"] == [1, 3] and cat["review_items"] == 3 and cat["course_title"] == "A course"
    module = cat["modules"][0]
    assert module["review"] == "modules/example/review.html"
    assert module["reflection_prompts"] == ["What will you do differently?"]
    (page,) = render.review_pages(course, settings)
    assert page.src_uri == "modules/example/review.md"
    assert "a review of about 3 of its questions falls due 1 and 3 days apart: the first 1 day after" in " ".join(
        page.markdown.split()
    )
    assert module["pages"] == [
        {"path": "modules/example/index.html", "title": "Overview"},
        {"path": "modules/example/intro.html", "title": "Introduction"},
        {"path": "modules/example/questions.html", "title": "Check your learning"},
    ]
    html = page.slots["review"]
    wrappers = re.findall(r'<div class="mskcpd-review-item" data-item-id="([^"]+)"( hidden)?>', html)
    assert wrappers == [(i, " hidden") for i in ITEMS], "every question is there, hidden until drawn"


def test_plugin_reads_review_options_and_rejects_bad_ones(tmp_path):
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import PluginError

    from grader.site.plugin import CoursePlugin

    def configured(options):
        config = MkDocsConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
        (tmp_path / "docs").mkdir(exist_ok=True)
        config.load_dict({"site_name": "My course", "docs_dir": str(tmp_path / "docs")})
        config.validate()
        plugin = CoursePlugin()
        assert plugin.load_config({"content_root": str(FIXTURE), **options}) == ([], [])
        return plugin, config

    plugin, config = configured({"review_intervals": [3, 10], "review_items": 4})
    plugin.on_config(config)
    assert plugin.settings.review_intervals == (3, 10) and plugin.settings.review_items == 4
    assert plugin.settings.title == "My course"
    assert "modules/example/review.md" in plugin.pages
    plugin, config = configured({"review_intervals": [2, 0]})
    with pytest.raises(PluginError, match="review_intervals in mkdocs.yml must list whole days of 1 or more"):
        plugin.on_config(config)


def test_search_leaves_out_questions_and_keeps_the_teaching(course_site):
    """Search results show snippets: of a question, its options, right and wrong alike, out of context."""
    index = json.loads((course_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "modules/biopsychosocial/two-models.html" in locations  # a lesson
    assert not [loc for loc in locations if loc.endswith(("/review.html", "/questions.html"))]
    text = " ".join(doc["text"] + " " + doc["title"] for doc in index["docs"])
    assert "It treats persistent pain as mainly psychological once tests are normal." not in text  # a wrong option
    assert "Question 1 of" not in text
    case = [doc for doc in index["docs"] if doc["location"].startswith("case-studies/")]
    assert case, "case narratives are searchable"
    # the pages are still built, with their questions
    assert 'class="mskcpd-review-item"' in (course_site / "modules" / "biopsychosocial" / "review.html").read_text(
        encoding="utf-8"
    )
    assert "It treats persistent pain as mainly psychological" in (
        course_site / "modules" / "biopsychosocial" / "questions.html"
    ).read_text(encoding="utf-8")
