"""What a hidden test cell calls when plain `nbgrader autograde` runs a notebook.

Kept tiny and dependency-free apart from the scoring rules, so the grade a
notebook kernel computes is the grade `grader autograde` computes. It stays at
this path: every notebook already released imports it by this name (the hidden
test cells that `grader.formats.notebook` writes).
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from grader.content.models import CaseItem
from grader.scoring import evaluate

_ADAPTER = TypeAdapter(CaseItem)


def points(item_data: dict[str, Any], response: Any, max_points: float) -> float:
    """Partial credit for nbgrader: the cell's value is the points earned."""
    return round(evaluate(_ADAPTER.validate_python(item_data), response).score * max_points, 6)
