"""`grader report`: the cohort report from fixture records and submissions; its numbers, its escaping,
and the page in Chromium: axe-core finds no WCAG 2.2 A/AA violations and nothing is requested off 127.0.0.1."""

from __future__ import annotations

import re
import statistics
from html.parser import HTMLParser
from pathlib import Path

import pytest

from grader.cli import main
from grader.content.loader import load_course
from grader.gradebook.layout import CourseDir
from grader.reports.cohort_statistics import analysis_groups, item_analysis, module_summaries
from grader.reports.data import gather
from helpers.gradebook import (
    DOCTOR,
    FIXTURE_COURSE,
    MIXED,
    PHYSIO,
    RIGHT,
    fixture_case,
    make_submission,
    released_course_dir,
    write_notebook,
)

RECORDS = Path(__file__).resolve().parent / "fixtures" / "records"
AISHA = {"name": "Aisha Khan", "email": "aisha.khan@nhs.net", "registration": "NMC 99A1234C", "profession": "nurse"}

# The fixture records' recomputed scores on the example module's questions (see tests/fixtures/records/):
#          single multiple numeric ordering matching short answer
SCORES = {
    "aisha": [1, 1, 1, 1, 1, 1],
    "zoe": [1, 1, 0, 1, 1, 1],
    "frank": [1, 1, 0, 1, 0.5, 1],
    "ben": [0, 0.5, 0, 1, 1, 0],
    "ella": [0, 0, 0, 0, 1, 0],  # her file claims every answer right; the responses say otherwise
    "gita": [1, 0.5, 0, 0, 1, 1],
    "dev": [1, 1, 0, None, None, None],  # three answered
}
ITEMS = ["ex-single", "ex-multiple", "ex-numeric", "ex-ordering", "ex-matching", "ex-short-answer"]


def expected_item(index: int) -> tuple[int, float, float | None]:
    """n, facility and corrected item-total correlation, worked out here from SCORES."""
    answered = [row for row in SCORES.values() if row[index] is not None]
    facility = statistics.fmean(row[index] for row in answered)
    pairs = [
        (row[index], statistics.fmean(v for j, v in enumerate(row) if j != index and v is not None)) for row in answered
    ]
    r = statistics.correlation([p[0] for p in pairs], [p[1] for p in pairs]) if len(pairs) >= 5 else None
    return len(answered), facility, r


def run(*args: str) -> int:
    return main([*args, "--root", str(FIXTURE_COURSE)])


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    """Seven records, three submissions (Aisha right, Dana mixed, Pat blank), graded; the report written."""
    tmp = tmp_path_factory.mktemp("cohort")
    gb = released_course_dir(tmp / "gb")
    case = fixture_case()
    write_notebook(tmp / "in" / "aisha.ipynb", make_submission(case, RIGHT, AISHA, submitted_at="2026-11-06T10:00:00Z"))
    write_notebook(tmp / "in" / "dana.ipynb", make_submission(case, MIXED, DOCTOR))
    write_notebook(tmp / "in" / "pat.ipynb", make_submission(case, {}, PHYSIO))
    assert run("collect", str(tmp / "in"), str(RECORDS), "--course-dir", str(gb)) == 0
    assert run("autograde", "--course-dir", str(gb), "--quiet") == 0
    assert run("report", "--course-dir", str(gb), "--out", str(tmp / "report")) == 0
    return tmp / "report"


@pytest.fixture(scope="module")
def cohort(report):
    return gather(load_course(FIXTURE_COURSE), CourseDir.at(report.parent / "gb"))


