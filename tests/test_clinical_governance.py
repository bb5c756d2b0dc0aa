"""Clinical safety and governance: red flags from one file, the OME rule, real branching,
placeholder wording, four nations' crisis lines, professions' own cases, clinical sign-off
and the hazard log; and regression tests for each finding of the independent clinical review.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml

from grader.cli import main as grader_main
from grader.content import signoff
from grader.content.fields import PROFESSIONS
from grader.content.language import placeholders
from grader.content.loader import check_course, load_course
from grader.content.professions import PROFESSION_INFO
from grader.items.consultation.model import ConsultationItem
from grader.items.matching.model import MatchingItem
from grader.items.multiple.model import MultipleItem
from grader.items.numeric.model import NumericItem
from grader.items.single.model import SingleItem
from grader.site.markers import crisis_html

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "course"
TODAY = dt.date(2026, 12, 3)


@pytest.fixture(scope="module")
def real_course():
    return load_course(ROOT, today=TODAY)


def all_items(course):
    for content in course.modules:
        yield from content.bank.items
    for content in course.cases:
        yield from content.case.items()


def find(course, item_id):
    return next(i for i in all_items(course) if i.id == item_id)


def texts(item) -> str:
    """Every learner-facing text of an item, as one string."""
    return " ".join(v for v in _strings(item.model_dump()))


def _strings(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in {"id", "answer", "next", "source", "outcome", "type", "red_flag", "tier"}:
                yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)
    elif isinstance(node, str):
        yield node


def fixture_copy(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(FIXTURE, root)
    return root


def messages(root: Path) -> list[str]:
    return [str(p) for p in check_course(root, today=TODAY)]


# --- red flags: one source of truth ----------------------------------------------------

RED_FLAGS = """\
schema_version: 1
flags:
  - id: cauda-equina
    condition: Cauda equina syndrome
    features: [Saddle anaesthesia]
    tier: emergency
    route: the emergency department
    timescale: same day
    sources: ["GIRFT, national suspected CES pathway (2023)"]
    last_checked: 2026-12-01
  - id: axial-spa
    condition: Axial spondyloarthritis
    features: [Inflammatory back pain]
    tier: non-urgent
    route: a rheumatologist
    timescale: when the NICE NG65 criteria are met
    sources: ["NICE NG65 (2017), rec 1.1.5"]
    last_checked: 2026-12-01
"""

RED_FLAG_ITEM = """\
  - id: ex-red-flags
    type: matching
    outcome: LO1
    source: ng193
    stem: Match each to how fast.
    premises:
      - {id: p-ces, text: Saddle anaesthesia, answer: c-now, red_flag: cauda-equina, feedback: Emergency.}
      - {id: p-axspa, text: Inflammatory back pain, answer: c-referral, red_flag: axial-spa, feedback: Not urgent.}
    choices:
      - {id: c-now, text: "Emergency, same day", tier: emergency}
      - {id: c-referral, text: "Rheumatology referral, routine", tier: non-urgent}
      - {id: c-soon, text: "Urgent rheumatology referral", tier: urgent}
