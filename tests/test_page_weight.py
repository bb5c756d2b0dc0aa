"""Each page loads only the code it uses, after the theme's, and a lesson page stays light.

The plugin (grader/site/plugin.py) gives each page the smallest bundle holding every part its
markup uses (BUNDLES, PARTS) and the catalogue it reads; the SCORM runtime goes only into a
SCORM package's pages. Lighthouse's figures, against plain mkdocs-material, come from
`make bench` (benchmarks/bench_lighthouse.py), not from here.
"""

from __future__ import annotations

import gzip
import html.parser
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from grader.lms.scorm import build_package
from grader.site import theme
from grader.site.plugin import BUNDLES, bundle_for
from helpers.browser import AXE
from helpers.site import FIXTURE_COURSE, ROOT

LESSON_BUDGET = 25_000  # bytes, gzipped: the project's own JavaScript and CSS on a lesson page
OWN = ("mskcpd/",)  # the project's own files in the built site
LESSON = "modules/biopsychosocial/why-it-matters.html"
# page kind: (a page of the real course, the scripts of ours it loads, in order)
KINDS = {
    "home": ("index.html", ["catalogue.js", "home.js"]),
    "lesson": (LESSON, ["catalogue-core.js", "core.js"]),
    "reading page": ("glossary.html", ["catalogue-core.js", "core.js"]),
    "overview": ("modules/opioids/index.html", ["catalogue.js", "questions.js"]),
    "questions": ("modules/opioids/questions.html", ["catalogue.js", "questions.js"]),
    "review": ("modules/opioids/review.html", ["catalogue.js", "questions.js"]),
    "case": ("case-studies/back-pain-risk-of-losing-work.html", ["catalogue.js", "case.js"]),
    "record": ("my-cpd-record.html", ["catalogue.js", "record.js"]),
}
THEIRS = {"offline.js"}  # the offline helper's service worker registration (grader/site/offline.py), not a bundle


