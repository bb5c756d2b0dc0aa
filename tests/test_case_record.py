"""Case studies count, in Chromium, by keyboard: finishing a case puts its date, score and CPD
minutes in My CPD record and on the certificate; a written answer shows its model answer and
rubric only after it is submitted, and the learner's self-assessment is recorded as such; the
finished case has a summary that prints alone; a reload opens the case where the learner was;
the details box never reads "undefined"; the home page counts a finished case as done; and the
record page does not shift when its script fills it in, its parts unrendered until then."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from helpers.browser import (
    check_answer,
    choose_radio,
    converse,
    fill_details,
    item,
    opened,
    stored,
    tab_to,
    violations,
)

pytestmark = pytest.mark.browser

CASE = "/case-studies/example-case.html"
RECORD_PAGE = "/my-cpd-record.html"
MODEL_ANSWER = "Low mood discussed; safety-netted; review in two weeks."
CASE_MINUTES = 15


def continue_to_part_two(page) -> None:
    tab_to(page, page.locator("[data-role=continue]").first)
    page.keyboard.press("Enter")


def answer_part_one(page) -> None:
    single = item(page, "case-single")
    choose_radio(page, single, "a")
    check_answer(page, single)


def submit_written_answer(page) -> None:
    reflect = item(page, "case-reflect")
    tab_to(page, reflect.locator("textarea"))
    page.keyboard.type("We talked about his low mood.")
    check_answer(page, reflect)


def self_assess(page, criteria: list[str]) -> None:
    """Tick the rubric points met (by label), then save, by keyboard."""
    panel = item(page, "case-reflect").locator("[data-role=self-assess]")
    for criterion in criteria:
        box = panel.get_by_label(criterion)
        tab_to(page, box)
        page.keyboard.press("Space")
        assert box.is_checked()
    tab_to(page, panel.get_by_role("button", name="Save my self-assessment"))
    page.keyboard.press("Enter")


def finish_the_case(page, fixture_url) -> None:
    """A physiotherapist (3 questions: the dose is for prescribers) finishes the case by keyboard."""
    page.goto(fixture_url + CASE)
    fill_details(page, "physiotherapist")
    answer_part_one(page)
    continue_to_part_two(page)
    converse(page, item(page, "case-talk"), ["ask", "net"])
    submit_written_answer(page)


def test_the_model_answer_and_rubric_appear_only_after_submitting_then_the_self_assessment_is_recorded(
    page, fixture_url, fixture_site
):
    page.goto(fixture_url + CASE)
    fill_details(page, "physiotherapist")
    answer_part_one(page)
    continue_to_part_two(page)
    converse(page, item(page, "case-talk"), ["ask", "net"])
    # not in the page's source, its DOM, or anything it loaded, before the answer is submitted
    assert MODEL_ANSWER not in (fixture_site / "case-studies" / "example-case.html").read_text()
    assert MODEL_ANSWER not in page.content()
    assert page.evaluate("!window.MSKCPD_MODEL_ANSWERS")
    assert item(page, "case-reflect").locator("[data-role=self-assess]").count() == 0

    submit_written_answer(page)
    panel = item(page, "case-reflect").locator("[data-role=self-assess]")
    panel.locator("[data-role=model-answer]").filter(has_text=MODEL_ANSWER).wait_for()
    assert panel.get_by_label("Records mood (1 point)").is_visible()
    assert panel.get_by_label("Records a plan (1 point)").is_visible()
    finished = page.locator("[data-role=case-finished-status]")
    assert (
        f"You have finished this case study. Its {CASE_MINUTES} CPD minutes are in My CPD record"
        in finished.inner_text()
    )

    self_assess(page, ["Records mood (1 point)"])
    status = panel.locator("[data-role=self-assess-status]")
    assert status.inner_text() == "Saved: 1 of 2 rubric points met (self-assessed)."
    entry = stored(page)["cases"]["example-case"]
    assert entry["question_set"] == ["case-single", "case-talk", "case-reflect"]
    assert entry["completed"] == stored(page)["items"]["case-reflect"]["at"]
    assert entry["score"] == 1 and entry["scored"] == 2 and entry["minutes"] == CASE_MINUTES
    assert entry["self_assessed"]["case-reflect"]["met"] == ["mood"]
    assert entry["self_assessed"]["case-reflect"]["score"] == 0.5
    assert violations(page) == []

    # kept after a reload: the ticks, the model answer, the summary
    page.reload()
    panel = item(page, "case-reflect").locator("[data-role=self-assess]")
    panel.locator("[data-role=model-answer]").filter(has_text=MODEL_ANSWER).wait_for()
    assert panel.get_by_label("Records mood (1 point)").is_checked()
    assert not panel.get_by_label("Records a plan (1 point)").is_checked()


def test_a_finished_case_counts_on_my_cpd_record_the_certificate_and_the_home_page(page, fixture_url):
    finish_the_case(page, fixture_url)
    self_assess(page, ["Records mood (1 point)", "Records a plan (1 point)"])
    assert "download" not in stored(page)["cases"]["example-case"], "no download needed"

    page.goto(fixture_url + RECORD_PAGE)
    page.wait_for_selector("[data-role=certificate-panel][data-ready=true]")
    row = page.locator("[data-role=record-cases] tbody tr")
    cells = [c.inner_text() for c in row.locator("th, td").all()]
    assert cells[0] == "An example case" and cells[1] == "Finished"
    assert cells[3:] == ["100%", "100% of the rubric points, self-assessed", str(CASE_MINUTES)]
    assert page.locator("[data-role=record-cases] tfoot td").inner_text() == str(CASE_MINUTES)
    certificate = page.locator("[data-role=certificate]").inner_text()
    assert "Case study: An example case" in certificate
    assert "100% on auto-marked questions; written answers 100% of the rubric points, self-assessed" in certificate
    assert f"Total CPD time {CASE_MINUTES} minutes" in " ".join(certificate.split())
    assert violations(page) == []

    page.goto(fixture_url + "/")
    page.wait_for_selector("[data-role=course-map][data-ready=true]")
    progress = page.locator("tr[data-case-id=example-case] [data-role=map-progress]")
    assert progress.inner_text() == "\u2714 Finished"


@pytest.mark.slow  # collects, grades and reviews a real submission
def test_a_cpd_leads_confirmed_score_replaces_the_self_assessment(page, fixture_url, tmp_path):
    """The whole way round: the learner finishes the case and downloads the submission; the CPD
    lead collects, grades and confirms the written answer (a changed score), then `grader
    certificates` writes the learner's confirmed-scores file; the learner imports it on My CPD
    record, by keyboard, and the record and certificate show the lead's score, not their own."""
    from grader.cli import main
    from grader.content.loader import load_course
    from grader.gradebook.db import open_gradebook, setup_lock
    from grader.gradebook.layout import CourseDir
    from grader.gradebook.review import confirm, ensure_log, list_answers
    from helpers.gradebook import FIXTURE_COURSE, released_course_dir

    finish_the_case(page, fixture_url)
    self_assess(page, ["Records mood (1 point)"])
    with page.expect_download() as download:
        tab_to(page, page.locator("[data-role=download]"))
        page.keyboard.press("Enter")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    download.value.save_as(inbox / download.value.suggested_filename)

    root = ["--root", str(FIXTURE_COURSE)]
    course_dir = released_course_dir(tmp_path / "gradebook")
    assert main(["collect", str(inbox), "--course-dir", str(course_dir), *root]) == 0
    assert main(["autograde", "--course-dir", str(course_dir), "--quiet", *root]) == 0
    cases = {c.case.id: c.case for c in load_course(FIXTURE_COURSE).cases}
    place = CourseDir.at(course_dir)
    with open_gradebook(place.db_url()) as gb:
        with setup_lock(place.db_url()):
            ensure_log(gb)  # as `grader review` does when it starts
        (answer,) = list_answers(gb, place, cases).awaiting
        confirm(gb, place, cases, answer.key, "0.5", "Mood recorded; the plan is missing.", "Rev One", answer.seq)
    out = tmp_path / "certificates"
    assert main(["certificates", "--out", str(out), "--course-dir", str(course_dir), *root]) == 0
    (returned,) = out.glob("*-confirmed-scores.json")

    page.goto(fixture_url + RECORD_PAGE)
    page.wait_for_selector("[data-role=certificate-panel][data-ready=true]")
    before = [c.inner_text() for c in page.locator("[data-role=record-cases] tbody tr td").all()]
    assert before[3] == "50% of the rubric points, self-assessed"
    chooser = page.locator("[data-role=import]")
    tab_to(page, chooser)  # reached by keyboard; the system's file dialog is then the browser's, not ours
    chooser.set_input_files(str(returned))
    status = page.locator("[data-role=record-status]")
    status.filter(has_text="confirmed by your CPD lead").wait_for()
    assert "1 case study score(s) confirmed by your CPD lead taken." in status.inner_text()
    page.reload()
    page.wait_for_selector("[data-role=certificate-panel][data-ready=true]")
    cells = [c.inner_text() for c in page.locator("[data-role=record-cases] tbody tr td").all()]
    # a physiotherapist answers three questions: 1 + 1 + 0.5 (the confirmed written answer) of 3
    assert cells[3] == "Confirmed by your CPD lead: 83% (the case as a whole)"
    certificate = page.locator("[data-role=certificate]").inner_text()
    assert "83%, confirmed by the CPD lead" in certificate and "self-assessed" not in certificate.split("Issued")[0]
    assert stored(page)["learner"]["name"] == "Alex Example", "the learner's own details stay"
    assert violations(page) == []