"""


def course_with_red_flags(tmp_path: Path, item: str = RED_FLAG_ITEM, flags: str = RED_FLAGS) -> Path:
    root = fixture_copy(tmp_path)
    (root / "referrals" / "red-flags.yml").write_text(flags, encoding="utf-8")
    quiz = root / "quizzes" / "example.yml"
    quiz.write_text(quiz.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + item, encoding="utf-8")
    return root


def test_red_flag_keys_that_agree_with_the_data_pass(tmp_path):
    assert messages(course_with_red_flags(tmp_path)) == []


def test_a_key_that_disagrees_with_the_red_flag_data_fails_the_check(tmp_path):
    root = course_with_red_flags(tmp_path, RED_FLAG_ITEM.replace("answer: c-referral", "answer: c-soon"))
    found = messages(root)
    assert any(
        "quizzes/example.yml:" in m
        and "premise 'p-axspa' is keyed to a choice of tier urgent" in m
        and "gives red flag 'axial-spa' the tier non-urgent" in m
        for m in found
    ), found
    # and the other way round: the data changes, every key that no longer agrees is reported
    root = course_with_red_flags(tmp_path / "2", flags=RED_FLAGS.replace("tier: non-urgent", "tier: urgent"))
    assert any("premise 'p-axspa'" in m and "the tier urgent" in m for m in messages(root))


def test_tier_words_must_agree_with_the_tier_and_unknown_flags_are_named(tmp_path):
    root = course_with_red_flags(
        tmp_path,
        RED_FLAG_ITEM.replace(
            '"Rheumatology referral, routine", tier: non-urgent', '"Urgent rheumatology referral", tier: non-urgent'
        ),
    )
    assert any("'c-referral' has `tier: non-urgent` but its text says urgent" in m for m in messages(root))
    root = course_with_red_flags(tmp_path / "2", RED_FLAG_ITEM.replace("red_flag: cauda-equina", "red_flag: cauda"))
    assert any(
        "no red flag has id 'cauda' in referrals/red-flags.yml: use one of cauda-equina, axial-spa" in m
        for m in messages(root)
    )
    root = course_with_red_flags(
        tmp_path / "3", RED_FLAG_ITEM.replace(", red_flag: cauda-equina", "").replace(", red_flag: axial-spa", "")
    )
    assert any("choices carry a `tier` but no premise names a `red_flag`" in m for m in messages(root))


def test_a_single_answer_item_is_checked_against_its_flag(tmp_path):
    item = """\
  - id: ex-ces-now
    type: single
    outcome: LO1
    source: ng193
    red_flag: cauda-equina
    stem: New saddle numbness. What now?
    options:
      - {id: ed, text: "The emergency department, same day", feedback: Right., tier: emergency}
      - {id: gp, text: "A routine GP appointment", feedback: Too slow., tier: non-urgent}
    answer: gp
"""
    found = messages(course_with_red_flags(tmp_path, item))
    assert any("the right option 'gp' has tier non-urgent" in m for m in found), found
    assert any("option 'ed' has the right tier (emergency) but is not keyed as right" in m for m in found), found


def test_red_flag_lessons_render_the_one_table(real_course, tmp_path):
    course = real_course
    from grader.site.markers import expand_markers

    lessons = [lesson for content in course.modules for lesson in content.lessons if "[[red-flags]]" in lesson.markdown]
    assert {lesson.path for lesson in lessons} == {
        "modules/01-biopsychosocial/04-flags-and-stratification.md",
        "modules/05-referral-routes/01-red-flags-and-urgent-referral.md",
    }
    for lesson in lessons:
        assert "| **Fracture**" not in lesson.markdown and "Urgent rheumatology referral" not in lesson.markdown, (
            "no hand-written tier table"
        )
        html = expand_markers(lesson.markdown, course.services(), course.red_flags)
        for flag in course.red_flags.flags:
            assert flag.condition.split(":")[0].replace("'", "&#x27;") in html
    # a lesson that asks for the table when there is no data is told so
    root = fixture_copy(tmp_path)
    (root / "modules/01-example/01-intro.md").write_text("# Introduction\n\n[[red-flags]]\n", encoding="utf-8")
    assert any("`[[red-flags]]` shows referrals/red-flags.yml, which is missing" in m for m in messages(root))


def test_the_course_keys_every_red_flag_item_from_the_data(real_course):
    course = real_course
    flags = {f.id: f for f in course.red_flags.flags}
    marked = {
        "bps-red-flag-actions": {
            "cauda-equina",
            "mscc",
            "spinal-infection",
            "fracture-major-trauma",
            "spinal-metastases",
            "axial-spa",
            "osteoporotic-fracture",
        },
        "ref-red-flag-timescales": {"cauda-equina", "spinal-infection", "mscc", "spinal-metastases", "axial-spa"},
        "axspa-next-step": {"axial-spa"},
    }
    for item_id, expected in marked.items():
        item = find(course, item_id)
        used = {p.red_flag for p in item.premises if p.red_flag} if isinstance(item, MatchingItem) else {item.red_flag}
        assert used == expected, item_id
    # every item that offers tiers names its flags (grader check holds the keys to them)
    for item in all_items(course):
        if isinstance(item, MatchingItem) and any(c.tier for c in item.choices):
            assert all(p.red_flag in flags for p in item.premises if p.red_flag)
    # every urgent red-flag entry of the directory routes a flag
    entries = [s for s in course.services() if s.category == "urgent-red-flags"]
    assert entries and all(s.red_flag in flags for s in entries)


def test_red_flags_go_stale_after_a_year(tmp_path):
    root = course_with_red_flags(
        tmp_path, flags=RED_FLAGS.replace("last_checked: 2026-12-01", "last_checked: 2025-11-01", 1)
    )
    assert any(
        "referrals/red-flags.yml:" in m and "red flag last checked 2025-11-01, over a year ago" in m
        for m in messages(root)
    )


# --- the OME rule ------------------------------------------------------------------------

OME_ITEM = """\
  - id: ex-ome
    type: numeric
    outcome: LO1
    source: ng193
    ome: true
    stem: Total oral morphine equivalent, in mg a day?
    answer: 150
    unit: mg/day
    feedback: {correct: Right., incorrect: Recount.}
    unsafe:
      - {max: 119, feedback: "This hides an opioid load above 120 mg a day."}
      - {min: 300, feedback: "This doubles the recorded opioid load."}
