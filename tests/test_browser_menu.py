"""The theme's navigation drawer where it is a drawer (phones, tablets, a trust PC zoomed to 200%), by keyboard.

mkdocs-material's menu button is a <label> out of the tab order; its closed drawer's links took focus off the
screen's left edge, and in the open drawer a section's panel covers the list it came from, whose links kept taking
focus under it (WCAG 2.2 2.1.1 Keyboard, 2.4.7 Focus Visible, 2.4.11 Focus Not Obscured). The closed drawer is left
unrendered (mskcpd.css) and src/menu.js makes the menu button a button and the panels a drill-down menu: these
tests use them as a keyboard user would, and check that every place focus stops is on the screen, uncovered.
"""

from __future__ import annotations

import pytest

from helpers.browser import AXE, is_focused, opened, settled, tab_to, violations

pytestmark = pytest.mark.browser

PAGES = {
    "home": "index.html",
    "lesson": "modules/opioids/oral-morphine-equivalents.html",
    "questions": "modules/opioids/questions.html",
    "case study": "case-studies/high-dose-opioids-gabapentinoid.html",
    "my cpd record": "my-cpd-record.html",
}
PHONE = {"width": 412, "height": 823}
ZOOMED_TRUST_PC = {"width": 683, "height": 384}  # 1366x768 at 200%
MENU = "button.mskcpd-menu"
THEME_S_LABEL = "label.md-header__button[for='__drawer']"

# The focused element: its name, where it is, and whether it is on the screen and not under something else.
FOCUSED = r"""
() => {
  const e = document.activeElement;
  // the theme's colour scheme switch is a visually hidden radio button that shows its focus on the label after it
  const after = e.nextElementSibling && e.nextElementSibling.tagName === 'LABEL' ? [e.nextElementSibling] : [];
  const shown = [e, ...after].find(x => x.getBoundingClientRect().width > 0) || e;
  const r = shown.getBoundingClientRect();
  const onScreen = r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
                   && r.left < innerWidth && r.top < innerHeight;
  // what is drawn at its middle: itself, or something over it
  const drawn = onScreen && document.elementFromPoint(Math.min(r.left + r.width / 2, innerWidth - 1),
                                                      Math.min(r.top + r.height / 2, innerHeight - 1));
  const text = (e.getAttribute('aria-label') || e.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
  return { tag: e.tagName, text,
           inDrawer: !!e.closest('.md-sidebar--primary'), inContent: !!e.closest('.md-content'),
           inSearch: !!e.closest('.md-search'), onScreen, covered: onScreen && !shown.contains(drawn),
           left: Math.round(r.left), top: Math.round(r.top) };
}
"""


def drawer_open(page) -> bool:
    return page.evaluate("document.getElementById('__drawer').checked")


def focused(page) -> dict:
    # where it is once the theme's transitions have run (the drawer, its panels and the search box slide in)
    settled(page, 1000)
    return page.evaluate(FOCUSED)


def hidden_from_sight(stops: list[dict]) -> list[tuple]:
    return [(s["text"], s["left"], s["top"]) for s in stops if not s["onScreen"] or s["covered"]]


def stops_until(page, leaving, key: str = "Tab", limit: int = 60) -> list[dict]:
    """Each place focus stops as `key` is pressed, until `leaving(stop)`: the stops before that one."""
    stops = []
    for _ in range(limit):
        page.keyboard.press(key)
        stop = focused(page)
        if leaving(stop):
            return stops
        stops.append(stop)
    raise AssertionError(f"focus did not get there in {limit} presses of {key}: {[s['text'] for s in stops]}")


