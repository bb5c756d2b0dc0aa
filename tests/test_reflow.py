"""Reflow (WCAG 2.2 1.4.10): at 320 and 390 CSS px wide no page of the real course scrolls sideways.

One page of every page template, each in the state a learner sees after using it: questions answered
(feedback showing), My CPD record with modules, reflections and a certificate in it. A failure names the
elements whose right edge passes the viewport, widest first (elements inside their own scrolling box,
such as a wide code block, scroll there and do not count).
"""

from __future__ import annotations

import pytest

from helpers.browser import RECORD_KEY
from helpers.site import RequestGuard

pytestmark = pytest.mark.browser

PAGES = {
    "home": "index.html",
    "lesson": "modules/opioids/oral-morphine-equivalents.html",
    "module overview": "modules/opioids/index.html",
    "questions": "modules/opioids/questions.html",
    "review": "modules/opioids/review.html",
    "case study": "case-studies/high-dose-opioids-gabapentinoid.html",
    "my cpd record": "my-cpd-record.html",
    "glossary": "glossary.html",
    "educators' guide": "educators-guide.html",
    "hazard log": "hazard-log.html",
}
WIDTHS = [320, 390]

# The elements past the right edge of the viewport that are not inside a box that scrolls or clips them,
# outermost only, widest overflow first, each as a short CSS path with the start of its text.
OFFENDERS = """
() => {
  const limit = document.documentElement.clientWidth;
  const clipped = el => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX !== 'visible' || s.display === 'none') return true;
    }
    return false;
  };
  const name = el => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      const classes = typeof e.className === 'string' ? e.className.trim().split(/\\s+/).filter(Boolean) : [];
      parts.unshift(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + classes.map(c => '.' + c).join(''));
    }
    return parts.join(' > ');
  };
  const past = new Set();
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.height && r.right > limit + 0.5 && !clipped(el)) past.add(el);
  }
  // the outermost of them: a wide table is named, not each of its rows and cells
  const found = [...past].filter(el => !past.has(el.parentElement)).map(el => {
    const r = el.getBoundingClientRect();
    return { over: Math.round(r.right - limit), width: Math.round(r.width), name: name(el),
             text: (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60) };
  });
  found.sort((a, b) => b.over - a.over || b.width - a.width);
  return found.slice(0, 5);
}
"""

# Every question on the page answered (the first option, the longest choice in each list, a number in
# each box) and checked, so the feedback shows too.
ANSWER_EVERYTHING = """
() => {
  const changed = el => { el.dispatchEvent(new Event('input', {bubbles: true}));
                          el.dispatchEvent(new Event('change', {bubbles: true})); };
  for (const section of document.querySelectorAll('section[data-item-id]')) {
    // a paged question is shown (and so set up) first, as a learner reaches it: by its navigator link
    const link = document.querySelector(`[data-role=pager-nav] a[data-target="${section.dataset.itemId}"]`);
    if (link && section.hidden) link.click();
    const seen = new Set();
    for (const input of section.querySelectorAll('input[type=radio], input[type=checkbox]')) {
      if (seen.has(input.name)) continue;
      seen.add(input.name); input.checked = true; changed(input);
    }
    for (const select of section.querySelectorAll('select')) {
      const longest = [...select.options].filter(o => o.value)
        .reduce((a, b) => (b.text.length > a.text.length ? b : a));
      select.value = longest.value; changed(select);
    }
    for (const box of section.querySelectorAll('input[type=text]')) { box.value = '60'; changed(box); }
    for (const area of section.querySelectorAll('textarea')) { area.value = 'A reflection.'; changed(area); }
    const check = section.querySelector('[data-role=check]');
    if (check && !check.hidden) check.click();
  }
}
"""


# Each chosen answer in a list, measured against the text it holds: the list's content box must be
# as tall as that text wrapped to the list's own width (a list that cannot wrap cuts it short).
CUT_SHORT = """
() => [...document.querySelectorAll('.mskcpd-item select')].filter(s => s.value).map(s => {
  const cs = getComputedStyle(s), chosen = s.selectedOptions[0].text;
  const probe = document.createElement('div');
  probe.textContent = chosen;
  Object.assign(probe.style, { position: 'absolute', visibility: 'hidden', font: cs.font,
    letterSpacing: cs.letterSpacing, lineHeight: cs.lineHeight, whiteSpace: 'normal', overflowWrap: 'anywhere',
    width: (s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)) + 'px' });
  document.body.appendChild(probe);
  const needed = probe.getBoundingClientRect().height;
  probe.remove();
  const has = s.clientHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom);
  return has + 1 >= needed ? null : { id: s.id, chosen, needed: Math.round(needed), has: Math.round(has) };
}).filter(Boolean)
"""

