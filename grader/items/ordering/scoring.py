"""ordering: every option id once, in order; pairs in the right relative order / all pairs."""

from __future__ import annotations

from typing import Any

from grader.scoring.evaluation import INVALID, Evaluation, answered, graded, is_id_list

from .model import OrderingItem


@answered
def score_ordering(item: OrderingItem, response: Any) -> Evaluation:
    if not is_id_list(response) or sorted(response) != sorted(o.id for o in item.options):
        return INVALID
    position = {option_id: i for i, option_id in enumerate(response)}
    pairs = [(a, b) for i, a in enumerate(item.answer) for b in item.answer[i + 1 :]]
    in_order = sum(1 for a, b in pairs if position[a] < position[b])
    return graded(in_order / len(pairs))


score = score_ordering
