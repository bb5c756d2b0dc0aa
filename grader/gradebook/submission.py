"""A submission read as data: checked against the release notebook, never executed.

Everything here parses; nothing runs or imports anything from a submission.
The notebook is JSON read with a size limit; each answer cell is parsed with
`ast.parse` and must be exactly one assignment of a plain value (the JSON-like
literals the course site writes), which `ast.literal_eval` then reads.
A submission that fails a check raises `Rejected` with the reason and the fix.
"""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from grader.content.fields import PROFESSIONS
from grader.content.models import CaseStudy
from grader.gradebook.notebook import FORMAT_VERSION, answer_id, answer_variable, case_digest, release_notebook

# shared with learners' records; imported here by their old names too
# (`from grader.gradebook.submission import Rejected`)
from grader.records.learner_file import (  # noqa: F401
    CONTROL,
    EMAIL,
    MAX_NAME,
    MAX_NOTEBOOK_BYTES,
    MAX_REGISTRATION,
    RESUBMIT,
    Rejected,
    parse_json,
    show,
    student_id,
)

NBGRADER_KEYS = ("grade", "grade_id", "locked", "solution", "points")


@dataclass(frozen=True)
class Learner:
    name: str
    email: str
    registration: str
    profession: str


@dataclass(frozen=True)
class Submission:
    case_id: str
    student_id: str
    learner: Learner
    question_set: tuple[str, ...]
    submitted_at: dt.datetime  # aware, UTC
    answers: dict[str, Any]  # item id -> the answer as a plain value (None when unanswered)
    sha256: str  # of the file's bytes: identical files are duplicates


def expected_question_set(case: CaseStudy, profession: str) -> list[str]:
    """The items a learner of this profession is shown, in case order."""
    return [item.id for item in case.items() if item.professions is None or profession in item.professions]


@dataclass(frozen=True)
class AnswerKey:
    """What a case's submissions are checked against, made once per case (not per submission:
    building the release notebook and the case's digest was most of reading one)."""

    digest: str
    cells: list[dict[str, Any]]  # the release notebook's cells: read, never changed
    answer_cells: dict[str, Any]  # answer cell id -> item
    checks: list[tuple[str, str, tuple[tuple[str, Any], ...]]]  # per cell: grade id, cell type, nbgrader keys kept
    metadata: list[dict[str, Any]]  # per cell: the release cell's nbgrader metadata, whole


_KEYS: dict[int, tuple[CaseStudy, AnswerKey]] = {}  # id(case) -> (the case, kept so the id stays its own; key)


def answer_key(case: CaseStudy) -> AnswerKey:
    found = _KEYS.get(id(case))
    if found is not None and found[0] is case:
        return found[1]
    if len(_KEYS) >= 256:  # a process that loads the course many times (the tests) keeps a few
        _KEYS.clear()
    cells = release_notebook(case)["cells"]
    checks = [
        (
            cell["metadata"]["nbgrader"]["grade_id"],
            cell["cell_type"],
            tuple((k, cell["metadata"]["nbgrader"][k]) for k in NBGRADER_KEYS if k in cell["metadata"]["nbgrader"]),
        )
        for cell in cells
    ]
    key = AnswerKey(
        case_digest(case),
        cells,
        {answer_id(item.id): item for item in case.items()},
        checks,
        [cell["metadata"]["nbgrader"] for cell in cells],
    )
    _KEYS[id(case)] = (case, key)
    return key


# --- answer cells ----------------------------------------------------------------

# an answer's code, named for a CPD lead (the Python syntax node's own name otherwise)
CODE_WORDS = {
    "Call": "a function call",
    "Name": "a variable name",
    "Attribute": "an attribute",
    "Subscript": "indexing",
    "BinOp": "arithmetic",
    "BoolOp": "a logical expression",
    "Compare": "a comparison",
    "Lambda": "a function",
    "ListComp": "a loop",
    "SetComp": "a loop",
    "DictComp": "a loop",
    "GeneratorExp": "a loop",
    "JoinedStr": "an f-string",
    "NamedExpr": "an assignment",
    "Starred": "unpacking",
    "Tuple": "a tuple",
    "Set": "a set",
    "IfExp": "a conditional",
    "Await": "await",
    "Yield": "yield",
}
_NUMBER = (int, float)
_PLAIN = (str, int, float, bool, type(None))


def _check_plain(node: ast.expr) -> None:
    """Only the literals the course writes: str, number, bool, None, lists and str-keyed dicts of them."""
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Constant) and type(node.value) in _PLAIN:
            continue
        if (
            isinstance(node, ast.UnaryOp)
            and isinstance(node.op, (ast.USub, ast.UAdd))
            and isinstance(node.operand, ast.Constant)
            and type(node.operand.value) in _NUMBER
        ):
            continue
        if isinstance(node, ast.List):
            stack.extend(node.elts)
            continue
        if isinstance(node, ast.Dict):
            if not all(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in node.keys):
                raise Rejected("answer is code, not a plain value (a dict key that is not text)")
            stack.extend(node.values)
            continue
        what = CODE_WORDS.get(type(node).__name__, type(node).__name__)
        raise Rejected(f"answer is code, not a plain value ({what} at line {getattr(node, 'lineno', '?')})")


