"""The course as a SCORM 1.2 package (`grader scorm`): the manifest, and the
package run in Chromium with scorm-again (npm, pinned in package-lock.json)
standing in for a trust's LMS."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree as ET

import pytest

from grader.cli import main as grader_main
from grader.content.loader import load_course
from grader.content.scorm_budget import characters, worst_suspend_data
from grader.lms.scorm import ADLCP, IMSCP, SCHEMA_FILES, build_package
from helpers.browser import (
    answer_everything_in_turn,
    check_answer,
    choose_in_select,
    choose_radio,
    item,
    order,
    show_question,
    tab_to,
    tick,
    type_number,
    type_text,
)
from helpers.site import FIXTURE_COURSE, ROOT, RequestGuard, _serve

SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist" / "scorm12.js"
TIMESPAN = re.compile(r"^\d{4}:[0-5]\d:[0-5]\d\.\d{2}$")  # CMITimespan as scorm.js writes it, HHHH:MM:SS.SS
NS = {"cp": IMSCP, "adlcp": ADLCP}
RECORD_KEY = "mskcpd.record.v1"

# The LMS: scorm-again's SCORM 1.2 API on window.API, the SCO in an iframe. Every
# runtime call is logged with its result and error code, so a value the runtime
# rejects (a badly formatted session time, say) fails the test.
HARNESS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test LMS</title>
<script src="scorm12.js"></script>
<script>
var lms = {
  log: [],
  launch: function (href, cmi, mode) {
    var api = new Scorm12API({ logLevel: 4, autocommit: false });
    if (cmi) api.loadFromJSON(cmi);
    if (mode === "no-finish") {  // an LMS that offers only the SCORM 2004 name, LMSTerminate
      api.LMSTerminate = api.LMSFinish;
      api.LMSFinish = undefined;
    }
    if (mode === "slow-commit") {  // an LMS whose commit takes 400 ms to return (a slow network round trip)
      var commit = api.LMSCommit.bind(api);
      api.LMSCommit = function (arg) {
        var until = Date.now() + 400;
        while (Date.now() < until) { /* busy */ }
        return commit(arg);
      };
    }
    ["LMSInitialize", "LMSFinish", "LMSTerminate", "LMSCommit", "LMSGetValue", "LMSSetValue"].forEach(function (name) {
      if (typeof api[name] !== "function") return;
      var real = api[name].bind(api);
      api[name] = function () {
        var args = Array.prototype.slice.call(arguments), result = real.apply(null, args);
        lms.log.push({ call: name, args: args, result: result, error: String(api.LMSGetLastError()) });
        return result;
      };
    });
    window.API = api;
    document.getElementById("sco").src = href;
  },
  /* As an LMS does: launch the first item of the package's default organization, whatever the package offers. */
  launchFirstItem: function (cmi, mode) {
    return fetch("pkg/imsmanifest.xml").then(function (r) { return r.text(); }).then(function (text) {
      var doc = new DOMParser().parseFromString(text, "application/xml");
      var orgs = doc.getElementsByTagNameNS("*", "organizations")[0], def = orgs.getAttribute("default");
      var byId = function (name, id) {
        var all = Array.prototype.slice.call(doc.getElementsByTagNameNS("*", name));
        return all.filter(function (e) { return e.getAttribute("identifier") === id; })[0];
      };
      var org = byId("organization", def);
      var item = org.getElementsByTagNameNS("*", "item")[0], ref = item.getAttribute("identifierref");
      var res = byId("resource", ref);
      lms.launch("pkg/" + res.getAttribute("href") + (item.getAttribute("parameters") || ""), cmi, mode);
      return res.getAttribute("href");
    });
  },
  /* The LMS ends the session itself (the learner left the LMS's page) before the SCO's own unload report. */
  endSession: function () { window.API.LMSFinish ? window.API.LMSFinish("") : window.API.LMSTerminate(""); },
  cmi: function () { return JSON.parse(JSON.stringify(window.API.cmi)); },
  close: function () { document.getElementById("sco").src = "about:blank"; },
  calls: function (name) { return lms.log.filter(function (c) { return c.call === name; }); }
};
</script></head>
<body><main><h1>Test LMS</h1>
<iframe id="sco" name="sco" title="The course" style="width:1000px;height:800px"></iframe></main></body></html>
"""


