"""Schemas for course content: modules and question banks.

Shape checks live here (pydantic); checks that relate one field to another
(an answer naming an option, an outcome naming the module's outcomes) live in
`checks.py`, where they can point at the YAML line that needs the fix.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from typing import TYPE_CHECKING, Annotated, Literal, TypeAlias

from pydantic import Field

from grader.items import bank_type_names, part, type_names

from .fields import OutcomeId, Profession, Slug, Strict, Text, Tier
from .item_base import ItemBase

# --- modules ---------------------------------------------------------------


class Outcome(Strict):
    """A learning outcome of a module, tested by at least two of its questions."""

    id: OutcomeId
    """The outcome's id: `LO` and a number, for example `LO1`. Questions name it in their `outcome`."""
    text: Text
    """What the learner can do after the module, starting with a measurable verb (explain, list, calculate)."""


class Reference(Strict):
    """A source the content cites; questions name it by its id in `source`."""

    id: Slug
    """The reference's id, for example `ng193`: lower-case letters, digits and hyphens. Questions name it in
    their `source`."""
    citation: Text
    """The full citation, as learners see it: author or organisation, title, year."""
    url: str | None = None
    """Optional: the web address of the source. Default: none."""
    accessed: dt.date | None = None
    """Optional: the date the web address was last read, as YYYY-MM-DD. Default: none."""


class Module(Strict):
    """A module's details: `modules/NN-id/module.yml`."""

    schema_version: Literal[1]
    """The version of this file's format: always 1."""
    id: Slug
    """The module's id, for example `opioids`: lower-case letters, digits and hyphens. Its folder is
    `NN-id` and its question bank `quizzes/<id>.yml`."""
    number: int = Field(ge=1, le=99)
    """The module's place in the course, 1 to 99; its folder name starts with it as two digits, for example
    `04-` in `04-opioids`."""
    title: Text
    """The module's title, as the site shows it."""
    core_task: Text | None = None
    """Optional: the task learners rate their confidence in, before and after the module. It completes
    "How confident do you feel ...?", for example `explaining an opioid taper`. Default: none."""
    summary: Text
    """What the module covers, in a sentence or two, for learners."""
    cpd_minutes: int = Field(ge=5, le=600)
    """Honest CPD time in minutes, 5 to 600: reading time plus about 1.5 minutes per question."""
    reviewed: dt.date
    """The date the module was last reviewed against current guidance, as YYYY-MM-DD."""
    next_review: dt.date
    """The date the next review is due, as YYYY-MM-DD, after `reviewed`. `grader check` fails once it has
    passed."""
    outcomes: list[Outcome] = Field(min_length=1)
    """The learning outcomes (at least one), each with an `id` and a `text`, each tested by at least two
    questions."""
    references: list[Reference] = Field(min_length=1)
    """The sources the module cites (at least one); each question names one in its `source`."""
    reflection_prompts: list[Text] = Field(min_length=1)
    """Prompts for the learner's reflection in their CPD record (at least one), each a question."""
    content_note: str | None = None
    """Optional: a note shown before any of the module's pages, for example before material about suicide.
    Default: none."""


class Lesson(Strict):
    """A lesson page: Markdown from `modules/<NN-id>/<NN-slug>.md`."""

    slug: Slug
    """The page's slug: its file name without the `NN-` and the `.md`."""
    title: Text
    """The page's title, from its first line `# Title`."""
    markdown: str
    """The page's Markdown, as written."""
    path: str
    """The page's path, relative to the course folder."""


# --- question items --------------------------------------------------------
# Each type's model is in its folder, grader/items/<type>/model.py; a bank or a case
# takes any of them, told apart by `type`.

ITEM_TYPES = bank_type_names()
CASE_ITEM_TYPES = type_names()
if TYPE_CHECKING:
    Item: TypeAlias = ItemBase
    CaseItem: TypeAlias = ItemBase
else:

    def _one_of(names: tuple[str, ...]) -> object:
        """Any of these types' models, told apart by `type` (a union built from the folders)."""
        return Annotated[
            functools.reduce(operator.or_, (part(t, "model").MODEL for t in names)), Field(discriminator="type")
        ]

    Item = _one_of(ITEM_TYPES)
    CaseItem = _one_of(CASE_ITEM_TYPES)


class QuestionBank(Strict):
    """A module's question bank: `quizzes/<module-id>.yml`."""

    schema_version: Literal[1]
    """The version of this file's format: always 1."""
    module: Slug
    """The id of the module this bank belongs to, for example `opioids`."""
    items: list[Item] = Field(min_length=1)
    """The questions (at least one). Each has a `type` (single, multiple, numeric, ordering, matching or
    short_answer) and that type's fields."""


