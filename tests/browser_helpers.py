"""Keyboard-only helpers for the browser tests: reach things with Tab, act with keys."""

from __future__ import annotations


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
