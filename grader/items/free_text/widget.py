from __future__ import annotations

from typing import Any

from grader.site.text import block_html, esc

from .model import FreeTextItem

HINT = "Write your answer. It gets a provisional score now; your CPD lead reviews written answers."
# Never in the trainee site: model answers are for facilitators and reviewers.
PRIVATE_FIELDS = frozenset({"model_answer"})


def inputs(item: FreeTextItem) -> dict[str, Any]:
    return {}


def feedback(item: FreeTextItem) -> dict[str, Any]:
    return {"rubric": {c.id: {"criterion": esc(c.criterion), "feedback": block_html(c.feedback)} for c in item.rubric}}
