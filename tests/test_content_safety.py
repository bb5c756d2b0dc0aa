"""The safety checks in `grader check`: stigmatising language, crisis signposting,
overdue reviews, and the referral directory."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from grader.content import language
from grader.content.loader import check_course, load_course
from grader.site import markers, render

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "course"
TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    "text,flagged",
    [
        ("She is a chronic pain sufferer.", "sufferer"),
        ("He suffers from back pain.", "suffers from"),
        ("It is just wear and\n  tear.", "wear and\n  tear"),
        ("Her spine shows degeneration.", "degeneration"),
        ("A failed back syndrome.", "failed back"),
        ("He was non-compliant.", "non-compliant"),
        ("Noncompliance with physio.", "Noncompliance"),
        ("Drug-seeking behaviour.", "Drug-seeking"),
        ("Her brother committed suicide.", "committed suicide"),
        ("A failed suicide attempt.", "failed suicide"),
        ("He is an addict.", "addict"),
        ("It's all in your head.", "all in your head"),
        ("The knee is bone on bone.", "bone on bone"),
        ("A slipped disc.", "slipped disc"),
    ],
)
def test_stigmatising_terms_are_flagged(text, flagged):
    assert [found for _, found, _ in language.stigmatising(text)] == [flagged]


@pytest.mark.parametrize(
    "text",
    [
        "A person living with chronic pain.",
        "Opioid addiction and dependence are defined in NICE NG215.",  # 'addiction' is a clinical term
        "Say 'died by suicide', not [[avoid: committed suicide]].",
        "Avoid [[avoid: wear and\ntear]] across a line break.",
        "Suffering is reduced when people are believed.",
    ],
)
def test_good_language_and_marked_examples_pass(text):
    assert list(language.stigmatising(text)) == []


def test_page_about_suicide_needs_crisis_signposting():
    text = "# Asking\n\nIntro.\n\nAsk directly about suicidal thoughts.\n"
    problems = list(language.check_markdown(text, "m.md"))
    assert [(p.line, "add a line `[[crisis-support]]`" in p.message) for p in problems] == [(5, True)]
    assert list(language.check_markdown("# Asking\n\n[[crisis-support]]\n\n" + text, "m.md")) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "He said he wanted to kill himself.",
        "She had thought about how to end her life.",
        "An intentional overdose of opioids.",
        "He talked of hanging himself.",
        "Self harm is common.",
        "She felt there was no point in going on.",
    ],
)
def test_what_people_actually_write_needs_crisis_signposting(sentence):
    problems = list(language.check_markdown(f"# A page\n\nIntro.\n\n{sentence}\n", "m.md"))
    assert [p.line for p in problems] == [5], sentence


def test_crisis_contacts_come_before_the_first_mention():
    late = "# A page\n\nAsk about suicidal thoughts.\n\n[[crisis-support]]\n"
    (problem,) = language.check_markdown(late, "m.md")
    assert problem.line == 5
    assert "comes after the page first mentions suicide or self-harm ('suicidal', line 3)" in problem.message
    # the title may name the subject: the contacts go under it
    assert list(language.check_markdown("# Talking about suicide\n\n[[crisis-support]]\n\nText.\n", "m.md")) == []
    # words in code are documentation, not a page about suicide
    assert list(language.check_markdown("# Guide\n\nThe check flags `suicide`.\n", "m.md")) == []


def test_the_crisis_phrases_are_data():
    phrases = (Path(language.__file__).parent / "crisis_phrases.yml").read_text(encoding="utf-8")
    for phrase in ("kill", "end", "overdos", "hang", "self[- ]?harm"):
        assert phrase in phrases
    assert language.discusses_suicide("a wish to hang themselves")
    assert not language.discusses_suicide("hang on a minute; the pain will ease")


def test_yaml_lines_point_at_the_key(tmp_path):
    root = tmp_path / "c"
    shutil.copytree(FIXTURE, root)
    quiz = root / "quizzes" / "example.yml"
    quiz.write_text(
        quiz.read_text().replace("feedback: Wrong, because it is not.", "feedback: Wrong, a sufferer would not.")
    )
    problems = check_course(root, today=TODAY)
    assert [(p.path, p.line) for p in problems] == [("quizzes/example.yml", 15)]
    assert "stigmatising language 'sufferer'" in problems[0].message


def test_citations_are_not_checked_as_prose(tmp_path):
    root = tmp_path / "c"
    shutil.copytree(FIXTURE, root)
    module = root / "modules" / "01-example" / "module.yml"
    module.write_text(
        module.read_text().replace('citation: "NICE NG193.', 'citation: "Degenerative disc disease review. NICE NG193.')
    )
    assert check_course(root, today=TODAY) == []


def test_directory_entries_are_checked(tmp_path):
    root = tmp_path / "c"
    shutil.copytree(FIXTURE, root)
    directory = root / "referrals" / "national.yml"
    text = directory.read_text()
    directory.write_text(
        text.replace("last_checked: 2026-11-01", "last_checked: 2025-01-01", 1).replace('phone: "999"', 'phone: "nine"')
    )
    problems = [str(p) for p in check_course(root, today=TODAY)]
    assert problems == ['referrals/national.yml:12: `phone` must be digits and spaces only, for example "116 123"']
    directory.write_text(text.replace("last_checked: 2026-11-01", "last_checked: 2025-01-01", 1))
    assert [str(p) for p in check_course(root, today=TODAY)] == [
        "referrals/national.yml:15: entry last checked 2025-01-01, over a year ago: check it against its source, then "
        "update `last_checked`"
    ]
    directory.write_text(text.replace("category: staff-support", "category: employment"))
    assert [str(p) for p in check_course(root, today=TODAY)] == [
        "referrals/national.yml:4: the national directory needs at least one `staff-support` entry: pages about "
        "suicide show them"
    ]


def test_area_directory_extends_and_replaces_national(tmp_path):
    root = tmp_path / "c"
    shutil.copytree(FIXTURE, root)
    area = (
        (root / "referrals" / "national.yml")
        .read_text()
        .replace("area: national", "area: north-trust")
        .replace("name: National (default)", "name: North Trust")
    )
    area = area.replace("Confidential support at work.", "North Trust staff wellbeing hub.")
    (root / "referrals" / "north-trust.yml").write_text(area)
    course = load_course(root, today=TODAY)
    services = {s.id: s for s in course.services("north-trust")}
    assert services["occupational-health"].description == "North Trust staff wellbeing hub."
    assert {s.id for s in course.services("national")} == {"emergency", "occupational-health"}


def test_markers_render(tmp_path):
    course = load_course(FIXTURE, today=TODAY)
    html = markers.expand_markers(
        "# T\n\n[[crisis-support]]\n\nSay this, not [[avoid: wear and tear]].\n\n[[referral-directory]]\n",
        course.services(),
    )
    assert 'class="admonition danger mskcpd-crisis"' in html and '<a href="tel:999">999</a>' in html
    assert "Support for you as a member of staff" in html and "Call <a" in html and "Occupational health" in html
    assert "language to avoid: </span>\u201cwear and tear\u201d" in html
    assert '<h3 id="directory-crisis">' in html and "[[" not in html


def test_pages_that_mention_suicide_get_the_crisis_box(tmp_path):
    course = load_course(FIXTURE, today=TODAY)
    content = course.modules[0]
    item = content.bank.items[0]
    changed = item.model_copy(update={"stem": "Which question asks directly about suicidal thoughts?"})
    bank = content.bank.model_copy(update={"items": [changed, *content.bank.items[1:]]})
    content = content.model_copy(
        update={
            "bank": bank,
            "module": content.module.model_copy(update={"content_note": "This module discusses suicide."}),
        }
    )
    pages = {p.src_uri: p for p in render.module_pages(content, render.Settings())}
    questions = pages["modules/example/questions.md"].markdown
    assert "[[crisis-support]]" in questions
    assert "Content note" in pages["modules/example/intro.md"].markdown


def test_the_real_course_passes_every_check():
    assert check_course(ROOT) == []


# --- the quick scans give what the plain scans give ------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import helpers.properties  # noqa: E402,F401  (registers the hypothesis profiles)

TERM_PIECES = [
    "sufferer",
    "SUFFERS",
    " from",
    "chronic",
    "pain",
    " patient",
    "wear and tear",
    "degenerative",
    "failed back",
    "non-compliant",
    "noncompliance",
    "drug-seeking",
    "commit suicide",
    "addict",
    "Junkies",
    "abuser",
    "malingering",
    "heartsink",
    "frequent flyer",
    "all in your head",
    "bone on bone",
    "crumbling",
    "slipped disc",
    "victim of",
    "[[avoid: addict]]",
    "`[[avoid: x]]`",
    " ",
    "\n",
    "-",
    "s",
    ".",
    "\u017f",
    "\u0131",
    "\u0130",
    "\u212a",
    "\u00df",
    "\u00e9",
    "\u2019",
]


def plain_scan(text: str) -> list[tuple[int, str, str]]:
    """The scan without the quick path: every term's own pattern over the text."""
    cleaned = language._blank_avoided(text)
    return [(m.start(), m.group(0), term.prefer) for term in language.terms() for m in term.pattern.finditer(cleaned)]


@given(text=st.lists(st.sampled_from(TERM_PIECES), max_size=30).map("".join))
def test_the_quick_language_scan_finds_what_the_plain_scan_finds(text):
    assert [(offset, found, term.prefer) for offset, found, term in language.stigmatising(text)] == plain_scan(text)


def test_the_quick_language_scan_on_every_course_text():
    root = Path(__file__).resolve().parent.parent
    for path in [
        *root.glob("modules/*/*.md"),
        *root.glob("course/**/*.md"),
        *root.glob("quizzes/*.yml"),
        *root.glob("case_studies/*/case.yml"),
    ]:
        text = path.read_text(encoding="utf-8")
        assert [(o, f, t.prefer) for o, f, t in language.stigmatising(text)] == plain_scan(text), path


def test_language_terms_are_lower_case_ascii():
    """The quick scan lowers the text; it is exact only for such patterns (terms() refuses others)."""
    assert all(t.quick.pattern.isascii() and t.quick.pattern == t.quick.pattern.lower() for t in language.terms())
