"""single: an option id, `"b"`; 1 if it is the answer, else 0."""

from __future__ import annotations

from typing import Any

from grader.scoring.evaluation import INVALID, Evaluation, answered, graded

from .model import SingleItem


@answered
def score_single(item: SingleItem, response: Any) -> Evaluation:
    if not isinstance(response, str) or response not in {o.id for o in item.options}:
        return INVALID
    return graded(1.0 if response == item.answer else 0.0)


score = score_single