@pytest.mark.parametrize("viewport", [PHONE, ZOOMED_TRUST_PC], ids=["phone", "trust PC at 200%"])
@pytest.mark.parametrize("template", list(PAGES))
def test_tab_from_the_top_reaches_the_menu_button_and_nothing_off_the_screen(browser, course_url, template, viewport):
    with opened(browser, f"{course_url}/{PAGES[template]}", viewport=viewport) as page:
        page.wait_for_load_state("load")
        stops = stops_until(page, lambda stop: stop["inContent"])
        assert [s["text"] for s in stops if s["inDrawer"]] == []
        # (the theme's search box has its own focus handling, and is not what these tests are about)
        assert hidden_from_sight([s for s in stops if not s["inSearch"]]) == []
        assert {"tag": "BUTTON", "text": "Navigation"} in [{"tag": s["tag"], "text": s["text"]} for s in stops]
        back_up = stops_until(page, lambda stop: stop["text"] == "Skip to content", key="Shift+Tab")
        assert [s["text"] for s in back_up if s["inDrawer"]] == []


def test_the_menu_button_opens_and_closes_the_drawer_by_keyboard(browser, course_url):
    with opened(browser, f"{course_url}/index.html", viewport=PHONE) as page:
        page.wait_for_load_state("load")
        menu = page.locator(MENU)
        assert menu.get_attribute("aria-expanded") == "false" and page.locator(THEME_S_LABEL).count() == 0
        assert page.get_by_role("button", name="Navigation").count() == 1
        drawer = page.locator(f"#{menu.get_attribute('aria-controls')}")
        assert drawer.evaluate("e => e.classList.contains('md-sidebar--primary')")
        tab_to(page, menu)

        page.keyboard.press("Enter")
        assert drawer_open(page) and menu.get_attribute("aria-expanded") == "true"
        assert focused(page)["text"] == "Home" and focused(page)["inDrawer"]
        in_drawer = stops_until(page, lambda stop: not stop["inDrawer"])
        assert [s["text"] for s in in_drawer][:3] == ["How the course works", "Content note and support", "Modules"]
        assert hidden_from_sight(in_drawer) == []
        assert not drawer_open(page), "focus moving out of the drawer closes it"

        tab_to(page, menu)
        page.keyboard.press(" ")
        assert drawer_open(page) and focused(page)["inDrawer"]
        page.keyboard.press("Escape")
        assert not drawer_open(page) and menu.get_attribute("aria-expanded") == "false"
        assert is_focused(menu)

        # a link in the drawer, by keyboard, goes to its page
        page.keyboard.press("Enter")
        tab_to(page, page.locator(".md-sidebar--primary a[href='how-the-course-works.html']"))
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url.endswith("/how-the-course-works.html")


def test_the_drawer_s_sections_are_a_drill_down_menu_by_keyboard(browser, course_url):
    # on a module's page the drawer opens at the module's own panel, over the list of modules, over the main menu
    with opened(browser, f"{course_url}/{PAGES['lesson']}", viewport=PHONE) as page:
        page.wait_for_load_state("load")
        tab_to(page, page.locator(MENU))
        page.keyboard.press("Enter")
        assert focused(page)["text"] == "Overview"
        module = stops_until(page, lambda stop: not stop["inDrawer"])
        assert hidden_from_sight(module) == []
        assert [s["text"] for s in module][-1] == "Check your learning"
        assert "Modules" not in [s["text"] for s in module]  # the list under the panel is not reached

        tab_to(page, page.locator(MENU))
        page.keyboard.press("Enter")
        assert focused(page)["text"] == "Overview"
        page.keyboard.press("Shift+Tab")
        assert focused(page)["text"] == "Back to Modules" and not focused(page)["covered"]
        assert page.get_by_role("button", name="Back to Modules").count() == 1
        page.keyboard.press("Enter")
        # up a level: focus on the module's own entry in the list of modules, the main menu still covered
        assert focused(page)["text"].startswith("4. ") and focused(page)["onScreen"] and not focused(page)["covered"]
        modules = stops_until(page, lambda stop: not stop["inDrawer"])
        assert hidden_from_sight(modules) == [] and [s["text"][:2] for s in modules] == ["5."]
        tab_to(page, page.locator(MENU))
        page.keyboard.press("Enter")
        assert focused(page)["text"].startswith("1. ")  # the drawer opens where the learner left it
        page.keyboard.press("Shift+Tab")
        assert focused(page)["text"] == "Back to the main menu" and not focused(page)["covered"]
        page.keyboard.press(" ")
        assert focused(page)["text"] == "Modules" and not focused(page)["covered"]
        main = stops_until(page, lambda stop: not stop["inDrawer"])
        assert hidden_from_sight(main) == [] and "Case studies" in [s["text"] for s in main]

        # and down again: a section opened by keyboard shows its panel with focus on its first link
        tab_to(page, page.locator(MENU))
        page.keyboard.press("Enter")
        tab_to(
            page,
            page.get_by_role("link", name="Case studies")
            .or_(page.locator("label.md-nav__link", has_text="Case studies"))
            .first,
        )
        page.keyboard.press("Enter")
        stop = focused(page)
        assert stop["inDrawer"] and stop["onScreen"] and not stop["covered"] and stop["text"] != "Case studies"


