"""Learners' exported records ("Export my record" on My CPD record), read as data.

The record is the JSON that `grader/site/assets/mskcpd/store.js` keeps in the
browser and exports. Here it is checked strictly against a pydantic model of
that shape: every known field has its type, range and format checked (ISO 8601
times, slugs for ids, scores in 0..1, confidence 1..5). Unknown keys are
accepted only in the objects the browser adds fields to as the course grows
(the record itself, the learner, each item, module, review, reflection and
case entry, where they are kept in the stored file but never read); the small
fixed parts (an earlier attempt, a confidence answer) allow none.

Nothing in the file is trusted for grading: a module's score and completion
are recomputed here from the raw responses with `grader.scoring.evaluate`;
any `score`, `status` or `completed` the file carries is never read for that.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Iterator, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Discriminator, Field, JsonValue, Tag, ValidationError

from grader.content.models import ModuleContent, Profession
from grader.gradebook.layout import CourseDir
from grader.gradebook.submission import CONTROL, EMAIL, MAX_NAME, MAX_NOTEBOOK_BYTES, MAX_REGISTRATION, Rejected, parse_json, show, student_id
from grader.scoring import evaluate

FORMAT = "mskcpd-record"
VERSION = 1
MAX_RECORD_BYTES = MAX_NOTEBOOK_BYTES  # a record is tens of kB; the same limit as a submission
PASS_MARK = 0.8  # the site's default pass_mark (mkdocs.yml, under the mskcpd plugin)
RESEND = "ask the learner to export their record again from My CPD record and send that file unchanged"
NO_EMAIL = "the record has no email: ask the learner to enter their details on a case page or My CPD record, then export again"
NO_NAME = "the record has no name: ask the learner to enter their details on a case page or My CPD record, then export again"


# --- the shape ------------------------------------------------------------------


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
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
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
    Union[Annotated[dict[Slug, ModuleReviews], Tag("by-module")], Annotated[list[Review], Tag("list")]],
    Discriminator(lambda value: "list" if isinstance(value, list) else "by-module"),
]
_TAGS = {"by-module", "list"}


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


# --- reading ----------------------------------------------------------------------


def when(value: str) -> dt.datetime:
    """An ISO time from a record (already checked), as an aware UTC datetime."""
    parsed = dt.datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed.astimezone(dt.timezone.utc)


@dataclass(frozen=True)
class LearnerRecord:
    student_id: str
    name: str
    email: str  # lower case, as the gradebook keeps it
    registration: str
    profession: str
    exported: dt.datetime
    record: RecordFile
    sha256: str


def _where(loc: tuple[Any, ...]) -> str:
    return " > ".join(str(part) for part in loc if part not in _TAGS) or "the record"


BOUNDS = {"less_than_equal": "is above the largest allowed,", "greater_than_equal": "is below the smallest allowed,",
          "less_than": "is not below", "greater_than": "is not above"}


def _reason(error: ValidationError) -> str:
    errors = error.errors(include_url=False)
    first = errors[0]
    loc = first["loc"]
    message = first["msg"]
    if first["type"] == "extra_forbidden":
        message = "is not a field of the record (an unknown key)"
    elif first["type"] == "missing":
        message = "is missing"
    elif first["type"] == "value_error":
        message = message.removeprefix("Value error, ")
    elif first["type"] in BOUNDS:
        limit = next(iter((first.get("ctx") or {}).values()), "?")
        message = f"{show(first.get('input'))} {BOUNDS[first['type']]} {limit}"
    elif first["type"] == "string_pattern_mismatch":
        message = f"{show(first.get('input'))} is not in the form the course writes"
    else:  # pydantic's own words, as a clause: "Input should be ..." -> "should be ..."
        message = message.removeprefix("Input ")
        message = message[:1].lower() + message[1:]
    more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
    return f"the record is damaged: {_where(loc)}: {message}{more}"


def read_record(data: bytes) -> LearnerRecord:
    """Check an exported record's bytes; raises Rejected with the reason and the fix."""
    if len(data) > MAX_RECORD_BYTES:
        raise Rejected(
            f"file is larger than {MAX_RECORD_BYTES // (1024 * 1024)} MB, far larger than any learner's record",
            "check that this is the file exported from My CPD record",
        )
    try:
        raw = parse_json(data)
    except Rejected as problem:
        raise Rejected(problem.reason.replace("so not a notebook", "so not a record"), RESEND) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise Rejected(f"not a learner's record from this course (its format is not {FORMAT!r})", "check that this is the file exported from My CPD record")
    if raw.get("version") != VERSION or type(raw.get("version")) is not int:
        raise Rejected(f"unknown record version {show(raw.get('version'))}; this grader reads version {VERSION}", "update the grader to the version the course site uses")
    try:
        record = RecordFile.model_validate(raw)
    except ValidationError as exc:
        raise Rejected(_reason(exc), RESEND) from None
    learner = record.learner
    email = (learner.email or "").strip()
    if not email:
        raise Rejected(*NO_EMAIL.split(": ", 1))
    if not EMAIL.match(email):
        raise Rejected(f"the learner's email {show(email)} does not look like an e-mail address",
                       "ask the learner to correct their email on a case page or My CPD record, then export again")
    name = (learner.name or "").strip()
    if not name:
        raise Rejected(*NO_NAME.split(": ", 1))
    return LearnerRecord(
        student_id=student_id(email),
        name=name,
        email=email.lower(),
        registration=(learner.registration or "").strip(),
        profession=learner.profession or "",
        exported=when(record.exported),
        record=record,
        sha256=hashlib.sha256(data).hexdigest(),
    )


