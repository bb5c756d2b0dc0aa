"""Shared fixtures: a built site served on 127.0.0.1, and Debian's Chromium driven by Playwright.

Markers are added here from what each test uses (see pytest_collection_modifyitems),
so `make test-fast` can leave out what needs a browser, a database server or a
jupyter-book build. Helpers shared by test files live in tests/helpers/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.site import FIXTURE_COURSE, ROOT, RequestGuard, ServedSite, _serve, build_site  # noqa: F401  (old import path)

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


@pytest.fixture
def context(browser):
    """A fresh browser profile (empty storage) that refuses requests to other hosts. Service workers are
    blocked, so a test does not precache the whole site (tests/test_offline.py allows them in its own)."""
    ctx = browser.new_context(accept_downloads=True, viewport={"width": 1100, "height": 900}, service_workers="block")
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


# --- markers, from what each test needs -------------------------------------------------
# `make test-fast` runs -m "not browser and not postgres and not facilitator and not npm and not slow".

# `browser`: Chromium, or a site built with mkdocs (seconds each; the browser tests' fixtures build one too)
SITE_FIXTURES = {
    "browser",
    "context",
    "page",
    "course",
    "fixture_course",
    "course_site",
    "course_url",
    "fixture_site",
    "fixture_url",
}
SITE_BUILD_FIXTURES = {
    "course_package",
    "fixture_package",
}  # tests/test_scorm.py: a SCORM package is a whole site build
SITE_BUILDS = {"test_bad_input_catalogue.py::test_the_site_build_stops_with_the_rows_message"}  # mkdocs run directly
FACILITATOR_FIXTURES = {"built_pack"}  # tests/test_facilitator.py: a real jupyter-book build
NPM_FILES = {"test_js_units.py"}  # node and the npm packages (esbuild) from node_modules
# Slow for another reason: each takes seconds here (nbgrader's gradebook set up again and
# again, several grader processes at once, plain nbgrader run alongside). Measured with
# `pytest -m "not browser and not postgres and not facilitator and not npm" --durations=40`. A file
# name takes the whole file; file::test takes every parametrised case of that test.
SLOW = {
    "test_concurrency.py",  # many grader processes on one gradebook, 90 learners each time
    "test_bad_input_catalogue.py::test_grader_autograde_prints_the_rows_message",  # nbgrader autograde, 4 to 7 s a row
    "test_gradebook_equivalence.py::test_grader_autograde_equals_plain_nbgrader_autograde",
    "test_gradebook_release.py::test_release_with_another_database_and_again",
    "test_gradebook_roundtrip.py::test_any_sqlalchemy_url",
    "test_gradebook_roundtrip.py::test_autograde_without_release_creates_the_assignment",
    "test_gradebook_roundtrip.py::test_changed_questions_after_grading_are_a_clear_error",
    "test_gradebook_roundtrip.py::test_one_learner_in_two_cases_is_one_student",
    "test_hostile_submissions.py::test_the_real_grader_command_runs_nothing_from_submissions",
    "test_postgres_gradebook.py::test_every_command_run_again_leaves_the_same_gradebook",  # its SQLite case too
    "test_records.py::test_export_module_pass_mark",
    "test_records.py::test_export_module_rows",
    "test_schemas.py::test_schemas_accept_the_real_content",
    "test_item_types.py::test_the_wheel_ships_every_template_and_browser_part",  # builds a wheel
}


def _code_names(item) -> set[str]:
    """Names the test function's own code uses (globals, attributes, imports)."""
    code = getattr(getattr(item, "function", None), "__code__", None)
    return set(code.co_names) if code else set()


def _node(item) -> str:
    """file::test, without parameters."""
    return f"{item.path.name}::{item.originalname}"


def _needs_postgres(item) -> bool:
    callspec = getattr(item, "callspec", None)
    if callspec is not None and "backend" in callspec.params:
        return callspec.params["backend"] == "postgresql"
    return "fresh_database" in _code_names(item)


def pytest_collection_modifyitems(config, items):
    for item in items:
        names = set(item.fixturenames)
        if (
            names & (SITE_FIXTURES | SITE_BUILD_FIXTURES)
            or "build_site" in _code_names(item)
            or _node(item) in SITE_BUILDS
        ):
            item.add_marker(pytest.mark.browser)
        if _needs_postgres(item):
            item.add_marker(pytest.mark.postgres)
        if names & FACILITATOR_FIXTURES:
            item.add_marker(pytest.mark.facilitator)
        if item.path.name in NPM_FILES:
            item.add_marker(pytest.mark.npm)
        if item.path.name in SLOW or _node(item) in SLOW:
            item.add_marker(pytest.mark.slow)
