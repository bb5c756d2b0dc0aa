from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from grader.content.fields import Slug, Strict, Text
from grader.content.item_base import ItemBase, longest


class Behaviour(Strict):
    """A behaviour a consultation is scored on; harmful ones cost marks."""

    id: Slug
    """The behaviour's id within the question, for example `open-question`; choices name it in their
    `behaviours`."""
    label: Text
    """The behaviour in a few words, as the feedback names it when the conversation ends."""
    kind: Literal["good", "harmful"] = "good"
    """Optional: `good` (adds to the score when shown) or `harmful` (takes from it). Default: `good`."""
    weight: float = Field(default=1, gt=0)
    """Optional: how much the behaviour counts, a number above 0, for example `2`. Default: 1."""


class ConsultationChoice(Strict):
    """One thing the learner can say at a point in the conversation."""

    id: Slug
    """The choice's id within the question, for example `ask-mood`: lower-case letters, digits and
    hyphens."""
    text: Text
    """What the learner says."""
    next: Slug | None = None
    """Optional: the id of the node the conversation goes on to. Default: none, which ends the
    conversation."""
    behaviours: list[Slug] = Field(default_factory=list)
    """Optional: the ids of the behaviours (from the question's `behaviours`) this choice shows. Default:
    none."""
    feedback: Text
    """Why this choice helps or harms, citing its source; shown step by step once the conversation ends."""


class ConsultationNode(Strict):
    """One point in the conversation: what the person says, and what the learner may say back."""

    id: Slug
    """The node's id within the question, for example `open`; `start` and a choice's `next` name it."""
    patient: Text
    """What the person says at this point."""
    choices: list[ConsultationChoice] = Field(min_length=1, max_length=6)
    """What the learner may say back: 1 to 6 choices."""


class ConsultationItem(ItemBase):
    """A branching consultation: the response is the path of choice ids taken."""

    type: Literal["consultation"]
    """`consultation`: a branching conversation (case studies only)."""
    person: Text
    """The person's first name: the site shows their lines as "Bev says"."""
    start: Slug
    """The id of the node the conversation starts at."""
    nodes: list[ConsultationNode] = Field(min_length=1)
    """The points in the conversation (at least one); every path from `start` must come to an end."""
    behaviours: list[Behaviour] = Field(min_length=1)
    """The behaviours the conversation is scored on (at least one), good and harmful."""
    feedback: Text
    """Feedback on the whole conversation, shown once it ends, citing its source."""

    ANSWER_KEY: ClassVar[dict[str, Any]] = {
        "start": True,
        "nodes": {"__all__": {"id": True, "choices": {"__all__": {"id", "next", "behaviours"}}}},
        "behaviours": {"__all__": {"id", "kind", "weight"}},
    }  # what scoring.py reads

    def longest_response(self) -> object:
        """A path through every node, each step the longest choice id: no real path is longer (checks forbid loops)."""
        return [longest([c.id for n in self.nodes for c in n.choices])] * len(self.nodes)


MODEL = ConsultationItem
