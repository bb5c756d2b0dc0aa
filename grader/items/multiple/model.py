from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from grader.content.fields import Slug
from grader.content.item_base import ItemBase, Option


class MultipleItem(ItemBase):
    """Multiple response: every right option must be picked, no wrong one."""

    type: Literal["multiple"]
    """`multiple`: multiple response, choose all that apply."""
    options: list[Option] = Field(min_length=2, max_length=12)
    """The options: 2 to 12, each with its own `feedback`."""
    answer: list[Slug] = Field(min_length=1)
    """The ids of every right option (at least one), each once, for example `[a, c]`."""
    fixed_order: bool = False
    """Optional: `true` shows the options in the order written (for example when one is "all of the
    above"). Default: `false`, shuffled."""

    # the fields scoring.py reads: its answer key
    ANSWER_KEY: ClassVar[dict[str, Any]] = {"options": {"__all__": {"id"}}, "answer": True}

    def longest_response(self) -> object:
        return [o.id for o in self.options]


MODEL = MultipleItem
