"""Forget me on this computer: a learner leaving a shared computer clears everything the course
kept in this browser, by keyboard, in Chromium; another site's storage on the same host stays."""

from __future__ import annotations

import pytest

from helpers.browser import (
    answer_right,
    answer_right_shown,
    choose_in_select,
    feedback,
    is_focused,
    item,
    stored,
    tab_to,
    violations,
)

pytestmark = pytest.mark.browser
QUESTIONS = "/modules/example/questions.html"
RECORD_PAGE = "/my-cpd-record.html"
FORGOTTEN = "Everything this course stored on this computer has been removed."
# another site served from the same host keeps its own storage
FOREIGN_SETUP = """() => {
  localStorage.setItem('another-site.settings', 'keep me');
  sessionStorage.setItem('another-site.tab', 'keep me too');
}"""
ALL_KEYS = "() => ({ local: Object.keys(localStorage).sort(), session: Object.keys(sessionStorage).sort() })"


def course_keys(page) -> list[str]:
    """Every storage key this course writes (its own prefix, and the theme's for this site)."""
    return page.evaluate(
        """() => {
          const site = (window.__md_scope ? window.__md_scope.pathname : '/') + '.__';
          const ours = k => k.startsWith('mskcpd.') || k.startsWith(site);
          return [...Object.keys(localStorage), ...Object.keys(sessionStorage)].filter(ours);
        }"""
    )


def learner_uses_the_course(page, fixture_url) -> None:
    """Answers on the fixture module, then name, profession and a reflection on My CPD record, by keyboard."""
    page.goto(fixture_url + QUESTIONS)
    page.evaluate(FOREIGN_SETUP)
    for item_id in ("ex-single", "ex-multiple", "ex-numeric"):
        answer_right_shown(page, item_id)
    assert page.locator(".mskcpd-progress progress").first.get_attribute("value") == "3"
    page.goto(fixture_url + RECORD_PAGE)
    tab_to(page, page.locator("#mskcpd-profile-name"))
    page.keyboard.type("Alex Example")
    choose_in_select(page, page.locator("#mskcpd-profile-profession"), "nurse")
    tab_to(page, page.locator("[data-role=reflections] textarea").first)
    page.keyboard.type("I will ask about mood at every review.")
    record = stored(page)
    assert len(record["items"]) == 3
    assert record["learner"]["name"] == "Alex Example" and record["learner"]["profession"] == "nurse"
    assert list(record["reflections"].values())[0]["text"] == "I will ask about mood at every review."


def open_dialog(page):
    button = page.locator("[data-role=forget-open]")
    tab_to(page, button)
    page.keyboard.press("Enter")
    dialog = page.locator("[data-role=forget-dialog]")
    assert dialog.evaluate("d => d.open && d.matches(':modal')")
    assert dialog.evaluate("d => d.contains(document.activeElement)"), "focus moves into the dialog"
    return button, dialog


def test_forget_me_by_keyboard_clears_the_course_and_keeps_other_sites(page, fixture_url):
    learner_uses_the_course(page, fixture_url)
    section = page.locator("#forget")
    assert section.locator("#mskcpd-forget-title").inner_text() == "Forget me on this computer"
    assert "export your record first" in section.inner_text()
    before = stored(page)

    # Cancel: nothing removed, focus back on the button
    button, dialog = open_dialog(page)
    assert page.locator("#mskcpd-forget-dialog-title").inner_text() == "Forget everything on this computer?"
    assert dialog.get_attribute("aria-labelledby") == "mskcpd-forget-dialog-title"
    assert dialog.locator("[data-role=forget-unexported]").is_visible(), "not exported yet: the dialog says so"
    assert "You have not exported your record during this visit." in dialog.inner_text()
    assert dialog.locator("[data-role=forget-export]").is_visible()
    assert violations(page) == []
    cancel = dialog.locator("[data-role=forget-cancel]")
    tab_to(page, cancel)
    page.keyboard.press("Enter")
    assert not dialog.evaluate("d => d.open")
    assert is_focused(button)
    assert stored(page) == before
    assert page.locator("#mskcpd-profile-name").input_value() == "Alex Example"

    # Yes, forget me
    page.keyboard.press("Enter")
    assert dialog.evaluate("d => d.open")
    tab_to(page, dialog.locator("[data-role=forget-confirm]"))
    page.keyboard.press("Enter")
    assert not dialog.evaluate("d => d.open")
    status = page.locator("[data-role=forget-status]")
    assert status.get_attribute("role") == "status"
    assert status.inner_text() == FORGOTTEN
    assert is_focused(status), "focus moves to the message"
    assert course_keys(page) == []
    keys = page.evaluate(ALL_KEYS)
    assert keys == {"local": ["another-site.settings"], "session": ["another-site.tab"]}
    assert page.evaluate("localStorage.getItem('another-site.settings')") == "keep me"
    # the record page's widgets show an empty record
    assert page.locator(".mskcpd-record-table tbody td").nth(0).inner_text() == "Not started"
    assert page.locator(".mskcpd-record-table tbody td").nth(1).inner_text().startswith("0 of ")
    assert page.locator("#mskcpd-profile-name").input_value() == ""
    assert page.locator("#mskcpd-profile-profession").input_value() == ""
    assert page.locator("[data-role=reflections] textarea").first.input_value() == ""
    assert "Your name goes here" in page.locator("[data-role=certificate]").inner_text()
    assert violations(page) == []

    # the questions page, loaded again: fresh widgets, no progress
    page.goto(fixture_url + QUESTIONS)
    single = item(page, "ex-single")
    assert not single.locator("input[value='a']").is_checked()
    assert feedback(single) == ""
    assert single.locator("[data-role=check]").is_visible()
    bar = page.locator(".mskcpd-progress progress").first
    assert bar.get_attribute("value") == "0"
    assert "0 of " in page.locator(".mskcpd-progress").first.inner_text()
    assert page.evaluate("localStorage.getItem('another-site.settings')") == "keep me"


def test_escape_cancels_and_nothing_is_removed(page, fixture_url):
    page.goto(fixture_url + QUESTIONS)
    answer_right(page, "ex-single")
    page.goto(fixture_url + RECORD_PAGE)
    before = stored(page)
    assert before["items"]
    button, dialog = open_dialog(page)
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    assert is_focused(button)
    assert stored(page) == before
    assert page.locator("[data-role=forget-status]").inner_text() == ""
    assert page.locator(".mskcpd-record-table tbody td").nth(1).inner_text().startswith("1 of ")


def test_the_dialog_offers_the_export_until_the_learner_has_exported(page, fixture_url, tmp_path):
    page.goto(fixture_url + QUESTIONS)
    answer_right(page, "ex-single")
    page.goto(fixture_url + RECORD_PAGE + "#forget")  # where other pages link to
    assert page.locator("#forget").count() == 1
    _, dialog = open_dialog(page)
    export = dialog.locator("[data-role=forget-export]")
    assert export.is_visible()
    with page.expect_download() as download:
        tab_to(page, export)
        page.keyboard.press("Enter")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name.startswith("my-cpd-record-") and '"ex-single"' in path.read_text()
    assert "Your record was exported as " + path.name in dialog.inner_text()
    assert dialog.evaluate("d => d.open"), "exporting does not close the dialog"
    page.keyboard.press("Escape")
    # exported in this visit: the dialog no longer asks
    page.keyboard.press("Enter")
    assert dialog.evaluate("d => d.open")
    assert not dialog.locator("[data-role=forget-unexported]").is_visible()
    assert not export.is_visible()
