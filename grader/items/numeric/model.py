from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from grader.content.fields import Strict, Text
from grader.content.item_base import ItemBase, longest


class NumericFeedback(Strict):
    """A numeric question's feedback: one text for a right answer, one for any other."""

    correct: Text
    """Shown for a right answer: why it is right, citing its source."""
    incorrect: Text
    """Shown for any wrong answer (after an unsafe band's warning, if the answer is in one): the right
    answer, how to reach it, and its source."""


class UnsafeBand(Strict):
    """A range of answers that would harm a patient; inclusive at both ends. It needs `min`, `max` or
    both, and may not overlap the right answer with its tolerance."""

    min: float | None = None
    """Optional: the lowest answer in the band, itself included. Leave it out for a band with no lower
    limit (every answer up to `max`). Default: none."""
    max: float | None = None
    """Optional: the highest answer in the band, itself included. Leave it out for a band with no upper
    limit (every answer from `min` up). Default: none."""
    feedback: Text
    """Why an answer in this band could harm a patient, citing its source; shown as a warning above the
    `incorrect` feedback."""


class NumericItem(ItemBase):
    """A number, and a unit if the item has one: right within `tolerance`; an answer in an `unsafe` band
    scores 0 and is warned why it could harm a patient."""

    type: Literal["numeric"]
    """`numeric`: the learner types a number (and chooses or types a unit)."""
    answer: float
    """The right answer, a number in `unit`, for example `150`."""
    tolerance: float = Field(default=0, ge=0)
    """Optional: how far either side of `answer` still counts as right, 0 or more, for example `0.5`.
    Default: 0, the exact answer only."""
    unit: str | None = None
    """Optional: the unit of the right answer, for example `mg` or `mg/day`; an answer in another unit
    scores 0. Default: none, a number without a unit."""
    unit_options: list[Text] = Field(default_factory=list)
    """Optional: the other units a learner may choose or type, for example `[g, microgram]`; needs a `unit`
    and does not repeat it. Default: none."""
    min: float | None = None
    """Optional: the lowest number the learner may enter; the right answer and its tolerance must lie at
    or above it. Default: none."""
    max: float | None = None
    """Optional: the highest number the learner may enter; the right answer and its tolerance must lie at
    or below it. Default: none."""
    feedback: NumericFeedback
    """The feedback: `correct` for a right answer, `incorrect` for any other."""
    unsafe: list[UnsafeBand] = Field(default_factory=list)
    """Optional: ranges of answers that would harm a patient, each with its `feedback`; checked in order,
    and the first that holds the answer is the one shown. Default: none."""
    ome: bool = False
    """Optional: `true` for an oral morphine equivalent (mg/day) calculation, whose unsafe bands must then
    follow the course's OME rule (educators' guide), which `grader check` enforces. Default: `false`."""

    ANSWER_KEY: ClassVar[dict[str, Any]] = {
        "answer": True,
        "tolerance": True,
        "unit": True,
        "unit_options": True,
        "min": True,
        "max": True,
        "unsafe": {"__all__": {"min", "max"}},
    }  # what scoring.py reads

    def longest_response(self) -> object:
        response: dict[str, object] = {"value": LONGEST_NUMBER}
        if self.unit:
            response["unit"] = longest([self.unit, *self.unit_options])
        return response


LONGEST_NUMBER = -2.2250738585072014e-308  # the most characters a float takes as JSON


MODEL = NumericItem