class Assets(html.parser.HTMLParser):
    """The scripts (src, loaded after the theme's?) and stylesheets a page loads: a script's own tag, or the
    list the plugin's loader (widgets.page_scripts) adds at DOMContentLoaded."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[str, bool]] = []
        self.styles: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("data-mskcpd-scripts"):
            self.scripts.extend((src, True) for src in a["data-mskcpd-scripts"].split())
        elif tag == "script" and a.get("src"):
            self.scripts.append((a["src"], False))
        elif tag == "link" and a.get("rel") == "stylesheet":
            self.styles.append(a["href"])


def assets(site: Path, page: str) -> Assets:
    parser = Assets()
    parser.feed((site / page).read_text(encoding="utf-8"))
    return parser


def ours(site: Path, page: str, refs: list[str]) -> list[Path]:
    """The files of ours among `refs` (relative to `page`), resolved in `site`."""
    out = []
    for ref in refs:
        path = ((site / page).parent / ref.split("?")[0]).resolve()
        if path.relative_to(site.resolve()).as_posix().startswith(OWN):
            out.append(path)
    return out


@pytest.mark.parametrize("kind", KINDS)
def test_each_page_kind_loads_only_its_own_scripts_after_the_theme_s(course_site, kind):
    page, expected = KINDS[kind]
    found = assets(course_site, page)
    mine = [(path.name, after) for src, after in found.scripts for path in ours(course_site, page, [src])]
    assert mine[-1] == ("offline.js", True)
    mine = [(name, after) for name, after in mine if name not in THEIRS]
    assert [name for name, _ in mine] == expected
    assert all(after for _, after in mine), mine


def test_no_page_of_the_site_has_the_scorm_runtime_and_every_page_one_bundle(course_site):
    assert not (course_site / "mskcpd" / "scorm.js").exists()
    pages = [p for p in course_site.rglob("*.html") if p.name != "404.html"]
    assert len(pages) > 30
    for page in pages:
        assert "scorm.js" not in page.read_text(encoding="utf-8"), page
        names = [Path(src).name for src, _ in assets(course_site, page.relative_to(course_site).as_posix()).scripts]
        loaded = [name for name in BUNDLES if f"{name}.js" in names]
        assert len(loaded) == 1, (page, loaded)
        assert loaded != ["course"], f"{page}: no smaller bundle holds the parts it uses"


def test_the_project_s_own_javascript_and_css_on_a_lesson_page_fits_the_budget(course_site):
    found = assets(course_site, LESSON)
    files = ours(course_site, LESSON, [s for s, _ in found.scripts] + found.styles)
    assert [p.name for p in ours(course_site, LESSON, found.styles)] == ["mskcpd.css"]  # one stylesheet of ours
    names = {p.name for p in files}
    assert {"core.js", "catalogue-core.js", "mskcpd.css"} <= names  # what is measured is really there
    total = sum(len(gzip.compress(p.read_bytes(), 9)) for p in files)
    assert total <= LESSON_BUDGET, f"{total} bytes gzipped: " + ", ".join(sorted(names))


def test_the_core_catalogue_is_a_fraction_of_the_whole(course_site):
    core = (course_site / "mskcpd" / "catalogue-core.js").read_bytes()
    whole = (course_site / "mskcpd" / "catalogue.js").read_bytes()
    assert len(gzip.compress(core, 9)) * 2 < len(gzip.compress(whole, 9))


# --- the plugin's choice, from the markup --------------------------------------------------------


@pytest.mark.parametrize(
    ("markup", "bundle"),
    [
        ("<p>A lesson</p>", "core"),
        ('<section class="mskcpd-item" id="q-a">', "questions"),
        ('<div class="mskcpd-progress" data-module="m">', "questions"),
        ('<div class="mskcpd-review" data-review-module="m">', "questions"),
        ('<div class="mskcpd-case" data-case-id="c"><section class="mskcpd-item">', "case"),
        ('<div class="mskcpd-record" data-role="record">', "record"),
        ('<div data-role="course-map"></div><div class="mskcpd-progress">', "home"),
        ('<div data-role="course-map"></div><div class="mskcpd-case">', "course"),  # parts no smaller bundle holds
        ("<code>class=&quot;mskcpd-item&quot;</code>", "core"),  # markup shown as text is not markup
    ],
)
def test_a_page_gets_the_smallest_bundle_holding_the_parts_its_markup_uses(markup, bundle):
    assert bundle_for(markup) == bundle


def test_theme_fixes_name_the_search_dialog_drop_empty_table_headers_and_defer_the_theme_s_script():
    page = (
        '<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>'
        '<script src="../assets/javascripts/extra.js"></script>\n'
        '<div class="md-search" data-md-component="search" role="dialog"><table>\n<thead>\n<tr>\n<th></th>\n'
        "<th></th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>CPD time</td>\n<td>20 minutes</td>\n</tr>\n</tbody>\n</table>"
        "<table><thead><tr><th>Kept</th></tr></thead><tbody><tr><td>x</td></tr></tbody></table>"
    )
    fixed = theme.fix(page)
    assert '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">' in fixed
    assert "<th></th>" not in fixed and '<th scope="row">CPD time</th>\n<td>20 minutes</td>' in fixed
    assert "<th>Kept</th></tr></thead><tbody><tr><td>x</td>" in fixed
    assert fixed.startswith(
        '<script src="../assets/javascripts/bundle.a5f9d56c.min.js" defer></script>'
        '<script src="../assets/javascripts/extra.js"></script>\n'
    )
    assert theme.fix(fixed) == fixed


# --- in Chromium ---------------------------------------------------------------------------------

# what window.MSKCPD holds on each kind of page: the parts the page has, and no others
FACADE = {
    "index.html": {"store", "banner", "home", "reviews", "progress"},
    "modules/example/intro.html": {"store", "banner"},
    "modules/example/questions.html": {"store", "banner", "scoring", "widgets", "progress", "reviews", "confidence"},
    "case-studies/example-case.html": {"store", "banner", "scoring", "widgets", "cases"},
    "my-cpd-record.html": {"store", "banner", "progress", "record", "reviews"},
}
FACADE_PLUMBING = {"onPage", "download"}


@pytest.mark.parametrize("path", FACADE)
def test_each_page_s_facade_holds_the_parts_it_has(page, fixture_url, path):
    page.goto(f"{fixture_url}/{path}")
    page.wait_for_function("() => window.MSKCPD && window.MSKCPD.store")
    parts = set(page.evaluate("Object.keys(window.MSKCPD)")) - FACADE_PLUMBING
    assert parts == FACADE[path]


@pytest.mark.parametrize("path", ["modules/example/intro.html", "modules/example/questions.html"])
def test_the_page_s_own_scripts_are_requested_after_the_theme_s_and_have_run_by_load(page, fixture_url, path):
    """The theme's script and stylesheets have the connection to themselves while the page loads; ours are
    requested at DOMContentLoaded, in order, and the load event waits for them (a test or a learner that waits
    for the page to load finds it set up). The theme's script is deferred (so that the page's content is
    painted before it runs) and still runs before DOMContentLoaded, which it waits for."""
    page.add_init_script(HEAR_DOM_CONTENT_LOADED)
    page.goto(f"{fixture_url}/{path}")  # waits for the load event
    assert page.evaluate("() => !!(window.MSKCPD && window.MSKCPD.store)")
    timing = page.evaluate(
        r"""() => {
        const nav = performance.getEntriesByType("navigation")[0];
        const entries = performance.getEntriesByType("resource");
        const mine = [...document.querySelector("script[data-mskcpd-scripts]").dataset.mskcpdScripts.split(" ")]
          .map(src => new URL(src, location.href).href);
        return {
          dcl: nav.domContentLoadedEventStart,
          themeDeferred: document.querySelector("script[src*='assets/javascripts/bundle.']").defer,
          theme: entries.filter(e => /assets\/javascripts\/bundle\./.test(e.name)).map(e => e.startTime),
          mine: mine.map(url => entries.filter(e => e.name === url).map(e => e.startTime)),
          loaded: [...document.scripts].filter(s => s.src && mine.includes(s.src)).map(s => s.src),
          order: mine };
        }"""
    )
    assert len(timing["theme"]) == 1 and timing["theme"][0] < timing["dcl"]
    assert timing["themeDeferred"] is True
    assert all(len(starts) == 1 and starts[0] >= timing["dcl"] for starts in timing["mine"]), timing
    assert timing["loaded"] == timing["order"]  # each added once, in the listed order (async = false runs them so)
    assert page.evaluate("window.__heard") == [{"trusted": False, "from": "data:", "theme": "object", "loaded": False}]


# a listener on the page from before its own scripts: how it hears DOMContentLoaded (the event as Chromium fires
# it, or fired again by the loader's data: script or its error handler), whether the theme's script had run then
# (its component$) and whether the page had loaded
HEAR_DOM_CONTENT_LOADED = """
window.__heard = [];
let loaded = false;
window.addEventListener('load', () => { loaded = true; });
document.addEventListener('DOMContentLoaded', event => window.__heard.push({
  trusted: event.isTrusted, from: document.currentScript && document.currentScript.src.slice(0, 5),
  theme: typeof window.component$, loaded }));
