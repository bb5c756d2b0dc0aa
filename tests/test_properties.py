"""Property-based tests (hypothesis): generated input never crashes the tools.

- The content loader, on random YAML-ish text, random bytes and random
  mutations of every file of a valid course: it loads, or raises ContentError
  whose every problem is `path:line: message` for a file of the course.
- Every scoring rule, on responses of any JSON shape (and near-misses built
  from the item's own ids): never raises; the score is in [0, 1]; the status
  is one of those documented in grader/scoring; the hidden test cell's
  `points` agrees.
- The submission reader, on random bytes, random JSON and random mutations of
  a valid submission: a Submission, or Rejected with a reason and a fix;
  never another exception.

`make test` runs the default profile (200 cases per property, derandomised,
so a run is repeatable); `make bench` runs HYPOTHESIS_PROFILE=bench, 10,000
fresh random cases per property. A failure prints the smallest input found
and a `@reproduce_failure` blob to replay it.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grader.content.loader import load_course
from grader.content.yamlfile import ContentError, Problem
from grader.gradebook.autotest import points
from grader.gradebook.submission import Rejected, Submission, read_submission
from grader.items.consultation.model import ConsultationItem
from grader.items.free_text.model import FreeTextItem
from grader.items.matching.model import MatchingItem
from grader.items.multiple.model import MultipleItem
from grader.items.numeric.model import NumericItem
from grader.items.ordering.model import OrderingItem
from grader.items.single.model import SingleItem
from grader.scoring import evaluate
from helpers.gradebook import DOCTOR, FIXTURE_COURSE, MIXED, NURSE, RIGHT, fixture_case, make_submission, to_bytes
from helpers.properties import yamlish_text

TODAY = dt.date(2026, 11, 23)
STATUSES = {
    "correct",
    "partial",
    "incorrect",
    "unanswered",
    "invalid",
    "out_of_range",
    "unit_mismatch",
    "unsafe",
}  # grader/scoring's docstring


# --- JSON of any shape ---------------------------------------------------------------

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**400), max_value=10**400)
    | st.floats(allow_nan=False)
    | st.just(math.inf)
    | st.just(-math.inf)
    | st.text(max_size=40)
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=12), inner, max_size=6),
    max_leaves=25,
)


# --- the content loader ----------------------------------------------------------------

PAGE = "course/page.md"
PAGE_TEXT = "---\ntitle: A page\n---\n# A page\n\nSee [the glossary](glossary.md).\n"


@pytest.fixture(scope="module")
def course_copy(tmp_path_factory) -> Path:
    """The fixture course, with a site page, copied once; each example changes one file and puts it back."""
    root = tmp_path_factory.mktemp("properties") / "course"
    shutil.copytree(FIXTURE_COURSE, root)
    (root / "course").mkdir()
    (root / PAGE).write_text(PAGE_TEXT, encoding="utf-8")
    load_course(root, today=TODAY)  # valid before any change
    return root


def course_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


FILES = sorted(p.relative_to(FIXTURE_COURSE).as_posix() for p in FIXTURE_COURSE.rglob("*") if p.is_file()) + [PAGE]


@st.composite
def mutated_file(draw) -> tuple[str, bytes]:
    """(a file of the course, new bytes for it): random text or bytes, or the file with a few lines changed."""
    name = draw(st.sampled_from(FILES))
    original = (FIXTURE_COURSE / name).read_text(encoding="utf-8") if name != PAGE else PAGE_TEXT
    kind = draw(st.sampled_from(["text", "bytes", "mutate", "mutate", "mutate", "mutate"]))
    if kind == "text":
        return name, draw(yamlish_text).encode("utf-8")
    if kind == "bytes":
        return name, draw(st.binary(max_size=400))
    lines = original.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            lines = [draw(yamlish_text)]
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(
            st.sampled_from(
                ["delete", "duplicate", "swap", "replace", "insert", "indent", "dedent", "truncate", "value"]
            )
        )
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "replace":
            lines[i] = draw(yamlish_text) + "\n"
        elif op == "insert":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(yamlish_text) + lines[i][at:]
        elif op == "indent":
            lines[i] = " " * draw(st.integers(1, 6)) + lines[i]
        elif op == "dedent":
            lines[i] = lines[i].lstrip(" ")
        elif op == "truncate":
            lines = lines[:i] + [lines[i][: draw(st.integers(0, len(lines[i])))]]
        else:  # a key's value replaced by any JSON value, as YAML flow text
            key, sep, _ = lines[i].partition(": ")
            if sep:
                lines[i] = f"{key}: {json.dumps(draw(json_values), ensure_ascii=draw(st.booleans()))}\n"
    return name, "".join(lines).encode("utf-8")


@given(change=mutated_file())
def test_the_loader_reports_problems_at_a_path_and_line_or_loads(course_copy, change):
    name, data = change
    target = course_copy / name
    original = target.read_bytes()
    target.write_bytes(data)
    try:
        try:
            load_course(course_copy, today=TODAY)
        except ContentError as exc:
            assert exc.problems, "a ContentError lists at least one problem"
            files = course_files(course_copy)
            for problem in exc.problems:
                assert isinstance(problem, Problem)
                assert problem.message.strip() and "\n" not in problem.message, problem
                assert isinstance(problem.line, int) and problem.line >= 1, problem
                assert problem.path in files or any(f.startswith(problem.path + "/") for f in files), problem
                if problem.path in files:
                    lines = (course_copy / problem.path).read_bytes().count(b"\n") + 1
                    assert problem.line <= lines + 1, f"{problem} is past the end of the file ({lines} lines)"
                assert str(problem) == f"{problem.path}:{problem.line}: {problem.message}"
    finally:
        target.write_bytes(original)


def test_a_key_holding_a_line_break_is_reported_on_one_line(course_copy):
    """Found by the 10,000-case run: U+0085 inside a key reaches the message as a line break."""
    target = course_copy / "case_studies" / "example-case" / "case.yml"
    original = target.read_bytes()
    target.write_bytes(b"s\xc2\x85\xc2\x85" + original[1:])
    try:
        with pytest.raises(ContentError) as raised:
            load_course(course_copy, today=TODAY)
    finally:
        target.write_bytes(original)
    assert (
        "case_studies/example-case/case.yml:1: unknown key `s chema_version`: if this is part of a text, put the "
        "whole text in quotes (a comma or ': ' inside { } splits it)" in str(raised.value).splitlines()
    )


@given(text=yamlish_text)
def test_random_yamlish_text_as_a_question_bank(course_copy, text):
    target = course_copy / "quizzes" / "example.yml"
    original = target.read_bytes()
    target.write_text(text, encoding="utf-8")
    try:
        try:
            load_course(course_copy, today=TODAY)
        except ContentError as exc:
            assert all(p.line >= 1 and p.path for p in exc.problems)
    finally:
        target.write_bytes(original)


# --- the scoring rules -----------------------------------------------------------------


def all_items() -> list[Any]:
    course = load_course(FIXTURE_COURSE, today=TODAY)
    items = [item for m in course.modules for item in m.bank.items] + [
        item for c in course.cases for item in c.case.items()
    ]
    real = load_course(Path(__file__).resolve().parent.parent)
    items += [item for m in real.modules for item in m.bank.items] + [
        item for c in real.cases for item in c.case.items()
    ]
    return items


ITEMS = all_items()
CASE_TYPES = {"single", "multiple", "numeric", "consultation", "free_text"}


def item_ids(item: Any) -> list[str]:
    if isinstance(item, (SingleItem, MultipleItem, OrderingItem)):
        return [o.id for o in item.options]
    if isinstance(item, MatchingItem):
        return [p.id for p in item.premises] + [c.id for c in item.choices]
    if isinstance(item, ConsultationItem):
        return [c.id for n in item.nodes for c in n.choices]
    if isinstance(item, FreeTextItem):
        return [k for c in item.rubric for k in c.keywords]
    return []


@st.composite
def item_and_response(draw) -> tuple[Any, Any]:
    """An item, and a response of any shape, or one built from the item's own ids and numbers."""
    item = draw(st.sampled_from(ITEMS))
    ids = item_ids(item) + ["", "zz"]
    near = [
        st.sampled_from(ids),
        st.lists(st.sampled_from(ids), max_size=8),
        st.permutations(ids[:-2]) if len(ids) > 2 else st.just([]),
        st.dictionaries(st.sampled_from(ids), st.sampled_from(ids) | json_values, max_size=6),
        st.lists(st.sampled_from(ids), max_size=4).map(" ".join),
    ]
    if isinstance(item, NumericItem):
        number = (
            st.floats(allow_nan=False)
            | st.integers()
            | st.sampled_from([item.answer, item.answer + item.tolerance, -0.0, 10**400])
        )
        unit = (
            st.none()
            | st.text(max_size=6)
            | st.sampled_from([item.unit or "", *(item.unit_options or []), " MG ", "ml"])
            | json_values
        )
        near += [
            number,
            st.fixed_dictionaries({"value": number | json_values, "unit": unit}),
            st.fixed_dictionaries({"value": number}, optional={"unit": unit, "x": json_values}),
        ]
    response = draw(st.one_of(json_values, *near))
    return item, response


