"""Keyboard-only helpers for the browser tests: reach things with Tab, act with keys."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from axe_playwright_python.sync_playwright import Axe

RECORD_KEY = "mskcpd.record.v1"
# the fixture module's questions
ITEMS = ["ex-single", "ex-multiple", "ex-numeric", "ex-ordering", "ex-matching", "ex-short-answer"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE = Axe()


@contextmanager
def opened(browser, url: str, *, own_scripts: bool = True, javascript: bool = True, **options) -> Iterator:
    """A page at `url` in a browser context of its own: with the course's own scripts blocked (own_scripts=False,
    the theme's still run) or with no JavaScript at all (javascript=False)."""
    context = browser.new_context(java_script_enabled=javascript, service_workers="block", **options)
    if not own_scripts:
        context.route("**/mskcpd/*.js", lambda route: route.abort())
    try:
        page = context.new_page()
        page.goto(url)
        yield page
    finally:
        context.close()


def is_focused(locator) -> bool:
    return locator.evaluate("e => e === document.activeElement")


def tab_to(page, locator, limit: int = 120) -> None:
    """Press Tab until `locator` has focus; fails if it is not in the tab order."""
    for _ in range(limit):
        if is_focused(locator):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"could not reach {locator} with the Tab key")


def item(page, item_id: str):
    return page.locator(f"section[data-item-id='{item_id}']")


def press_until(page, key: str, done, limit: int = 20) -> None:
    for _ in range(limit):
        if done():
            return
        page.keyboard.press(key)
    assert done(), f"pressing {key} did not get there"


def choose_radio(page, section, option_id: str) -> None:
    tab_to(page, section.locator("input").first)
    page.keyboard.press("Space")
    press_until(page, "ArrowDown", lambda: section.locator(f"input[value='{option_id}']").is_checked())


def tick(page, section, option_ids) -> None:
    for option_id in option_ids:
        tab_to(page, section.locator(f"input[value='{option_id}']"))
        page.keyboard.press("Space")


def choose_in_select(page, select, value: str) -> None:
    tab_to(page, select)
    press_until(page, "ArrowDown", lambda: select.input_value() == value)


def type_number(page, section, value: str, unit: str | None = None) -> None:
    tab_to(page, section.locator("input[type=text]"))
    page.keyboard.type(value)
    if unit is not None:
        choose_in_select(page, section.locator("select"), unit)


def order(page, section, answer: list[str]) -> None:
    """Move rows into `answer` order with the Move up buttons, by keyboard."""
    for target, option_id in enumerate(answer):
        row = section.locator(f"li[data-option-id='{option_id}']")
        button = row.locator("button[data-move='up']")
        tab_to(page, button)
        while current_order(section).index(option_id) > target:
            page.keyboard.press("Enter")


def current_order(section) -> list[str]:
    return section.locator("li[data-option-id]").evaluate_all("rows => rows.map(r => r.dataset.optionId)")


def check_answer(page, section) -> None:
    tab_to(page, section.locator("[data-role=check]"))
    page.keyboard.press("Enter")


def feedback(section) -> str:
    return section.locator("[data-role=feedback]").inner_text()


def settled(page, limit_ms: int = 2000) -> None:
    """Wait for the page's running CSS transitions and animations to finish (at most `limit_ms`)."""
    page.evaluate(
        "limit => Promise.race([Promise.all(document.getAnimations().map(a => a.finished.catch(() => null))),"
        " new Promise(r => setTimeout(r, limit))])",
        limit_ms,
    )


def violations(page) -> list[str]:
    # let running CSS transitions (a button's focus colours) settle: axe measures colours as they are now,
    # and a colour half-way through a 250 ms transition is not what anyone reads
    settled(page)
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    return [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]
    ]


def stored(page) -> dict:
    return page.evaluate(f"JSON.parse(localStorage.getItem('{RECORD_KEY}'))")


def answer_right(page, item_id: str) -> None:
    """The right answer to a fixture question, by keyboard."""
    section = item(page, item_id)
    if item_id == "ex-single":
        choose_radio(page, section, "a")
    elif item_id == "ex-multiple":
        tick(page, section, ["a", "b"])
    elif item_id == "ex-numeric":
        type_number(page, section, "60", "mg")
    elif item_id == "ex-ordering":
        order(page, section, ["first", "second", "third"])
    elif item_id == "ex-matching":
        choose_in_select(page, section.locator("select").nth(0), "c1")
        choose_in_select(page, section.locator("select").nth(1), "c2")
    elif item_id == "ex-short-answer":
        type_text(page, section, "phq 9")
    check_answer(page, section)


