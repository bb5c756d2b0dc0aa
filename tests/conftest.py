"""Shared fixtures: a built site served on 127.0.0.1, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_COURSE = ROOT / "tests" / "fixtures" / "course"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOCAL_SCHEMES = {"file", "data", "blob", "about", "chrome-extension"}


def build_site(out: Path, content_root: Path | None = None, pass_mark: float | None = None, site_url: str | None = None) -> subprocess.CompletedProcess:
    """Build the course with the project's mkdocs.yml, optionally over other content."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(ROOT / config["docs_dir"])
    if site_url:
        config["site_url"] = site_url  # instant navigation matches links against the sitemap's host and port
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "mskcpd" in plugin:
            if content_root is not None:
                plugin["mskcpd"]["content_root"] = str(content_root)
            else:
                plugin["mskcpd"]["content_root"] = str(ROOT)
            if pass_mark is not None:
                plugin["mskcpd"]["pass_mark"] = pass_mark
    config_file = out.parent / f"{out.name}-mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file), "-d", str(out)],
        capture_output=True, text=True, env=env, cwd=ROOT,
    )


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(directory: Path):
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


class ServedSite:
    """A site built into a folder and served from it on 127.0.0.1."""

    def __init__(self, tmp_path_factory, name: str, content_root: Path | None):
        self.path = tmp_path_factory.mktemp(name) / "site"
        self.path.mkdir()
        self.server = _serve(self.path)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        result = build_site(self.path, content_root, site_url=self.url + "/")
        assert result.returncode == 0, result.stderr


@pytest.fixture(scope="session")
def course(tmp_path_factory):
    """The real course, built and served."""
    site = ServedSite(tmp_path_factory, "course", None)
    yield site
    site.server.shutdown()


@pytest.fixture(scope="session")
def fixture_course(tmp_path_factory):
    """The small fixture course (one item of each type), built with the real site config and served."""
    site = ServedSite(tmp_path_factory, "fixture", FIXTURE_COURSE)
    yield site
    site.server.shutdown()


@pytest.fixture(scope="session")
def course_site(course):
    return course.path


@pytest.fixture(scope="session")
def course_url(course):
    return course.url


@pytest.fixture(scope="session")
def fixture_site(fixture_course):
    return fixture_course.path


@pytest.fixture(scope="session")
def fixture_url(fixture_course):
    return fixture_course.url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run `make test`, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class RequestGuard:
    """Aborts, and remembers, any request that would leave 127.0.0.1."""

    def __init__(self):
        self.foreign: list[str] = []

    def __call__(self, route):
        url = route.request.url
        parsed = urlparse(url)
        if parsed.scheme in LOCAL_SCHEMES or parsed.hostname == "127.0.0.1":
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()


@pytest.fixture
def context(browser):
    """A fresh browser profile (empty storage) that refuses requests to other hosts."""
    ctx = browser.new_context(accept_downloads=True, viewport={"width": 1100, "height": 900})
    guard = RequestGuard()
    ctx.route("**/*", guard)
    ctx.guard = guard
    yield ctx
    ctx.close()
    assert guard.foreign == [], f"requests left 127.0.0.1: {guard.foreign}"


@pytest.fixture
def page(context):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    assert errors == [], f"JavaScript errors: {errors}"