class Tables(HTMLParser):
    """caption -> rows of cell text, from the report's HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption: list[str] | None = None
        self._rows: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self._name = ""

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._rows = []
        elif tag == "caption":
            self._caption = []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" | ")

    def handle_endtag(self, tag):
        if tag == "caption" and self._caption is not None:
            self._name = "".join(self._caption).strip()
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None:
            self._rows[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table" and self._rows is not None:
            self.tables[self._name] = self._rows
            self._rows = None

    def handle_data(self, data):
        if self._caption is not None:
            self._caption.append(data)
        elif self._cell is not None:
            self._cell.append(data)


def tables(report: Path) -> dict[str, list[dict[str, str]]]:
    parser = Tables()
    parser.feed((report / "index.html").read_text(encoding="utf-8"))
    return {name: [dict(zip(rows[0], row, strict=True)) for row in rows[1:]] for name, rows in parser.tables.items()}


def test_completion_numbers(report):
    found = tables(report)
    (module,) = found["Module completion (learners with a collected record)"]
    assert module == {
        "Module": "Module 1: An example module",
        "Learners": "7",
        "Started": "7",
        "Answered every question": "6",
        "Completed": "2",
        "Completion rate": "29%",
        "CPD minutes awarded": "40",
    }
    (case,) = found["Case-study results (graded submissions)"]
    # Aisha 100% but with a provisional free-text score; Dana 50%; Pat 0%
    assert case == {
        "Case study": "An example case",
        "Submissions graded": "3",
        "Passed": "0",
        "Passed, awaiting review": "1",
        "Pass rate": "0%",
    }


def test_score_distributions_and_time_to_completion(report):
    found = tables(report)
    module_scores = [
        100 * statistics.fmean(v if v is not None else 0 for v in row) for row in SCORES.values() if None not in row
    ]
    rows = {r["Module or case study"]: r for r in found["Scores (%)"]}
    assert rows["Module 1: An example module"] == {
        "Module or case study": "Module 1: An example module",
        "Learners": "6",
        "Mean": f"{statistics.fmean(module_scores):.1f}",
        "Median": f"{statistics.median(module_scores):.1f}",
        "Lowest": "16.7",
        "Highest": "100.0",
    }
    assert rows["Case: An example case"]["Learners"] == "3" and rows["Case: An example case"]["Mean"] == "50.0"
    (timing,) = found["Time to completion"]
    # Aisha: 09:00 to 09:50 on one day; Zoë: 3 to 5 November
    assert timing == {
        "Module": "Module 1: An example module",
        "Completed": "2",
        "Median": "24.5 hours",
        "Fastest": "50 min",
        "Slowest": "2.0 days",
    }


def test_confidence_before_and_after(report, cohort):
    (row,) = tables(report)["Confidence (1 to 5) beside the scores"]
    # before: Aisha 2, Zoë 3, Ben 4, Ella 2, Dev 1; after: Aisha 4, Zoë 5, Ben 3, Ella 2
    assert row == {
        "Module": "Module 1: An example module",
        "Answers before": "5",
        "Mean before": "2.40",
        "Answers after": "4",
        "Mean after": "3.50",
        "Learners with both": "4",
        "Mean change": "+0.75",
        "Mean score (%)": "62.5",
    }
    (summary,) = module_summaries(cohort)
    assert sorted(summary.changes) == [-1, 0, 2, 2]


def test_item_analysis(report, cohort):
    rows = {r["Question"]: r for r in tables(report)["Every answered question"]}
    for index, item_id in enumerate(ITEMS):
        n, facility, r = expected_item(index)
        assert rows[item_id]["Answers"] == str(n)
        assert rows[item_id]["Facility"] == f"{facility:.2f}"
        assert rows[item_id]["Discrimination"] == (f"{r:.2f}" if r is not None else "\u2014")
    stats = {s.item_id: s for s in item_analysis(analysis_groups(cohort))}
    assert stats["ex-matching"].discrimination == pytest.approx(expected_item(4)[2])
    # flags: the dose question most learners get wrong; the matching question strong learners miss
    assert rows["ex-numeric"]["Flags"] == "Most learners get it wrong (facility below 0.3)"
    assert (
        expected_item(4)[2] < 0 and rows["ex-matching"]["Flags"] == "Strong learners miss it (negative discrimination)"
    )
    assert rows["ex-single"]["Flags"] == rows["ex-multiple"]["Flags"] == rows["ex-ordering"]["Flags"] == "\u2014"
    # case questions, from the submissions: Aisha right, Dana mixed; Pat answered nothing, so is not counted
    assert (rows["case-single"]["Answers"], rows["case-single"]["Facility"], rows["case-single"]["Discrimination"]) == (
        "2",
        "0.50",
        "\u2014",
    )
    assert (rows["case-dose"]["Answers"], rows["case-dose"]["Facility"]) == ("1", "1.00")  # doctors only
    assert rows["case-talk"]["Facility"] == "0.75" and rows["case-reflect"]["Type"] == "free text (provisional)"


def test_learners_and_escaping(report):
    page = (report / "index.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower()  # the report has no script, and a learner's text cannot add one
    assert "=SUM(1)&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Frank &amp; Co" in page
    rows = {
        r["Name"]: r for r in tables(report)["Each learner’s completed modules, passed case studies and CPD minutes"]
    }
    assert (
        rows["Zoë O’Brien"]["Modules completed"] == "An example module" and rows["Zoë O’Brien"]["CPD minutes"] == "20"
    )
    assert rows["Aisha Khan"]["Case studies passed"] == "\u2014"  # awaiting review
    assert rows["Dana Doctor"]["Modules completed"] == "\u2014"  # submitted a case, sent no record
    assert len(rows) == 9


def test_plots_are_inline_svg_with_text_alternatives(report):
    page = (report / "index.html").read_text(encoding="utf-8")
    svgs = re.findall(r"<svg\b[^>]*>", page)
    assert len(svgs) == 5
    for number, tag in enumerate(svgs, 1):
        assert f'role="img" aria-labelledby="plot{number}-title plot{number}-desc"' in tag
        assert f'<title id="plot{number}-title">' in page and f'<desc id="plot{number}-desc">' in page
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "every id on the page is unique"
    assert "Module 1: An example module: 2 of 7 (29%)" in page  # the completion plot's description
    # nothing from another host: no external URL in any src, href or url()
    assert not re.search(r'(src|href)="(https?:)?//', page) and "url(http" not in page
    assert sorted(p.name for p in report.iterdir()) == ["index.html", "report.css"]


def test_an_empty_completion_bar_is_drawn_empty():
    """0 of 0 has no whole to show: its bar is an outline, not a full grey track (issue 14); 0 of 3 keeps its track."""
    from grader.reports.cohort_plots import TRACK, Plots, completion_plot

    svg = completion_plot(
        Plots(), ["No learners yet", "Three learners"], [0, 0], [0, 3], "Module completion", "completed the module"
    )
    tracks = re.findall(r"fill: (#[0-9a-f]{6}|none); stroke: #768692", svg)  # the tracks, in the order of the labels
    assert tracks == ["none", TRACK]


@pytest.mark.browser
def test_report_passes_axe_and_stays_local(report, page):
    from helpers.browser import violations
    from helpers.site import _serve

    server = _serve(report)
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html")
        page.wait_for_load_state("networkidle")
        assert page.title() == "Cohort report: Persistent MSK pain and mental health"
        assert page.locator("svg[role=img]").count() == 5
        assert violations(page) == []
        page.emulate_media(media="print")
        assert violations(page) == []
    finally:
        server.shutdown()