def type_text(page, section, text: str) -> None:
    """A short answer typed into its box, reached by Tab."""
    box = section.locator("input[type=text]")
    tab_to(page, box)
    page.keyboard.type(text)


def answer_everything(page) -> None:
    """Single right, multiple half right, numeric unsafe, ordering right, matching right, short answer right."""
    single = item(page, "ex-single")
    choose_radio(page, single, "a")
    check_answer(page, single)
    multiple = item(page, "ex-multiple")
    tick(page, multiple, ["a"])
    check_answer(page, multiple)
    numeric = item(page, "ex-numeric")
    type_number(page, numeric, "120", "mg")
    check_answer(page, numeric)
    ordering = item(page, "ex-ordering")
    order(page, ordering, ["first", "second", "third"])
    check_answer(page, ordering)
    matching = item(page, "ex-matching")
    choose_in_select(page, matching.locator("select").nth(0), "c1")
    choose_in_select(page, matching.locator("select").nth(1), "c2")
    check_answer(page, matching)
    short = item(page, "ex-short-answer")
    type_text(page, short, "PHQ-9")
    check_answer(page, short)


def fill_details(page, profession: str) -> None:
    """The learner's details on a case study, by keyboard."""
    choose_in_select(page, page.locator("#mskcpd-learner-profession"), profession)
    tab_to(page, page.locator("#mskcpd-learner-name"))
    page.keyboard.type("Alex Example")
    page.keyboard.press("Tab")
    page.keyboard.type("alex.example@nhs.net")
    page.keyboard.press("Tab")
    page.keyboard.type("GMC 1234567")
    page.keyboard.press("Enter")  # submits the form


def converse(page, section, choices: list[str]) -> None:
    """A branching consultation: each choice made and checked in turn."""
    for choice in choices:
        choose_radio(page, section, choice)
        check_answer(page, section)


# --- module-flow: a module's questions page shows one question at a time (pager.js), with a question
# navigator, Previous/Next and a results screen when the last question is answered ---------------------------
def shift_tab_to(page, locator, limit: int = 300) -> None:
    """Press Shift+Tab until `locator` has focus; fails if it is not in the tab order."""
    press_until(page, "Shift+Tab", lambda: is_focused(locator), limit)


def navigator_link(page, item_id: str):
    """A question's link in the question navigator ("results" for the results screen)."""
    return page.locator(f"[data-role=pager-nav] a[data-target='{item_id}']")


def show_question(page, item_id: str) -> None:
    """Bring a question of a paged questions page on screen as a learner would: its link in the question
    navigator (above the question shown), reached with Shift+Tab and followed with Enter. Nothing to do when
    it is already shown (or the page is not paged)."""
    section = item(page, item_id)
    if section.is_visible():
        return
    shift_tab_to(page, navigator_link(page, item_id))
    page.keyboard.press("Enter")
    assert section.is_visible(), f"question {item_id} is not shown"


def answer_everything_in_turn(page) -> None:
    """answer_everything on a paged questions page: each question shown in turn from the navigator, then
    the same answers (75% in all; the last answer opens the results screen)."""
    for item_id in ITEMS:
        show_question(page, item_id)
        section = item(page, item_id)
        if item_id == "ex-single":
            choose_radio(page, section, "a")
        elif item_id == "ex-multiple":
            tick(page, section, ["a"])
        elif item_id == "ex-numeric":
            type_number(page, section, "120", "mg")
        elif item_id == "ex-ordering":
            order(page, section, ["first", "second", "third"])
        elif item_id == "ex-matching":
            choose_in_select(page, section.locator("select").nth(0), "c1")
            choose_in_select(page, section.locator("select").nth(1), "c2")
        else:
            type_text(page, section, "PHQ-9")
        check_answer(page, section)


def answer_right_shown(page, item_id: str) -> None:
    """answer_right on a paged questions page: the question shown first."""
    show_question(page, item_id)
    answer_right(page, item_id)


def confirm_fresh_attempt(page) -> None:
    """On the results screen: Start a fresh attempt, then confirm in its dialog (focus starts on Cancel)."""
    tab_to(page, page.locator("[data-role=restart]"))
    page.keyboard.press("Enter")
    dialog = page.locator("[data-role=restart-dialog]")
    assert dialog.evaluate("d => d.open")
    assert is_focused(dialog.locator("[data-role=restart-cancel]"))
    shift_tab_to(page, dialog.locator("[data-role=restart-confirm]"))
    page.keyboard.press("Enter")
