"""The loader's errors: one bad-content fixture per kind, each naming path, line and fix.

Each case copies the valid fixture course and breaks one thing. `grader check`
and the site build must both reject it with the same `path:line: message`.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from grader.cli import main as grader_main
from grader.content.loader import check_course, load_course

FIXTURE = Path(__file__).parent / "fixtures" / "course"
QUIZ = "quizzes/example.yml"
MODULE = "modules/01-example/module.yml"
CASE = "case_studies/example-case/case.yml"
TODAY = dt.date(2026, 11, 23)


@dataclass
class Bad:
    name: str
    file: str
    old: str | None  # text to replace (None: the file is written as `new`)
    new: str
    line: int
    message: str  # a fragment of the message, which names the fix
    path: str | None = None  # where the problem is reported, if not `file`


CASES = [
    Bad("yaml-syntax", QUIZ, "    stem: Which is right?", "    stem: Which: is: right?", 8, "YAML syntax error"),
    Bad("yaml-bad-indent", QUIZ, "        text: Right\n", "       text: Right\n", 11, "check indentation"),
    Bad("not-a-mapping", QUIZ, None, "- just\n- a list\n", 1, "expected a mapping"),
    Bad(
        "unknown-key",
        QUIZ,
        "        feedback: Right, because it is.",
        "        feedbak: Right, because it is.",
        12,
        "unknown key `feedbak`: remove it or correct its spelling",
    ),
    Bad("missing-key", QUIZ, "    stem: Which is right?\n", "", 4, "`stem` is missing: add a `stem:` line here"),
    Bad(
        "unknown-item-type",
        QUIZ,
        "    type: single",
        "    type: truefalse",
        4,
        "unknown item type 'truefalse': use one of",
    ),
    Bad("missing-item-type", QUIZ, "    type: single\n", "", 4, "`type` is missing"),
    Bad("empty-text", QUIZ, "    stem: Which is right?", "    stem: ''", 8, "`stem` is empty: write the text"),
    Bad("bad-id", QUIZ, "  - id: ex-single", "  - id: Ex_Single", 4, "lower-case letters, digits and hyphens"),
    Bad(
        "single-answer-not-an-option",
        QUIZ,
        "    answer: a\n",
        "    answer: z\n",
        16,
        "answer 'z' is not an option id: use one of a, b",
    ),
    Bad(
        "multiple-answer-not-an-option",
        QUIZ,
        "    answer: [a, b]",
        "    answer: [a, d]",
        26,
        "answer 'd' is not an option id",
    ),
    Bad("multiple-answer-repeated", QUIZ, "    answer: [a, b]", "    answer: [a, a]", 26, "answer lists 'a' twice"),
    Bad(
        "duplicate-option-id",
        QUIZ,
        "      - {id: b, text: Right two, feedback: Yes.}",
        "      - {id: a, text: Right two, feedback: Yes.}",
        22,
        "option id 'a' is used twice",
    ),
    Bad(
        "ordering-answer-not-a-permutation",
        QUIZ,
        "    answer: [first, second, third]",
        "    answer: [first, second, second]",
        53,
        "answer must list every option id exactly once",
    ),
    Bad(
        "matching-answer-not-a-choice",
        QUIZ,
        "answer: c2, feedback",
        "answer: c9, feedback",
        62,
        "answer 'c9' is not a choice id: use one of c1, c2, c3",
    ),
    Bad(
        "short-answer-same-answer-twice",
        QUIZ,
        "      - text: Patient Health Questionnaire 9",
        "      - text: phq 9",
        75,
        "this answer matches answer 1 ('PHQ-9') once case, spaces and punctuation are set aside",
    ),
    Bad(
        "short-answer-no-letters",
        QUIZ,
        "      - text: Patient Health Questionnaire 9",
        "      - text: '?!'",
        75,
        "this answer has no letters or digits, so no typed answer can match it: write it out",
    ),
    Bad(
        "duplicate-item-id", QUIZ, "  - id: ex-multiple", "  - id: ex-single", 17, "item id 'ex-single' is already used"
    ),
    Bad(
        "outcome-not-in-module",
        QUIZ,
        "    outcome: LO2\n    source: ng193\n    stem: How many mg?",
        "    outcome: LO7\n    source: ng193\n    stem: How many mg?",
        29,
        "outcome 'LO7' is not one of module 'example''s outcomes: use one of LO1, LO2",
    ),
    Bad(
        "outcome-bad-form",
        QUIZ,
        "    outcome: LO2\n    source: ng193\n    stem: How many mg?",
        "    outcome: two\n    source: ng193\n    stem: How many mg?",
        29,
        "must be an outcome id such as LO1",
    ),
    Bad(
        "source-not-in-references",
        QUIZ,
        "    source: ng193\n    stem: Which is right?",
        "    source: bnf\n    stem: Which is right?",
        7,
        "source 'bnf' is not in module 'example''s references",
    ),
    Bad("unsafe-band-overlaps-answer", QUIZ, "      - min: 120", "      - min: 50", 42, "overlaps the right answer"),
    Bad("answer-outside-range", QUIZ, "    max: 1000", "    max: 50", 32, "outside `min`..`max`"),
    Bad("unit-options-without-unit", QUIZ, "    unit: mg\n", "", 34, "`unit_options` needs a `unit`"),
    Bad("number-expected", QUIZ, "    tolerance: 0", "    tolerance: none", 33, "`tolerance` must be a number"),
    Bad(
        "bank-for-unknown-module",
        QUIZ,
        "module: example",
        "module: exampel",
        2,
        "no module has id 'exampel': use one of example",
    ),
    Bad(
        "outcome-with-too-few-items",
        QUIZ,
        "    outcome: LO2\n    source: ng193\n    stem: Put these in order.",
        "    outcome: LO1\n    source: ng193\n    stem: Put these in order.",
        12,
        "outcome LO2 is tested by 1 item(s): write at least 2",
        path=MODULE,
    ),
    Bad(
        "bad-date",
        MODULE,
        "reviewed: 2026-11-01",
        "reviewed: 1 Nov 2026",
        7,
        "`reviewed` must be a date written as YYYY-MM-DD",
    ),
    Bad(
        "crisis-contacts-after-the-first-mention",
        "modules/01-example/01-intro.md",
        None,
        "# Introduction\n\nAsk about suicidal thoughts.\n\n[[crisis-support]]\n",
        5,
        "`[[crisis-support]]` comes after the page first mentions suicide or self-harm ('suicidal', line 3): move it "
        "above that line, near the top",
    ),
    Bad(
        "scorm-budget-exceeded",
        QUIZ,
        "    incorrect_feedback: The answer is the PHQ-9.\n",
        "    incorrect_feedback: The answer is the PHQ-9.\n    max_length: 1000\n"
        "  - id: ex-short-answer-2\n    type: short_answer\n    outcome: LO2\n    source: ng193\n"
        "    stem: Which questionnaire asks seven questions about anxiety?\n    answers:\n"
        "      - text: GAD-7\n        feedback: Yes, the GAD-7.\n"
        "    incorrect_feedback: The answer is the GAD-7.\n    max_length: 1000\n",
        3,
        "in an LMS this bank's answers could take 4,609 characters of SCORM 1.2's cmi.suspend_data, over its 4,096",
    ),
    Bad(
        "published-id-gone",
        "published-ids.yml",
        None,
        "schema_version: 1\nmodules: [example]\ncases: [example-case]\nitems: [ex-single, ex-old-question]\n",
        4,
        "item 'ex-old-question' was published and is gone",
    ),
    Bad(
        "retired-id-reused",
        "published-ids.yml",
        None,
        "schema_version: 1\nmodules: [example]\nitems: [ex-single]\nretired:\n  - id: ex-multiple\n    kind: item\n"
        "    reason: The answer key was wrong.\n    date: 2026-11-20\n",
        5,
        "item 'ex-multiple' was retired but is in use again",
    ),
    Bad(
        "number-in-a-list-of-text",
        "case_studies/example-case/case.yml",
        "keywords: [mood, low]",
        "keywords: [mood, 111]",
        82,
        "`keywords` entry 2 (111) must be text: put it in quotes if it looks like a number, date or yes/no",
    ),
    Bad(
        "case-outcome-without-question",
        "case_studies/example-case/case.yml",
        '    maps_to: ["example:LO1"]\n',
        '    maps_to: ["example:LO1"]\n  - id: LO2\n    text: Plan a review.\n    maps_to: ["example:LO2"]\n',
        14,
        "no question tests outcome LO2: add a question with `outcome: LO2`, or remove the outcome",
    ),
    Bad(
        "referral-area-without-directory",
        "mkdocs.yml",
        None,
        "site_name: An example course\nplugins:\n  - mskcpd:\n      referral_area: leeds\n",
        4,
        "referral_area 'leeds' has no referral directory: add referrals/leeds.yml, or use one of national",
    ),
    Bad(
        "review-overdue",
        MODULE,
        "next_review: 2027-11-01",
        "next_review: 2026-11-02",
        8,
        "review overdue since 2026-11-02",
    ),
    Bad(
        "next-review-before-reviewed",
        MODULE,
        "next_review: 2027-11-01",
        "next_review: 2025-11-01",
        8,
        "`next_review` must come after `reviewed`",
    ),
    Bad(
        "cpd-minutes-not-a-number", MODULE, "cpd_minutes: 20", "cpd_minutes: lots", 6, "`cpd_minutes` must be a number"
    ),
    Bad("folder-does-not-match-id", MODULE, "id: example", "id: sample", 2, "module folder must be named `01-sample`"),
    Bad("schema-version", MODULE, "schema_version: 1", "schema_version: 2", 1, "`schema_version` must be 1"),
    Bad(
        "case-people-not-fictional",
        CASE,
        "people_are_fictional: true",
        "people_are_fictional: false",
        9,
        "`people_are_fictional` must be True",
    ),
    Bad("case-unknown-module", CASE, "modules: [example]", "modules: [exampel]", 5, "no module has id 'exampel'"),
    Bad(
        "case-outcome-maps-to-unknown-lo",
        CASE,
        'maps_to: ["example:LO1"]',
        'maps_to: ["example:LO9"]',
        13,
        "module 'example' has no outcome LO9: use one of LO1, LO2",
    ),
    Bad(
        "case-folder-does-not-match-id",
        CASE,
        "id: example-case",
        "id: other-case",
        2,
        "rename the folder to `other-case`",
    ),
    Bad(
        "consultation-start-not-a-node",
        CASE,
        "start: open",
        "start: opening",
        54,
        "start 'opening' is not a node id: use one of open, closed, mood",
    ),
    Bad(
        "consultation-next-not-a-node",
        CASE,
        "next: mood, behaviours: [asked-mood]",
        "next: moody, behaviours: [asked-mood]",
        63,
        "next 'moody' is not a node id",
    ),
    Bad(
        "consultation-unknown-behaviour",
        CASE,
        "behaviours: [safety-net]",
        "behaviours: [safety-nett]",
        72,
        "behaviour 'safety-nett' is not in this item's `behaviours`",
    ),
    Bad(
        "consultation-loop",
        CASE,
        "behaviours: [safety-net], feedback",
        "next: open, behaviours: [safety-net], feedback",
        59,
        "choice 'net' leads back to node 'open'",
    ),
    Bad(
        "consultation-unreachable-node",
        CASE,
        "start: open",
        "start: mood",
        60,
        "node 'open' cannot be reached from `start`",
    ),
    Bad(
        "case-item-id-clashes-with-bank",
        CASE,
        "      - id: case-single",
        "      - id: ex-single",
        23,
        "item id 'ex-single' is already used in quizzes/example.yml",
    ),
    Bad(
        "case-flow-mapping-comma",
        CASE,
        'text: "If things get worse, come back or call 111."',
        "text: If things get worse, come back or call 111.",
        72,
        "put the whole text in quotes",
    ),
    Bad(
        "consultation-never-branches",
        CASE,
        "next: closed, behaviours: [dismissive]",
        "next: mood, behaviours: [dismissive]",
        59,
        "every choice at every node leads to the same next node",
    ),
    Bad("consultation-without-person", CASE, "        person: Sam\n", "", 48, "`person` is missing"),
    Bad(
        "placeholder-wording",
        QUIZ,
        "    stem: Which is right?",
        "    stem: Which is right? (TBC)",
        8,
        "internal or placeholder wording 'TBC': learners read this",
    ),
    Bad(
        "ome-item-breaks-the-rule",
        QUIZ,
        "    unit: mg\n",
        "    unit: mg\n    ome: true\n",
        44,
        "an OME band's feedback speaks of the person's opioid load",
    ),
    Bad(
        "red-flag-unknown",
        QUIZ,
        "      - {id: p1, text: One, answer: c1, feedback: One goes with c1.}",
        "      - {id: p1, text: One, answer: c1, feedback: One goes with c1., red_flag: cauda-equina}",
        61,
        "no red flag has id 'cauda-equina' in referrals/red-flags.yml",
    ),
    Bad(
        "sign-off-for-other-content",
        "modules/01-example/sign-off.yml",
        None,
        "schema_version: 1\ncontent: other\nreviews: []\n",
        2,
        "this record signs off 'other' but sits beside 'example'",
    ),
    Bad(
        "lesson-without-title",
        "modules/01-example/01-intro.md",
        None,
        "Some text without a heading.\n",
        1,
        "add `# Title` as the first line",
    ),
    Bad(
        "lesson-bad-file-name",
        "modules/01-example/Intro Page.md",
        None,
        "# Intro\n",
        1,
        "lesson file names are `NN-slug.md`",
    ),
]


def make_course(tmp_path: Path, case: Bad) -> Path:
    root = tmp_path / "course"
    shutil.copytree(FIXTURE, root)
    target = root / case.file
    if case.old is None:
        target.write_text(case.new, encoding="utf-8")
    else:
        text = target.read_text(encoding="utf-8")
        assert case.old in text, f"fixture no longer contains {case.old!r}"
        target.write_text(text.replace(case.old, case.new, 1), encoding="utf-8")
    return root


def test_fixture_course_is_valid():
    course = load_course(FIXTURE, today=TODAY)
    assert [item.type for item in course.modules[0].bank.items] == [
        "single",
        "multiple",
        "numeric",
        "ordering",
        "matching",
        "short_answer",
    ]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_content_is_reported_at_its_line(tmp_path, case):
    root = make_course(tmp_path, case)
    problems = check_course(root, today=TODAY)
    where = case.path or case.file
    matching = [p for p in problems if p.path == where and p.line == case.line and case.message in p.message]
    assert matching, f"expected {where}:{case.line}: ...{case.message}... in:\n" + "\n".join(map(str, problems))


def test_missing_quiz_and_missing_module(tmp_path):
    root = make_course(tmp_path, Bad("x", QUIZ, None, "", 0, ""))
    (root / QUIZ).unlink()
    assert [str(p) for p in check_course(root, today=TODAY)] == [
        f"{MODULE}:2: module 'example' has no question bank: add quizzes/example.yml"
    ]
    shutil.rmtree(root / "modules")
    shutil.rmtree(root / "case_studies")
    assert [str(p) for p in check_course(root, today=TODAY)] == [
        "modules:1: no modules found: add a folder such as modules/01-example/ with a module.yml"
    ]


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    root = make_course(tmp_path, CASES[9])  # single answer not an option
    module = root / MODULE
    module.write_text(module.read_text().replace("cpd_minutes: 20", "cpd_minutes: lots"))
    problems = check_course(root, today=TODAY)
    assert {(p.path, p.line) for p in problems} >= {(QUIZ, 16), (MODULE, 6)}


def test_grader_check_exits_1_with_one_line_per_problem(tmp_path, capsys, monkeypatch):
    root = make_course(tmp_path, CASES[9])
    assert grader_main(["check", "--root", str(root)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert out == [f"{QUIZ}:16: answer 'z' is not an option id: use one of a, b"]


def test_grader_check_passes_on_good_content(capsys):
    assert grader_main(["check", "--root", str(FIXTURE)]) == 0
    assert "OK: 1 module(s), 6 question(s), 1 case study." in capsys.readouterr().out


def test_cpd_minutes_far_from_the_estimate_is_a_warning_not_a_failure(capsys):
    assert grader_main(["check", "--root", str(FIXTURE)]) == 0
    out = capsys.readouterr().out
    assert (
        "warning: modules/01-example/module.yml:6: `cpd_minutes: 20` differs from the course's estimate of about 9 "
        "minutes (the lessons' words at 200 a minute plus 1.5 minutes for each of 6 questions)"
    ) in out
    # the real course's modules all agree with the estimate
    assert grader_main(["check", "--root", str(Path(__file__).resolve().parent.parent)]) == 0
    assert "warning:" not in capsys.readouterr().out


def test_site_build_fails_on_exactly_what_check_rejects(tmp_path):
    from helpers.site import build_site

    root = make_course(tmp_path, CASES[9])
    result = build_site(tmp_path / "site", content_root=root)
    assert result.returncode != 0
    for problem in check_course(root):
        assert str(problem) in result.stderr


def test_educators_guide_lists_every_error_kind():
    guide = (Path(__file__).resolve().parent.parent / "course" / "educators-guide.md").read_text(encoding="utf-8")
    for case in CASES:
        assert case.message.replace("|", "\\|") in guide, f"add the {case.name!r} message to the educators' guide table"
