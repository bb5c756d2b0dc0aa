"""`grader export-bank`: question banks as Moodle GIFT and as a QTI 2.1 content package.

GIFT is read back with a port of Moodle's own importer (`qformat_gift::readquestion`,
question/format/gift/format.php), so escaping and answer syntax are checked the
way Moodle reads them, and Moodle's grading of the imported questions is
compared with the course's rules. QTI items are checked for what the spec
requires (no PyPI package here ships the QTI 2.1 XSD to validate against), and
their response processing is run by a small interpreter of the operators used,
against `grader.scoring`.
"""

from __future__ import annotations

import io
import itertools
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest

from grader.cli import main as grader_main
from grader.content.loader import load_course
from grader.exports import UnknownModule, export_bank, exported, gift, qti, select_banks
from grader.items.matching.model import MatchingItem
from grader.items.multiple.model import MultipleItem
from grader.items.numeric.model import NumericItem
from grader.items.ordering.gift import ORDERING_NOTE
from grader.items.single.model import SingleItem
from grader.scoring import score
from helpers.site import FIXTURE_COURSE, ROOT

QTI_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
Q = f"{{{QTI_NS}}}"
C = f"{{{CP_NS}}}"
NASTY = r"Costs ~5 = 10 # of {doses}: see C:\temp\new and 50% \n off"


@pytest.fixture(scope="module")
def fixture_course():
    return load_course(FIXTURE_COURSE)


@pytest.fixture(scope="module")
def real_course():
    return load_course(ROOT)


def all_items(course):
    """Every question the exports carry: each bank's, then each case study's (not consultations or free text)."""
    return [item for bank in select_banks(course) for item in exported(bank, "gift")]


def banks_of(course):
    return {item.id: bank for bank in select_banks(course) for item in exported(bank, "gift")}


# Moodle's qformat_gift::extract_idnumber_and_tags_from_comment
IDNUMBER = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]")
TAGS = re.compile(r"\[tag:((?:\\\]|[^\]<>\x00-\x1f\x7f])*)\]")


def idnumber_and_tags(comments: str) -> tuple[str, list[str]]:
    found = IDNUMBER.search(comments)
    idnumber = found.group(1).strip().replace("\\]", "]") if found else ""
    return idnumber, [t.strip().replace("\\]", "]") for t in TAGS.findall(comments)]


# --- a port of Moodle's GIFT importer (question/format/gift/format.php) ------------------

ESCAPED = ["\\:", "\\#", "\\=", "\\{", "\\}", "\\~", "\\n"]
PLACEHOLDERS = ["&&058;", "&&035;", "&&061;", "&&123;", "&&125;", "&&126;", "&&010"]
CHARACTERS = [":", "#", "=", "{", "}", "~", "\n"]
FORMATS = {"moodle", "html", "plain", "markdown"}
WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")


def escapedchar_pre(text: str) -> str:
    text = text.replace("\\\\", "&&092;")
    for escaped, placeholder in zip(ESCAPED, PLACEHOLDERS, strict=True):
        text = text.replace(escaped, placeholder)
    return text.replace("&&092;", "\\")


def escapedchar_post(text: str) -> str:
    for placeholder, char in zip(PLACEHOLDERS, CHARACTERS, strict=True):
        text = text.replace(placeholder, char)
    return text


def with_format(text: str, default: str = "moodle") -> tuple[str, str]:
    fmt = default
    if text.startswith("["):
        end = text.index("]")
        if text[1:end] in FORMATS:
            fmt, text = text[1:end], text[end + 1 :]
    return escapedchar_post(text).strip(), fmt


def comment(answer: str, default: str) -> tuple[tuple[str, str], tuple[str, str]]:
    bits = answer.split("#", 1)
    return with_format(bits[0].strip(), default), with_format(bits[1].strip() if len(bits) > 1 else "", default)


def weight(answer: str) -> tuple[float, str]:
    answer = answer[1:]
    end = answer.index("%")
    return float(answer[:end]) / 100, answer[end + 1 :]