# Each number's unit list: its top and bottom, and those of its box and of its "Unit" label.
UNIT_PLACES = """
() => [...document.querySelectorAll('.mskcpd-numeric')].filter(n => n.querySelector('select')).map(n => {
  const box = n.querySelector('input[type=text]').getBoundingClientRect();
  const select = n.querySelector('select').getBoundingClientRect();
  const label = n.querySelector('label[for$="-unit"]').getBoundingClientRect();
  return { id: n.querySelector('select').id, beside: select.top < box.bottom && box.top < select.bottom,
           labelled: label.top < select.bottom && select.top < label.bottom && label.right <= select.left };
})
"""


def full_record(page) -> dict:
    """Every module completed, with a name, a profession and a long reflection, as an import would bring."""
    catalogue = page.evaluate("MSKCPD.store.catalogue()")
    at = "2026-12-01T09:00:00.000Z"
    return {
        "format": "mskcpd-record",
        "version": 1,
        "learner": {"id": "reflow", "created": at, "name": "Sam Learner-Featherstonehaugh", "profession": "pharmacist"},
        "items": {
            i: {"module": m["id"], "response": None, "score": 1, "status": "correct", "at": at, "practice": 0}
            for m in catalogue["modules"]
            for i in m["items"]
        },
        "modules": {m["id"]: {"started": at, "completed": at} for m in catalogue["modules"]},
        "reflections": {
            m["id"]: {
                "text": "See https://www.nice.org.uk/guidance/ng193/chapter/Recommendations-for-chronic-primary-pain",
                "updated": at,
            }
            for m in catalogue["modules"]
        },
    }


@pytest.fixture(scope="module", params=WIDTHS, ids=lambda w: f"{w}px")
def narrow(request, browser):
    width = request.param
    context = browser.new_context(
        viewport={"width": width, "height": 800},
        device_scale_factor=2,
        is_mobile=width == 390,
        has_touch=width == 390,
        service_workers="block",
    )
    guard = RequestGuard()
    context.route("**/*", guard)
    yield context, width
    context.close()
    assert guard.foreign == [], f"requests left 127.0.0.1: {guard.foreign}"


@pytest.mark.parametrize("template", list(PAGES))
def test_no_page_scrolls_sideways(narrow, course, template):
    context, width = narrow
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    url = f"{course.url}/{PAGES[template]}"
    page.goto(url)
    if template == "my cpd record":
        page.evaluate("([k, r]) => localStorage.setItem(k, JSON.stringify(r))", [RECORD_KEY, full_record(page)])
        page.reload()
        page.wait_for_selector("[data-role=certificate-panel][data-ready=true]")
        page.locator("#mskcpd-certificate-reflections").check()
        assert "Sam Learner-Featherstonehaugh" in page.locator("[data-role=certificate]").inner_text()
    page.wait_for_load_state("networkidle")
    if template == "questions":
        page.evaluate(ANSWER_EVERYTHING)
        assert page.locator("[data-role=results]").is_visible(), "the results screen should show"
        # one question is shown at a time (each laid out as when it is shown): all of them, to measure every one
        page.evaluate("document.querySelectorAll('.mskcpd-bank .mskcpd-item').forEach(s => { s.hidden = false; })")
        assert page.locator(".mskcpd-feedback .mskcpd-verdict").count() > 3, "the feedback should show"
        assert page.locator(".mskcpd-match select").count() > 0 and page.locator(".mskcpd-numeric select").count() > 0
        cut = page.evaluate(CUT_SHORT)
        assert cut == [], f"a chosen answer is cut short at {width} px: {cut}"
        places = page.evaluate(UNIT_PLACES)
        assert places and all(p["labelled"] for p in places), f"'Unit' should stay beside its list: {places}"
        if width >= 390:
            assert all(p["beside"] for p in places), f"at {width} px the unit list fits beside its box: {places}"
    sizes = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    offenders = page.evaluate(OFFENDERS)
    page.close()
    assert errors == [], f"JavaScript errors: {errors}"
    assert sizes[1] == width, f"the viewport grew to {sizes[1]} px to fit the page"
    assert sizes[0] <= width and offenders == [], (
        f"{PAGES[template]} at {width} px scrolls sideways (content {sizes[0]} px wide); past the edge: {offenders}"
    )