def test_the_summary_shows_answers_feedback_and_self_assessment_and_prints_alone(page, fixture_url):
    summary = page.locator("[data-role=case-summary]")
    finish_the_case(page, fixture_url)
    assert summary.is_visible()
    self_assess(page, ["Records a plan (1 point)"])
    text = summary.inner_text()
    for expected in (
        "Your summary of this case",
        "An example case, by Alex Example",
        "Question 1 of 3",
        "What do you ask first?",
        "How is your mood?",  # the answer chosen, in words
        "Correct. Recorded score 100%.",
        "Tell me more about how you feel.",  # the consultation, choice by choice
        "We talked about his low mood.",
        MODEL_ANSWER,
        "1 of 2 rubric points met (self-assessed)",
        "Not met: Records mood",
        "Met: Records a plan",
        f"CPD minutes\n{CASE_MINUTES}",
    ):
        assert expected in text, f"{expected!r} is not in the summary: {text}"

    # the button prints (window.print), by keyboard
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed++; }; }")
    tab_to(page, summary.get_by_role("button", name="Print or save as PDF"))
    page.keyboard.press("Enter")
    assert page.evaluate("window.printed") == 1

    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    page.emulate_media(media="screen")
    printed = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Your summary of this case" in printed and "We talked about his low mood." in printed
    for absent in (
        "About you",
        "Sam (fictional), 52, has had knee pain",
        "By the end of this case",
        "Download my submission",
        "Print or save as PDF",
        "References",
    ):
        assert absent not in printed, f"{absent!r} printed with the summary"
    # one column: the summary takes the page's width, nothing beside it
    page.emulate_media(media="print")
    box = summary.bounding_box()
    width = page.evaluate("document.documentElement.clientWidth")
    assert box["width"] > 0.8 * width
    assert page.locator(".md-sidebar--primary").is_hidden() and page.locator(".md-sidebar--secondary").is_hidden()
    page.emulate_media(media="screen")


