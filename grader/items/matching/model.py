from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from grader.content.fields import Slug, Strict, Text, Tier
from grader.content.item_base import ItemBase, longest


class Choice(Strict):
    """A choice a premise can be matched to."""

    id: Slug
    """The choice's id within the question, for example `c1`; a premise's `answer` names it."""
    text: Text
    """The choice as the learner reads it."""
    tier: Tier | None = None
    """Optional: the red-flag tier this choice stands for: `emergency`, `urgent` or `non-urgent`. Default:
    none."""


class Premise(Strict):
    """Something the learner matches to one of the choices."""

    id: Slug
    """The premise's id within the question, for example `p1`."""
    text: Text
    """The premise as the learner reads it."""
    answer: Slug
    """The id of the right choice for this premise."""
    feedback: Text
    """Why that choice is right, citing its source; the learner sees it after answering."""
    red_flag: Slug | None = None
    """Optional: the id of a red flag in `referrals/red-flags.yml`; the answer must be the choice with this
    flag's tier. Default: none."""


class MatchingItem(ItemBase):
    """Match each premise to one choice; choices may be reused or left over."""

    type: Literal["matching"]
    """`matching`: match each premise to a choice."""
    premises: list[Premise] = Field(min_length=2, max_length=10)
    """What the learner matches: 2 to 10 premises, each with its `answer`."""
    choices: list[Choice] = Field(min_length=2, max_length=12)
    """What premises are matched to: 2 to 12 choices; one may suit several premises, or none."""

    ANSWER_KEY: ClassVar[dict[str, Any]] = {
        "premises": {"__all__": {"id", "answer"}},
        "choices": {"__all__": {"id"}},
    }  # what scoring.py reads

    def longest_response(self) -> object:
        return {p.id: longest([c.id for c in self.choices]) for p in self.premises}


MODEL = MatchingItem
