"""Question types: one folder each, `grader/items/<type>/`, holding everything the type is.

A folder's parts, each at its layer of the course (DESIGN.md; the import contracts in
pyproject.toml keep each part in its layer):

| part | what it holds | used by |
| --- | --- | --- |
| `__init__.py` | `NAME` (in words) and `IN_QUESTION_BANKS` (False: case studies only) | everything |
| `model.py` | `MODEL`, the pydantic model of the YAML, with `longest_response()` (SCORM budget) | grader.content |
| `check.py` | `check(item, doc, at)`: `grader check`'s rules within one item | grader.content |
| `scoring.py` | `score(item, response)`, the pure scoring rule | grader.scoring |
| `scoring.js` | `score(item, response)`, the same rule in the browser | the site's scripts |
| `widget.py` | `HINT`, `inputs(item)` and `feedback(item)`: data for the page | grader.site |
| `inputs.html.j2` | the inputs inside the question's fieldset | grader.site |
| `widget.js` | `read`, `show`, `details` (and `setUp`, `clear`): behaviour | the site's scripts |
| `gift.py` | `gift(item)` (Moodle GIFT), or `NOT_EXPORTED`, the reason | grader.exports |
| `qti.py` | `qti(item)` (QTI 2.1), or `NOT_EXPORTED`, the reason | grader.exports |
| `answers.py` | `answer(item)`: the question and its model answer for the facilitator's pack | grader.facilitator |

Each layer finds a type's part by name here, so adding a type is adding a folder;
tests/test_item_types.py (and tests/js/item-types.test.mjs) fail if any part is missing.
"""

from __future__ import annotations

import functools
from importlib import import_module
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).parent

PARTS = (
    "model.py",
    "check.py",
    "scoring.py",
    "scoring.js",
    "widget.py",
    "inputs.html.j2",
    "widget.js",
    "gift.py",
    "qti.py",
    "answers.py",
)


@functools.cache
def type_names() -> tuple[str, ...]:
    """Every question type: the folders here, by name."""
    return tuple(sorted(p.name for p in HERE.iterdir() if (p / "__init__.py").is_file()))


def folder(type_name: str) -> ModuleType:
    return import_module(f"{__name__}.{type_name}")


def part(type_name: str, name: str) -> ModuleType:
    """A type's part by module name, e.g. part("single", "scoring")."""
    return import_module(f"{__name__}.{type_name}.{name}")


def bank_type_names() -> tuple[str, ...]:
    """The types a question bank may hold (the rest belong to case studies only)."""
    return tuple(t for t in type_names() if folder(t).IN_QUESTION_BANKS)