def read_question(lines: list[str]) -> dict | None:
    comments = "".join(line.strip() + "\n" for line in lines if line.strip().startswith("//"))
    lines = [" " if line.strip().startswith("//") else line for line in lines]
    text = "\n".join(lines).strip()
    if not text:
        return None
    text = escapedchar_pre(text)
    if text.startswith("$CATEGORY:"):
        return {"qtype": "category", "category": text[10:].strip()}
    name = None
    if text.startswith("::"):
        text = text[2:]
        end = text.index("::")
        name, text = escapedchar_post(text[:end]), text[end + 2 :].strip()
    start, finish = text.index("{"), text.index("}")
    answertext = text[start + 1 : finish].strip()
    assert text.endswith("}"), "answers must close the question"
    questiontext = text[:start]
    general = ""
    if "####" in answertext:
        sep = answertext.rindex("####")
        general, answertext = answertext[sep + 4 :], answertext[:sep].strip()
    qtext, qfmt = with_format(questiontext)
    idnumber, tags = idnumber_and_tags(comments)
    q = {
        "name": name,
        "idnumber": idnumber,
        "tags": tags,
        "text": qtext,
        "format": qfmt,
        "general": with_format(general, qfmt),
    }
    if answertext.startswith("#"):
        q["qtype"] = "numerical"
        body = answertext[1:]
        wrong = ""
        if "~" in body:
            wrong, body = body[body.index("~") :], body[: body.index("~")]
        answers = [a for a in body.split("=") if a.strip()]
        q["answers"] = []
        for answer in answers:
            answer = answer.strip()
            fraction = 1.0
            if WEIGHT.match(answer):
                fraction, answer = weight(answer)
            (value, _), feedback = comment(answer, qfmt)
            if ".." in value[1:]:
                low, high = (float(x) for x in value.split("..", 1))
                mid, tol = (low + high) / 2, (high - low) / 2
            elif ":" in value[1:]:
                mid, tol = (float(x) for x in value.split(":", 1))
            else:
                mid, tol = float(value), 0.0
            q["answers"].append({"answer": mid, "tolerance": tol, "fraction": fraction, "feedback": feedback})
        if wrong:
            q["answers"].append(
                {"answer": "*", "tolerance": None, "fraction": 0.0, "feedback": comment(wrong, qfmt)[1]}
            )
        return q
    if "~" in answertext:
        q["qtype"] = "multichoice"
        q["single"] = "=" in answertext
        answers = [a for a in answertext.replace("=", "~=").split("~")]
        if not answers[0].strip():
            answers = answers[1:]
        q["answers"] = []
        for answer in answers:
            answer = answer.strip()
            if answer.startswith("="):
                fraction, answer = 1.0, answer[1:]
            elif WEIGHT.match(answer):
                fraction, answer = weight(answer)
            else:
                fraction = 0.0
            text_fmt, feedback = comment(answer, qfmt)
            q["answers"].append(
                {"text": text_fmt[0], "format": text_fmt[1], "fraction": fraction, "feedback": feedback}
            )
        return q
    if "=" in answertext and "->" in answertext:
        q["qtype"] = "match"
        answers = answertext.split("=")
        if not answers[0].strip():
            answers = answers[1:]
        q["pairs"] = []
        for answer in answers:
            answer = answer.strip()
            marker = answer.index("->")
            q["pairs"].append(
                (with_format(answer[:marker].strip(), qfmt), escapedchar_post(answer[marker + 2 :]).strip())
            )
        return q
    if answertext.startswith("="):
        q["qtype"] = "shortanswer"
        q["answers"] = []
        for answer in [a for a in answertext.split("=") if a.strip()]:
            answer = answer.strip()
            fraction = 1.0
            if WEIGHT.match(answer):
                fraction, answer = weight(answer)
            (text, _), feedback = comment(answer, qfmt)
            q["answers"].append({"text": text, "fraction": fraction, "feedback": feedback})
        return q
    raise AssertionError(f"not a question type this export writes: {answertext[:80]!r}")


