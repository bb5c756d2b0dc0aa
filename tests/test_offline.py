"""The course installable and usable offline (grader/site/offline.py, assets/src/offline.js and the
Workbox worker, assets/src/entries/service-worker.js), in Chromium with service workers allowed
(the other tests' contexts block them, tests/conftest.py)."""

from __future__ import annotations

import base64
import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
import yaml

from grader.lms.scorm import build_package
from grader.site import offline
from helpers.browser import answer_right, stored, tab_to, violations
from helpers.site import FIXTURE_COURSE, ROOT, QuietHandler, RequestGuard, _serve, build_site

ADDED = "A sentence added in the new version."
INTRO = "/modules/example/intro.html"
QUESTIONS = "/modules/example/questions.html"
CONTROLLED = "navigator.serviceWorker.controller !== null"
STATE = "document.documentElement.dataset.mskcpdOffline"


# --- the precache manifest and the worker, in Python ---------------------------------


def _files(site: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    return site


def test_the_precache_lists_what_a_browser_fetches_with_revisions_from_the_bytes(tmp_path):
    site = _files(
        tmp_path,
        {
            "index.html": "home",
            "modules/m/intro page.html": "intro",
            "search/search_index.json": json.dumps({"config": {"lang": ["en"]}, "docs": []}),
            "search/search_index.js": "var __index = {}",
            "assets/javascripts/bundle.min.js": "x",
            "assets/javascripts/bundle.min.js.map": "{}",
            "assets/javascripts/lunr/min/lunr.de.min.js": "de",
            "sitemap.xml": "<urlset/>",
            "sitemap.xml.gz": "gz",
            offline.WORKER: "old worker",
        },
    )
    entries = offline.precache_manifest(site)
    assert [e["url"] for e in entries] == [
        "assets/javascripts/bundle.min.js",
        "index.html",
        "modules/m/intro%20page.html",
        "search/search_index.json",
    ]
    assert len({e["revision"] for e in entries}) == 4
    before = offline.version(entries)
    assert offline.version(offline.precache_manifest(site)) == before  # the same files: the same version
    (site / "modules/m/intro page.html").write_text("intro, changed", encoding="utf-8")
    assert offline.version(offline.precache_manifest(site)) != before


def test_the_search_languages_bring_their_lunr_files():
    assert offline.lunr_needed(["en"]) == set()
    assert offline.lunr_needed(["en", "ja"]) == {
        offline.LUNR + name
        for name in ("tinyseg.js", "min/lunr.ja.min.js", "min/lunr.multi.min.js", "min/lunr.stemmer.support.min.js")
    }


def test_the_worker_gets_the_precache_manifest_in_place_of_the_placeholder():
    bundle = offline.WORKER_BUNDLE.read_text(encoding="utf-8")
    entries = [{"url": "index.html", "revision": "abc"}]
    script = offline.worker_script(bundle, entries)
    assert offline.PLACEHOLDER not in script
    assert '[{"url":"index.html","revision":"abc"}]' in script
    assert offline.version(entries) in script
    with pytest.raises(ValueError, match="make js"):
        offline.worker_script("no placeholder", entries)


def test_what_each_kind_of_build_puts_in_a_page_head():
    built = offline.head_tags("on", "../../")
    assert '<link rel="manifest" href="../../manifest.webmanifest">' in built
    assert '<link rel="apple-touch-icon" href="../../mskcpd/icon-192.png">' in built
    served = offline.head_tags("serve", "")
    assert "manifest" not in served and served == '<meta name="mskcpd-offline" content="off">'
    assert offline.head_tags("off", "") == ""
    assert offline.script("on") == offline.script("serve") == "mskcpd/offline.js" and offline.script("off") is None
    assert offline.mode_of("serve", scorm=False) == "serve"
    assert offline.mode_of("build", scorm=False) == "on"
    assert offline.mode_of(None, scorm=False) == "on"
    assert offline.mode_of("serve", scorm=True) == "off"


def test_a_built_page_has_the_update_prompt_s_live_region_right_after_the_theme_s_header():
    page = (
        '<body><header class="md-header" data-md-component="header"><nav></nav></header>'
        '<div class="md-container"><header class="mine">Mine</header></div></body>'
    )
    region = '<div data-role="update"></div>'
    assert offline.with_update_prompt("on", page, region) == page.replace("</nav></header>", "</nav></header>" + region)
    assert offline.with_update_prompt("serve", page, region) == offline.with_update_prompt("off", page, region) == page


# --- a built site: the manifest --------------------------------------------------------


def test_every_page_links_a_valid_manifest_whose_icons_are_in_it(fixture_site):
    manifest = json.loads((fixture_site / offline.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["name"] == "Persistent MSK pain and mental health"
    assert 0 < len(manifest["short_name"]) <= 12
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "./index.html" and manifest["scope"] == "./"
    assert manifest["theme_color"] == "#4051b5" and manifest["background_color"] == "#ffffff"
    sizes = set()
    for icon in manifest["icons"]:  # data: addresses, so checking installability fetches nothing
        prefix = "data:image/png;base64,"
        assert icon["src"].startswith(prefix) and icon["type"] == "image/png"
        data = base64.b64decode(icon["src"][len(prefix) :], validate=True)
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert icon["sizes"] == f"{width}x{height}"
        sizes.add(width)
    assert {192, 512} <= sizes
    assert (fixture_site / offline.ICONS[192]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"  # the apple-touch-icon
    pages = [p for p in fixture_site.rglob("*.html") if p.name != "404.html"]
    assert len(pages) > 10
    for path in pages:
        depth = len(path.relative_to(fixture_site).parts) - 1
        text = path.read_text(encoding="utf-8")
        assert f'<link rel="manifest" href="{"../" * depth}manifest.webmanifest">' in text, path
        assert f'<link rel="icon" href="{offline.favicon()}">' in text, path  # the course's icon, in the page
        assert text.count('data-role="update"') == 1 and '</header><div class="mskcpd-update"' in text, path
    worker = (fixture_site / offline.WORKER).read_text(encoding="utf-8")
    listed = [e["url"] for e in offline.precache_manifest(fixture_site)]
    assert "search/search_index.json" in listed and "modules/example/questions.html" in listed
    assert not any(url.endswith(".map") or url.startswith("sitemap") or url == offline.WORKER for url in listed)
    assert json.dumps(offline.precache_manifest(fixture_site), separators=(",", ":")) in worker


# --- in Chromium ---------------------------------------------------------------------


class SwitchableHandler(QuietHandler):
    """Serves the site, or (when the server is `down`) answers every request with 503, like no signal."""

    def send_head(self):
        if getattr(self.server, "down", False):
            self.send_error(503, "no signal")
            return None
        return super().send_head()


def _serve_switchable(directory: Path, port: int = 0):
    """The site served on 127.0.0.1 (at `port`, or any free one), with a switch for no signal."""
    handler = functools.partial(SwitchableHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.down = False
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


DESKTOP = {"viewport": {"width": 1100, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 3}


@pytest.fixture
def sw_context(browser, request):
    """A fresh profile (a desktop's, or a phone's when parametrised) that allows service workers
    and refuses requests to other hosts."""
    ctx = browser.new_context(service_workers="allow", **getattr(request, "param", DESKTOP))
    guard = RequestGuard()
    ctx.route("**/*", guard)
    yield ctx
    ctx.close()
    assert guard.foreign == [], f"requests left 127.0.0.1: {guard.foreign}"


def _watched(page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return errors


@pytest.mark.parametrize("sw_context", [DESKTOP, PHONE], ids=["desktop", "phone"], indirect=True)
def test_a_learner_uses_the_course_with_no_signal_and_is_offered_the_new_version(sw_context, tmp_path):
    content = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, content)
    site = tmp_path / "site"
    site.mkdir()
    server = _serve_switchable(site)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        assert build_site(site, content, site_url=url + "/").returncode == 0
        page = sw_context.new_page()
        errors = _watched(page)
        page.goto(url + INTRO)
        page.wait_for_function(CONTROLLED)  # installed: the precache is complete
        assert page.evaluate(STATE) == "registered"
        assert page.locator(".mskcpd-update button").count() == 0  # a first visit is not an update
        # the page's own live region, where the build wrote it: registering added none (no restyle of the page)
        assert page.evaluate(
            "[document.querySelectorAll('.mskcpd-update').length, document.querySelector('.md-header')"
            ".nextElementSibling.dataset.role]"
        ) == [1, "update"]
        cdp = sw_context.new_cdp_session(page)
        problems = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert [
            p["errorId"] for p in problems if p["errorId"] != "in-incognito"
        ] == []  # installable (a test profile is incognito)

        # no signal: the page again, and a page never opened, from the cache
        sw_context.set_offline(True)
        server.down = True
        page.reload()
        page.get_by_role("heading", name="Introduction", level=1).wait_for()
        page.goto(url + QUESTIONS + "?h=example")  # with search highlighting's parameter
        answer_right(page, "ex-single")
        assert stored(page)["items"]["ex-single"]["score"] == 1
        page.keyboard.press("/")  # search runs offline too (its worker and index are precached)
        page.keyboard.type("Introduction")
        page.locator(".md-search-result__item").first.wait_for()

        # back online; a new version is published
        sw_context.set_offline(False)
        server.down = False
        intro = content / "modules" / "01-example" / "01-intro.md"
        intro.write_text(
            intro.read_text(encoding="utf-8").replace("Some text.", f"Some text. {ADDED}"), encoding="utf-8"
        )
        assert build_site(site, content, site_url=url + "/").returncode == 0
        page.goto(url + INTRO)
        available = ".mskcpd-update [role=status] >> text=A new version of the course is available"
        page.locator(available).wait_for()
        other_tab = sw_context.new_page()
        other_errors = _watched(other_tab)
        other_tab.goto(url + QUESTIONS)
        other_tab.locator(available).wait_for()
        assert page.get_by_text(ADDED).count() == 0  # the page on screen is still the old version
        assert violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scrolling
        reload = page.get_by_role("button", name="Reload")
        tab_to(page, reload)
        page.keyboard.press("Enter")
        page.get_by_text(ADDED).wait_for()
        page.wait_for_function(CONTROLLED)
        assert page.locator(".mskcpd-update button").count() == 0
        assert stored(page)["items"]["ex-single"]["score"] == 1  # the learner's record is untouched
        # the other tab, whose new version another tab has already activated, reloads too
        other_tab.get_by_role("button", name="Reload").focus()
        with other_tab.expect_navigation():
            other_tab.keyboard.press("Enter")
        assert other_tab.locator(".mskcpd-update button").count() == 0
        other_tab.wait_for_function(CONTROLLED)
        assert stored(other_tab)["items"]["ex-single"]["score"] == 1
        assert errors == [] and other_errors == []
    finally:
        server.shutdown()
        server.server_close()


def test_the_site_opened_from_disk_registers_nothing(sw_context, fixture_site):
    page = sw_context.new_page()
    errors = _watched(page)
    page.goto((fixture_site / "modules" / "example" / "questions.html").as_uri())
    page.locator("html[data-mskcpd-offline]").wait_for(state="attached")
    assert page.evaluate(STATE) == "file"
    answer_right(page, "ex-single")  # the page works as before
    assert stored(page)["items"]["ex-single"]["score"] == 1
    assert sw_context.service_workers == []
    assert errors == []


FRAME = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LMS</title></head>
<body><main><h1>LMS</h1><iframe title="The course" src="{src}" style="width:900px;height:700px"></iframe></main>
</body></html>"""


def test_a_page_inside_a_frame_registers_nothing(sw_context, fixture_url, tmp_path):
    (tmp_path / "lms.html").write_text(FRAME.format(src=fixture_url + INTRO), encoding="utf-8")
    lms = _serve(tmp_path)  # another origin, like a trust's LMS
    try:
        page = sw_context.new_page()
        errors = _watched(page)
        page.goto(f"http://127.0.0.1:{lms.server_address[1]}/lms.html")
        frame = page.frame_locator("iframe").locator("html[data-mskcpd-offline]")
        frame.wait_for(state="attached")
        assert frame.get_attribute("data-mskcpd-offline") == "framed"
        course = next(f for f in page.frames if f.url.startswith(fixture_url))
        assert course.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
        assert sw_context.service_workers == []
        assert errors == []
    finally:
        lms.shutdown()
        lms.server_close()


@pytest.mark.browser  # a whole site build
def test_a_scorm_package_has_no_worker_and_no_manifest(tmp_path):
    package = tmp_path / "course.zip"
    build_package(ROOT, package, content_root=FIXTURE_COURSE)
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
        assert "modules/example/index.html" in names
        assert offline.WORKER not in names and offline.MANIFEST not in names and offline.SCRIPT not in names
        for name in names:
            if name.endswith(".html"):
                html = archive.read(name).decode("utf-8")
                assert 'rel="manifest"' not in html and "offline.js" not in html, name
                assert 'data-role="update"' not in html, name


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_under_mkdocs_serve_no_worker_is_active_even_one_installed_before(sw_context, tmp_path):
    """An educator once opened a build at the address `mkdocs serve` uses: serving must show live pages."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    site = tmp_path / "site"
    site.mkdir()
    assert build_site(site, FIXTURE_COURSE, site_url=url + "/").returncode == 0
    built = _serve_switchable(site, port)
    page = sw_context.new_page()
    errors = _watched(page)
    try:
        page.goto(url + INTRO)
        page.wait_for_function(CONTROLLED)
    finally:
        built.shutdown()
        built.server_close()

    config = yaml.safe_load((tmp_path / "site-mkdocs.yml").read_text(encoding="utf-8"))  # build_site's config
    config_file = tmp_path / "serve-mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config), encoding="utf-8")
    serve = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config_file), "-a", f"127.0.0.1:{port}", "--no-livereload"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        assert serve.stderr is not None
        for line in serve.stderr:
            if "Serving on" in line:
                break
        else:
            pytest.fail("mkdocs serve stopped before serving")
        page.goto(url + INTRO)  # the old worker may answer first; it is replaced, and the page comes from the server
        page.wait_for_selector('meta[name="mskcpd-offline"][content="off"]', state="attached")
        page.wait_for_function(f"{STATE} === 'removed' && navigator.serviceWorker.controller === null")
        assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
        assert page.locator('link[rel="manifest"]').count() == 0
        assert errors == []
    finally:
        serve.terminate()
        serve.wait()
