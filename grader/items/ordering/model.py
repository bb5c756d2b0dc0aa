from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from grader.content.fields import Slug, Text
from grader.content.item_base import ItemBase, Option


class OrderingItem(ItemBase):
    """Put the options in order; `answer` lists option ids in the right order."""

    type: Literal["ordering"]
    """`ordering`: put the options in order."""
    options: list[Option] = Field(min_length=2, max_length=10)
    """The things to put in order: 2 to 10 options."""
    answer: list[Slug] = Field(min_length=2)
    """Every option id exactly once, in the right order, for example `[b, a, c]`."""
    feedback: Text
    """Why this is the right order, citing its source; the learner sees it after answering."""

    # the fields scoring.py reads: its answer key
    ANSWER_KEY: ClassVar[dict[str, Any]] = {"options": {"__all__": {"id"}}, "answer": True}

    def longest_response(self) -> object:
        return [o.id for o in self.options]


MODEL = OrderingItem