def test_the_drawer_opened_by_touch_or_closed_by_the_theme_keeps_the_button_s_state(browser, course_url):
    with opened(browser, f"{course_url}/index.html", viewport=PHONE, has_touch=True, is_mobile=True) as page:
        page.wait_for_load_state("load")
        menu = page.locator(MENU)
        menu.tap()
        assert drawer_open(page) and menu.get_attribute("aria-expanded") == "true"
        page.wait_for_timeout(300)
        assert page.locator(".md-sidebar--primary a[href='my-cpd-record.html']").is_visible()
        page.touchscreen.tap(PHONE["width"] - 20, PHONE["height"] // 2)  # the shaded page beside the drawer
        assert not drawer_open(page) and menu.get_attribute("aria-expanded") == "false"
        # once it has slid shut its links are unrendered: out of the tab order and the accessibility tree
        page.wait_for_timeout(400)
        assert not page.locator(".md-sidebar--primary a[href='my-cpd-record.html']").evaluate(
            "a => a.checkVisibility()"
        )
        assert [s["text"] for s in stops_until(page, lambda stop: stop["inContent"]) if s["inDrawer"]] == []


def roles_not_allowed(page) -> list:
    """axe's aria-allowed-role (a best practice, not a WCAG rule, but one of Lighthouse's accessibility audits)."""
    results = AXE.run(page, options={"runOnly": {"type": "rule", "values": ["aria-allowed-role"]}})
    return [node["target"] for rule in results.response["violations"] for node in rule["nodes"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_drawer_passes_axe_closed_and_open(browser, course_url, scheme):
    with opened(browser, f"{course_url}/{PAGES['questions']}", viewport=PHONE, color_scheme=scheme) as page:
        page.wait_for_load_state("load")
        assert roles_not_allowed(page) == []
        tab_to(page, page.locator(MENU))
        page.keyboard.press("Enter")
        assert violations(page) == [] and roles_not_allowed(page) == []
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Enter")  # up to the list of modules
        assert violations(page) == [] and roles_not_allowed(page) == []


def test_without_javascript_the_drawer_is_as_the_theme_has_it(browser, course_url):
    with opened(browser, f"{course_url}/{PAGES['lesson']}", javascript=False, viewport=PHONE) as page:
        drawer = page.locator(".md-sidebar--primary")
        assert drawer.evaluate("e => getComputedStyle(e).contentVisibility") == "visible"
        page.locator(THEME_S_LABEL).click()
        assert drawer_open(page)
        page.wait_for_timeout(300)
        assert page.get_by_role("link", name="Overview").first.is_visible()


def test_on_a_wide_screen_the_navigation_is_a_sidebar_in_the_tab_order(browser, course_url):
    with opened(browser, f"{course_url}/{PAGES['lesson']}", viewport={"width": 1366, "height": 768}) as page:
        page.wait_for_load_state("load")
        assert page.locator(MENU).count() == 1 and not page.locator(MENU).is_visible()
        link = page.locator(".md-sidebar--primary a[href='../../how-the-course-works.html']")
        assert link.is_visible()
        tab_to(page, link)
        assert focused(page)["onScreen"] and not focused(page)["covered"]
        assert page.locator("[inert]").count() == 0