def read_gift(text: str) -> list[dict]:
    """Moodle's qformat_default::readquestions: blocks parted by blank lines, each read alone."""
    questions, current = [], []
    for line in text.split("\n") + [""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            question = read_question(current)
            if question:
                questions.append(question)
            current = []
    return questions


def questions_by_name(text: str) -> dict[str, dict]:
    """The questions by ID number (Moodle's `[id:...]`, the course's item id); names are unique too."""
    parsed = [q for q in read_gift(text) if q["qtype"] != "category"]
    names = [q["name"] for q in parsed]
    assert len(names) == len(set(names))
    ids = [q["idnumber"] for q in parsed]
    assert len(ids) == len(set(ids)) and all(ids)
    return {q["idnumber"]: q for q in parsed}


def moodle_grade(q: dict, picks: list[str]) -> float:
    """Moodle's multichoice grading: the picked answers' fractions added, kept within 0..1."""
    return min(max(sum(a["fraction"] for a in q["answers"] if a["text"] in picks), 0.0), 1.0)


def moodle_short_answer(q: dict, response: str) -> dict | None:
    """Moodle's short answer grading (qtype_shortanswer, case ignored): the first answer the
    response matches, "*" matching anything."""
    for answer in q["answers"]:
        pattern = ".*".join(re.escape(part) for part in answer["text"].split("*"))
        if re.fullmatch(pattern, response.strip(), re.IGNORECASE | re.DOTALL):
            return answer
    return None


# --- GIFT ---------------------------------------------------------------------------


def test_gift_fixture_has_every_item_once_under_its_category(fixture_course):
    text = export_bank(fixture_course, "gift").data.decode("utf-8")
    parsed = read_gift(text)
    assert parsed[0] == {"qtype": "category", "category": "An example module"}
    categories = [q["category"] for q in parsed if q["qtype"] == "category"]
    assert categories == ["An example module", "Case studies/An example case"]
    by_name = questions_by_name(text)
    assert list(by_name) == [i.id for i in all_items(fixture_course)]
    assert {name: q["qtype"] for name, q in by_name.items()} == {
        "ex-single": "multichoice",
        "ex-multiple": "multichoice",
        "ex-numeric": "numerical",
        "ex-ordering": "match",
        "ex-matching": "match",
        "ex-short-answer": "shortanswer",
        "case-single": "multichoice",
        "case-dose": "numerical",
    }
    assert by_name["ex-single"]["single"] and not by_name["ex-multiple"]["single"]
    # readable names, the course id as Moodle's ID number, outcome and source as tags
    assert by_name["ex-single"]["name"] == "An example module 1: Which is right?"
    assert by_name["case-single"]["name"] == "Case study: An example case 1: What do you ask first?"
    assert by_name["ex-single"]["tags"] == ["outcome LO1", "source ng193"]
    # the case's consultation and free text cannot go: the export says so
    warnings = export_bank(fixture_course, "gift").warnings
    assert any(w.startswith("1 consultation question(s) not exported: ") for w in warnings)
    assert any(w.startswith("1 free_text question(s) not exported: ") for w in warnings)


def test_gift_single_answers_and_feedback(fixture_course):
    q = questions_by_name(export_bank(fixture_course, "gift").data.decode())["ex-single"]
    assert q["text"] == "Which is right?" and q["format"] == "plain"
    assert [(a["text"], a["fraction"], a["feedback"][0]) for a in q["answers"]] == [
        ("Right", 1.0, "Right, because it is."),
        ("Wrong", 0.0, "Wrong, because it is not."),
    ]


def test_gift_real_course_every_item_once_under_its_module_or_case(real_course):
    text = export_bank(real_course, "gift").data.decode("utf-8")
    parsed = read_gift(text)
    categories = [q["category"] for q in parsed if q["qtype"] == "category"]
    assert categories == [c.module.title for c in real_course.modules] + [
        f"Case studies/{c.case.title.replace('/', '//')}" for c in real_course.cases
    ]
    by_name = questions_by_name(text)
    assert sorted(by_name) == sorted(i.id for i in all_items(real_course))
    assert len(by_name) > len([i for c in real_course.modules for i in c.bank.items])  # case questions too
    # each question sits under its own module's or case's category
    current = None
    where = {
        item_id: bank.title if bank.kind == "module" else f"Case studies/{bank.title.replace('/', '//')}"
        for item_id, bank in banks_of(real_course).items()
    }
    for q in parsed:
        if q["qtype"] == "category":
            current = q["category"]
        else:
            assert where[q["idnumber"]] == current


@pytest.mark.parametrize(
    "raw, escaped",
    [
        ("a~b", r"a\~b"),
        ("a=b", r"a\=b"),
        ("a#b", r"a\#b"),
        ("{a}", r"\{a\}"),
        ("a:b", r"a\:b"),
        ("C:\\temp", r"C\:\\temp"),
        ("two\nlines", r"two\nlines"),
        ("a\\nb", r"a\\nb"),  # a backslash then n is text, not a line break
    ],
)
def test_gift_escape_follows_moodle(raw, escaped):
    assert gift.escape(raw) == escaped
    assert escapedchar_post(escapedchar_pre(escaped)) == raw


def _single(stem: str, **extra) -> SingleItem:
    return SingleItem(
        id="nasty",
        type="single",
        outcome="LO1",
        source="ng193",
        stem=stem,
        options=[
            {"id": "a", "text": NASTY, "feedback": "Right: {really} ~ yes = 1 # 1"},
            {"id": "b", "text": "%50% of people", "feedback": "[plain] is not a format here"},
        ],
        answer="a",
        **extra,
    )


def test_gift_special_characters_round_trip_as_text():
    item = _single(NASTY, context="Context with :: and {braces}")
    text, _ = gift.item_gift(item)
    assert gift.escape(NASTY) in text
    assert r"Costs \~5 \= 10 \# of \{doses\}\: see C\:\\temp\\new and 50% \\n off" in text
    (q,) = read_gift(text)
    assert q["name"] == "nasty"
    assert q["format"] == "plain"
    assert q["text"] == "Context with :: and {braces}\n\n" + NASTY
    right, wrong = q["answers"]
    assert (right["text"], right["fraction"], right["feedback"][0]) == (NASTY, 1.0, "Right: {really} ~ yes = 1 # 1")
    # an answer starting with % or [ carries its own format, so it is not read as a weight or a marker
    assert (wrong["text"], wrong["fraction"]) == ("%50% of people", 0.0)
    assert wrong["feedback"] == ("[plain] is not a format here", "plain")


def test_gift_markdown_becomes_html_and_avoided_phrases_are_words():
    item = _single("Which is **best** for [[avoid: chronic pain sufferer]] wording?")
    (q,) = read_gift(gift.item_gift(item)[0])
    assert q["format"] == "html"
    assert (
        q["text"]
        == "<p>Which is <strong>best</strong> for \u201cchronic pain sufferer\u201d (language to avoid) wording?</p>"
    )
    # plain answers in an HTML question say they are plain
    assert q["answers"][0]["format"] == "plain" and q["answers"][0]["text"] == NASTY


def test_gift_multiple_weights_mirror_the_course_rule(fixture_course, real_course):
    by_name = questions_by_name(export_bank(fixture_course, "gift").data.decode())
    assert [(a["text"], a["fraction"]) for a in by_name["ex-multiple"]["answers"]] == [
        ("Right one", 0.5),
        ("Right two", 0.5),
        ("Wrong", -0.5),
    ]
    real = questions_by_name(export_bank(real_course, "gift").data.decode())
    checked = 0
    for item in all_items(real_course):
        if item.type != "multiple":
            continue
        q = real[item.id]
        text_of = {a["text"]: a for a in q["answers"]}
        assert len(text_of) == len(item.options)
        for answer in q["answers"]:
            assert gift.is_accepted(answer["fraction"] * 100), answer
        option_text = {o.id: gift.plain_text(o.text) for o in item.options}
        for size in range(len(item.options) + 1):
            for picks in itertools.combinations([o.id for o in item.options], size):
                course = score(item, list(picks))
                assert moodle_grade(q, [option_text[p] for p in picks]) == pytest.approx(course, abs=1e-6), (
                    item.id,
                    picks,
                )
                checked += 1
    assert checked > 100


@pytest.mark.parametrize("right", range(1, 13))
def test_gift_multiple_weights_are_moodle_grades(right):
    rights, wrong, exact = gift.multiple_weights(right)
    assert len(rights) == right
    assert all(gift.is_accepted(w) for w in [*rights, wrong])
    assert sum(rights) == pytest.approx(100, abs=0.001)  # Moodle checks the total to 2 decimals
    assert exact == (right <= 10)
    if exact:
        assert wrong == -rights[0] and rights[0] == pytest.approx(100 / right, abs=0.00001)
    options = [{"id": f"o{i}", "text": f"Option {i}", "feedback": "f"} for i in range(12)]
    item = MultipleItem(
        id="m",
        type="multiple",
        outcome="LO1",
        source="s",
        stem="?",
        options=options,
        answer=[f"o{i}" for i in range(right)],
    )
    text, warnings = gift.item_gift(item)
    assert bool(warnings) == (not exact)
    fractions = [a["fraction"] for a in read_gift(text)[0]["answers"]]
    assert sum(f for f in fractions if f > 0) == pytest.approx(1, abs=0.0001)


def test_gift_numeric_tolerance_unit_and_unsafe_band(fixture_course):
    q = questions_by_name(export_bank(fixture_course, "gift").data.decode())["ex-numeric"]
    assert q["text"].endswith("Give your answer in mg.")
    right, unsafe, wrong = q["answers"]
    assert (right["answer"], right["tolerance"], right["fraction"], right["feedback"][0]) == (60, 0, 1, "Yes, 60 mg.")
    # min 120, no max: closed at the item's max (1000)
    assert (unsafe["answer"] - unsafe["tolerance"], unsafe["answer"] + unsafe["tolerance"], unsafe["fraction"]) == (
        120,
        1000,
        0,
    )
    assert unsafe["feedback"][0] == "This would be a dangerous dose."
    assert (wrong["answer"], wrong["feedback"][0]) == ("*", "The answer is 60 mg.")

    item = NumericItem(
        id="dose",
        type="numeric",
        outcome="LO1",
        source="s",
        stem="Dose?",
        answer=2.5,
        tolerance=0.25,
        feedback={"correct": "Yes", "incorrect": "No"},
        unsafe=[{"max": -1, "feedback": "Negative!"}],
    )
    text, _ = gift.item_gift(item)
    assert "=2.5:0.25#" in text
    (q,) = read_gift(text)
    assert (q["answers"][0]["answer"], q["answers"][0]["tolerance"]) == (2.5, 0.25)
    assert q["answers"][1]["answer"] - q["answers"][1]["tolerance"] == -1e9  # open end, no item min
    assert "Give your answer" not in q["text"]  # no unit


def test_gift_numeric_grading_matches_the_course(real_course):
    real = questions_by_name(export_bank(real_course, "gift").data.decode())
    for item in [i for i in all_items(real_course) if i.type == "numeric"]:
        q = real[item.id]
        for value in {item.answer, item.answer + item.tolerance, item.answer + 1, item.answer - 1, 0.0, 10_000.0}:
            match = next(
                (a for a in q["answers"] if a["answer"] == "*" or abs(value - a["answer"]) <= a["tolerance"] + 1e-9),
                None,
            )
            assert (match["fraction"] if match else 0.0) == score(item, value), (item.id, value)


def test_gift_matching_pairs_and_distractors(fixture_course):
    q = questions_by_name(export_bank(fixture_course, "gift").data.decode())["ex-matching"]
    assert [(premise[0], choice) for premise, choice in q["pairs"]] == [
        ("One", "Choice one"),
        ("Two", "Choice two"),
        ("", "Choice three"),
    ]
    assert "One goes with c1." in q["general"][0] and q["general"][1] == "html"


def test_gift_ordering_is_matching_by_place(fixture_course):
    q = questions_by_name(export_bank(fixture_course, "gift").data.decode())["ex-ordering"]
    assert q["qtype"] == "match"
    assert [(premise[0], choice) for premise, choice in q["pairs"]] == [("First", "1"), ("Second", "2"), ("Third", "3")]
    assert q["text"].endswith(ORDERING_NOTE)
    assert "First, second, third." in q["general"][0]


def test_gift_matching_premise_with_arrow_and_too_few_pairs_warns():
    item = MatchingItem(
        id="arrows",
        type="matching",
        outcome="LO1",
        source="s",
        stem="Match",
        premises=[
            {"id": "p1", "text": "pain -> fear", "answer": "c1", "feedback": "f"},
            {"id": "p2", "text": "Two", "answer": "c2", "feedback": "f"},
        ],
        choices=[{"id": "c1", "text": "avoidance -> more pain"}, {"id": "c2", "text": "Two"}],
    )
    text, warnings = gift.item_gift(item)
    (q,) = read_gift(text)
    assert [(p[0][0], p[1]) for p in q["pairs"]] == [("pain -&gt; fear", "avoidance -> more pain"), ("Two", "Two")]
    assert warnings and "at least 3" in warnings[0]


def test_gift_matching_grading_matches_the_course(real_course):
    real = questions_by_name(export_bank(real_course, "gift").data.decode())
    for item in [i for i in all_items(real_course) if i.type == "matching"]:
        q = real[item.id]
        stems = [(p[0][0], p[1]) for p in q["pairs"] if p[0][0]]
        assert len(stems) == len(item.premises)
        used = {p.answer for p in item.premises}
        assert len(q["pairs"]) == len(item.premises) + len([c for c in item.choices if c.id not in used])
        for shift in range(len(item.choices)):
            response = {p.id: item.choices[(i + shift) % len(item.choices)].id for i, p in enumerate(item.premises)}
            text_of = {c.id: gift.plain_text(c.text) for c in item.choices}
            pairs = zip(item.premises, stems, strict=True)
            right = sum(1 for p, (_, answer) in pairs if text_of[response[p.id]] == answer)
            assert right / len(stems) == pytest.approx(score(item, response))


def test_gift_short_answer_grading_matches_the_course_for_every_listed_spelling(fixture_course, real_course):
    checked = 0
    for course in (fixture_course, real_course):
        export = export_bank(course, "gift")
        questions = questions_by_name(export.data.decode())
        for item in [i for i in all_items(course) if i.type == "short_answer"]:
            q = questions[item.id]
            assert q["qtype"] == "shortanswer"
            assert any(item.id in w and "punctuation" in w for w in export.warnings)
            for accepted in item.answers:
                for typed in (accepted.text, accepted.text.upper(), accepted.text.lower()):
                    match = moodle_short_answer(q, typed)
                    assert match is not None and match["fraction"] == 1.0 == score(item, typed), (item.id, typed)
                    assert match["feedback"][0]  # its own feedback
                    checked += 1
            wrong = moodle_short_answer(q, "certainly not the answer")
            assert wrong is not None and wrong["text"] == "*" and wrong["fraction"] == 0.0
            assert score(item, "certainly not the answer") == 0.0
            assert wrong["feedback"][0]
    assert checked >= 12


def test_gift_category_titles_keep_slashes():
    assert gift.category_line("Pain / mood") == "$CATEGORY: Pain // mood"


# --- QTI ----------------------------------------------------------------------------


def open_package(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def check_package(course, files: dict[str, bytes]) -> dict[str, ET.Element]:
    """The spec's requirements on the package; returns each item's root by item id."""
    assert "imsmanifest.xml" in files  # at the root of the zip
    manifest = ET.fromstring(files["imsmanifest.xml"])
    assert manifest.tag == f"{C}manifest"
    resources = manifest.findall(f"{C}resources/{C}resource")
    listed = {r.get("href"): r for r in resources}
    assert len(listed) == len(resources)
    for resource in resources:
        assert [f.get("href") for f in resource.findall(f"{C}file")] == [resource.get("href")]
    ids = [r.get("identifier") for r in resources]
    assert len(ids) == len(set(ids))
    # every file in the zip is a listed resource, and every resource is in the zip
    assert set(files) - {"imsmanifest.xml"} == set(listed)
    items = {}
    for href, resource in listed.items():
        root = ET.fromstring(files[href])  # well-formed, or this raises
        if resource.get("type") == "imsqti_item_xmlv2p1":
            assert root.tag == f"{Q}assessmentItem"
            assert root.get("identifier") not in items
            items[root.get("identifier")] = root
        else:
            assert resource.get("type") == "imsqti_test_xmlv2p1" and root.tag == f"{Q}assessmentTest"
            refs = [ref.get("identifier") for ref in root.iter(f"{Q}assessmentItemRef")]
            deps = [d.get("identifierref") for d in resource.findall(f"{C}dependency")]
            assert deps == [f"item-{ref}" for ref in refs]
    expected = [i.id for i in all_items(course)]
    assert sorted(items) == sorted(expected) and len(items) == len(expected)
    banks = banks_of(course)
    numbers = {i.id: n for bank in select_banks(course) for n, i in enumerate(exported(bank, "qti"), start=1)}
    for item in all_items(course):
        root = items[item.id]
        assert root.get("title").startswith(f"{banks[item.id].label} {numbers[item.id]}: ")
        assert listed[f"items/{item.id}.xml"].get("identifier") == f"item-{item.id}"
        declaration = root.find(f"{Q}responseDeclaration")
        assert declaration is not None and declaration.get("identifier") == "RESPONSE"
        assert [v.text for v in declaration.findall(f"{Q}correctResponse/{Q}value")] == answer_key(item)
        assert root.find(f"{Q}itemBody") is not None and root.find(f"{Q}responseProcessing") is not None
        shown = {f.get("identifier") for f in root.findall(f"{Q}modalFeedback")}
        assert feedback_keys(item) <= shown
        # nothing in the body or feedback outside the QTI namespace, and no style attributes
        for element in root.iter():
            assert element.tag.startswith(Q), element.tag
            assert "style" not in element.attrib
    return items


def answer_key(item) -> list[str]:
    if item.type == "short_answer":
        return [item.answers[0].text]
    if item.type == "single":
        return [item.answer]
    if item.type == "multiple":
        return list(item.answer)
    if item.type == "numeric":
        return [f"{item.answer:g}"]
    if item.type == "ordering":
        return list(item.answer)
    return [f"{p.id} {p.answer}" for p in item.premises]


def feedback_keys(item) -> set[str]:
    if item.type == "short_answer":
        return {"INCORRECT", *(f"ANSWER-{k}" for k in range(1, len(item.answers) + 1))}
    if item.type in ("single", "multiple", "ordering"):
        return {o.id for o in item.options}
    if item.type == "numeric":
        return {"CORRECT", "INCORRECT", *(f"UNSAFE-{i}" for i in range(1, len(item.unsafe) + 1))}
    return {p.id for p in item.premises}


def test_qti_fixture_package(fixture_course):
    files = open_package(export_bank(fixture_course, "qti").data)
    items = check_package(fixture_course, files)
    assert sorted(files) == sorted(
        ["imsmanifest.xml", "tests/example.xml", "tests/case-example-case.xml"]
        + [f"items/{i.id}.xml" for i in all_items(fixture_course)]
    )
    assert {"case-single", "case-dose"} <= set(items)  # case-study questions travel too
    assert items["ex-single"].get("title") == "An example module 1: Which is right?"
    interactions = {
        "ex-single": "choiceInteraction",
        "ex-multiple": "choiceInteraction",
        "ex-numeric": "textEntryInteraction",
        "ex-ordering": "orderInteraction",
        "ex-matching": "matchInteraction",
    }
    for item_id, interaction in interactions.items():
        assert items[item_id].find(f".//{Q}{interaction}") is not None
    assert items["ex-single"].find(f".//{Q}choiceInteraction").get("maxChoices") == "1"
    assert items["ex-multiple"].find(f".//{Q}choiceInteraction").get("maxChoices") == "0"
    assert items["ex-numeric"].find(f"{Q}responseDeclaration").get("baseType") == "float"
    assert items["ex-ordering"].find(f"{Q}responseDeclaration").get("cardinality") == "ordered"
    assert items["ex-matching"].find(f"{Q}responseDeclaration").get("baseType") == "directedPair"
    assert 'xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1"' in files["items/ex-single.xml"].decode()
    assert 'xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"' in files["imsmanifest.xml"].decode()
    # the distractor choice is offered
    choices = items["ex-matching"].findall(f".//{Q}simpleMatchSet")[1]
    assert [c.get("identifier") for c in choices] == ["c1", "c2", "c3"]


def test_qti_real_course_package(real_course):
    result = export_bank(real_course, "qti")
    assert result.items == len(all_items(real_course))
    files = open_package(result.data)
    check_package(real_course, files)
    assert len([n for n in files if n.startswith("tests/")]) == len(real_course.modules) + len(real_course.cases)
    assert result.data == export_bank(real_course, "qti").data  # the same course makes the same zip


LOM = "{http://ltsc.ieee.org/xsd/LOM}"


def test_qti_items_carry_their_outcome_and_source_as_lom_metadata(real_course):
    files = open_package(export_bank(real_course, "qti").data)
    manifest = ET.fromstring(files["imsmanifest.xml"])
    resources = {r.get("href"): r for r in manifest.iter(f"{C}resource")}
    checked = 0
    for bank in select_banks(real_course):
        if bank.kind == "case":
            owner = next(c.case for c in real_course.cases if c.case.id == bank.id)
        else:
            owner = next(c.module for c in real_course.modules if c.module.id == bank.id)
        outcomes_here = {o.id: o.text for o in owner.outcomes}
        citations_here = {r.id: r.citation for r in owner.references}
        for n, item in enumerate(exported(bank, "qti"), start=1):
            resource = resources[f"items/{item.id}.xml"]
            children = [child.tag for child in resource]
            assert children[0] == f"{C}metadata", "metadata comes first in a resource (IMS CP)"
            lom = resource.find(f"{C}metadata/{LOM}lom")
            general = lom.find(f"{LOM}general")
            assert general.find(f"{LOM}identifier/{LOM}entry").text == item.id
            assert general.find(f"{LOM}title/{LOM}string").text.startswith(f"{bank.label} {n}: ")
            keywords = [k.text for k in general.findall(f"{LOM}keyword/{LOM}string")]
            assert keywords == [f"outcome {item.outcome}", f"source {item.source}"]
            objective = lom.find(f"{LOM}classification/{LOM}description/{LOM}string").text
            assert objective == f"{item.outcome}: {outcomes_here[item.outcome]}"
            assert lom.find(f"{LOM}classification/{LOM}purpose/{LOM}value").text == "educational objective"
            assert lom.find(f"{LOM}relation/{LOM}kind/{LOM}value").text == "references"
            cited = lom.find(f"{LOM}relation/{LOM}resource/{LOM}description/{LOM}string").text
            assert cited == citations_here[item.source]
            checked += 1
    assert checked == len(all_items(real_course))


def test_qti_one_module(real_course):
    files = open_package(export_bank(real_course, "qti", "opioids").data)
    items = [n for n in files if n.startswith("items/")]
    cases = [c.case for c in real_course.cases if "opioids" in c.case.modules]
    exportable = [i for c in cases for i in c.items() if i.type not in ("consultation", "free_text")]
    assert cases and len(items) == len(real_course.module("opioids").bank.items) + len(exportable)
    with pytest.raises(UnknownModule, match="opioids"):
        export_bank(real_course, "qti", "no-such-module")


def test_qti_markdown_tables_lose_only_what_qti_lacks():
    item = _single("Which row?", context="| a | b |\n|:--|--:|\n| 1 | 2 |\n\nSee **this**.")
    root = ET.fromstring(qti.item_xml(item))
    context = root.find(f"{Q}itemBody/{Q}div")
    assert context.get("class") == "context"
    assert [c.tag for c in context] == [f"{Q}table", f"{Q}p"]
    assert all("style" not in e.attrib for e in context.iter())
    assert context.find(f".//{Q}strong").text == "this"
    assert root.find(f".//{Q}prompt").text == "Which row?"


# --- running QTI response processing ---------------------------------------------


class Processor:
    """Runs an item's responseProcessing for the operators the export writes."""

    def __init__(self, root: ET.Element, response):
        self.declaration = root.find(f"{Q}responseDeclaration")
        self.vars = {"RESPONSE": response}
        for outcome in root.findall(f"{Q}outcomeDeclaration"):
            value = outcome.find(f"{Q}defaultValue/{Q}value")
            self.vars[outcome.get("identifier")] = None if value is None else float(value.text)
        self.run(root.find(f"{Q}responseProcessing"))

    def correct(self):
        values = [v.text for v in self.declaration.findall(f"{Q}correctResponse/{Q}value")]
        if self.declaration.get("cardinality") == "single":
            return float(values[0]) if self.declaration.get("baseType") == "float" else values[0]
        return values

    def value(self, e: ET.Element):
        tag = e.tag[len(Q) :]
        kids = [self.value(k) for k in e]
        if tag == "variable":
            return self.vars[e.get("identifier")]
        if tag == "baseValue":
            return float(e.text) if e.get("baseType") in ("float", "integer") else e.text
        if tag == "correct":
            return self.correct()
        if tag == "isNull":
            return kids[0] is None or kids[0] == []
        if tag == "multiple":
            out = []
            for kid in kids:
                if kid is not None:
                    out += kid if isinstance(kid, list) else [kid]
            return out
        if any(k is None for k in kids):
            return None
        if tag == "not":
            return not kids[0]
        if tag == "patternMatch":
            # XML Schema's \p{L}\p{N} (letters, digits) as Python's: \W_ is neither
            pattern = e.get("pattern").replace(r"[^\p{L}\p{N}]", r"[\W_]")
            return re.fullmatch(pattern, kids[0]) is not None
        if tag == "and":
            return all(kids)
        if tag == "match":
            a, b = kids
            if self.declaration.get("cardinality") == "multiple" and isinstance(a, list):
                return sorted(set(a)) == sorted(set(b))
            return a == b
        if tag in ("gte", "lte", "lt"):
            a, b = kids
            return {"gte": a >= b, "lte": a <= b, "lt": a < b}[tag]
        if tag == "equal":
            a, b = kids
            if e.get("toleranceMode") == "exact":
                return a == b
            low, high = (float(t) for t in e.get("tolerance").split())
            return b - low <= a <= b + high
        if tag == "mapResponse":
            mapping = self.declaration.find(f"{Q}mapping")
            values = {m.get("mapKey"): float(m.get("mappedValue")) for m in mapping}
            total = sum(values.get(v, float(mapping.get("defaultValue", 0))) for v in set(self.vars["RESPONSE"]))
            return max(total, float(mapping.get("lowerBound"))) if mapping.get("lowerBound") else total
        if tag == "divide":
            return kids[0] / kids[1]
        if tag == "sum":
            return sum(kids)
        if tag == "index":
            n = int(e.get("n"))
            return kids[0][n - 1] if n <= len(kids[0]) else None
        if tag == "containerSize":
            return float(len(kids[0]))
        raise AssertionError(f"operator not interpreted: {tag}")

    def run(self, rules: ET.Element) -> None:
        for rule in rules:
            tag = rule.tag[len(Q) :]
            if tag == "setOutcomeValue":
                self.vars[rule.get("identifier")] = self.value(rule[0])
            elif tag == "responseCondition":
                for branch in rule:
                    if branch.tag == f"{Q}responseElse":
                        self.run(branch)
                        break
                    if self.value(branch[0]) is True:
                        self.run(list(branch)[1:])
                        break
            else:
                raise AssertionError(f"rule not interpreted: {tag}")


def short_answer_responses(item) -> list[str]:
    """Each accepted answer as typed, in other cases and spacings, and answers that are wrong."""
    out = ["not the answer", "x"]
    for a in item.answers:
        out += [
            a.text,
            a.text.upper(),
            a.text.lower(),
            f"  {a.text} ",
            a.text.replace("-", " "),
            a.text.replace(" ", ""),
        ]
        out += [a.text + "x", a.text[:-1]]
    return out


def qti_responses(item):
    """(course response, QTI response) pairs covering right, partial and wrong answers."""
    if item.type == "short_answer":
        return [(r, r) for r in short_answer_responses(item)] + [(None, None)]
    if item.type == "single":
        return [(o.id, o.id) for o in item.options] + [(None, None)]
    if item.type == "multiple":
        ids = [o.id for o in item.options]
        pairs = [(list(c), list(c)) for size in range(len(ids) + 1) for c in itertools.combinations(ids, size)]
        return [p if p[0] else (None, None) for p in pairs]
    if item.type == "numeric":
        values = {item.answer, item.answer + item.tolerance, item.answer + 1, item.answer - 1, -5.0, 10_000.0}
        values |= {b for band in item.unsafe for b in (band.min, band.max) if b is not None}
        return [(v, v) for v in values] + [(None, None)]
    if item.type == "ordering":
        return [(list(p), list(p)) for p in itertools.permutations(o.id for o in item.options)]
    out = []
    for shift in range(len(item.choices)):
        response = {p.id: item.choices[(i + shift) % len(item.choices)].id for i, p in enumerate(item.premises)}
        out.append((response, [f"{p} {c}" for p, c in response.items()]))
    return out + [({}, None)]


def test_qti_response_processing_scores_as_the_course(fixture_course, real_course):
    checked = 0
    for item in all_items(fixture_course) + all_items(real_course):
        root = ET.fromstring(qti.item_xml(item))
        shown = {f.get("identifier") for f in root.findall(f"{Q}modalFeedback")}
        for course_response, qti_response in qti_responses(item):
            result = Processor(root, qti_response)
            assert result.vars["SCORE"] == pytest.approx(score(item, course_response), abs=1e-9), (
                item.id,
                course_response,
            )
            assert set(result.vars["FEEDBACK"] or []) <= shown
            checked += 1
    assert checked > 1000


def test_qti_numeric_feedback_for_an_unsafe_answer(fixture_course):
    item = next(i for i in all_items(fixture_course) if i.type == "numeric")
    root = ET.fromstring(qti.item_xml(item))
    assert Processor(root, 60.0).vars["FEEDBACK"] == ["CORRECT"]
    assert Processor(root, 500.0).vars["FEEDBACK"] == ["UNSAFE-1", "INCORRECT"]
    assert Processor(root, 5000.0).vars["FEEDBACK"] == ["INCORRECT"]  # out of range: not unsafe, just wrong
    assert root.find(f".//{Q}textEntryInteraction").tail.strip() == "mg"


# --- the command ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt, name", [("gift", "banks.gift.txt"), ("qti", "banks.zip")])
def test_cli_writes_the_export(tmp_path, capsys, fmt, name):
    out = tmp_path / "out" / name
    assert grader_main(["export-bank", "--format", fmt, "--out", str(out), "--root", str(FIXTURE_COURSE)]) == 0
    captured = capsys.readouterr()
    assert f"wrote 8 question(s) as {fmt.upper()} to {out}" in captured.out  # 6 in the bank, 2 in the case
    assert out.read_bytes() == export_bank(load_course(FIXTURE_COURSE), fmt).data
    if fmt == "gift":
        assert "ordering question(s) written as matching" in captured.err


def test_cli_one_module_of_the_real_course(tmp_path, capsys):
    out = tmp_path / "opioids.gift.txt"
    assert (
        grader_main(["export-bank", "--format", "gift", "--out", str(out), "--module", "opioids", "--root", str(ROOT)])
        == 0
    )
    parsed = read_gift(out.read_text(encoding="utf-8"))
    course = load_course(ROOT)
    cases = [c.case.title for c in course.cases if "opioids" in c.case.modules]
    assert [q["category"] for q in parsed if q["qtype"] == "category"] == [
        course.module("opioids").module.title,
        *(f"Case studies/{title}" for title in cases),
    ]


def test_cli_bad_module_fails_clearly(tmp_path, capsys):
    out = tmp_path / "x.zip"
    assert (
        grader_main(
            ["export-bank", "--format", "qti", "--out", str(out), "--module", "nope", "--root", str(FIXTURE_COURSE)]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "no module 'nope'" in err and "example" in err
    assert not out.exists()


def test_cli_needs_a_known_format(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        grader_main(["export-bank", "--format", "scorm", "--out", str(tmp_path / "x")])
    assert exc.value.code != 0
    assert "invalid choice" in capsys.readouterr().err