_PARSED: dict[tuple[str, str], Any] = {}  # (source, variable) -> value: answers repeat (a choice, None)
_PARSED_LIMIT, _PARSED_LONGEST = 8192, 400  # entries and source length kept: memory stays small and flat


def parse_answer(source: str, variable: str) -> Any:
    """`answer_x = <literal>` -> the value; parsed, never executed. A short answer cell seen
    before gives a copy of the value it gave then (parsing is most of reading a submission)."""
    found = _PARSED.get((source, variable), _PARSED)
    if found is not _PARSED:
        return _copied(found)
    value = _parse_answer(source, variable)
    if len(source) <= _PARSED_LONGEST:
        if len(_PARSED) >= _PARSED_LIMIT:
            _PARSED.clear()
        _PARSED[(source, variable)] = _copied(value)
    return value


def _copied(value: Any) -> Any:
    """A copy of a plain value (lists and str-keyed dicts of str, number, bool, None): `copy.deepcopy`
    without its bookkeeping, which cost more than the rest of reading a cached answer."""
    if isinstance(value, list):
        return [_copied(v) if isinstance(v, (list, dict)) else v for v in value]
    if isinstance(value, dict):
        return {k: _copied(v) if isinstance(v, (list, dict)) else v for k, v in value.items()}
    return value


def _parse_answer(source: str, variable: str) -> Any:
    try:
        tree = ast.parse(source, mode="exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        raise Rejected(f"answer cell {variable} is not a valid Python assignment ({type(exc).__name__})") from None
    body = tree.body
    if (
        len(body) != 1
        or not isinstance(body[0], ast.Assign)
        or len(body[0].targets) != 1
        or not isinstance(body[0].targets[0], ast.Name)
        or body[0].targets[0].id != variable
    ):
        raise Rejected(f"answer cell must be exactly one assignment `{variable} = <value>`")
    _check_plain(body[0].value)
    try:
        return ast.literal_eval(body[0].value)
    except (
        ValueError,
        TypeError,
        SyntaxError,
        RecursionError,
        MemoryError,
    ) as exc:  # pragma: no cover - _check_plain admits only literals
        raise Rejected(f"answer is code, not a plain value ({type(exc).__name__})") from None


# --- the notebook --------------------------------------------------------------


def _source(cell: Mapping[str, Any], index: int) -> str:
    source = cell.get("source")
    if isinstance(source, list) and all(isinstance(line, str) for line in source):
        return "".join(source)
    if isinstance(source, str):
        return source
    raise Rejected(f"cell {index + 1}: source is not text")


def _text(learner: Mapping[str, Any], key: str, limit: int, required: bool) -> str:
    value = learner.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise Rejected(
            f"learner {key} is missing",
            "ask the learner to fill in their details on the case-study page and download again",
        )
    value = value.strip()
    if len(value) > limit or CONTROL.search(value):
        raise Rejected(
            f"learner {key} is longer than {limit} characters or holds control characters",
            "ask the learner to correct their details and download again",
        )
    return value


def _learner(meta: Mapping[str, Any]) -> Learner:
    learner = meta.get("learner")
    if not isinstance(learner, dict):
        raise Rejected(
            "no learner details (name, email)",
            "ask the learner to fill in their details on the case-study page and download again",
        )
    email = _text(learner, "email", MAX_NAME, True)
    if not EMAIL.match(email):
        raise Rejected(
            f"learner email {show(email)} does not look like an e-mail address",
            "ask the learner to correct their e-mail address and download again",
        )
    profession = learner.get("profession")
    if profession not in PROFESSIONS:
        raise Rejected(
            f"learner profession {show(profession)} is not one of {', '.join(PROFESSIONS)}",
            "ask the learner to choose their profession on the case-study page and download again",
        )
    return Learner(
        _text(learner, "name", MAX_NAME, True),
        email.lower(),
        _text(learner, "registration", MAX_REGISTRATION, False),
        profession,
    )


def _submitted_at(meta: Mapping[str, Any]) -> dt.datetime:
    value = meta.get("submitted_at")
    try:
        if not isinstance(value, str) or len(value) > 64:
            raise ValueError
        when = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise Rejected(f"submitted_at {show(value)} is not an ISO 8601 date and time") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC)


def _question_set(meta: Mapping[str, Any], case: CaseStudy, profession: str) -> tuple[str, ...]:
    shown = meta.get("question_set")
    expected = expected_question_set(case, profession)
    if not isinstance(shown, list) or not all(isinstance(x, str) for x in shown) or len(set(shown)) != len(shown):
        raise Rejected("question_set is missing or is not a list of question ids")
    if set(shown) != set(expected):
        raise Rejected(
            f"question_set {show(sorted(shown))} is not the set of questions shown to a {profession} "
            f"{sorted(expected)}",
            "ask the learner to check their profession on the case-study page and download again",
        )
    return tuple(expected)