"""


@pytest.mark.parametrize("path", ["index.html", "modules/example/questions.html", "404.html"])
def test_the_theme_sets_the_page_up_in_a_task_of_its_own_after_its_script_has_run(page, fixture_url, path):
    """Chromium fires DOMContentLoaded in the task that ran the theme's deferred script, so the theme's set-up
    made one long task with it; the loader holds the event and fires it again from a data: script, a task of
    its own: the theme sets the page up then, once, before the load event (its search, drawer and palette have
    tests of their own). The 404 page has no scripts of ours: the event is the browser's there."""
    page.add_init_script(HEAR_DOM_CONTENT_LOADED)
    page.goto(f"{fixture_url}/{path}")
    theirs = path == "404.html"
    assert page.evaluate("window.__heard") == [
        {"trusted": theirs, "from": None if theirs else "data:", "theme": "object", "loaded": False}
    ]
    started = "() => { let fired = false; document$.subscribe(() => { fired = true; }).unsubscribe(); return fired; }"
    assert page.evaluate(started)  # the theme's document$ (its set-up) has fired
    page.keyboard.press("/")  # the theme's search shortcut: its keyboard handling is set up
    expect(page.locator("[data-md-toggle=search]")).to_be_checked()


# each kind of page, and what shows it set up: the parts' set-up runs in steps (page.js later), all by the load event
SET_UP = {
    "modules/example/questions.html": ".mskcpd-bank[data-paged=true] .mskcpd-item:not([hidden])[data-ready=true]",
    "case-studies/example-case.html": ".mskcpd-case[data-ready=true] .mskcpd-item[data-ready=true]",
    "my-cpd-record.html": "[data-role=record][data-ready=true]",
    "index.html": "[data-role=course-map][data-ready=true]",
}
# the steps beyond one per part (each part with a set-up: the facade's parts but the store and the scoring rules):
# the theme's menu button (src/menu.js), on every page; the pager; each question on show; the record's own five
# parts, then drawing it, then showing each part
MORE_STEPS = {
    "modules/example/questions.html": "1 + 1",
    "case-studies/example-case.html": "1 + document.querySelectorAll('.mskcpd-item').length",
    "my-cpd-record.html": "1 + 6 + document.querySelectorAll('.mskcpd-record-part').length",
    "index.html": "1",
}
NO_SET_UP = FACADE_PLUMBING | {"store", "scoring"}
SET_UP_AT_LOAD = r"""([selector, more]) => ({
  steps: document.querySelectorAll('script[src="data:text/javascript,window.__mskcpdSteps.run()"]').length,
  parts: Object.keys(window.MSKCPD), more: eval(more),
  left: window.__mskcpdSteps ? window.__mskcpdSteps.queue.length : null,
  ready: !!document.querySelector(selector) })"""


