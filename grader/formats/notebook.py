"""A case study as nbgrader notebooks: the submission format.

The source notebook holds hidden test cells that score each answer with
`grader.scoring`; the release notebook is the same with hidden tests removed
(what `nbgrader generate_assignment` does). The course page embeds the release
notebook and fills its answer cells with the learner's responses as Python
literals, so a submission is an ordinary nbgrader notebook.

Shared by the site (which embeds the release notebook) and the gradebook (which
releases, reads and grades it), so it belongs to neither; it uses only
`grader.content`. `grader.gradebook.notebook` re-exports it for older imports.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from grader.content.language import plain_avoided
from grader.content.models import CaseItem, CaseStudy

NBGRADER_SCHEMA = 3
FORMAT_VERSION = 1
POINTS_PER_QUESTION = 1.0
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n.*?### END HIDDEN TESTS\n?", re.DOTALL)
PROFESSION_NOTE = (
    "Some questions are for particular professions; unanswered ones you were not shown do not count against you."
)


def answer_variable(item_id: str) -> str:
    return "answer_" + item_id.replace("-", "_")


def answer_id(item_id: str) -> str:
    return f"answer-{item_id}"


def test_id(item_id: str) -> str:
    return f"test-{item_id}"


def case_digest(case: CaseStudy) -> str:
    """Identifies the version of a case a submission was made against."""
    return hashlib.sha256(case.model_dump_json().encode("utf-8")).hexdigest()[:16]


def _meta(
    grade_id: str, *, grade: bool = False, solution: bool = False, locked: bool = True, points: float | None = None
) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": NBGRADER_SCHEMA,
        "solution": solution,
    }
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _cell(cell_type: str, source: str, metadata: dict[str, Any], cell_id: str) -> dict[str, Any]:
    cell: dict[str, Any] = {"cell_type": cell_type, "id": cell_id[:64], "metadata": metadata, "source": source}
    if cell_type == "code":
        cell["execution_count"] = None
        cell["outputs"] = []
    return cell


def test_source(item: CaseItem) -> str:
    # The hidden test names grader.gradebook.autotest as text only: it runs in
    # nbgrader's kernel, and notebooks already released import it by that name.
    data = json.dumps(item.model_dump(mode="json", exclude_none=True), ensure_ascii=False, sort_keys=True)
    return (
        "# Scored by the course's rules when your CPD lead grades the case. Do not edit this cell.\n"
        "### BEGIN HIDDEN TESTS\n"
        "import json\n"
        "from grader.gradebook.autotest import points\n"
        f"points(json.loads({data!r}), {answer_variable(item.id)}, {POINTS_PER_QUESTION})\n"
        "### END HIDDEN TESTS\n"
    )


def source_notebook(case: CaseStudy) -> dict[str, Any]:
    cells = [
        _cell(
            "markdown",
            plain_avoided(f"# {case.title}\n\n{case.summary}\n\n")
            + "This notebook is a case-study submission for the MSK pain and mental health CPD course. "
            "Its answer cells hold your answers as plain values; please do not edit it. " + PROFESSION_NOTE,
            _meta("intro"),
            "intro",
        )
    ]
    for stage in case.stages:
        cells.append(
            _cell(
                "markdown",
                plain_avoided(f"## {stage.title}\n\n{stage.narrative}"),
                _meta(f"stage-{stage.id}"),
                f"stage-{stage.id}",
            )
        )
        for item in stage.questions:
            cells.append(
                _cell(
                    "markdown",
                    plain_avoided(f"### Question: {item.stem}"),
                    _meta(f"question-{item.id}"),
                    f"question-{item.id}",
                )
            )
            cells.append(
                _cell(
                    "code",
                    f"{answer_variable(item.id)} = None\n",
                    _meta(answer_id(item.id), solution=True, locked=False),
                    answer_id(item.id),
                )
            )
            cells.append(
                _cell(
                    "code",
                    test_source(item),
                    _meta(test_id(item.id), grade=True, points=POINTS_PER_QUESTION),
                    test_id(item.id),
                )
            )
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            "mskcpd": {
                "format_version": FORMAT_VERSION,
                "case": case.id,
                "case_digest": case_digest(case),
                # the answer key's version of each question (ItemBase.key_version): the submission keeps
                # which key each answer was given against
                "keys": {item.id: item.key_version() for item in case.items()},
            },
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def release_notebook(case: CaseStudy) -> dict[str, Any]:
    """The source notebook without hidden tests: what learners fill in."""
    notebook = source_notebook(case)
    for cell in notebook["cells"]:
        cell["source"] = HIDDEN.sub("", cell["source"])
    return notebook


def python_literal(value: Any) -> str:
    """A JSON value written as a Python literal (the browser does the same)."""
    if value is None:
        return "None"
    if value is True:
        return "True"
    if value is False:
        return "False"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(python_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{python_literal(str(k))}: {python_literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"not a JSON value: {type(value).__name__}")