def _cells(notebook: Mapping[str, Any], case: CaseStudy) -> dict[str, Any]:
    """Check the cells against the release notebook; return the answers by item id."""
    cells = notebook.get("cells")
    key = answer_key(case)
    release, answer_cells = key.cells, key.answer_cells
    if not isinstance(cells, list):
        raise Rejected("not a notebook: no list of cells")
    if len(cells) != len(release):
        what = "added" if len(cells) > len(release) else "removed"
        raise Rejected(f"cells were {what}: {len(cells)} cells where the case has {len(release)}")
    answers: dict[str, Any] = {}
    for index, (cell, want, check, nbgrader) in enumerate(zip(cells, release, key.checks, key.metadata, strict=True)):
        if (
            isinstance(cell, dict)
            and cell.get("cell_type") == check[1]
            and isinstance(cell.get("metadata"), dict)
            and cell["metadata"].get("nbgrader") == nbgrader
        ):
            grade_id = check[0]  # the release cell's nbgrader metadata, unchanged: every check below passes
        else:
            grade_id = _check_cell(cell, check, index)
        source = _source(cell, index)
        if grade_id in answer_cells:
            item = answer_cells[grade_id]
            answers[item.id] = parse_answer(source, answer_variable(item.id))
        elif source != want["source"]:
            raise Rejected(f"cell {index + 1} ({grade_id}): a locked cell was edited")
    return answers


def _check_cell(cell: Any, check: tuple[str, str, tuple[tuple[str, Any], ...]], index: int) -> str:
    """One cell against the release notebook's (`AnswerKey.checks`): its grade id, or Rejected saying what changed."""
    if not isinstance(cell, dict):
        raise Rejected(f"cell {index + 1} is not a cell")
    metadata = cell.get("metadata")
    nbgrader = metadata.get("nbgrader") if isinstance(metadata, dict) else None
    if not isinstance(nbgrader, dict):
        raise Rejected(f"cell {index + 1}: the nbgrader metadata was removed")
    grade_id, cell_type, kept = check
    if nbgrader.get("grade_id") != grade_id:
        raise Rejected(
            f"cell {index + 1}: expected cell {grade_id!r}, found {show(nbgrader.get('grade_id'))}: cells were moved, "
            "replaced or renamed"
        )
    if cell.get("cell_type") != cell_type:
        raise Rejected(
            f"cell {index + 1} ({grade_id}): cell type changed from {cell_type} to {show(cell.get('cell_type'))}"
        )
    for key, value in kept:
        if nbgrader.get(key) != value:
            raise Rejected(f"cell {index + 1} ({grade_id}): nbgrader metadata {key!r} changed")
    return grade_id


def read_submission(data: bytes, cases: Mapping[str, CaseStudy]) -> Submission:
    """Check a submission file's bytes against the course; raises Rejected."""
    notebook = parse_json(data)
    if not isinstance(notebook, dict) or notebook.get("nbformat") != 4 or type(notebook.get("nbformat")) is not int:
        raise Rejected(
            "not a Jupyter notebook in nbformat 4", "check that this is the .ipynb downloaded from the case-study page"
        )
    meta = notebook.get("metadata")
    mskcpd = meta.get("mskcpd") if isinstance(meta, dict) else None
    if not isinstance(mskcpd, dict):
        raise Rejected(
            "not a case-study submission from this course (no mskcpd metadata)",
            "check that this is the notebook downloaded from the case-study page",
        )
    if mskcpd.get("format_version") != FORMAT_VERSION:
        raise Rejected(
            f"unknown submission format version {show(mskcpd.get('format_version'))}",
            "update the grader to the version the course site uses",
        )
    case_id = mskcpd.get("case")
    if not isinstance(case_id, str) or case_id not in cases:
        raise Rejected(
            f"unknown case {show(case_id)}",
            "check the file is for this course and that the course content here is up to date (grader check)",
        )
    case = cases[case_id]
    if mskcpd.get("case_digest") != answer_key(case).digest:
        raise Rejected(
            "made against an older version of the case",
            "ask the learner to reload the case-study page, re-enter their answers and download again; or grade with "
            "the content they used",
        )
    learner = _learner(mskcpd)
    question_set = _question_set(mskcpd, case, learner.profession)
    submitted_at = _submitted_at(mskcpd)
    answers = _cells(notebook, case)
    for item_id, value in answers.items():
        if item_id not in question_set and value is not None:
            raise Rejected(f"an answer to {item_id!r}, a question not shown to a {learner.profession}")
    return Submission(
        case_id=case_id,
        student_id=student_id(learner.email),
        learner=learner,
        question_set=question_set,
        submitted_at=submitted_at,
        answers=answers,
        sha256=hashlib.sha256(data).hexdigest(),
    )
