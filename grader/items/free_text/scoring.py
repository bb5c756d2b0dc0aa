"""free_text: the text written; rubric points met (a criterion is met if any of its keywords
appears, case and spacing ignored) / all points; provisional, always `needs_review`. Longer
than `max_length` is `out_of_range`."""

from __future__ import annotations

from typing import Any

from grader.scoring.evaluation import INVALID, UNANSWERED, Evaluation, answered, graded

from .model import FreeTextItem


def rubric_met(item: FreeTextItem, text: str) -> list[str]:
    """Ids of the criteria whose keywords appear (case and spacing ignored)."""
    folded = " ".join(text.lower().split())
    return [c.id for c in item.rubric if any(" ".join(k.lower().split()) in folded for k in c.keywords)]


@answered
def score_free_text(item: FreeTextItem, response: Any) -> Evaluation:
    if not isinstance(response, str):
        return INVALID
    if not response.strip():
        return UNANSWERED
    if len(response) > item.max_length:
        return Evaluation(0.0, "out_of_range")
    met = set(rubric_met(item, response))
    points = sum(c.points for c in item.rubric if c.id in met) / sum(c.points for c in item.rubric)
    result = graded(points)
    return Evaluation(result.score, result.status, needs_review=True)


score = score_free_text