# --- case studies ------------------------------------------------------------


class CaseOutcome(Strict):
    """A learning outcome of a case study, tied to the module outcomes it serves."""

    id: OutcomeId
    """The outcome's id: `LO` and a number, for example `LO1`. The case's questions name it in their
    `outcome`."""
    text: Text
    """What the learner can do after the case, starting with a measurable verb."""
    maps_to: list[Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*:LO[0-9]+$")]] = Field(min_length=1)
    """The module outcomes this outcome serves (at least one), each written `module-id:LO1`, for example
    `opioids:LO2`."""


class Stage(Strict):
    """One stage of a case study: a part of the story, then its questions."""

    id: Slug
    """The stage's id within the case, for example `first-visit`: lower-case letters, digits and hyphens."""
    title: Text
    """The stage's heading, as the learner sees it."""
    narrative: Text
    """What happens in this stage, as the learner reads it (Markdown; several paragraphs are allowed)."""
    questions: list[CaseItem] = Field(default_factory=list)
    """Optional: the stage's questions, of any type, `consultation` and `free_text` included. Default: none."""


class Facilitation(Strict):
    """For the facilitator's pack: never shown in the trainee site."""

    discussion_prompts: list[Text] = Field(min_length=1)
    """Questions for the facilitator to put to the group (at least one)."""
    timing_minutes: int = Field(ge=5, le=240)
    """How long to allow for the facilitated session, in minutes: 5 to 240."""


class CaseStudy(Strict):
    """A case study: `case_studies/<id>/case.yml`."""

    schema_version: Literal[1]
    """The version of this file's format: always 1."""
    id: Slug
    """The case's id, for example `grace-back-pain`: lower-case letters, digits and hyphens. Its folder in
    `case_studies/` has the same name."""
    title: Text
    """The case's title, as the site shows it."""
    summary: Text
    """What the case is about, in a sentence or two, for learners."""
    modules: list[Slug] = Field(min_length=1)
    """The ids of the modules the case draws on (at least one), for example `[opioids, language]`."""
    cpd_minutes: int = Field(ge=5, le=240)
    """Honest CPD time in minutes, 5 to 240."""
    reviewed: dt.date
    """The date the case was last reviewed against current guidance, as YYYY-MM-DD."""
    next_review: dt.date
    """The date the next review is due, as YYYY-MM-DD, after `reviewed`. `grader check` fails once it has
    passed."""
    people_are_fictional: Literal[True]
    """Always `true`: everyone in a case study is fictional."""
    learner_role: Profession | None = None
    """Optional: the profession whose role the learner takes in this case, for example `pharmacist`.
    Default: none."""
    outcomes: list[CaseOutcome] = Field(min_length=1)
    """The case's learning outcomes (at least one), each tested by at least one of its questions."""
    references: list[Reference] = Field(min_length=1)
    """The sources the case cites (at least one); each of its questions names one in its `source`."""
    stages: list[Stage] = Field(min_length=1)
    """The case's stages, in the order the learner meets them (at least one)."""
    facilitation: Facilitation
    """Discussion prompts and timing for the facilitator's pack; never shown in the trainee site."""

    def items(self) -> list[CaseItem]:
        return [q for stage in self.stages for q in stage.questions]


class CaseContent(Strict):
    """A case study as the site and the tools need it: the case, where it lives and its sign-off."""

    case: CaseStudy
    """The case study, from its `case.yml`."""
    folder: str
    """The case's folder, relative to the course folder."""
    path: str
    """The path of its `case.yml`, relative to the course folder."""
    sign_off: SignOffRecord | None = None
    """The case's clinical sign-off record (`sign-off.yml`), if it has one. Default: none."""
    digest: str = ""
    """The digest of what a clinical reviewer signs off (grader.content.signoff). Default: empty."""


# --- referral directory ----------------------------------------------------

Nation = Literal["england", "wales", "scotland", "northern-ireland"]


class Service(Strict):
    """One entry of a referral directory; checked at build time."""

    id: Slug
    """The entry's id, for example `samaritans`: lower-case letters, digits and hyphens. An area file's entry
    with the id of a national entry replaces it."""
    name: Text
    """The service's name, as learners see it."""
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
    """The heading the entry is listed under: crisis, urgent-red-flags, talking-therapies,
    social-prescribing, pain-management, msk-services, liaison-psychiatry, patient-organisation,
    employment or staff-support (the educators' guide says what each means)."""
    description: Text
    """What the service offers, in a sentence or two."""
    who: Text
    """Who the service is for."""
    how_to_access: Text
    """How to reach the service: who refers, or how people contact it themselves."""
    self_referral: bool
    """`true` if people can refer themselves (the site then says so), `false` if not."""
    phone: str | None = Field(default=None, pattern=r"^[0-9][0-9 ]{1,14}[0-9]$")
    """Optional: the phone number, digits and spaces only, 3 to 16 characters, starting and ending with a
    digit, for example `0300 123 4567`. Default: none."""
    text_message: str | None = None
    """Optional: how to reach the service by text message, in words, for example `Text HELLO to 12345`.
    Default: none."""
    url: str | None = Field(default=None, pattern=r"^https://")
    """Optional: the service's web address, starting with `https://`. Default: none."""
    nations: list[Nation] = Field(min_length=1)
    """The UK nations the service covers (at least one): england, wales, scotland, northern-ireland."""
    source: Text
    """Where these details were checked, for example the service's own web page."""
    last_checked: dt.date
    """The date the details were last checked against the source, as YYYY-MM-DD. `grader check` fails once
    it is over a year ago."""
    red_flag: Slug | None = None
    """For `urgent-red-flags` entries: the id of the red flag (in `referrals/red-flags.yml`) this service is
    the route for. Optional otherwise. Default: none."""


class Directory(Strict):
    """`referrals/<area>.yml`: `national.yml` is the default; an area file adds to
    it and replaces national entries that share an id."""

    schema_version: Literal[1]
    """The version of this file's format: always 1."""
    area: Slug
    """The area's id, the same as the file's name without `.yml`, for example `national` or `leeds`."""
    name: Text
    """The area's name, as learners see it."""
    services: list[Service] = Field(min_length=1)
    """The services in this directory (at least one)."""


# --- clinical governance: sign-off records and the hazard log ---------------

RegistrationBody = Literal["GMC", "NMC", "HCPC", "GPhC", "PSNI", "other"]
ReviewScope = Literal["clinical", "language", "accessibility"]


class SignOff(Strict):
    """One review by a registered clinician of exactly the content whose digest it holds."""

    reviewer: Text
    """The reviewer's name, as on their professional register."""
    profession: Profession
    """The reviewer's profession: doctor, nurse, pharmacist, physiotherapist, occupational-therapist or other."""
    registration_body: RegistrationBody
    """The register the reviewer is on, which must fit `profession`: GMC (doctor), NMC (nurse), GPhC or PSNI
    (pharmacist), HCPC (physiotherapist, occupational therapist), or other."""
    registration_number: Annotated[str, Field(min_length=1, max_length=20)]
    """The reviewer's number on that register, up to 20 characters, in the register's own form (for example 7
    digits for the GMC)."""
    date: dt.date
    """The date of the review, as YYYY-MM-DD; not in the future."""
    scope: list[ReviewScope] = Field(min_length=1)
    """What the reviewer checked, one or more of: clinical, language, accessibility."""
    digest: Annotated[str, Field(pattern=r"^sha256:[0-9a-f]{64}$")]
    """The digest of exactly the files reviewed: `sha256:` and 64 hexadecimal digits, written by
    `grader sign-off`, never by hand."""
    note: str | None = None
    """Optional: the reviewer's note. Default: none."""


class SignOffRecord(Strict):
    """`sign-off.yml` beside a module's module.yml or a case's case.yml; newest review last.
    No reviews yet means the content awaits clinical sign-off."""

    schema_version: Literal[1]
    """The version of this file's format: always 1."""
    content: Slug
    """The id of the module or case this record signs off, so a copied file cannot vouch for other
    content."""
    reviews: list[SignOff] = Field(default_factory=list)
    """Optional: the reviews, oldest first (newest last). Default: none, meaning the content awaits
    clinical sign-off."""


Severity = Literal["minor", "significant", "considerable", "major", "catastrophic"]
Likelihood = Literal["very low", "low", "medium", "high", "very high"]


class Risk(Strict):
    """A risk, rated by the severity of the harm and its likelihood (the DCB0129 matrix)."""

    severity: Severity
    """How bad the harm would be: minor, significant, considerable, major or catastrophic."""
    likelihood: Likelihood
    """How likely the harm is: very low, low, medium, high or very high."""

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
    """Something the course does to reduce a hazard, with the tests that hold it."""

    control: Text
    """What the course does to reduce the hazard."""
    tests: list[Annotated[str, Field(pattern=r"^tests/[a-z0-9_/]+\.py::[A-Za-z0-9_]+$")]] = Field(min_length=1)
    """The pytest node ids that hold the control (at least one), for example `tests/test_x.py::test_name`;
    a test checks they exist."""


class Hazard(Strict):
    """One way the course could harm a learner or, through a learner, a patient, and its controls."""

    id: Annotated[str, Field(pattern=r"^H[0-9]+$")]
    """The hazard's id: `H` and a number, for example `H3`."""
    title: Text
    """A short name for the hazard."""
    cause: Text
    """What could bring the harm about."""
    effect: Text
    """The harm that could follow, to a learner or a patient."""
    initial_risk: Risk
    """The risk before the controls: `severity` and `likelihood`."""
    controls: list[Control] = Field(min_length=1)
    """The controls in place (at least one), each with the tests that hold it."""
    residual_risk: Risk
    """The risk with the controls in place: `severity` and `likelihood`."""
    note: str | None = None
    """Optional: why the residual risk is what it is, or what is still open. Default: none."""


class HazardLog(Strict):
    """`governance/hazard-log.yml`: the course's clinical hazard log, structured as a
    DCB0129 clinical risk management file's hazard log."""

    schema_version: Literal[1]
    """The version of this file's format: always 1."""
    system: Text
    """The system the log covers: this course, named."""
    safety_officer: Text
    """The Clinical Safety Officer responsible for the log, or who will name one and when."""
    last_reviewed: dt.date
    """The date the log was last reviewed, as YYYY-MM-DD."""
    hazards: list[Hazard] = Field(min_length=1)
    """The hazards (at least one)."""


# --- red flags ---------------------------------------------------------------


class RedFlag(Strict):
    """One red flag: what to look for, how fast, where to, and on whose word."""

    id: Slug
    """The flag's id, for example `axial-spa`: lower-case letters, digits and hyphens. Questions and directory
    entries name it in their `red_flag`."""
    condition: Text
    """The suspected condition, as a lesson table's first column."""
    features: list[Text] = Field(min_length=1)
    """What to look for (at least one), one feature per entry."""
    tier: Tier
    """How fast the flag needs action: `emergency`, `urgent` or `non-urgent`. Questions keyed on this flag
    are checked against it."""
    route: Text
    """Where the person goes, as one sentence naming the service or team, as the source gives it."""
    timescale: Text
    """How soon, in words, as the source gives it."""
    sources: list[Text] = Field(min_length=1)
    """The sources (at least one), each a named guideline with its recommendation number."""
    last_checked: dt.date
    """The date the flag was last checked against its sources, as YYYY-MM-DD. `grader check` fails a year
    later."""


class RedFlags(Strict):
    """`referrals/red-flags.yml`: the one source of red-flag tiers and routes."""

    schema_version: Literal[1]
    """The version of this file's format: always 1."""
    flags: list[RedFlag] = Field(min_length=1)
    """The red flags (at least one)."""

    def flag(self, flag_id: str) -> RedFlag:
        for flag in self.flags:
            if flag.id == flag_id:
                return flag
        raise KeyError(flag_id)


# --- the whole course ------------------------------------------------------


class ModuleContent(Strict):
    """A module with its lessons and its question bank, as the site needs it."""

    module: Module
    """The module's details, from its `module.yml`."""
    folder: str
    """The module's folder, relative to the course folder."""
    lessons: list[Lesson]
    """The module's lesson pages, in order."""
    bank: QuestionBank
    """The module's question bank."""
    bank_path: str
    """The path of the question bank, relative to the course folder."""
    sign_off: SignOffRecord | None = None
    """The module's clinical sign-off record (`sign-off.yml`), if it has one. Default: none."""
    digest: str = ""
    """The digest of what a clinical reviewer signs off (grader.content.signoff). Default: empty."""


class Course(Strict):
    """The whole course as loaded: modules, referral directories, case studies, red flags and hazard log."""

    modules: list[ModuleContent]
    """The modules, in course order."""
    directories: dict[str, Directory] = Field(default_factory=dict)
    """The referral directories, by area. Default: none."""
    cases: list[CaseContent] = Field(default_factory=list)
    """The case studies. Default: none."""
    red_flags: RedFlags | None = None
    """The red flags from `referrals/red-flags.yml`, if present. Default: none."""
    hazard_log: HazardLog | None = None
    """The clinical hazard log from `governance/hazard-log.yml`, if present. Default: none."""

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