# --- where records live in the course directory ------------------------------------


def records_folder(course_dir: CourseDir) -> Path:
    """records/<student-id>.json: the newest export collected from each learner."""
    return course_dir.root / "records"


def record_path(course_dir: CourseDir, student: str) -> Path:
    return records_folder(course_dir) / f"{student}.json"


@dataclass(frozen=True)
class Unreadable:
    path: str
    reason: str


def load_records(course_dir: CourseDir) -> tuple[list[LearnerRecord], list[Unreadable]]:
    """Every collected record, sorted by name; a file that no longer reads is reported, not dropped."""
    found: list[LearnerRecord] = []
    problems: list[Unreadable] = []
    folder = records_folder(course_dir)
    if not folder.is_dir():
        return found, problems
    for path in sorted(folder.glob("*.json")):
        if path.is_symlink() or not path.is_file():
            problems.append(Unreadable(str(path), "not a regular file (collect records with `grader collect`)"))
            continue
        try:
            if path.stat().st_size > MAX_RECORD_BYTES:
                raise Rejected("file is larger than 5 MB", "collect it again")
            learner = read_record(path.read_bytes())
        except Rejected as problem:
            problems.append(Unreadable(str(path), str(problem)))
            continue
        if path.stem != learner.student_id:
            problems.append(Unreadable(str(path), f"is the record of {learner.student_id}, not of the file's name (remove it and collect the file with `grader collect`)"))
            continue
        found.append(learner)
    found.sort(key=lambda r: (r.name.lower(), r.email))
    return found, problems


# --- module completion, recomputed ----------------------------------------------------


@dataclass(frozen=True)
class ModuleStatus:
    """A learner's progress in one module, recomputed from the responses in their record."""

    module: str
    title: str
    answered: int
    total: int
    score: float  # mean over the whole bank of evaluate(item, response).score; unanswered items count 0
    completed: bool
    started_at: dt.datetime | None  # the earliest `at` among the module's answered items
    completed_at: dt.datetime | None  # the latest `at` among the module's items, when completed
    cpd_minutes: int  # the module's, when completed; else 0
    confidence_before: int | None
    confidence_after: int | None
    item_scores: dict[str, float] = field(default_factory=dict)  # item id -> recomputed score, answered items only


def module_status(learner: LearnerRecord, content: ModuleContent, pass_mark: float = PASS_MARK) -> ModuleStatus:
    items = learner.record.items
    scores: dict[str, float] = {}
    times: list[dt.datetime] = []
    for item in content.bank.items:
        entry = items.get(item.id)
        if entry is None:
            continue
        evaluation = evaluate(item, entry.response)
        if evaluation.status == "unanswered":
            continue  # an empty response is no answer, whatever the file says
        scores[item.id] = evaluation.score
        times.append(when(entry.at))
    total = len(content.bank.items)
    score = sum(scores.values()) / total if total else 0.0
    completed = total > 0 and len(scores) == total and score + 1e-9 >= pass_mark
    entry = learner.record.modules.get(content.module.id)
    confidence = entry.confidence if entry is not None else None
    return ModuleStatus(
        module=content.module.id,
        title=content.module.title,
        answered=len(scores),
        total=total,
        score=score,
        completed=completed,
        started_at=min(times) if times else None,
        completed_at=max(times) if completed else None,
        cpd_minutes=content.module.cpd_minutes if completed else 0,
        confidence_before=confidence.before.value if confidence and confidence.before else None,
        confidence_after=confidence.after.value if confidence and confidence.after else None,
        item_scores=scores,
    )


def statuses(learner: LearnerRecord, modules: list[ModuleContent], pass_mark: float = PASS_MARK) -> Iterator[ModuleStatus]:
    for content in modules:
        yield module_status(learner, content, pass_mark)


# --- `grader export --modules-out` ---------------------------------------------------

MODULE_COLUMNS = (
    "learner_id", "name", "email", "registration", "profession", "module", "answered", "total",
    "percent", "completed", "completed_at", "cpd_minutes", "confidence_before", "confidence_after",
)


def module_rows(course_dir: CourseDir, modules: list[ModuleContent], pass_mark: float = PASS_MARK) -> tuple[list[dict[str, str]], list[Unreadable]]:
    """One row per collected learner and module, every score recomputed from the responses."""
    learners, problems = load_records(course_dir)
    rows: list[dict[str, str]] = []
    for learner in learners:
        for status in statuses(learner, modules, pass_mark):
            rows.append({
                "learner_id": learner.student_id,
                "name": learner.name,
                "email": learner.email,
                "registration": learner.registration,
                "profession": learner.profession,
                "module": status.module,
                "answered": str(status.answered),
                "total": str(status.total),
                "percent": f"{100 * status.score:.1f}",
                "completed": "yes" if status.completed else "no",
                "completed_at": status.completed_at.isoformat() if status.completed_at else "",
                "cpd_minutes": str(status.cpd_minutes),
                "confidence_before": "" if status.confidence_before is None else str(status.confidence_before),
                "confidence_after": "" if status.confidence_after is None else str(status.confidence_after),
            })
    return rows, problems