def test_a_reload_opens_the_case_at_the_part_reached(page, fixture_url):
    page.goto(fixture_url + CASE)
    fill_details(page, "physiotherapist")
    answer_part_one(page)
    continue_to_part_two(page)  # nothing answered in part 2 yet: the record keeps that it was reached
    page.reload()
    page.wait_for_selector(".mskcpd-case[data-ready=true]")
    assert page.locator(".mskcpd-stage").nth(1).is_visible()
    assert page.evaluate("document.activeElement.id") == "stage-second"
    # scrolled to the part (once the page has loaded: the browser restores its own position first)
    page.wait_for_load_state("load")
    page.wait_for_function(
        "() => { const y = document.getElementById('stage-second').getBoundingClientRect().top;"
        " return y >= 0 && y < innerHeight / 2; }"
    )

    converse(page, item(page, "case-talk"), ["ask", "net"])
    submit_written_answer(page)
    page.reload()
    page.wait_for_selector(".mskcpd-case[data-ready=true]")
    assert page.evaluate("document.activeElement.id") == "case-summary-title", "a finished case opens at its summary"


def test_a_first_visit_does_not_move_focus(page, fixture_url):
    page.goto(fixture_url + CASE)
    page.wait_for_selector(".mskcpd-case[data-ready=true]")
    assert page.evaluate("document.activeElement === document.body")
    assert page.evaluate("window.scrollY") == 0


