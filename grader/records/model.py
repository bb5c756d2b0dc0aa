"""The learner's record as the browser exports it ("Export my record" on My CPD record): its shape.

The record is the JSON that `grader/site/assets/src/store.js` keeps in the
browser and exports. Here it is a strict pydantic model: every known field has
its type, range and format checked (ISO 8601 times, slugs for ids, scores in
0..1, confidence 1..5). Unknown keys are accepted only in the objects the
browser adds fields to as the course grows (the record itself, the learner,
each item, module, review, reflection and case entry, where they are kept in
the stored file but never read); the small fixed parts (an earlier attempt, a
confidence answer) allow none.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Discriminator, Field, JsonValue, Tag

from grader.content.fields import Profession, Slug
from grader.records.learner_file import CONTROL, MAX_NAME, MAX_REGISTRATION

FORMAT = "mskcpd-record"
VERSION = 1


def _iso_time(value: str) -> str:
    """An ISO 8601 date and time, as the browser's toISOString() writes; kept as written."""
    if len(value) > 64:
        raise ValueError("is too long for a date and time")
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("is not an ISO 8601 date and time") from None
    return value


def _iso_date(value: str) -> str:
    if len(value) > 64:
        raise ValueError("is too long for a date")
    try:
        dt.date.fromisoformat(value[:10])
        if len(value) > 10:
            dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("is not an ISO 8601 date") from None
    return value


def _plain_text(value: str) -> str:
    if CONTROL.search(value.replace("\n", " ").replace("\r", " ").replace("\t", " ")):
        raise ValueError("holds control characters")
    return value


def _one_line(value: str) -> str:
    if CONTROL.search(value):
        raise ValueError("holds control characters")
    return value


IsoTime = Annotated[str, AfterValidator(_iso_time)]
IsoDate = Annotated[str, AfterValidator(_iso_date)]
Score = Annotated[float, Field(ge=0, le=1)]
OneLine = Annotated[str, Field(max_length=MAX_NAME), AfterValidator(_one_line)]


class Fixed(BaseModel):
    """A part of the record whose keys are all known: an unknown key is an error."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Growing(BaseModel):
    """A part of the record the browser adds fields to as the course grows: unknown keys are kept, unread."""

    model_config = ConfigDict(extra="allow", strict=True, frozen=True)


class LearnerDetails(Growing):
    id: Annotated[str, Field(pattern=r"^[0-9a-f]{8,64}$")]
    created: IsoTime
    name: OneLine | None = None
    email: OneLine | None = None
    registration: Annotated[str, Field(max_length=MAX_REGISTRATION), AfterValidator(_one_line)] | None = None
    profession: Profession | Literal[""] | None = None


class ItemEntry(Growing):
    """The recorded (first) answer to one question; `score` and `status` are the browser's, never trusted."""

    module: Slug  # a module id, or a case id for a case-study question
    response: JsonValue
    score: Score
    status: Annotated[str, Field(max_length=40)]
    at: IsoTime
    practice: Annotated[int, Field(ge=0)] = 0
    last_practice: IsoTime | None = None
    key: Annotated[str, Field(max_length=64)] | None = None  # the answer key's version it was marked by
    rescored: JsonValue = None  # when the browser marked it again after a key change, and what it had


class Attempt(Fixed):
    """An earlier attempt at a module, moved aside when the learner started afresh."""

    ended: IsoTime
    score: Score
    items: dict[Slug, ItemEntry]


class ConfidenceAnswer(Fixed):
    value: Annotated[int, Field(ge=1, le=5)]
    at: IsoTime


class Confidence(Fixed):
    before: ConfidenceAnswer | None = None
    after: ConfidenceAnswer | None = None


class ModuleEntry(Growing):
    started: IsoTime | None = None
    completed: IsoTime | None = None  # the browser's; completion is recomputed, never read from here
    attempts: list[Attempt] = Field(default_factory=list)
    confidence: Confidence | None = None


class ReviewAnswer(Growing):
    response: JsonValue = None
    score: Score | None = None
    status: Annotated[str, Field(max_length=40)] | None = None
    at: IsoTime | None = None


class Review(Growing):
    """A review result as a list entry: {"module", "due", "at", "items": {id: answer}, "score"}."""

    module: Slug
    due: IsoDate
    at: IsoTime
    items: dict[Slug, ReviewAnswer] = Field(default_factory=dict)
    score: Score | None = None


class ReviewDone(Growing):
    """One finished spaced review of a module, by its slot (1, 2, 3...)."""

    at: IsoTime
    score: Score
    items: list[Slug] = Field(default_factory=list)
    answers: dict[Slug, ReviewAnswer] = Field(default_factory=dict)


class ReviewPending(Growing):
    slot: Annotated[int, Field(ge=1)]
    items: list[Slug] = Field(default_factory=list)
    drawn: IsoTime | None = None
    answers: dict[Slug, ReviewAnswer] = Field(default_factory=dict)


class ModuleReviews(Growing):
    """A module's spaced reviews as the site keeps them: {"done": {"1": {...}}, "pending": {...}}."""

    done: dict[Annotated[str, Field(pattern=r"^[1-9][0-9]{0,3}$")], ReviewDone] = Field(default_factory=dict)
    pending: ReviewPending | None = None


class Reflection(Growing):
    text: Annotated[str, Field(max_length=50_000), AfterValidator(_plain_text)]
    at: IsoTime | None = None  # when written (either name is read)
    updated: IsoTime | None = None


# by module, as the site keeps them; or a list of results
Reviews = Annotated[
    Annotated[dict[Slug, ModuleReviews], Tag("by-module")] | Annotated[list[Review], Tag("list")],
    Discriminator(lambda value: "list" if isinstance(value, list) else "by-module"),
]
REVIEWS_TAGS = {"by-module", "list"}  # the union's tags: not part of a path shown to the CPD lead


class CaseEntry(Growing):
    downloaded: IsoTime | None = None


class RecordFile(Growing):
    format: Literal["mskcpd-record"]
    version: Literal[1]
    exported: IsoTime
    learner: LearnerDetails
    items: dict[Slug, ItemEntry]
    modules: dict[Slug, ModuleEntry] = Field(default_factory=dict)
    reviews: Reviews = Field(default_factory=dict)
    reflections: dict[Slug, Reflection] = Field(default_factory=dict)
    cases: dict[Slug, CaseEntry] = Field(default_factory=dict)
