"""Schemas for course content: modules and question banks.

Shape checks live here (pydantic); checks that relate one field to another
(an answer naming an option, an outcome naming the module's outcomes) live in
`checks.py`, where they can point at the YAML line that needs the fix.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
OutcomeId = Annotated[str, Field(pattern=r"^LO[0-9]+$")]
Text = Annotated[str, Field(min_length=1)]
# How fast a red flag needs action; `referrals/red-flags.yml` gives each flag's tier,
# and items keyed on a tier are checked against it.
Tier = Literal["emergency", "urgent", "non-urgent"]
TIERS: tuple[str, ...] = ("emergency", "urgent", "non-urgent")

PROFESSIONS = (
    "doctor",
    "nurse",
    "pharmacist",
    "physiotherapist",
    "occupational-therapist",
    "other",
)
Profession = Literal["doctor", "nurse", "pharmacist", "physiotherapist", "occupational-therapist", "other"]


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
    tier: Tier | None = None  # the red-flag tier this option stands for (see `red_flag`)


class ItemBase(Strict):
    id: Slug
    outcome: OutcomeId
    source: Slug
    stem: Text
    context: str | None = None
    professions: list[Profession] | None = None
    # A red flag (id in referrals/red-flags.yml) whose tier the right option(s) must carry.
    red_flag: Slug | None = None


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
    # An oral morphine equivalent (mg/day) calculation: its unsafe bands must follow the
    # course's OME rule (educators' guide), which `grader check` enforces.
    ome: bool = False


class OrderingItem(ItemBase):
    """Put the options in order; `answer` lists option ids in the right order."""

    type: Literal["ordering"]
    options: list[Option] = Field(min_length=2, max_length=10)
    answer: list[Slug] = Field(min_length=2)
    feedback: Text


class Choice(Strict):
    id: Slug
    text: Text
    tier: Tier | None = None  # the red-flag tier this choice stands for


class Premise(Strict):
    id: Slug
    text: Text
    answer: Slug
    feedback: Text
    red_flag: Slug | None = None  # the answer must be the choice with this red flag's tier


class MatchingItem(ItemBase):
    """Match each premise to one choice; choices may be reused or left over."""

    type: Literal["matching"]
    premises: list[Premise] = Field(min_length=2, max_length=10)
    choices: list[Choice] = Field(min_length=2, max_length=12)


Item = Annotated[
    SingleItem | MultipleItem | NumericItem | OrderingItem | MatchingItem,
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
    person: Text  # the person's first name: the site shows their lines as "Bev says"
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
    SingleItem | MultipleItem | NumericItem | OrderingItem | MatchingItem | ConsultationItem | FreeTextItem,
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
    # The profession whose role the learner takes in this case.
    learner_role: Profession | None = None
    outcomes: list[CaseOutcome] = Field(min_length=1)
    references: list[Reference] = Field(min_length=1)
    stages: list[Stage] = Field(min_length=1)
    facilitation: Facilitation

    def items(self) -> list[CaseItem]:
        return [q for stage in self.stages for q in stage.questions]


class CaseContent(Strict):
    case: CaseStudy
    folder: str
    path: str
    sign_off: SignOffRecord | None = None
    digest: str = ""  # of what a clinical reviewer signs off (grader.content.signoff)


# --- referral directory ----------------------------------------------------

Nation = Literal["england", "wales", "scotland", "northern-ireland"]


class Service(Strict):
    """One entry of a referral directory; checked at build time."""

    id: Slug
    name: Text
    category: Literal[
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
    # For `urgent-red-flags` entries: the red flag (referrals/red-flags.yml) it routes.
    red_flag: Slug | None = None


class Directory(Strict):
    """`referrals/<area>.yml`: `national.yml` is the default; an area file adds to
    it and replaces national entries that share an id."""

    schema_version: Literal[1]
    area: Slug
    name: Text
    services: list[Service] = Field(min_length=1)


# --- clinical governance: sign-off records and the hazard log ---------------

RegistrationBody = Literal["GMC", "NMC", "HCPC", "GPhC", "PSNI", "other"]
ReviewScope = Literal["clinical", "language", "accessibility"]


class SignOff(Strict):
    """One review by a registered clinician of exactly the content whose digest it holds."""

    reviewer: Text
    profession: Profession
    registration_body: RegistrationBody
    registration_number: Annotated[str, Field(min_length=1, max_length=20)]
    date: dt.date
    scope: list[ReviewScope] = Field(min_length=1)
    digest: Annotated[str, Field(pattern=r"^sha256:[0-9a-f]{64}$")]
    note: str | None = None


class SignOffRecord(Strict):
    """`sign-off.yml` beside a module's module.yml or a case's case.yml; newest review last.
    No reviews yet means the content awaits clinical sign-off."""

    schema_version: Literal[1]
    content: Slug  # the module or case id, so a copied file cannot vouch for other content
    reviews: list[SignOff] = Field(default_factory=list)


Severity = Literal["minor", "significant", "considerable", "major", "catastrophic"]
Likelihood = Literal["very low", "low", "medium", "high", "very high"]


class Risk(Strict):
    severity: Severity
    likelihood: Likelihood

    @property
    def rating(self) -> int:
        """1 (acceptable) to 5 (unacceptable), by the five-by-five matrix used with DCB0129."""
        return RISK_MATRIX[self.severity][LIKELIHOODS.index(self.likelihood)]


LIKELIHOODS: tuple[str, ...] = ("very low", "low", "medium", "high", "very high")
RISK_MATRIX: dict[str, tuple[int, ...]] = {
    "catastrophic": (3, 4, 5, 5, 5),
    "major": (2, 3, 4, 5, 5),
    "considerable": (2, 3, 3, 4, 5),
    "significant": (1, 2, 3, 3, 4),
    "minor": (1, 1, 2, 2, 3),
}
RISK_RATINGS = {
    1: "acceptable",
    2: "acceptable where further control is impractical",
    3: "undesirable: accepted only with the Clinical Safety Officer's agreement",
    4: "mandatory elimination or control to an acceptable level",
    5: "unacceptable",
}


class Control(Strict):
    control: Text
    # pytest node ids (`tests/test_x.py::test_name`) that hold the control; a test checks they exist
    tests: list[Annotated[str, Field(pattern=r"^tests/[a-z0-9_/]+\.py::[A-Za-z0-9_]+$")]] = Field(min_length=1)


class Hazard(Strict):
    id: Annotated[str, Field(pattern=r"^H[0-9]+$")]
    title: Text
    cause: Text
    effect: Text
    initial_risk: Risk
    controls: list[Control] = Field(min_length=1)
    residual_risk: Risk
    note: str | None = None  # why the residual risk is what it is, or what is still open


class HazardLog(Strict):
    """`governance/hazard-log.yml`: the course's clinical hazard log, structured as a
    DCB0129 clinical risk management file's hazard log."""

    schema_version: Literal[1]
    system: Text
    safety_officer: Text
    last_reviewed: dt.date
    hazards: list[Hazard] = Field(min_length=1)