def test_the_details_box_never_reads_undefined(page, fixture_url):
    # a name and profession set on My CPD record, no email yet
    page.goto(fixture_url + RECORD_PAGE)
    page.wait_for_selector("[data-role=profile][data-ready=true]")
    tab_to(page, page.locator("[data-role=profile] [name=name]"))
    page.keyboard.type("Alex Example")
    page.locator("[data-role=profile] [name=profession]").select_option("nurse")
    page.goto(fixture_url + CASE)
    page.wait_for_selector(".mskcpd-case[data-ready=true]")
    status = page.locator("[data-role=learner-status]").inner_text()
    assert "undefined" not in status
    assert status == "Saved: Alex Example. Add your work email, then choose Save and start."
    assert page.locator("#mskcpd-learner-name").input_value() == "Alex Example"
    # only a profession
    page.evaluate(
        "() => { const r = MSKCPD.store.load();"
        " r.learner = {id: r.learner.id, profession: 'nurse'}; MSKCPD.store.save(r); }"
    )
    page.reload()
    page.wait_for_selector(".mskcpd-case[data-ready=true]")
    status = page.locator("[data-role=learner-status]").inner_text()
    assert status == "Saved: your profession. Add your full name and your work email, then choose Save and start."


def test_an_older_record_with_the_answers_but_no_completion_counts_as_finished(page, fixture_url):
    """A record from before cases were counted: the answers and the download only."""
    older = {
        "format": "mskcpd-record",
        "version": 1,
        "exported": "2026-11-07T10:00:00.000Z",
        "learner": {"id": "0" * 32, "created": "2026-11-01T10:00:00.000Z", "profession": "physiotherapist"},
        "items": {
            "case-single": {
                "module": "example-case",
                "response": "a",
                "score": 1,
                "status": "correct",
                "at": "2026-11-06T10:00:00.000Z",
                "practice": 0,
            },
            "case-talk": {
                "module": "example-case",
                "response": ["ask", "net"],
                "score": 1,
                "status": "correct",
                "at": "2026-11-06T10:05:00.000Z",
                "practice": 0,
            },
            "case-reflect": {
                "module": "example-case",
                "response": "Low mood, review.",
                "score": 1,
                "status": "correct",
                "at": "2026-11-06T10:09:00.000Z",
                "practice": 0,
            },
        },
        "modules": {},
        "cases": {"example-case": {"downloaded": "2026-11-06T10:10:00.000Z"}},
    }
    page.goto(fixture_url + RECORD_PAGE)
    page.wait_for_selector("[data-role=record][data-ready=true]")
    result = page.evaluate("data => MSKCPD.store.importRecord(data)", older)
    assert result["ok"], result
    entry = stored(page)["cases"]["example-case"]
    assert entry["completed"] == "2026-11-06T10:09:00.000Z" and entry["minutes"] == CASE_MINUTES
    assert entry["downloaded"] == "2026-11-06T10:10:00.000Z"
    page.reload()
    page.wait_for_selector("[data-role=certificate-panel][data-ready=true]")
    cells = [c.inner_text() for c in page.locator("[data-role=record-cases] tbody tr td").all()]
    assert cells == ["Finished", "6 November 2026", "100%", "Not self-assessed yet", str(CASE_MINUTES)]


