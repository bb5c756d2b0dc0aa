"""Schemas for course content: modules and question banks.

Shape checks live here (pydantic); checks that relate one field to another
(an answer naming an option, an outcome naming the module's outcomes) live in
`checks.py`, where they can point at the YAML line that needs the fix.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
OutcomeId = Annotated[str, Field(pattern=r"^LO[0-9]+$")]
Text = Annotated[str, Field(min_length=1)]

PROFESSIONS = (
    "doctor",
    "nurse",
    "pharmacist",
    "physiotherapist",
    "occupational-therapist",
    "other",
)
Profession = Literal[
    "doctor", "nurse", "pharmacist", "physiotherapist", "occupational-therapist", "other"
]


class Strict(BaseModel):
    # Unknown keys are errors: a misspelt `feedbak:` must not silently vanish.
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- modules ---------------------------------------------------------------


class Outcome(Strict):
    id: OutcomeId
    text: Text


class Reference(Strict):
    id: Slug
    citation: Text
    url: str | None = None
    accessed: dt.date | None = None


class Module(Strict):
    schema_version: Literal[1]
    id: Slug
    number: int = Field(ge=1, le=99)
    title: Text
    # The task learners rate their confidence in, before and after: it completes
    # "How confident do you feel ...?", e.g. "explaining an opioid taper".
    core_task: Text | None = None
    summary: Text
    cpd_minutes: int = Field(ge=5, le=600)
    reviewed: dt.date
    next_review: dt.date
    outcomes: list[Outcome] = Field(min_length=1)
    references: list[Reference] = Field(min_length=1)
    reflection_prompts: list[Text] = Field(min_length=1)
    # Shown before any of the module's pages, e.g. before suicide-related material.
    content_note: str | None = None


class Lesson(Strict):
    """A lesson page: Markdown from `modules/<NN-id>/<NN-slug>.md`."""

    slug: Slug
    title: Text
    markdown: str
    path: str


# --- question items --------------------------------------------------------


class Option(Strict):
    id: Slug
    text: Text
    feedback: Text


class ItemBase(Strict):
    id: Slug
    outcome: OutcomeId
    source: Slug
    stem: Text
    context: str | None = None
    professions: list[Profession] | None = None


class SingleItem(ItemBase):
    """Single best answer: one option is right."""

    type: Literal["single"]
    options: list[Option] = Field(min_length=2, max_length=10)
    answer: Slug
    fixed_order: bool = False


class MultipleItem(ItemBase):
    """Multiple response: every right option must be picked, no wrong one."""

    type: Literal["multiple"]
    options: list[Option] = Field(min_length=2, max_length=12)
    answer: list[Slug] = Field(min_length=1)
    fixed_order: bool = False


class NumericFeedback(Strict):
    correct: Text
    incorrect: Text


class UnsafeBand(Strict):
    """A range of answers that would harm a patient; inclusive at both ends."""

    min: float | None = None
    max: float | None = None
    feedback: Text


class NumericItem(ItemBase):
    type: Literal["numeric"]
    answer: float
    tolerance: float = Field(default=0, ge=0)
    unit: str | None = None
    unit_options: list[Text] = Field(default_factory=list)
    min: float | None = None
    max: float | None = None
    feedback: NumericFeedback
    unsafe: list[UnsafeBand] = Field(default_factory=list)


class OrderingItem(ItemBase):
    """Put the options in order; `answer` lists option ids in the right order."""

    type: Literal["ordering"]
    options: list[Option] = Field(min_length=2, max_length=10)
    answer: list[Slug] = Field(min_length=2)
    feedback: Text


class Choice(Strict):
    id: Slug
    text: Text


class Premise(Strict):
    id: Slug
    text: Text
    answer: Slug
    feedback: Text


class MatchingItem(ItemBase):
    """Match each premise to one choice; choices may be reused or left over."""

    type: Literal["matching"]
    premises: list[Premise] = Field(min_length=2, max_length=10)
    choices: list[Choice] = Field(min_length=2, max_length=12)


Item = Annotated[
    Union[SingleItem, MultipleItem, NumericItem, OrderingItem, MatchingItem],
    Field(discriminator="type"),
]
ITEM_TYPES = ("single", "multiple", "numeric", "ordering", "matching")


class QuestionBank(Strict):
    schema_version: Literal[1]
    module: Slug
    items: list[Item] = Field(min_length=1)


# --- case-study item types --------------------------------------------------


class Behaviour(Strict):
    """A behaviour a consultation is scored on; harmful ones cost marks."""

    id: Slug
    label: Text
    kind: Literal["good", "harmful"] = "good"
    weight: float = Field(default=1, gt=0)


class ConsultationChoice(Strict):
    id: Slug
    text: Text  # what the learner says
    next: Slug | None = None  # the node the conversation goes on to; none ends it
    behaviours: list[Slug] = Field(default_factory=list)
    feedback: Text


class ConsultationNode(Strict):
    id: Slug
    patient: Text  # what the person says at this point
    choices: list[ConsultationChoice] = Field(min_length=1, max_length=6)


class ConsultationItem(ItemBase):
    """A branching consultation: the response is the path of choice ids taken."""

    type: Literal["consultation"]
    start: Slug
    nodes: list[ConsultationNode] = Field(min_length=1)
    behaviours: list[Behaviour] = Field(min_length=1)
    feedback: Text


class RubricCriterion(Strict):
    id: Slug
    criterion: Text
    keywords: list[Text] = Field(min_length=1)  # any one present meets it, provisionally
    points: float = Field(default=1, gt=0)
    feedback: Text


class FreeTextItem(ItemBase):
    """Free text scored provisionally by keywords, always marked for manual review."""

    type: Literal["free_text"]
    rubric: list[RubricCriterion] = Field(min_length=1)
    model_answer: Text  # for the facilitator's pack and the reviewer; never shown in the trainee site
    max_length: int = Field(default=3000, ge=50, le=20000)


CaseItem = Annotated[
    Union[SingleItem, MultipleItem, NumericItem, OrderingItem, MatchingItem, ConsultationItem, FreeTextItem],
    Field(discriminator="type"),
]
CASE_ITEM_TYPES = (*ITEM_TYPES, "consultation", "free_text")


# --- case studies ------------------------------------------------------------


class CaseOutcome(Strict):
    id: OutcomeId
    text: Text
    maps_to: list[Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*:LO[0-9]+$")]] = Field(min_length=1)


class Stage(Strict):
    id: Slug
    title: Text
    narrative: Text
    questions: list[CaseItem] = Field(default_factory=list)


class Facilitation(Strict):
    """For the facilitator's pack: never shown in the trainee site."""

    discussion_prompts: list[Text] = Field(min_length=1)
    timing_minutes: int = Field(ge=5, le=240)


