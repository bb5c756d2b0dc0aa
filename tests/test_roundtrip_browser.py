"""The whole path in a real browser: a learner completes a case and downloads a
submission; the CPD lead releases, collects, autogrades and exports."""

from __future__ import annotations

import csv
import io

import pytest

from grader.cli import main as grader_main
from helpers.browser import check_answer, choose_radio, converse, fill_details, item, tab_to, type_number
from helpers.site import FIXTURE_COURSE

pytestmark = pytest.mark.browser


def test_complete_download_collect_autograde_export(page, fixture_url, tmp_path, capsys):
    page.goto(fixture_url + "/case-studies/example-case.html")
    fill_details(page, "pharmacist")  # a prescriber: the dose question is in the set
    single = item(page, "case-single")
    choose_radio(page, single, "a")
    check_answer(page, single)
    dose = item(page, "case-dose")
    type_number(page, dose, "60")
    check_answer(page, dose)
    tab_to(page, page.locator("[data-role=continue]").first)
    page.keyboard.press("Enter")
    talk = item(page, "case-talk")
    converse(page, talk, ["ask", "leave"])  # asked about mood, no safety net: 1/2
    reflect = item(page, "case-reflect")
    tab_to(page, reflect.locator("textarea"))
    page.keyboard.type("Discussed her low mood.")
    check_answer(page, reflect)
    with page.expect_download() as download:
        tab_to(page, page.locator("[data-role=download]"))
        page.keyboard.press("Enter")
    submission = tmp_path / download.value.suggested_filename
    download.value.save_as(submission)

    course_dir = tmp_path / "gradebook"
    root = str(FIXTURE_COURSE)
    assert grader_main(["release", "--root", root, "--course-dir", str(course_dir)]) == 0
    assert grader_main(["collect", str(submission), "--root", root, "--course-dir", str(course_dir)]) == 0
    assert "accepted" in capsys.readouterr().out
    assert grader_main(["autograde", "--root", root, "--course-dir", str(course_dir), "--quiet"]) == 0
    out = tmp_path / "grades.csv"
    assert grader_main(["export", "--root", root, "--course-dir", str(course_dir), "--out", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 1
    row = rows[0]
    assert (
        row["email"] == "alex.example@nhs.net"
        and row["registration"] == "GMC 1234567"
        and row["profession"] == "pharmacist"
    )
    assert row["case"] == "example-case"
    # single 1 + dose 1 + consultation 0.5 + free text 0.5 (one rubric criterion of two) = 3 of 4
    assert float(row["score"]) == pytest.approx(3.0) and float(row["max"]) == 4
    assert float(row["percent"]) == pytest.approx(75.0) and row["passed"] in {"no", "False", "false"}
    assert row["needs_review"] in {"yes", "True", "true"}
