"""`grader preview ITEM-ID`: one question (or a case study's part) alone, served by MkDocs' live
reload, in Chromium as an educator uses it: answer it, edit the YAML, see the page reload."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from grader.cli import main as grader_main
from helpers.browser import answer_right, item, violations
from helpers.site import FIXTURE_COURSE, ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def project(tmp_path) -> Path:
    """Course content an educator edits: a copy of the fixture course (the site's pages and mkdocs.yml are the
    project's own)."""
    folder = tmp_path / "content"
    shutil.copytree(FIXTURE_COURSE, folder)
    return folder


def serve(project: Path, item_id: str):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "grader.cli", "preview", item_id, "--content", str(project), "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/preview.html"
    for _ in range(600):  # waiting for the first build, not a limit on it
        if process.poll() is not None:
            pytest.fail(f"grader preview stopped: {process.stdout.read()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.5)
    process.terminate()
    pytest.fail("grader preview did not serve the page")


def stop(process) -> None:
    process.terminate()
    process.wait(timeout=30)


def test_preview_shows_one_question_that_works_and_reloads_when_its_yaml_is_saved(page, project):
    process, url = serve(project, "ex-single")
    try:
        page.goto(url)
        assert page.locator("h1").inner_text().startswith("Preview: ex-single")
        assert "from quizzes/example.yml" in page.locator("article").inner_text()
        assert page.locator("section[data-item]").count() == 1
        section = item(page, "ex-single")
        assert "Which is right?" in section.inner_text()
        answer_right(page, "ex-single")  # by keyboard: the widget works as on the questions page
        assert "Correct" in section.locator("[data-role=feedback]").inner_text()
        assert violations(page) == []

        bank = project / "quizzes" / "example.yml"
        bank.write_text(
            bank.read_text(encoding="utf-8").replace("stem: Which is right?", "stem: Which one is right now?", 1),
            encoding="utf-8",
        )
        # MkDocs rebuilds and the page reloads itself: no key pressed, no navigation by the test
        page.wait_for_function(
            "() => document.body.innerText.includes('Which one is right now?')", timeout=180_000, polling=500
        )
    finally:
        stop(process)


def test_preview_of_a_case_question_shows_its_part_of_the_case(page, project):
    process, url = serve(project, "case-dose")
    try:
        page.goto(url)
        article = page.locator("article")
        assert "Case study:" in article.inner_text() and "part " in article.inner_text()
        heading = page.locator("#preview-stage")
        assert heading.inner_text().startswith("Part ")
        assert item(page, "case-dose").count() == 1  # with the other questions of its part, if it has any
        assert page.locator(".mskcpd-narrative").count() == 1
        assert violations(page) == []
    finally:
        stop(process)


def test_preview_of_an_unknown_id_suggests_close_ones(capsys):
    assert grader_main(["preview", "opi-ome-oxycodon", "--root", str(ROOT)]) == 2
    err = capsys.readouterr().err
    assert "no question has the id 'opi-ome-oxycodon'" in err and "Did you mean opi-ome-oxycodone" in err
    assert grader_main(["preview", "x", "--root", str(ROOT / "nowhere")]) == 2
    assert "mkdocs.yml: not found" in capsys.readouterr().err
