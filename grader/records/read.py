"""Reading a learner's exported record: its bytes checked, or `Rejected` with the reason and the fix.

Nothing in the file is trusted for grading: the record is read as data, and
the score and completion the browser wrote are kept but never used
(`grader.records.status` recomputes them from the responses).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from grader.records.learner_file import EMAIL, MAX_NOTEBOOK_BYTES, Rejected, parse_json, show, student_id
from grader.records.model import FORMAT, REVIEWS_TAGS, VERSION, RecordFile

__all__ = ["MAX_RECORD_BYTES", "LearnerRecord", "Rejected", "read_record", "when"]

MAX_RECORD_BYTES = MAX_NOTEBOOK_BYTES  # a record is tens of kB; the same limit as a submission
RESEND = "ask the learner to export their record again from My CPD record and send that file unchanged"
NO_EMAIL = (
    "the record has no email: ask the learner to enter their details on a case page or My CPD record, then export again"
)
NO_NAME = (
    "the record has no name: ask the learner to enter their details on a case page or My CPD record, then export again"
)


def when(value: str) -> dt.datetime:
    """An ISO time from a record (already checked), as an aware UTC datetime."""
    parsed = dt.datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


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
    return " > ".join(str(part) for part in loc if part not in REVIEWS_TAGS) or "the record"


BOUNDS = {
    "less_than_equal": "is above the largest allowed,",
    "greater_than_equal": "is below the smallest allowed,",
    "less_than": "is not below",
    "greater_than": "is not above",
}


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
        raise Rejected(
            f"not a learner's record from this course (its format is not {FORMAT!r})",
            "check that this is the file exported from My CPD record",
        )
    if raw.get("version") != VERSION or type(raw.get("version")) is not int:
        raise Rejected(
            f"unknown record version {show(raw.get('version'))}; this grader reads version {VERSION}",
            "update the grader to the version the course site uses",
        )
    try:
        record = RecordFile.model_validate(raw)
    except ValidationError as exc:
        raise Rejected(_reason(exc), RESEND) from None
    learner = record.learner
    email = (learner.email or "").strip()
    if not email:
        raise Rejected(*NO_EMAIL.split(": ", 1))
    if not EMAIL.match(email):
        raise Rejected(
            f"the learner's email {show(email)} does not look like an e-mail address",
            "ask the learner to correct their email on a case page or My CPD record, then export again",
        )
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
