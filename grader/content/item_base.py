"""What every question has, whatever its type (grader/items/<type>/model.py adds the rest)."""

from __future__ import annotations

import hashlib
import json
from typing import Any, ClassVar

from .fields import OutcomeId, Profession, Slug, Strict, Text, Tier


class Option(Strict):
    """An option of a choice question (single, multiple, ordering)."""

    id: Slug
    """The option's id within its question, for example `a` or `taper`: lower-case letters, digits and hyphens.
    The question's `answer` names options by this id."""
    text: Text
    """The option as the learner reads it."""
    feedback: Text
    """Why this option is right or wrong, citing its source; the learner sees it after answering."""
    tier: Tier | None = None
    """Optional: the red-flag tier this option stands for (`emergency`, `urgent` or `non-urgent`), checked
    against the question's `red_flag`. Default: none."""


class ItemBase(Strict):
    """What every question has, whatever its type; each type's model adds its own fields."""

    id: Slug
    """The question's id, unique across the course: lower-case letters, digits and hyphens, for example
    `opi-naloxone-name`. Never rename or reuse it once published: learners' records refer to it."""
    outcome: OutcomeId
    """The learning outcome this question tests, for example `LO2`: one of the module's outcomes (in a case
    study, one of the case's)."""
    source: Slug
    """The id of the reference this question rests on, for example `ng193`: one of the module's `references`
    (in a case study, the case's)."""
    stem: Text
    """The question itself, as the learner reads it: one paragraph (emphasis and links are allowed)."""
    context: str | None = None
    """Optional: a vignette shown above the stem, such as what the person says or their history (Markdown;
    several paragraphs are allowed). Default: none."""
    professions: list[Profession] | None = None
    """Optional: the only professions who see this question, for example `[doctor, pharmacist]`; learners of
    other professions do not see it. Default: every learner sees it."""
    red_flag: Slug | None = None
    """Optional: the id of a red flag in `referrals/red-flags.yml`; the right option(s) must carry that
    flag's tier in their `tier`. Default: none."""
    type: str
    """The question type. Each type's model narrows this to its own name (and keeps this place in the
    JSON)."""

    def longest_response(self) -> object:
        """The response that takes the most characters as JSON (the SCORM budget, scorm_budget.py)."""
        raise NotImplementedError(f"{type(self).__name__} must say its longest response")

    # The fields the type's scoring rule reads (pydantic's `include` shape): each type's model says which.
    ANSWER_KEY: ClassVar[dict[str, Any]] = {}

    def key_version(self) -> str:
        """A short digest of the answer key: it changes when anything the scoring rule reads changes (the
        answer, an option id, a tolerance, a rubric keyword) and not when wording or feedback does. Learners'
        records and submissions keep the version each answer was given against."""
        if not type(self).ANSWER_KEY:
            raise NotImplementedError(f"{type(self).__name__} must say its ANSWER_KEY")
        key = self.model_dump(mode="json", include=type(self).ANSWER_KEY)
        text = json.dumps(key, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def longest(ids: list[str]) -> str:
    return max(ids, key=len)
