from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from grader.content.fields import Strict, Text
from grader.content.item_base import ItemBase


class AcceptedAnswer(Strict):
    """One accepted answer to a short-answer question, with its feedback."""

    text: Text
    """The answer as a learner might type it, for example `PHQ-9`; case, spaces and punctuation are set
    aside when matching (normalise() in scoring.py)."""
    feedback: Text
    """Why this answer is right, citing its source; shown when a learner's answer matches it."""


class ShortAnswerItem(ItemBase):
    """A typed answer checked against accepted answers, each with its own feedback."""

    type: Literal["short_answer"]
    """`short_answer`: the learner types a short answer, such as a name."""
    answers: list[AcceptedAnswer] = Field(min_length=1, max_length=20)
    """The accepted answers: 1 to 20, each with its own `feedback`; put the one to remember first."""
    incorrect_feedback: Text
    """Feedback for any answer that is not accepted: what the answer is and why, with its source."""
    max_length: int = Field(default=200, ge=10, le=1000)
    """Optional: the longest answer, in characters, 10 to 1000. Default: 200."""

    # the fields scoring.py reads: its answer key
    ANSWER_KEY: ClassVar[dict[str, Any]] = {"answers": {"__all__": {"text"}}}

    def longest_response(self) -> object:
        return '"' * self.max_length  # each '"' is two characters in JSON


MODEL = ShortAnswerItem
