"""Reading a submission as data: one fixture per attack or failure, each rejected with its reason."""

from __future__ import annotations

import copy
import json

import pytest

from grader.formats.notebook import answer_variable, release_notebook
from grader.gradebook.submission import (
    MAX_NOTEBOOK_BYTES,
    Rejected,
    parse_answer,
    read_submission,
    student_id,
)
from helpers.gradebook import DOCTOR, MIXED, NURSE, PHYSIO, RIGHT, cell, fixture_case, make_submission, to_bytes

CASE = fixture_case()
CASES = {CASE.id: CASE}


def good(learner=NURSE, answers=RIGHT, **kw):
    return make_submission(CASE, answers, learner, **kw)


def rejected(data: bytes) -> Rejected:
    with pytest.raises(Rejected) as info:
        read_submission(data, CASES)
    assert info.value.reason and info.value.fix, "every rejection says what is wrong and what fixes it"
    return info.value


def rejected_notebook(notebook) -> Rejected:
    return rejected(to_bytes(notebook))


# --- what is accepted ------------------------------------------------------------------


def test_a_site_submission_reads_back_as_its_answers():
    sub = read_submission(to_bytes(good(DOCTOR, MIXED)), CASES)
    assert sub.case_id == "example-case"
    assert sub.answers == MIXED
    assert sub.learner.profession == "doctor" and sub.learner.email == "dana.doctor@nhs.net"
    assert sub.question_set == ("case-single", "case-dose", "case-talk", "case-reflect")
    assert sub.submitted_at.isoformat() == "2026-12-01T10:00:00+00:00"


def test_questions_for_other_professions_stay_unanswered():
    sub = read_submission(to_bytes(good(NURSE, RIGHT)), CASES)
    assert sub.question_set == ("case-single", "case-talk", "case-reflect")
    assert sub.answers["case-dose"] is None


def test_unanswered_cells_are_none():
    sub = read_submission(to_bytes(good(PHYSIO, {})), CASES)
    assert set(sub.answers.values()) == {None}


def test_cell_sources_as_line_lists_are_accepted():
    # nbformat writes sources as lists of lines; Jupyter-saved submissions look like this
    notebook = good()
    for c in notebook["cells"]:
        c["source"] = c["source"].splitlines(keepends=True)
    assert read_submission(to_bytes(notebook), CASES).answers["case-single"] == "a"


def test_text_that_looks_like_code_is_only_text():
    payload = "__import__('os').system('touch CANARY')"
    sub = read_submission(to_bytes(good(answers={**RIGHT, "case-reflect": payload})), CASES)
    assert sub.answers["case-reflect"] == payload


def test_student_id_is_stable_safe_and_ignores_case():
    a, b = student_id("Dana.Doctor@NHS.net"), student_id(" dana.doctor@nhs.net ")
    assert a == b and a.startswith("dana-doctor-") and len(a.rsplit("-", 1)[1]) == 8
    assert student_id("../../etc@x.org").startswith("etc-")
    assert student_id("zoë.o'brien@nhs.net").startswith("zoe-o-brien-")
    assert student_id("x@a.org") != student_id("x@b.org")


# --- the file ------------------------------------------------------------------------


def test_not_json():
    assert "not valid JSON" in rejected(b"this is not a notebook").reason


