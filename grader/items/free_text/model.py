from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from grader.content.fields import Slug, Strict, Text
from grader.content.item_base import ItemBase


class RubricCriterion(Strict):
    """One point of a free-text rubric, met provisionally by any of its keywords."""

    id: Slug
    """The criterion's id within the question, for example `names-risk`."""
    criterion: Text
    """What a good answer does, in a sentence, for the learner and the reviewer."""
    keywords: list[Text] = Field(min_length=1)
    """Words or phrases (at least one); any one present meets the criterion, provisionally (case and spacing
    are ignored)."""
    points: float = Field(default=1, gt=0)
    """Optional: what the criterion is worth, a number above 0. Default: 1."""
    feedback: Text
    """What the learner reads about this criterion, citing its source."""


class FreeTextItem(ItemBase):
    """Free text scored provisionally by keywords, always marked for manual review."""

    type: Literal["free_text"]
    """`free_text`: the learner writes an answer (case studies only)."""
    rubric: list[RubricCriterion] = Field(min_length=1)
    """The rubric (at least one criterion); the score is the points met out of all points."""
    model_answer: Text
    """A model answer: in the facilitator's pack and for the reviewer, and shown to the learner only after they
    have submitted their own answer (to assess it against the rubric); never in a page before then."""
    max_length: int = Field(default=3000, ge=50, le=20000)
    """Optional: the longest answer, in characters, 50 to 20000. Default: 3000."""

    ANSWER_KEY: ClassVar[dict[str, Any]] = {
        "rubric": {"__all__": {"id", "keywords", "points"}}
    }  # what scoring.py reads

    def longest_response(self) -> object:
        return '"' * self.max_length  # each '"' is two characters in JSON


MODEL = FreeTextItem