# --- red flags ---------------------------------------------------------------


class RedFlag(Strict):
    """One red flag: what to look for, how fast, where to, and on whose word."""

    id: Slug
    condition: Text  # the suspected condition, as a lesson table's first column
    features: list[Text] = Field(min_length=1)
    tier: Tier
    route: Text  # where the person goes, e.g. "the emergency department or the on-call spinal team"
    timescale: Text  # e.g. "same day; MRI within 4 hours of the request"
    sources: list[Text] = Field(min_length=1)  # a named guideline with its recommendation number
    last_checked: dt.date


class RedFlags(Strict):
    """`referrals/red-flags.yml`: the one source of red-flag tiers and routes."""

    schema_version: Literal[1]
    flags: list[RedFlag] = Field(min_length=1)

    def flag(self, flag_id: str) -> RedFlag:
        for flag in self.flags:
            if flag.id == flag_id:
                return flag
        raise KeyError(flag_id)


# --- the whole course ------------------------------------------------------


class ModuleContent(Strict):
    """A module with its lessons and its question bank, as the site needs it."""

    module: Module
    folder: str
    lessons: list[Lesson]
    bank: QuestionBank
    bank_path: str
    sign_off: SignOffRecord | None = None
    digest: str = ""  # of what a clinical reviewer signs off (grader.content.signoff)


class Course(Strict):
    modules: list[ModuleContent]
    directories: dict[str, Directory] = Field(default_factory=dict)
    cases: list[CaseContent] = Field(default_factory=list)
    red_flags: RedFlags | None = None
    hazard_log: HazardLog | None = None

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