CLS = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value;
  }).observe({type: 'layout-shift', buffered: true});
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(total)));
})"""


# Lighthouse's phone; a trust PC; a tablet, where the record's tables are laid out as tables, not stacked
VIEWPORTS = {"phone": (412, 823), "trust PC": (1366, 768), "tablet": (900, 700)}


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
@pytest.mark.parametrize("with_progress", [False, True], ids=["a new learner", "a learner with a finished case"])
def test_the_record_page_does_not_shift_when_its_script_fills_it(browser, fixture_url, with_progress, viewport):
    """The record's parts appear, filled with the learner's record, in the space the page kept for them; what
    follows them is below the screen's edge before and after."""
    width, height = viewport
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=1, service_workers="block"
    )
    page = context.new_page()
    if with_progress:
        finish_the_case(page, fixture_url)
    page.goto(fixture_url + RECORD_PAGE)
    page.wait_for_selector("[data-role=certificate-panel][data-ready=true]")
    shift = page.evaluate(CLS)
    context.close()
    assert shift <= 0.02, f"the record page shifted by {shift:.3f}"


PARTS_RENDERED = """() => [...document.querySelectorAll('.mskcpd-record-part')]
  .map(e => getComputedStyle(e).contentVisibility !== 'hidden' && e.checkVisibility())"""


def test_the_record_page_s_parts_are_left_unrendered_until_its_script_has_drawn_the_record_into_them(
    browser, fixture_url
):
    """Until record.js has drawn the learner's record, the record, About you, reflections, certificate and
    "Forget me" are not styled or laid out (the theme's start-up restyles the whole page five times); without
    JavaScript they are all there; and a link to a part still lands on it once the parts are shown."""
    with opened(browser, fixture_url + RECORD_PAGE, own_scripts=False) as page:
        assert page.evaluate(PARTS_RENDERED) == [False] * 5
        assert page.get_by_role("heading", name="About you").is_visible()  # the page's own text is there
    with opened(browser, fixture_url + RECORD_PAGE, javascript=False) as page:
        assert page.evaluate(PARTS_RENDERED) == [True] * 5
    with opened(browser, fixture_url + CASE, viewport={"width": 412, "height": 823}) as page:
        finish_the_case(page, fixture_url)
        page.goto(fixture_url + RECORD_PAGE + "#forget")
        assert page.evaluate(PARTS_RENDERED) == [True] * 5  # at the load event
        cells = [c.inner_text() for c in page.locator("[data-role=record-cases] tbody tr td").all()]
        assert cells[0] == "Finished"
        page.wait_for_timeout(200)  # let the fragment's scroll settle, if it were to move
        top = page.evaluate("document.getElementById('forget').getBoundingClientRect().top")
        assert 0 <= top < 120, f"#forget is {top:.0f} px down the screen"


def test_a_finished_case_reflows_at_320_px(page, fixture_url):
    page.set_viewport_size({"width": 320, "height": 720})
    finish_the_case(page, fixture_url)
    self_assess(page, ["Records mood (1 point)"])
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert violations(page) == []


def test_an_exported_record_with_a_finished_case_is_one_grader_collect_accepts(page, fixture_url):
    from grader.records.model import RecordFile

    finish_the_case(page, fixture_url)
    self_assess(page, ["Records mood (1 point)"])
    exported = page.evaluate("MSKCPD.store.exportRecord()")
    entry = RecordFile.model_validate(exported).cases["example-case"]
    assert entry.model_extra["minutes"] == CASE_MINUTES
    assert entry.model_extra["self_assessed"]["case-reflect"]["met"] == ["mood"]