# --- packages ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def course_package(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("scorm") / "course.zip"
    assert grader_main(["scorm", "--course", "--out", str(out), "--root", str(ROOT)]) == 0
    return out


@pytest.fixture(scope="module")
def fixture_package(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("scorm-fixture") / "course.zip"
    build_package(ROOT, out, content_root=FIXTURE_COURSE)
    return out


def manifest_of(package: Path) -> ET.Element:
    with zipfile.ZipFile(package) as archive:
        return ET.fromstring(archive.read("imsmanifest.xml"))  # well-formed, or this raises


def test_manifest_is_scorm_12_with_one_sco_per_module(course_package):
    manifest = manifest_of(course_package)
    assert manifest.tag == f"{{{IMSCP}}}manifest"
    assert manifest.find("cp:metadata/cp:schema", NS).text == "ADL SCORM"
    assert manifest.find("cp:metadata/cp:schemaversion", NS).text == "1.2"
    organizations = manifest.find("cp:organizations", NS)
    [organization] = organizations.findall("cp:organization", NS)
    assert organizations.get("default") == organization.get("identifier")
    assert organization.find("cp:title", NS).text == "Persistent MSK pain and mental health"

    resources = {r.get("identifier"): r for r in manifest.findall("cp:resources/cp:resource", NS)}
    shared = [r for r in resources.values() if r.get(f"{{{ADLCP}}}scormtype") == "asset"]
    assert len(shared) == 1
    course = load_course(ROOT)
    items = organization.findall("cp:item", NS)
    assert [i.find("cp:title", NS).text for i in items] == [
        f"Module {c.module.number}: {c.module.title}" for c in course.modules
    ]
    for content, entry in zip(course.modules, items, strict=True):
        assert entry.find("adlcp:masteryscore", NS).text == "80"  # the pass mark in mkdocs.yml
        sco = resources[entry.get("identifierref")]
        assert sco.get(f"{{{ADLCP}}}scormtype") == "sco" and sco.get("type") == "webcontent"
        assert sco.get("href") == f"modules/{content.module.id}/index.html"
        assert [d.get("identifierref") for d in sco.findall("cp:dependency", NS)] == [shared[0].get("identifier")]
    assert len(resources) == len(course.modules) + 1


def test_every_href_is_in_the_zip_and_every_file_is_listed(course_package):
    manifest = manifest_of(course_package)
    with zipfile.ZipFile(course_package) as archive:
        names = set(archive.namelist())
    assert "imsmanifest.xml" in names  # at the root of the zip
    hrefs = {unquote(e.get("href")) for e in manifest.iter() if e.get("href") is not None}
    assert hrefs - names == set(), "hrefs with no file in the zip"
    shared = next(r for r in manifest.iter(f"{{{IMSCP}}}resource") if r.get(f"{{{ADLCP}}}scormtype") == "asset")
    listed = {unquote(f.get("href")) for f in shared.findall("cp:file", NS)}
    unlisted = names - {"imsmanifest.xml", *SCHEMA_FILES} - listed
    assert unlisted == set(), "files in the zip that the manifest does not list"
    # the site itself is there: pages, the course's scripts (scorm.js among them), search
    assert {
        "index.html",
        "mskcpd/scorm.js",
        "mskcpd/course.js",
        "mskcpd/catalogue.js",
        "search/search_index.json",
    } <= names
    assert "search/search_index.js" not in names  # the theme reads it only from file://, never in an LMS


def test_the_package_carries_no_build_address_sitemap_or_source_maps(course_package):
    with zipfile.ZipFile(course_package) as archive:
        names = archive.namelist()
        assert not [n for n in names if n.endswith(".map") or n.startswith("sitemap.xml")]
        for name in [n for n in names if n.endswith(".html")]:
            html = archive.read(name).decode("utf-8")
            # the educators' guide names `make serve`'s address as text; nothing links or points to it
            assert 'href="http://127.0.0.1:8000' not in html and 'rel="canonical"' not in html, name


def test_package_pages_load_nothing_from_another_host(course_package):
    with zipfile.ZipFile(course_package) as archive:
        pages = [n for n in archive.namelist() if n.endswith(".html")]
        for name in pages:
            html = archive.read(name).decode("utf-8")
            sources = re.findall(r'(?:src|href)="(https?:[^"]+)"', html)
            loads = [s for s in sources if re.search(r"\.(js|css|woff2?|png|svg)(\?|$)", s)]
            assert loads == [], f"{name} loads {loads}"
            assert "navigation.instant" not in html, f"{name}: instant navigation is off inside an LMS"


def test_scorm_command_reports_content_problems_and_a_missing_mkdocs_yml(tmp_path, capsys):
    assert grader_main(["scorm", "--course", "--out", str(tmp_path / "x.zip"), "--root", str(tmp_path)]) == 2
    assert "mkdocs.yml: not found" in capsys.readouterr().err
    project = tmp_path / "project"
    shutil.copytree(FIXTURE_COURSE, project)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    bank = next((project / "quizzes").glob("*.yml"))
    bank.write_text(
        bank.read_text(encoding="utf-8").replace("schema_version: 1", "schema_version: 9", 1), encoding="utf-8"
    )
    assert (
        grader_main(["scorm", "--course", "--out", str(tmp_path / "y.zip"), "--root", str(project)]) == 2
    )  # not done: the content must be right first
    captured = capsys.readouterr()
    assert f"quizzes/{bank.name}:" in captured.out and "problem(s) in the course content" in captured.err
    assert not (tmp_path / "y.zip").exists()


# --- suspend_data: the SCORM 1.2 limit of 4,096 characters -------------------------------

WORST_CASE = """() => {
  // The longest suspend_data this module's bank can produce: every question answered
  // with the longest possible response, a long score, a date in 2099 and a status.
  var M = window.MSKCPD, record = { items: {}, modules: {} };
  var sections = Array.from(document.querySelectorAll("section[data-item]"));
  var longest = function (ids) { return ids.reduce(function (a, b) { return b.length > a.length ? b : a; }, ""); };
  var module = null;
  sections.forEach(function (s) {
    var data = JSON.parse(s.getAttribute("data-item")), it = data.item, response;
    module = data.module;
    if (it.type === "single") response = longest(it.options.map(function (o) { return o.id; }));
    else if (it.type === "multiple" || it.type === "ordering") response = it.options.map(function (o) { return o.id; });
    else if (it.type === "numeric") {
      response = { value: -2.2250738585072014e-308 };
      if (it.unit) response.unit = longest([it.unit].concat(it.unit_options || []));
    } else if (it.type === "matching") {
      response = {};
      it.premises.forEach(function (p) { response[p.id] = longest(it.choices.map(function (c) { return c.id; })); });
    } else if (it.type === "short_answer") {
      response = '"'.repeat(it.max_length || 200);  // each '"' is two characters in JSON
    } else {
      throw new Error("no longest response for " + it.type + ": add it here and in its model's longest_response");
    }
    record.items[it.id] = {
      response: response, score: 0.14285714285714285, status: "unit_mismatch", at: "2099-12-31T23:59:59.999Z"
    };
  });
  var entry = M.store.catalogue().modules.filter(function (m) { return m.id === module; })[0];
  return { module: module, items: entry.items.length, length: M.scorm.encode(record, entry, Infinity).length };
}"""


def test_every_module_fits_in_suspend_data(page, lms_dirs):
    sizes = []
    for content in load_course(ROOT).modules:
        page.goto(f"{lms_dirs}/course/pkg/modules/{content.module.id}/questions.html")  # scorm.js is in a package only
        size = page.evaluate(WORST_CASE)
        assert size["items"] == len(content.bank.items)
        # `grader check` works out the same figure without a browser (grader/content/scorm_budget.py)
        assert size["length"] == characters(worst_suspend_data(content.module.id, content.bank.items))
        sizes.append(size)
    largest = max(sizes, key=lambda s: s["length"])
    assert largest["length"] <= 4096, (
        f"module {largest['module']}: its answers could take {largest['length']} characters of cmi.suspend_data, over "
        "SCORM 1.2's 4,096; in an LMS the answers given last would be left out of it (see scorm.js): shorten item and "
        "option ids or split the bank"
    )


def test_suspend_data_round_trips_and_trims_the_latest_answers_first(page, lms_dirs):
    page.goto(f"{lms_dirs}/fixture/pkg/modules/example/questions.html")  # scorm.js is in a package only
    result = page.evaluate("""() => {
      var M = window.MSKCPD, module = M.store.catalogue().modules[0], base = M.store.load();
      var record = { items: {}, modules: {} };
      record.items[module.items[0]] = {
        module: module.id, response: "a", score: 1, status: "correct", at: "2025-03-01T10:00:00.123Z", practice: 2
      };
      record.items[module.items[2]] = {
        module: module.id, response: { value: 120, unit: "mg" }, score: 0, status: "unsafe",
        at: "2025-03-01T10:05:00.000Z", practice: 0
      };
      record.items[module.items[1]] = {
        module: module.id, response: ["a"], score: 0.5, status: "partial", at: "2025-03-01T10:02:00.000Z", practice: 0
      };
      var full = M.scorm.encode(record, module);
      var trimmed = M.scorm.encode(record, module, full.length - 1);
      return {
        module: module, full: full, decoded: M.scorm.decode(full, module, base),
        trimmed: M.scorm.decode(trimmed, module, base),
        other: M.scorm.decode(full.replace('"m":"' + module.id + '"', '"m":"another"'), module, base),
        junk: M.scorm.decode("{not json", module, base)
      };
    }""")
    ids = result["module"]["items"]
    decoded = result["decoded"]
    assert decoded["format"] == "mskcpd-record" and decoded["modules"] == {
        result["module"]["id"]: {"started": "2025-03-01T10:00:00.123Z"}
    }
    assert decoded["items"][ids[0]] == {
        "module": "example",
        "response": "a",
        "score": 1,
        "status": "correct",
        "at": "2025-03-01T10:00:00.123Z",
        "practice": 0,
    }
    assert decoded["items"][ids[1]]["status"] == "partial" and decoded["items"][ids[1]]["response"] == ["a"]
    assert decoded["items"][ids[2]]["status"] == "unsafe" and decoded["items"][ids[2]]["response"] == {
        "value": 120,
        "unit": "mg",
    }
    assert (
        '"unsafe"' in result["full"] and '"correct"' not in result["full"]
    )  # a status only when the score does not imply it
    assert set(result["trimmed"]["items"]) == {ids[0], ids[1]}, "the answer given last is the one left out"
    assert result["other"] is None and result["junk"] is None


# --- in the LMS --------------------------------------------------------------------------


class InFrame:
    """The keyboard helpers drive the SCO inside the LMS's iframe: keys go to the page, locators to the frame."""

    def __init__(self, page, frame):
        self.keyboard = page.keyboard
        self.frame = frame

    def locator(self, selector: str):
        return self.frame.locator(selector)


@pytest.fixture(scope="module")
def lms_dirs(tmp_path_factory, course_package, fixture_package):
    if not SCORM_AGAIN.exists():
        pytest.fail("scorm-again is missing: run `make test`, which runs `npm ci`")
    top = tmp_path_factory.mktemp("lms")
    for name, package in [("course", course_package), ("fixture", fixture_package)]:
        (top / name).mkdir()
        with zipfile.ZipFile(package) as archive:
            archive.extractall(top / name / "pkg")  # as an LMS unpacks an uploaded package
        shutil.copy(SCORM_AGAIN, top / name / "scorm12.js")
        (top / name / "harness.html").write_text(HARNESS, encoding="utf-8")
    server = _serve(top)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@contextmanager
def fresh_browser(browser):
    """Another computer: a new browser profile, its localStorage empty, no request off 127.0.0.1, no JS error."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    guard = RequestGuard()
    context.route("**/*", guard)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert guard.foreign == [] and errors == [], (guard.foreign, errors)


def launch(page, base: str, module_id: str, cmi: dict | None = None, mode: str | None = None):
    page.goto(f"{base}/harness.html")
    page.evaluate(
        "([href, cmi, mode]) => lms.launch(href, cmi, mode)", [f"pkg/modules/{module_id}/index.html", cmi, mode]
    )
    frame = page.frame(name="sco")
    frame.wait_for_url(f"**/modules/{module_id}/index.html")
    frame.wait_for_load_state()
    return frame


def open_questions(page, frame) -> InFrame:
    """Follow the overview's link to the module's questions: another page of the same SCO."""
    frame.locator("article a[href='questions.html']").first.click()
    frame.wait_for_url("**/questions.html")
    frame.locator("section[data-item][data-ready=true]:not([hidden])").first.wait_for()  # the question shown
    sco = InFrame(page, frame)
    tab_to(sco, frame.locator("a.md-skip"))  # the keyboard way past the navigation
    page.keyboard.press("Enter")
    return sco


def dom_order(section, ids: list[str]) -> list[str]:
    shown = section.locator("input").evaluate_all("inputs => inputs.map(i => i.value)")
    return sorted(ids, key=shown.index)


def answer_right(sco: InFrame, question) -> None:
    section = item(sco, question.id)
    show_question(sco, question.id)  # one question at a time
    if question.type == "single":
        choose_radio(sco, section, question.answer)
    elif question.type == "multiple":
        tick(sco, section, dom_order(section, question.answer))
    elif question.type == "numeric":
        value = format(Decimal(str(question.answer)).normalize(), "f")
        type_number(sco, section, value, question.unit if question.unit_options else None)
    elif question.type == "ordering":
        order(sco, section, question.answer)
    elif question.type == "matching":
        answers = {p.id: p.answer for p in question.premises}
        for row in section.locator(".mskcpd-match").all():
            choose_in_select(sco, row.locator("select"), answers[row.get_attribute("data-premise-id")])
    elif question.type == "short_answer":
        type_text(sco, section, question.answers[0].text)
    check_answer(sco, section)
    assert "Recorded score for this question: 100%" in section.locator("[data-role=feedback]").inner_text(), question.id


def close(page) -> dict:
    """The LMS closes the SCO; returns the runtime's data as it would store it."""
    page.evaluate("lms.close()")
    page.wait_for_function("lms.calls('LMSFinish').length > 0")
    return page.evaluate("lms.cmi()")


def runtime_calls(page, name: str) -> list[dict]:
    return page.evaluate("name => lms.calls(name)", name)


def last_set(page, element: str) -> str:
    return [c["args"][1] for c in runtime_calls(page, "LMSSetValue") if c["args"][0] == element][-1]


def assert_every_value_accepted(page) -> None:
    refused = [
        c for c in runtime_calls(page, "LMSSetValue") + runtime_calls(page, "LMSCommit") if c["result"] != "true"
    ]
    assert refused == [], f"the runtime refused: {refused}"


def test_module_in_the_lms_passes_and_resumes_on_another_computer(page, browser, lms_dirs):
    base = f"{lms_dirs}/course"
    questions = load_course(ROOT).module("opioids").bank.items
    first, rest = questions[:4], questions[4:]

    # First launch: four questions answered, then the learner closes the course.
    frame = launch(page, base, "opioids")
    assert frame.evaluate("MSKCPD.scorm.active && MSKCPD.scorm.module") == "opioids"
    sco = open_questions(page, frame)
    for question in first:
        answer_right(sco, question)
    assert page.evaluate("lms.cmi().core.lesson_status") == "incomplete"
    local = frame.evaluate(f"JSON.parse(localStorage.getItem('{RECORD_KEY}'))")
    inits = runtime_calls(page, "LMSInitialize")
    assert [c["result"] for c in inits] == ["true", "false"], (
        "the questions page carries on the session the overview began"
    )
    assert runtime_calls(page, "LMSFinish") == [], "moving between the SCO's pages does not end the session"
    cmi = close(page)
    assert_every_value_accepted(page)
    assert cmi["core"]["lesson_status"] == "incomplete" and cmi["core"]["exit"] == "suspend"
    assert cmi["core"]["lesson_location"] == "modules/opioids/questions.html"  # the page the learner was on
    assert cmi["core"]["score"]["raw"] == "16.66"  # 4 of 24 right, truncated to two places
    assert (cmi["core"]["score"]["min"], cmi["core"]["score"]["max"]) == ("0", "100")
    assert TIMESPAN.match(last_set(page, "cmi.core.session_time"))
    suspend = cmi["suspend_data"]
    assert 0 < len(suspend) <= 4096
    assert set(json.loads(suspend)["i"]) == {q.id for q in first}

    # Relaunch on another computer: an empty localStorage, the LMS hands back what it stored.
    saved = {
        "suspend_data": suspend,
        "core": {
            "lesson_status": cmi["core"]["lesson_status"],
            "entry": "resume",
            "lesson_location": cmi["core"]["lesson_location"],
        },
    }
    with fresh_browser(browser) as lms:
        frame = launch(lms, base, "opioids", saved)
        progress = frame.locator(".mskcpd-progress-text").first.inner_text()
        assert f"4 of {len(questions)} questions answered" in progress, progress
        resume = frame.locator("article .mskcpd-resume a")
        assert resume.inner_text() == "Check your learning" and resume.get_attribute("href").endswith(
            "/modules/opioids/questions.html"
        )
        sco = open_questions(lms, frame)
        restored = frame.evaluate(f"JSON.parse(localStorage.getItem('{RECORD_KEY}'))")
        for question in first:
            section = item(sco, question.id)
            show_question(sco, question.id)
            assert section.locator("[data-role=retry]").is_visible(), "shown as answered, locked until a retry"
            assert "Recorded score for this question: 100%" in section.locator("[data-role=feedback]").inner_text()
            mine, theirs = restored["items"][question.id], local["items"][question.id]
            assert (mine["response"], mine["score"], mine["at"]) == (theirs["response"], theirs["score"], theirs["at"])
        if first[0].type == "single":
            assert item(sco, first[0].id).locator(f"input[value='{first[0].answer}']").is_checked()
        for question in rest:
            answer_right(sco, question)
        assert lms.evaluate("lms.cmi().core.lesson_status") == "passed"
        cmi = close(lms)
        assert_every_value_accepted(lms)
        assert cmi["core"]["lesson_status"] == "passed" and cmi["core"]["score"]["raw"] == "100"
        assert cmi["core"]["exit"] == ""  # completed: nothing to resume
        assert set(json.loads(cmi["suspend_data"])["i"]) == {q.id for q in questions}
        assert len(cmi["suspend_data"]) <= 4096


def test_all_answered_below_the_pass_mark_is_failed(page, lms_dirs):
    frame = launch(page, f"{lms_dirs}/fixture", "example")
    sco = open_questions(page, frame)
    answer_everything_in_turn(sco)  # 4.5 of 6: 75%, below the 80% pass mark
    cmi = close(page)
    assert_every_value_accepted(page)
    assert cmi["core"]["lesson_status"] == "failed" and cmi["core"]["score"]["raw"] == "75"
    assert cmi["core"]["exit"] == "suspend"
    assert [c["result"] for c in runtime_calls(page, "LMSFinish")] == ["true"]


@pytest.mark.parametrize(
    "location",
    [
        "javascript:alert(1)",
        "../../../etc/passwd",
        "modules/another/questions.html",
        "modules/example/index.html",
        "x" * 255,
    ],
)
def test_a_location_from_the_lms_is_used_only_if_it_is_a_page_of_the_module(page, lms_dirs, location):
    """cmi.core.lesson_location comes back from the LMS: data, never a place to go unless it names
    another page of this module (the overview itself needs no link back)."""
    frame = launch(page, f"{lms_dirs}/fixture", "example", {"core": {"lesson_location": location, "entry": "resume"}})
    assert frame.evaluate("MSKCPD.scorm.active") is True
    assert frame.locator(".mskcpd-resume").count() == 0
    assert last_set(page, "cmi.core.lesson_location") == "modules/example/index.html"
    assert_every_value_accepted(page)


def test_a_lesson_is_where_a_later_launch_offers_to_carry_on(page, lms_dirs):
    frame = launch(page, f"{lms_dirs}/fixture", "example")
    frame.locator("article a[href='intro.html']").first.click()
    frame.wait_for_url("**/intro.html")
    frame.wait_for_load_state()
    cmi = close(page)
    assert cmi["core"]["lesson_location"] == "modules/example/intro.html"
    frame = launch(
        page,
        f"{lms_dirs}/fixture",
        "example",
        {"core": {"lesson_location": cmi["core"]["lesson_location"], "entry": "resume"}},
    )
    link = frame.locator("article .mskcpd-resume a")
    assert link.inner_text() == "Introduction"
    link.click()
    frame.wait_for_url("**/modules/example/intro.html")
    frame.wait_for_load_state()
    assert frame.locator(".mskcpd-resume").count() == 0
    assert runtime_calls(page, "LMSFinish") == [], "the link moves within the SCO"


def test_outside_an_lms_scorm_does_nothing(page, lms_dirs):
    page.goto(f"{lms_dirs}/fixture/pkg/modules/example/index.html")  # a package's page opened with no LMS around it
    assert page.evaluate("MSKCPD.scorm.active") is False
    assert page.evaluate("sessionStorage.getItem('mskcpd.scorm.session')") is None


# --- LMSs as they really behave -------------------------------------------------------------


def calls_since(page, start: int) -> list[dict]:
    return page.evaluate("start => lms.log.slice(start)", start)


def test_every_commit_carries_the_session_time_so_far(page, lms_dirs):
    # an LMS that ends the session when the learner leaves its page keeps the last session time
    # it was sent, before the SCO's own unload report can run
    frame = launch(page, f"{lms_dirs}/fixture", "example")
    sco = open_questions(page, frame)
    answer_everything_in_turn(sco)
    log = page.evaluate("lms.log")
    commits = [i for i, c in enumerate(log) if c["call"] == "LMSCommit"]
    assert len(commits) >= 6
    previous = -1
    for at in commits:
        sent = [c for c in log[previous + 1 : at] if c["call"] == "LMSSetValue"]
        assert any(c["args"][0] == "cmi.core.session_time" and TIMESPAN.match(c["args"][1]) for c in sent), at
        previous = at
    assert_every_value_accepted(page)


def test_one_answer_costs_a_handful_of_calls_and_one_commit(page, lms_dirs):
    frame = launch(page, f"{lms_dirs}/fixture", "example")
    sco = open_questions(page, frame)
    from helpers.browser import answer_right_shown as answer_fixture_question

    answer_fixture_question(sco, "ex-single")
    start = page.evaluate("lms.log.length")
    answer_fixture_question(sco, "ex-multiple")  # the status stays incomplete, min and max are sent already
    calls = calls_since(page, start)
    assert [c["call"] for c in calls].count("LMSCommit") == 1
    sent = [c["args"][0] for c in calls if c["call"] == "LMSSetValue"]
    assert sorted(sent) == ["cmi.core.score.raw", "cmi.core.session_time", "cmi.suspend_data"], sent
    assert len(calls) == 4


def test_an_lms_without_lmsfinish_is_ended_with_lmsterminate(browser, lms_dirs):
    with fresh_browser(browser) as page:  # fails on any page error, such as "api.LMSFinish is not a function"
        frame = launch(page, f"{lms_dirs}/fixture", "example", mode="no-finish")
        sco = open_questions(page, frame)
        from helpers.browser import answer_right as answer_fixture_question

        answer_fixture_question(sco, "ex-single")
        page.evaluate("lms.close()")
        page.wait_for_function("lms.calls('LMSTerminate').length > 0")
        assert [c["result"] for c in runtime_calls(page, "LMSTerminate")] == ["true"]
        assert last_set(page, "cmi.core.exit") == "suspend"
        assert_every_value_accepted(page)
