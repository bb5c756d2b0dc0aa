"""matching: `{"premise-id": "choice-id", ...}`; premises matched rightly / all premises."""

from __future__ import annotations

from typing import Any

from grader.scoring.evaluation import INVALID, Evaluation, answered, graded

from .model import MatchingItem


@answered
def score_matching(item: MatchingItem, response: Any) -> Evaluation:
    if not isinstance(response, dict):
        return INVALID
    premise_ids = {p.id for p in item.premises}
    choice_ids = {c.id for c in item.choices}
    if not set(response) <= premise_ids or not all(isinstance(v, str) and v in choice_ids for v in response.values()):
        return INVALID
    right = sum(1 for p in item.premises if response.get(p.id) == p.answer)
    return graded(right / len(item.premises))


score = score_matching
