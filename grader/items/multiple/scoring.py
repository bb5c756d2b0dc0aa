"""multiple: a list of option ids, `["a", "c"]`; (right picks - wrong picks) / number of
right options, never below 0."""

from __future__ import annotations

from typing import Any

from grader.scoring.evaluation import INVALID, Evaluation, answered, graded, is_id_list

from .model import MultipleItem


@answered
def score_multiple(item: MultipleItem, response: Any) -> Evaluation:
    option_ids = {o.id for o in item.options}
    if not is_id_list(response) or len(set(response)) != len(response) or not set(response) <= option_ids:
        return INVALID
    right = set(item.answer)
    hits = len(right & set(response))
    wrong = len(set(response) - right)
    return graded(max(0.0, (hits - wrong) / len(right)))


score = score_multiple
