from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from grader.content.fields import Slug
from grader.content.item_base import ItemBase, Option, longest


class SingleItem(ItemBase):
    """Single best answer: one option is right."""

    type: Literal["single"]
    """`single`: single best answer, one option is right."""
    options: list[Option] = Field(min_length=2, max_length=10)
    """The options: 2 to 10, each with its own `feedback`."""
    answer: Slug
    """The id of the one right option, for example `b`."""
    fixed_order: bool = False
    """Optional: `true` shows the options in the order written (for example when they are a scale).
    Default: `false`, shuffled."""

    # the fields scoring.py reads: its answer key
    ANSWER_KEY: ClassVar[dict[str, Any]] = {"options": {"__all__": {"id"}}, "answer": True}

    def longest_response(self) -> object:
        return longest([o.id for o in self.options])


MODEL = SingleItem
