from __future__ import annotations

from typing import Any

from grader.site.text import block_html, esc

from .model import FreeTextItem

HINT = (
    "Write your answer. It gets a provisional score now; after you submit it you can compare it with a model "
    "answer, and your CPD lead may review it."
)
# Not in the page: a case page loads its model answers (mskcpd/model-answers/<case>.js) only once the
# learner has submitted a written answer, to assess it against the rubric.
PRIVATE_FIELDS = frozenset({"model_answer"})


def inputs(item: FreeTextItem) -> dict[str, Any]:
    return {}


def feedback(item: FreeTextItem) -> dict[str, Any]:
    return {"rubric": {c.id: {"criterion": esc(c.criterion), "feedback": block_html(c.feedback)} for c in item.rubric}}