"""


def course_with_item(tmp_path: Path, item: str) -> Path:
    root = fixture_copy(tmp_path)
    quiz = root / "quizzes" / "example.yml"
    quiz.write_text(quiz.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + item, encoding="utf-8")
    return root


def test_ome_bands_follow_the_one_rule(tmp_path):
    assert messages(course_with_item(tmp_path, OME_ITEM)) == []
    missing = messages(
        course_with_item(
            tmp_path / "1",
            OME_ITEM.replace('      - {min: 300, feedback: "This doubles the recorded opioid load."}\n', ""),
        )
    )
    assert any(
        "an OME item needs the unsafe band {min: 300} (an over-count of twice the true load or more)" in m
        for m in missing
    ), missing
    other = messages(course_with_item(tmp_path / "2", OME_ITEM.replace("{min: 300,", "{min: 375,")))
    assert any("this band {min: 375} is not one of them; use only {min: 300} and {max: 119}" in m for m in other), other
    wording = messages(
        course_with_item(
            tmp_path / "3", OME_ITEM.replace("This doubles the recorded opioid load.", "Switch to 300 mg.")
        )
    )
    assert any("an OME band's feedback speaks of the person's opioid load" in m for m in wording), wording
    below = OME_ITEM.replace("answer: 150", "answer: 60").replace("{min: 300,", "{min: 120,")
    assert any(
        "this band {max: 119} is not one of them; use only {min: 120}" in m
        for m in messages(course_with_item(tmp_path / "4", below))
    )


def test_every_ome_item_in_the_course_is_marked_and_follows_the_rule(real_course):
    course = real_course
    ome = [i for i in all_items(course) if isinstance(i, NumericItem) and i.ome]
    assert {i.id for i in ome} >= {
        "opi-ome-cocodamol",
        "opi-ome-oxycodone",
        "opi-ome-tapentadol",
        "opi-ome-buprenorphine-patch",
        "opi-ome-combined",
        "hdop-ome-total",
    }
    for item in all_items(course):
        if isinstance(item, NumericItem) and re.search(
            r"morphine equivalent|\bOME\b", item.stem + (item.context or "")
        ):
            assert item.ome, f"{item.id} asks for an oral morphine equivalent: mark it `ome: true`"
    for item in ome:
        bands = {(b.min, b.max) for b in item.unsafe}
        assert (2 * item.answer, None) in bands
        assert ((None, 119) in bands) == (item.answer >= 120)


# --- consultations branch --------------------------------------------------------------


def test_a_consultation_that_never_branches_is_reported(tmp_path):
    root = fixture_copy(tmp_path)
    case = root / "case_studies/example-case/case.yml"
    text = case.read_text(encoding="utf-8").replace(
        "next: closed, behaviours: [dismissive]", "next: mood, behaviours: [dismissive]"
    )
    text = text.replace(
        "          - id: closed\n            patient: Right. Maybe I shouldn't have said anything.\n            "
        "choices:\n"
        '              - {id: repair, text: "Sorry, that came out wrong. Tell me more about how you feel.", '
        "next: mood, behaviours: [asked-mood], feedback: A good repair.}\n",
        "",
    )
    case.write_text(text, encoding="utf-8")
    found = messages(root)
    assert any(
        "case_studies/example-case/case.yml:" in m and "every choice at every node leads to the same next node" in m
        for m in found
    ), found


def test_every_course_consultation_branches_and_names_the_person(real_course):
    course = real_course
    consultations = [i for i in all_items(course) if isinstance(i, ConsultationItem)]
    assert len(consultations) >= 10
    for item in consultations:
        assert item.person, item.id
        assert any(len({c.next for c in node.choices}) > 1 for node in item.nodes), item.id
        # a harmful choice somewhere leads to a node of its own
        harmful = {b.id for b in item.behaviours if b.kind == "harmful"}
        good_next = {c.next for n in item.nodes for c in n.choices if not set(c.behaviours) & harmful}
        assert any(
            c.next and c.next not in good_next for n in item.nodes for c in n.choices if set(c.behaviours) & harmful
        ), item.id


# --- placeholder wording ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "As the seed report says",
        "Seed documents",
        "Month to be confirmed",
        "TODO: cite",
        "TBC",
        "see clinical-facts.md",
        "Lorem ipsum",
    ],
)
def test_placeholder_wording_is_found(text):
    assert list(placeholders(text))


@pytest.mark.parametrize("text", ["Seedless grapes", "The `TODO` marker", "Seeding a conversation"])
def test_ordinary_words_and_code_are_not_placeholders(text):
    assert not list(placeholders(text))


def test_placeholder_wording_is_reported(tmp_path):
    root = fixture_copy(tmp_path)
    module = root / "modules/01-example/module.yml"
    module.write_text(
        module.read_text(encoding="utf-8").replace("title: An example module", "title: An example module (TBC)"),
        encoding="utf-8",
    )
    (root / "modules/01-example/01-intro.md").write_text(
        "# Introduction\n\nThe seed report says so.\n", encoding="utf-8"
    )
    found = messages(root)
    assert any(
        m.startswith("modules/01-example/module.yml:") and "internal or placeholder wording 'TBC'" in m for m in found
    ), found
    assert (
        "modules/01-example/01-intro.md:3: internal or placeholder wording 'seed': learners read this; name the "
        "published source (for example the ARMA or Q Improvement Lab and Mind report) or write the final text" in found
    )


# --- crisis support in four nations ------------------------------------------------------


def test_every_nation_has_an_urgent_mental_health_line(real_course):
    course = real_course
    crisis = [s for s in course.services() if s.category == "crisis"]
    for nation in ("england", "wales", "scotland", "northern-ireland"):
        own = [s for s in crisis if s.nations == [nation]]
        assert own, f"no urgent mental health line for {nation}"
        assert all(s.source and s.last_checked and (s.phone or s.text_message) for s in own)
    wales = next(s for s in crisis if s.nations == ["wales"])
    assert wales.phone == "111" and "2" in wales.name


def test_the_crisis_box_lists_uk_lines_then_each_nation(real_course):
    course = real_course
    html = crisis_html(course.services())
    uk = html.index("Samaritans")
    nations = html.index("Urgent mental health help in each nation")
    assert uk < nations
    order = [html.index(f"<li><strong>{name}:") for name in ("England", "Wales", "Scotland", "Northern Ireland")]
    assert "England: England" not in html
    assert order == sorted(order) and order[0] > nations


# --- professions -----------------------------------------------------------------------


def test_each_profession_has_its_own_case_and_questions(real_course):
    course = real_course
    for profession in [p for p in PROFESSIONS if p != "other"]:
        cases = [c.case.id for c in course.cases if c.case.learner_role == profession]
        assert cases, f"no case puts the learner in the role of a {profession}"
        own = [
            i.id
            for c in course.cases
            for i in c.case.items()
            if i.professions and profession in i.professions and len(i.professions) < len(PROFESSIONS) - 1
        ]
        assert len(own) >= 2, f"{profession}: {own}"


# --- clinical sign-off -------------------------------------------------------------------


def sign(root: Path, content: str, *extra: str) -> int:
    return grader_main(
        [
            "sign-off",
            content,
            "--root",
            str(root),
            "--reviewer",
            "Dr Test Reviewer",
            "--profession",
            "doctor",
            "--body",
            "GMC",
            "--number",
            "1234567",
            "--scope",
            "clinical,language",
            "--date",
            "2026-12-01",
            *extra,
        ]
    )


def test_sign_off_awaiting_signed_changed_and_release(tmp_path, capsys):
    root = fixture_copy(tmp_path)
    assert grader_main(["check", "--root", str(root)]) == 0
    assert "0 of 2 signed off as they are; 0 changed since sign-off, 2 awaiting sign-off" in capsys.readouterr().out
    assert grader_main(["check", "--root", str(root), "--release"]) == 1
    out = capsys.readouterr().out
    assert "case_studies/example-case/sign-off.yml:1: awaiting clinical sign-off" in out
    assert "modules/01-example/sign-off.yml:1: awaiting clinical sign-off" in out

    assert sign(root, "example") == 0 and sign(root, "example-case") == 0
    capsys.readouterr()
    record = yaml.safe_load((root / "modules/01-example/sign-off.yml").read_text(encoding="utf-8"))
    assert record["content"] == "example" and record["reviews"][0]["reviewer"] == "Dr Test Reviewer"
    assert record["reviews"][0]["digest"].startswith("sha256:") and str(record["reviews"][0]["date"]) == "2026-12-01"
    # signed off, but a release also publishes its ids (published-ids.yml), so none can silently disappear
    assert grader_main(["check", "--root", str(root), "--release"]) == 1
    captured = capsys.readouterr()
    assert "published-ids.yml:1: 12 id(s) not yet published (example, example-case, ex-single" in captured.out
    assert "ids not yet published: not ready for release." in captured.err
    assert grader_main(["publish-ids", "--root", str(root)]) == 0
    capsys.readouterr()
    assert grader_main(["check", "--root", str(root), "--release"]) == 0
    course = load_course(root)
    assert (
        signoff.module_status(course.modules[0]).line()
        == "Clinically reviewed by Dr Test Reviewer (doctor, GMC 1234567) on 01 December 2026"
    )

    # any change to what was reviewed: reported, and release fails until it is signed off again
    quiz = root / "quizzes/example.yml"
    quiz.write_text(
        quiz.read_text(encoding="utf-8").replace("Which is right?", "Which one is right?"), encoding="utf-8"
    )
    assert grader_main(["check", "--root", str(root)]) == 0
    out = capsys.readouterr().out
    assert (
        "modules/01-example/sign-off.yml:1: changed since clinical sign-off on 2026-12-01: have it reviewed, then run "
        "`grader sign-off example" in out
    )
    assert grader_main(["check", "--root", str(root), "--release"]) == 1
    capsys.readouterr()
    assert "Changed since its clinical review" in signoff.module_status(load_course(root).modules[0]).line()
    assert sign(root, "example") == 0
    assert grader_main(["check", "--root", str(root), "--release"]) == 0
    assert len(yaml.safe_load((root / "modules/01-example/sign-off.yml").read_text(encoding="utf-8"))["reviews"]) == 2


def test_windows_line_endings_sign_the_same_content(tmp_path):
    root = fixture_copy(tmp_path)
    before = load_course(root).modules[0].digest
    quiz = root / "quizzes/example.yml"
    quiz.write_bytes(quiz.read_bytes().replace(b"\n", b"\r\n"))
    assert load_course(root).modules[0].digest == before


def test_sign_off_refuses_bad_registrations_and_unknown_content(tmp_path, capsys):
    root = fixture_copy(tmp_path)

    def nurse(body: str, number: str) -> int:
        args = [
            "--reviewer",
            "A Nurse",
            "--profession",
            "nurse",
            "--body",
            body,
            "--number",
            number,
            "--scope",
            "clinical",
        ]
        return grader_main(["sign-off", "example", "--root", str(root), *args])

    assert nurse("GMC", "1234567") == 2
    assert "a nurse is registered with NMC, not GMC" in capsys.readouterr().err
    assert nurse("NMC", "12345") == 2
    assert "'12345' is not a NMC number: write an NMC PIN" in capsys.readouterr().err
    assert sign(root, "no-such-module") == 2
    assert "no module or case has id 'no-such-module': use one of example, example-case" in capsys.readouterr().err
    assert not (root / "modules/01-example/sign-off.yml").exists()


def test_a_hand_written_record_is_checked(tmp_path):
    root = fixture_copy(tmp_path)
    (root / "modules/01-example/sign-off.yml").write_text(
        "schema_version: 1\ncontent: other\nreviews:\n  - reviewer: A Physio\n    profession: physiotherapist\n    "
        "registration_body: HCPC\n"
        "    registration_number: '12'\n    date: 2026-12-01\n    scope: [clinical]\n    digest: sha256:"
        + "0" * 64
        + "\n",
        encoding="utf-8",
    )
    found = messages(root)
    assert (
        "modules/01-example/sign-off.yml:2: this record signs off 'other' but sits beside 'example': a sign-off "
        "record belongs to the content in its own folder" in found
    )
    assert any(m.startswith("modules/01-example/sign-off.yml:7: '12' is not a HCPC number") for m in found), found


def test_the_site_shows_sign_off_status(tmp_path):
    from helpers.site import build_site

    root = fixture_copy(tmp_path)
    assert sign(root, "example-case") == 0
    result = build_site(tmp_path / "site", content_root=root)
    assert result.returncode == 0, result.stderr
    overview = (tmp_path / "site/modules/example/index.html").read_text(encoding="utf-8")
    assert '<th scope="row">Clinical sign-off</th>\n<td>Awaiting clinical sign-off</td>' in overview
    case_page = (tmp_path / "site/case-studies/example-case.html").read_text(encoding="utf-8")
    assert "Clinically reviewed by Dr Test Reviewer (doctor, GMC 1234567) on 01 December 2026" in case_page


def test_the_real_course_awaits_sign_off_and_invents_no_reviewer(real_course):
    course = real_course
    for status in signoff.statuses(course):
        # no reviewer is written into the course by its developers: only `grader sign-off` does that
        assert status.state == "awaiting" or (status.review and status.review.reviewer), status


# --- the hazard log ----------------------------------------------------------------------


def _test_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test")}


def test_hazard_log_controls_name_tests_that_exist(real_course):
    course = real_course
    log = course.hazard_log
    assert log is not None and len(log.hazards) >= 6
    titles = " ".join(h.title.lower() for h in log.hazards)
    for hazard in ("wrong answer key", "out of date", "crisis contact", "stigmatising", "distressed", "record is lost"):
        assert hazard in titles, hazard
    for hazard in log.hazards:
        for control in hazard.controls:
            for node in control.tests:
                file, _, name = node.partition("::")
                assert (ROOT / file).is_file(), f"{hazard.id}: {file} does not exist"
                assert name in _test_names(ROOT / file), f"{hazard.id}: {node} does not exist"


def test_hazard_log_page_lists_every_hazard(course_site):
    page = (course_site / "hazard-log.html").read_text(encoding="utf-8")
    for hazard in load_course(ROOT).hazard_log.hazards:
        assert f'id="hazard-{hazard.id}"' in page
        assert f"rating {hazard.residual_risk.rating}" in page


# --- the independent clinical review's findings ---------------------------------------------


def test_clinical_review_findings_stay_fixed(real_course):
    course = real_course
    flags = {f.id: f for f in course.red_flags.flags}
    # 1 (critical): a fracture after significant trauma goes to the emergency department, the same day
    assert (
        flags["fracture-major-trauma"].tier == "emergency"
        and "emergency department" in flags["fracture-major-trauma"].route
    )
    assert (
        flags["osteoporotic-fracture"].tier != "emergency"
        and "fracture liaison" in flags["osteoporotic-fracture"].route
    )
    # 2: ICD-11 post-surgical pain must start or worsen after surgery
    classify = find(course, "epb-classify")
    assert classify.answer != "secondary-post-surgical" or re.search(
        r"began .*after .*surgery|not there before", classify.context or ""
    )
    # 3: axial spondyloarthritis is a routine referral, nowhere "urgent rheumatology"
    assert flags["axial-spa"].tier == "non-urgent"
    for item in all_items(course):
        assert "urgent rheumatology referral" not in texts(item).lower().replace("not urgent", "") or item.id in {
            "axspa-next-step"
        }, item.id
    # 4, 5: spinal infection is a same-day emergency; MSCC an immediate one, from NICE NG234
    assert flags["spinal-infection"].tier == "emergency"
    assert (
        flags["mscc"].tier == "emergency"
        and any("NG234" in s for s in flags["mscc"].sources)
        and "24 hours" in flags["mscc"].timescale
    )
    # 6: one wording for NICE NG193's "do not start"
    recs = find(course, "opi-nice-opioid-recs")
    assert not any(re.search(r"do not (initiate|offer)", c.text, re.I) for c in recs.choices)
    # 8: not sure she can keep herself safe tonight: 999 or A&E is right, and she is not left alone
    levels = find(course, "physio-sui-levels")
    unsafe = next(p for p in levels.premises if "keep herself safe" in p.text)
    assert next(c for c in levels.choices if c.id == unsafe.answer).text.startswith("999 or A&E")
    lesson = (ROOT / "modules/02-mood-and-suicide-risk/06-what-to-do-next.md").read_text(encoding="utf-8")
    assert "A&E" in lesson and re.search(r"not (be )?left alone|do not leave", lesson, re.I)
    # 9: a named method with the means to hand is planning
    oldham = texts(find(course, "oip-assessment-consultation"))
    assert "has no plan" not in oldham and not re.search(r"(?<!not )later in the week", oldham.lower())
    crisis_lesson = (ROOT / "modules/05-referral-routes/02-crisis-routes.md").read_text(encoding="utf-8")
    assert "how many" not in crisis_lesson.lower()
    # 10: immediate steps before a taper: cap the supply, kidney function, naloxone
    plan = find(course, "hdop-plan-record")
    assert {"cap-supply", "kidney", "naloxone"} <= {c.id for c in plan.rubric}
    # 11: routes chosen by need, not a "high risk" label
    assert "high risk" not in texts(find(course, "ref-service-match")).lower()
    # minor findings
    assert not any(o.id == "killed-himself" for o in find(course, "lang-suicide-safe-phrases").options)
    assert "complex regional pain syndrome" in texts(find(course, "bps-ng193-offer-consider-avoid"))
    for item_id in ("opi-dependence-or-addiction", "lang-dependence-addiction-features"):
        item = find(course, item_id)
        assert any("associated with addiction" in c.text for c in item.choices), item_id


def test_doctors_reflection_prompts_offer_arcp_and_appraisal():
    doctor = PROFESSION_INFO["doctor"]
    words = doctor.record + " ".join(doctor.prompts)
    assert "ARCP" in words and "appraisal" in words and "RCGP" in words


def test_the_professions_are_listed_once_for_the_schemas_the_tools_and_the_browser():
    from grader.site import render

    assert tuple(PROFESSION_INFO) == PROFESSIONS
    assert (
        render.catalogue(load_course(FIXTURE), render.Settings())["professions"]["pharmacist"]["record"]
        == "GPhC CPD record"
    )
    script = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "grader/site/assets/src").glob("*.js"))
    assert "occupational-therapist" not in script, "the browser takes the professions from the catalogue"


def test_every_item_of_the_course_cites_a_named_source(real_course):
    course = real_course
    for content in course.modules:
        references = {r.id: r for r in content.module.references}
        for item in content.bank.items:
            assert not list(placeholders(references[item.source].citation)), item.id
    assert isinstance(find(course, "axspa-next-step"), (SingleItem, MultipleItem))