@pytest.mark.parametrize("path", SET_UP)
def test_a_page_is_set_up_in_steps_each_its_own_script_and_all_done_by_load(page, fixture_url, path):
    """Each part's set-up (and the pager's, each question's on show, each part of My CPD record) is run by a
    data: script of its own, so a phone can paint and answer a tap between them; the load event waits for
    every one, so the page is set up by then."""
    page.goto(f"{fixture_url}/{path}")  # waits for the load event
    state = page.evaluate(SET_UP_AT_LOAD, [SET_UP[path], MORE_STEPS[path]])
    expected = len(set(state["parts"]) - NO_SET_UP) + state["more"]
    assert expected >= 4
    assert (state["steps"], state["left"], state["ready"]) == (expected, 0, True)


def test_a_page_whose_policy_forbids_data_scripts_is_set_up_all_the_same(page, fixture_url):
    """A trust that serves the course with a Content-Security-Policy allowing only its own scripts: each step's
    script (and the one that fires DOMContentLoaded for the theme) is refused, and the step runs then, in order,
    still before the load event."""
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)

    def with_policy(route):
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": "script-src 'self' 'unsafe-inline'"}
        route.fulfill(response=response, headers=headers)

    page.route("**/questions.html", with_policy)
    page.add_init_script(HEAR_DOM_CONTENT_LOADED)
    page.goto(f"{fixture_url}/modules/example/questions.html")
    state = page.evaluate(SET_UP_AT_LOAD, [SET_UP["modules/example/questions.html"], "1"])
    assert state["left"] == 0 and state["ready"] and state["steps"] >= 2
    # the theme's DOMContentLoaded, held by the loader, is fired by its refused script's error handler
    assert page.evaluate("window.__heard") == [{"trusted": False, "from": None, "theme": "object", "loaded": False}]
    assert len(refused) >= state["steps"]  # the browser did refuse them: the steps ran from the error handler
    page.get_by_role("button", name="Next question").click()  # and the pager works
    assert page.locator(".mskcpd-bank .mskcpd-item:not([hidden])").get_attribute("data-ready") == "true"


def test_a_lesson_from_disk_shows_the_review_banner(page, fixture_site):
    """file://: the core and its catalogue, loaded after the theme's script, find the site's root and the reviews
    due."""
    page.goto((fixture_site / "modules" / "example" / "intro.html").as_uri())
    page.wait_for_function("() => window.MSKCPD && window.MSKCPD.banner")
    page.evaluate(
        """() => { const cat = MSKCPD.store.catalogue(), m = cat.modules[0], r = MSKCPD.store.load();
        const at = new Date(Date.now() - 40 * 86400000).toISOString();
        m.items.forEach(id => {
          r.items[id] = {module: m.id, response: null, score: 1, status: 'correct', at: at, practice: 0}; });
        r.modules[m.id] = {completed: at}; MSKCPD.store.save(r); }"""
    )
    page.reload()
    banner = page.locator("[data-role=review-banner-text]")
    banner.get_by_role("link", name="Module 1").wait_for()
    assert banner.get_by_role("link", name="Module 1").get_attribute("href").startswith("file://")


THEME_PAGES = ["index.html", "modules/example/intro.html", "case-studies/example-case.html", "my-cpd-record.html"]


@pytest.mark.parametrize("path", [*THEME_PAGES, "404.html"])
def test_the_theme_s_search_dialog_is_named_and_no_table_header_is_empty(page, fixture_url, path):
    page.goto(f"{fixture_url}/{path}")
    results = AXE.run(page, options={"runOnly": {"type": "rule", "values": ["aria-dialog-name", "empty-table-header"]}})
    assert [v["id"] for v in results.response["violations"]] == []
    assert results.response["passes"], "axe checked nothing on the page"


# --- the SCORM runtime, only inside a SCORM package ----------------------------------------------


@pytest.fixture(scope="module")
def fixture_package(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("scorm-weight") / "course.zip"
    build_package(ROOT, out, content_root=FIXTURE_COURSE)
    return out


def test_every_page_of_a_scorm_package_loads_the_scorm_runtime_last(fixture_package):
    with zipfile.ZipFile(fixture_package) as archive:
        pages = [n for n in archive.namelist() if n.endswith(".html") and n != "404.html"]
        assert "modules/example/intro.html" in pages
        for name in pages:
            parser = Assets()
            parser.feed(archive.read(name).decode("utf-8"))
            mine = [Path(src).name for src, _ in parser.scripts if "mskcpd/" in src and Path(src).name not in THEIRS]
            assert mine[0] == "catalogue.js" and mine[-1] == "scorm.js" and len(mine) == 3, (name, mine)