@given(case=item_and_response())
def test_every_scoring_rule_on_any_response(case):
    item, response = case
    before = copy.deepcopy(response)
    result = evaluate(item, response)
    assert isinstance(result.score, float) and math.isfinite(result.score)
    assert 0.0 <= result.score <= 1.0
    assert result.status in STATUSES
    if result.status == "correct":
        assert result.score == 1.0
    elif result.status == "partial":
        assert 0.0 < result.score < 1.0
    else:
        assert result.score == 0.0, result
    assert result.needs_review == (item.type == "free_text" and result.status in {"correct", "partial", "incorrect"})
    assert result.status != "unsafe" or result.unsafe_band is not None
    assert result.unsafe_band is None or result.status in {"unsafe", "unit_mismatch"}
    assert response == before or (response != response), "a rule never changes the response it scores"
    if item.type in CASE_TYPES:
        data = json.loads(json.dumps(item.model_dump(mode="json", exclude_none=True)))
        assert points(data, response, 1.0) == round(result.score, 6)


# --- the submission reader ---------------------------------------------------------------

CASE = fixture_case()
CASES = {CASE.id: CASE}
VALID = [make_submission(CASE, RIGHT, NURSE), make_submission(CASE, MIXED, DOCTOR)]
PYTHONISH = list(" \n()[]{}'\"=+-*/.,:;#@\\_") + [
    "answer_case_single",
    "answer_case_talk",
    "None",
    "True",
    "lambda",
    "import",
    "os",
    "1e999",
    "0x1",
    "'a'",
    "f'{x}'",
    "\x00",
    "é",
]


def paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in a JSON tree, as a path of keys and indexes."""
    found = [prefix]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += paths(inner, prefix + (key,))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += paths(inner, prefix + (index,))
    return found


@st.composite
def mutated_submission(draw) -> bytes:
    notebook = copy.deepcopy(draw(st.sampled_from(VALID)))
    kind = draw(st.sampled_from(["bytes", "json", "tree", "tree", "tree", "source", "source", "truncate", "flip"]))
    if kind == "bytes":
        return draw(st.binary(max_size=600))
    if kind == "json":
        return json.dumps(draw(json_values)).encode()
    data = to_bytes(notebook)
    if kind == "truncate":
        return data[: draw(st.integers(0, len(data)))]
    if kind == "flip":
        raw = bytearray(data)
        for _ in range(draw(st.integers(1, 5))):
            raw[draw(st.integers(0, len(raw) - 1))] = draw(st.integers(0, 255))
        return bytes(raw)
    if kind == "source":  # an answer (or any) cell's source replaced by Python-ish text
        cell = draw(st.sampled_from(notebook["cells"]))
        variable = "answer_" + cell["metadata"]["nbgrader"]["grade_id"].removeprefix("answer-").replace("-", "_")
        body = draw(st.lists(st.sampled_from(PYTHONISH), max_size=40).map("".join))
        cell["source"] = draw(st.sampled_from([f"{variable} = {body}\n", body, [f"{variable} = ", body]]))
        return to_bytes(notebook)
    for _ in range(draw(st.integers(1, 3))):  # a value anywhere replaced, removed or added
        place = draw(st.sampled_from(paths(notebook)[1:]))
        parent = notebook
        for key in place[:-1]:
            parent = parent[key]
        op = draw(st.sampled_from(["replace", "remove", "add"]))
        if op == "replace":
            parent[place[-1]] = draw(json_values)
        elif op == "remove":
            del parent[place[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=10))] = draw(json_values)
        else:
            parent.insert(place[-1], draw(json_values))
        if not paths(notebook)[1:]:
            break
    return json.dumps(notebook, ensure_ascii=draw(st.booleans())).encode("utf-8")


@given(data=mutated_submission())
def test_the_submission_reader_accepts_or_rejects_with_a_reason(data):
    try:
        submission = read_submission(data, CASES)
    except Rejected as problem:
        assert problem.reason.strip() and problem.fix.strip()
        assert "\n" not in problem.reason
    else:
        assert isinstance(submission, Submission)
        assert submission.case_id == CASE.id and set(submission.answers) == {i.id for i in CASE.items()}
        for item in CASE.items():  # what was accepted can be graded
            assert 0.0 <= evaluate(item, submission.answers[item.id]).score <= 1.0