class CaseStudy(Strict):
    schema_version: Literal[1]
    id: Slug
    title: Text
    summary: Text
    modules: list[Slug] = Field(min_length=1)
    cpd_minutes: int = Field(ge=5, le=240)
    reviewed: dt.date
    next_review: dt.date
    people_are_fictional: Literal[True]
    outcomes: list[CaseOutcome] = Field(min_length=1)
    references: list[Reference] = Field(min_length=1)
    stages: list[Stage] = Field(min_length=1)
    facilitation: Facilitation

    def items(self) -> list:
        return [q for stage in self.stages for q in stage.questions]


class CaseContent(Strict):
    case: CaseStudy
    folder: str
    path: str


# --- referral directory ----------------------------------------------------

SERVICE_CATEGORIES = (
    "crisis",
    "urgent-red-flags",
    "talking-therapies",
    "social-prescribing",
    "pain-management",
    "msk-services",
    "liaison-psychiatry",
    "patient-organisation",
    "employment",
    "staff-support",
)
Nation = Literal["england", "wales", "scotland", "northern-ireland"]


class Service(Strict):
    """One entry of a referral directory; checked at build time."""

    id: Slug
    name: Text
    category: Literal[
        "crisis", "urgent-red-flags", "talking-therapies", "social-prescribing", "pain-management",
        "msk-services", "liaison-psychiatry", "patient-organisation", "employment", "staff-support",
    ]
    description: Text
    who: Text
    how_to_access: Text
    self_referral: bool
    phone: str | None = Field(default=None, pattern=r"^[0-9][0-9 ]{1,14}[0-9]$")
    text_message: str | None = None
    url: str | None = Field(default=None, pattern=r"^https://")
    nations: list[Nation] = Field(min_length=1)
    source: Text
    last_checked: dt.date


class Directory(Strict):
    """`referrals/<area>.yml`: `national.yml` is the default; an area file adds to
    it and replaces national entries that share an id."""

    schema_version: Literal[1]
    area: Slug
    name: Text
    services: list[Service] = Field(min_length=1)


# --- the whole course ------------------------------------------------------


class ModuleContent(Strict):
    """A module with its lessons and its question bank, as the site needs it."""

    module: Module
    folder: str
    lessons: list[Lesson]
    bank: QuestionBank
    bank_path: str


class Course(Strict):
    modules: list[ModuleContent]
    directories: dict[str, Directory] = Field(default_factory=dict)
    cases: list[CaseContent] = Field(default_factory=list)

    def case(self, case_id: str) -> CaseContent:
        for content in self.cases:
            if content.case.id == case_id:
                return content
        raise KeyError(case_id)

    def services(self, area: str = "national") -> list[Service]:
        """The national directory, with an area's entries added or replacing by id."""
        merged = {s.id: s for s in self.directories["national"].services} if "national" in self.directories else {}
        if area != "national":
            merged.update({s.id: s for s in self.directories[area].services})
        return list(merged.values())

    def module(self, module_id: str) -> ModuleContent:
        for content in self.modules:
            if content.module.id == module_id:
                return content
        raise KeyError(module_id)
