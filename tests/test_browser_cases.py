"""Case studies in Chromium, by keyboard: details asked once, stages revealed in
turn, a branching consultation, a written answer, and the submission download."""

from __future__ import annotations

import ast
import json

import pytest

from grader.content.loader import load_course
from grader.formats.notebook import answer_variable, case_digest
from helpers.browser import (
    check_answer,
    choose_in_select,
    choose_radio,
    converse,
    feedback,
    fill_details,
    item,
    opened,
    tab_to,
)
from helpers.site import FIXTURE_COURSE

pytestmark = pytest.mark.browser
CASE = "/case-studies/example-case.html"


def test_case_by_keyboard_to_a_submission(page, fixture_url, tmp_path):
    page.goto(fixture_url + CASE)
    stages = page.locator(".mskcpd-stage")
    assert stages.nth(0).is_hidden(), "stages wait for the learner's details"
    fill_details(page, "physiotherapist")
    assert stages.nth(0).is_visible() and stages.nth(1).is_hidden()
    assert item(page, "case-dose").is_hidden(), "the dose calculation is for prescribers"
    assert item(page, "case-talk").locator("h3").inner_text() == "Question 2 of 3", (
        "numbers count only the questions shown"
    )

    single = item(page, "case-single")
    choose_radio(page, single, "a")
    check_answer(page, single)
    assert "Correct." in feedback(single)
    cont = page.locator("[data-role=continue]").first
    tab_to(page, cont)
    page.keyboard.press("Enter")
    assert stages.nth(1).is_visible()
    assert page.evaluate("document.activeElement.id") == "stage-second", "focus moves to the new part"

    talk = item(page, "case-talk")
    converse(page, talk, ["dismiss", "repair", "leave"])
    text = feedback(talk)
    assert "Not correct." in text  # dismissive (-1) + asked about mood after the repair (+1) = 0 of 2
    assert "Was dismissive: \u2718 Wrong You did this, and it can harm." in text
    log = talk.locator("[data-role=conversation]").inner_text()
    assert "Sam says: I just feel fed up." in log and "You say: Everyone feels fed up." in log
    assert "Sam says: Right. Maybe I shouldn't have said anything." in log, "a dismissive choice gets its own answer"

    reflect = item(page, "case-reflect")
    tab_to(page, reflect.locator("textarea"))
    page.keyboard.type("Low mood discussed. Review in two weeks.")
    check_answer(page, reflect)
    assert "provisional score" in feedback(reflect)

    with page.expect_download() as download:
        tab_to(page, page.locator("[data-role=download]"))
        page.keyboard.press("Enter")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "example-case-alex-example.ipynb"
    notebook = json.loads(path.read_text())
    meta = notebook["metadata"]["mskcpd"]
    case = load_course(FIXTURE_COURSE).case("example-case").case
    assert meta["case"] == "example-case" and meta["case_digest"] == case_digest(case)
    assert meta["learner"] == {
        "name": "Alex Example",
        "email": "alex.example@nhs.net",
        "registration": "GMC 1234567",
        "profession": "physiotherapist",
    }
    assert meta["question_set"] == ["case-single", "case-talk", "case-reflect"]
    answers = {}
    for cell in notebook["cells"]:
        grade_id = cell["metadata"]["nbgrader"]["grade_id"]
        if grade_id.startswith("answer-"):
            tree = ast.parse(cell["source"])
            assert len(tree.body) == 1 and isinstance(tree.body[0], ast.Assign)
            assert tree.body[0].targets[0].id == answer_variable(grade_id[len("answer-") :])
            answers[grade_id] = ast.literal_eval(tree.body[0].value)
    assert answers == {
        "answer-case-single": "a",
        "answer-case-dose": None,
        "answer-case-talk": ["dismiss", "repair", "leave"],
        "answer-case-reflect": "Low mood discussed. Review in two weeks.",
    }


def test_prescribers_see_the_dose_question_and_details_are_asked_once(page, fixture_url):
    page.goto(fixture_url + CASE)
    fill_details(page, "pharmacist")
    assert item(page, "case-dose").is_visible()
    page.reload()
    assert page.locator(".mskcpd-stage").nth(0).is_visible(), "details are remembered"
    assert page.locator("#mskcpd-learner-email").input_value() == "alex.example@nhs.net"


PARTS_SHOWN = """() => [...document.querySelectorAll('.mskcpd-case > .mskcpd-stage, .mskcpd-case > .mskcpd-submit')]
  .map(e => getComputedStyle(e).display !== 'none')"""


def test_a_case_s_parts_are_left_out_of_the_page_until_its_script_shows_the_ones_reached(browser, fixture_url):
    """Until cases.js sets the case up, its parts (most of a case page) are not styled or laid out, so the
    theme's start-up restyles a page the size of a lesson; the learner form shows from the start. Without
    JavaScript every part stays on the page, and once set up a learner sees the parts they have reached."""
    with opened(browser, fixture_url + CASE, own_scripts=False) as page:
        assert page.locator(".mskcpd-case:not([data-ready])").count() == 1
        assert page.evaluate(PARTS_SHOWN) == [False] * 3  # two parts and the "send to your CPD lead" section
        assert page.locator("#mskcpd-learner-name").is_visible()
    with opened(browser, fixture_url + CASE, javascript=False) as page:
        assert page.evaluate(PARTS_SHOWN) == [True] * 3
    with opened(browser, fixture_url + CASE) as page:
        fill_details(page, "physiotherapist")
        page.reload()
        assert page.locator(".mskcpd-case[data-ready=true]").count() == 1
        assert page.evaluate(PARTS_SHOWN) == [True, False, False]  # the first part, reached once the details are in


def test_learner_details_are_validated(page, fixture_url):
    page.goto(fixture_url + CASE)
    choose_in_select(page, page.locator("#mskcpd-learner-profession"), "nurse")
    tab_to(page, page.locator("#mskcpd-learner-name"))
    page.keyboard.type("Sam")
    page.keyboard.press("Tab")
    page.keyboard.type("not-an-email")
    page.keyboard.press("Enter")
    assert "Enter a work email address" in page.locator("[data-role=learner-error]").inner_text()
    assert page.locator(".mskcpd-stage").nth(0).is_hidden()


def test_model_answers_only_in_their_own_scripts_and_facilitation_never_in_the_trainee_site(course_site):
    """Model answers are shown to a learner once they have submitted a written answer: they live
    in mskcpd/model-answers/<case>.js, which the case page loads only then, and in no page, no
    search index, no bundle. Facilitation prompts never reach the site."""
    from helpers.site import ROOT

    course = load_course(ROOT)
    assert course.cases, "the course has case studies"
    answers = {c.case.id: [i.model_answer for i in c.case.items() if i.type == "free_text"] for c in course.cases}
    prompts = [p for c in course.cases for p in c.case.facilitation.discussion_prompts]
    own = {course_site / "mskcpd" / "model-answers" / f"{case}.js" for case, texts in answers.items() if texts}
    assert own and all(path.is_file() for path in own)
    for path in course_site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".js", ".json"}:
            text = path.read_text(encoding="utf-8", errors="ignore")
            for secret in prompts:
                assert secret not in text, f"{secret!r} leaked into {path}"
            for case, texts in answers.items():
                if path == course_site / "mskcpd" / "model-answers" / f"{case}.js":
                    continue
                for secret in texts:
                    # the script holds them as JSON: the text's first words are enough to find a leak
                    assert secret[:60] not in text, f"{secret[:60]!r} leaked into {path}"