def test_truncated_json():
    data = to_bytes(good())
    assert "truncated" in rejected(data[: len(data) // 2]).reason


def test_not_utf8():
    assert "not UTF-8" in rejected(b"\xff\xfe{\x00}").reason


def test_nan_is_not_json():
    assert "not valid JSON" in rejected(b'{"nbformat": NaN}').reason


def test_oversized():
    notebook = good()
    notebook["metadata"]["padding"] = "x" * MAX_NOTEBOOK_BYTES
    assert "larger than 5 MB" in rejected_notebook(notebook).reason


def test_deeply_nested_json():
    assert "not valid JSON" in rejected(b"[" * 100_000 + b"]" * 100_000).reason


def test_wrong_notebook_nbformat_3():
    notebook = good()
    notebook["nbformat"] = 3
    assert "nbformat 4" in rejected_notebook(notebook).reason


def test_wrong_notebook_any_other_notebook():
    notebook = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    assert "not a case-study submission" in rejected_notebook(notebook).reason


def test_json_that_is_not_a_notebook():
    assert "nbformat 4" in rejected(b"[1, 2, 3]").reason


def test_unknown_case():
    notebook = good()
    notebook["metadata"]["mskcpd"]["case"] = "no-such-case"
    assert "unknown case 'no-such-case'" in rejected_notebook(notebook).reason


def test_older_case_version():
    notebook = good()
    notebook["metadata"]["mskcpd"]["case_digest"] = "0123456789abcdef"
    assert rejected_notebook(notebook).reason == "made against an older version of the case"


def test_unknown_format_version():
    notebook = good()
    notebook["metadata"]["mskcpd"]["format_version"] = 2
    assert "format version" in rejected_notebook(notebook).reason


# --- the learner -----------------------------------------------------------------------


@pytest.mark.parametrize("email", [None, "", "not-an-email", "a@b", "a b@nhs.net", "x" * 130 + "@nhs.net"])
def test_implausible_email(email):
    notebook = good()
    notebook["metadata"]["mskcpd"]["learner"]["email"] = email
    assert "email" in rejected_notebook(notebook).reason


def test_missing_learner():
    notebook = good()
    del notebook["metadata"]["mskcpd"]["learner"]
    assert "learner details" in rejected_notebook(notebook).reason


def test_unknown_profession():
    notebook = good()
    notebook["metadata"]["mskcpd"]["learner"]["profession"] = "wizard"
    assert "profession" in rejected_notebook(notebook).reason


def test_control_characters_in_name():
    notebook = good()
    notebook["metadata"]["mskcpd"]["learner"]["name"] = "Sam\x1b[2J"
    assert "control characters" in rejected_notebook(notebook).reason


def test_question_set_must_match_the_profession():
    # a doctor who leaves the dose question out of their set, to raise their percentage
    notebook = good(DOCTOR, MIXED, question_set=["case-single", "case-talk", "case-reflect"])
    assert "question_set" in rejected_notebook(notebook).reason


def test_answer_to_a_question_not_shown():
    notebook = good(NURSE)
    cell(notebook, "answer-case-dose")["source"] = "answer_case_dose = 60\n"
    assert "not shown to a nurse" in rejected_notebook(notebook).reason


def test_bad_submitted_at():
    notebook = good()
    notebook["metadata"]["mskcpd"]["submitted_at"] = "last Tuesday"
    assert "submitted_at" in rejected_notebook(notebook).reason


# --- the cells -------------------------------------------------------------------------


def test_cell_added():
    notebook = good()
    notebook["cells"].append(
        {
            "cell_type": "code",
            "metadata": {},
            "source": "import os\nos.system('touch CANARY')",
            "outputs": [],
            "execution_count": None,
        }
    )
    assert "cells were added" in rejected_notebook(notebook).reason


def test_cell_removed():
    notebook = good()
    notebook["cells"] = [c for c in notebook["cells"] if c["metadata"]["nbgrader"]["grade_id"] != "test-case-talk"]
    assert "cells were removed" in rejected_notebook(notebook).reason


def test_cells_reordered():
    notebook = good()
    cells = notebook["cells"]
    cells[3], cells[4] = cells[4], cells[3]
    assert "moved, replaced or renamed" in rejected_notebook(notebook).reason


def test_cell_retyped():
    notebook = good()
    c = cell(notebook, "question-case-single")
    c["cell_type"] = "code"
    c["outputs"], c["execution_count"] = [], None
    assert "cell type changed" in rejected_notebook(notebook).reason


def test_changed_test_cell():
    notebook = good()
    cell(notebook, "test-case-single")["source"] = "1.0  # full marks\n"
    assert "locked cell was edited" in rejected_notebook(notebook).reason


def test_changed_markdown_cell():
    notebook = good()
    cell(notebook, "intro")["source"] += "\n\n<script>alert(1)</script>"
    assert "locked cell was edited" in rejected_notebook(notebook).reason


def test_changed_points():
    notebook = good()
    cell(notebook, "test-case-single")["metadata"]["nbgrader"]["points"] = 100.0
    assert "'points' changed" in rejected_notebook(notebook).reason


def test_answer_cell_made_a_grade_cell():
    notebook = good()
    cell(notebook, "answer-case-single")["metadata"]["nbgrader"]["grade"] = True
    assert "'grade' changed" in rejected_notebook(notebook).reason


def test_nbgrader_metadata_removed():
    notebook = good()
    del cell(notebook, "answer-case-single")["metadata"]["nbgrader"]
    assert "nbgrader metadata was removed" in rejected_notebook(notebook).reason


def test_outputs_in_the_submission_are_ignored_not_trusted():
    # a fake 'execute_result' claiming full marks changes nothing: scores are recomputed
    notebook = good(PHYSIO, {})
    cell(notebook, "test-case-single")["outputs"] = [
        {"output_type": "execute_result", "data": {"text/plain": "1.0"}, "metadata": {}, "execution_count": 1}
    ]
    assert read_submission(to_bytes(notebook), CASES).answers["case-single"] is None


# --- answer cells: plain values only -------------------------------------------------------

CODE_ANSWERS = {
    "import": "__import__('os').system('touch CANARY')",
    "call": "print('hello')",
    "lambda": "lambda: 1",
    "name": "a",
    "attribute": "os.environ",
    "comprehension": "[x for x in range(10)]",
    "generator": "(x for x in 'ab')",
    "f-string": "f\"{__import__('os').getcwd()}\"",
    "arithmetic": "10 ** 10 ** 10",
    "subscript": "globals()['x']",
    "walrus": "(y := 1)",
    "tuple": "('a', 'b')",
    "set": "{'a'}",
    "bytes": "b'a'",
    "complex": "1j",
    "ellipsis": "...",
    "dict-splat": "{**{'a': 1}}",
    "non-text key": "{1: 'a'}",
    "nested call": "['a', open('/etc/passwd').read()]",
    "starred": "[*range(3)]",
}


@pytest.mark.parametrize("code", CODE_ANSWERS.values(), ids=CODE_ANSWERS.keys())
def test_answer_is_code_not_a_plain_value(code):
    notebook = good()
    cell(notebook, "answer-case-single")["source"] = f"answer_case_single = {code}\n"
    assert "answer is code, not a plain value" in rejected_notebook(notebook).reason


NOT_ONE_ASSIGNMENT = {
    "two statements": "answer_case_single = 'a'\nimport os\n",
    "semicolon": "answer_case_single = 'a'; __import__('os').system('touch CANARY')\n",
    "other variable": "answer_case_talk = 'a'\n",
    "augmented": "answer_case_single += 'a'\n",
    "chained": "answer_case_single = x = 'a'\n",
    "unpacking": "answer_case_single, x = 'a', 'b'\n",
    "expression": "'a'\n",
    "empty": "",
    "function": "def answer_case_single():\n    return 'a'\n",
    "decorator": "@__import__('os').system\nclass answer_case_single: pass\n",
}


@pytest.mark.parametrize("source", NOT_ONE_ASSIGNMENT.values(), ids=NOT_ONE_ASSIGNMENT.keys())
def test_answer_cell_must_be_one_assignment(source):
    notebook = good()
    cell(notebook, "answer-case-single")["source"] = source
    assert "exactly one assignment" in rejected_notebook(notebook).reason


@pytest.mark.parametrize(
    "source",
    [
        "answer_case_single = (\n",
        "answer_case_single = 'a\x00'",
        "answer_case_single = " + "[" * 300 + "]" * 300,
        "answer_case_single = " + "9" * 5000,
    ],
)
def test_answer_cell_that_does_not_parse(source):
    notebook = good()
    cell(notebook, "answer-case-single")["source"] = source
    reason = rejected_notebook(notebook).reason
    assert "not a valid Python assignment" in reason or "answer is code" in reason


@pytest.mark.parametrize(
    "literal, value",
    [
        ("None", None),
        ('"a"', "a"),
        ("-1.5e3", -1500.0),
        ('{"value": 60, "unit": "mg"}', {"value": 60, "unit": "mg"}),
        ('["ask", "net"]', ["ask", "net"]),
        ('"caf\\u00e9 \\"quoted\\" \\n line"', 'café "quoted" \n line'),
        ("True", True),
        ("'a'  # a comment", "a"),
    ],
)
def test_plain_values_are_read(literal, value):
    assert parse_answer(f"answer_x = {literal}\n", "answer_x") == value


def test_release_notebook_itself_is_a_valid_unanswered_submission_shape():
    notebook = copy.deepcopy(release_notebook(CASE))
    notebook["metadata"]["mskcpd"].update(
        learner=dict(PHYSIO),
        question_set=["case-single", "case-talk", "case-reflect"],
        submitted_at="2026-12-01T10:00:00Z",
    )
    sub = read_submission(json.dumps(notebook).encode(), CASES)
    assert sub.answers == {i.id: None for i in CASE.items()}
    assert all(answer_variable(i.id) for i in CASE.items())
