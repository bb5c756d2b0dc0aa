"""Answer-key versions in the learner's browser: each recorded answer keeps the version of the answer key
it was marked by (ItemBase.key_version), and an answer given before the course corrected a key is marked
again by the current key when the learner next opens the question, as the CPD lead's tools mark it."""

from __future__ import annotations

from grader.content.loader import load_course
from helpers.browser import answer_right_shown, item, show_question, violations
from helpers.site import FIXTURE_COURSE

QUESTIONS = "/modules/example/questions.html"
KEY = "mskcpd.record.v1"
CURRENT = next(i for i in load_course(FIXTURE_COURSE).module("example").bank.items if i.id == "ex-single").key_version()


def entry(page) -> dict:
    return page.evaluate(f"JSON.parse(localStorage.getItem('{KEY}')).items['ex-single']")


def rewrite(page, **values) -> None:
    page.evaluate(
        """([key, values]) => { const r = JSON.parse(localStorage.getItem(key));
        Object.assign(r.items['ex-single'], values); localStorage.setItem(key, JSON.stringify(r)); }""",
        [KEY, values],
    )


def test_an_answer_keeps_its_key_version_and_is_marked_again_after_a_key_change(page, fixture_url):
    page.goto(fixture_url + QUESTIONS)
    answer_right_shown(page, "ex-single")
    first = entry(page)
    assert first["key"] == CURRENT and first["score"] == 1

    # as if answered before the course corrected the key: the same answer was then marked wrong
    rewrite(page, key="0000000000", score=0, status="incorrect")
    page.reload()
    show_question(page, "ex-single")
    note = item(page, "ex-single").locator(".mskcpd-rescored")
    assert "marked again" in note.inner_text() and "is now 100% (it was 0%)" in note.inner_text()
    after = entry(page)
    assert (after["score"], after["status"], after["key"]) == (1, "correct", CURRENT)
    assert (after["response"], after["at"]) == (first["response"], first["at"]), "what and when are kept"
    assert after["rescored"]["score"] == 0
    assert violations(page) == []

    # a key change that does not change this answer's mark: the version is updated, nothing is said
    rewrite(page, key="1111111111")
    page.reload()
    show_question(page, "ex-single")
    assert item(page, "ex-single").locator(".mskcpd-rescored").count() == 0
    assert entry(page)["key"] == CURRENT
