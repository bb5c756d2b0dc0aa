"""`grader review`'s data: every provisional free-text answer, and a reviewer's confirmed score.

A free-text answer gets a provisional score from its rubric's keywords
(`grader.items.free_text.scoring`), and `grader autograde` flags its grade for
review. Here a person confirms that score or changes it (0 to the question's
points), with a comment. What they decide is written to nbgrader's gradebook
as nbgrader's formgrader writes it: `Grade.manual_score` (which counts over the
automatic score, in formgrader and in `grader export`, so a certificate then
counts the case) and `Comment.manual_comment` on the answer cell, with a last
line saying who confirmed it and when, so formgrader shows that too.

Who confirmed what and when is also kept, one row per decision and never
overwritten, in a table of the grader's own in the same database,
`grader_review_log` (nbgrader's tables have no place for it). The row numbers
each decision on an answer (`seq` 1, 2, ...), unique per answer: a reviewer's
form carries the number they saw, so when two reviewers decide on one answer
at once, the second is told what the first decided instead of overwriting it,
on SQLite and PostgreSQL alike. Confirming the same score twice changes
nothing but the log.

The learner's text comes from the collected submission (read as data, never
run); an answer collected again after the last `grader autograde` waits until
autograde has graded it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import Assignment, Comment, Grade, Gradebook, MissingEntry, SubmittedAssignment, SubmittedNotebook
from sqlalchemy import Column, DateTime, Float, Integer, MetaData, String, Table, Text, UniqueConstraint, func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import selectinload

from grader.content.models import CaseStudy
from grader.gradebook.autograde import _timestamp, conflict
from grader.gradebook.layout import SAFE_NAME, CourseDir
from grader.gradebook.notebook import answer_id, test_id
from grader.gradebook.submission import MAX_NOTEBOOK_BYTES, Rejected, Submission, read_submission
from grader.items.free_text.model import FreeTextItem
from grader.items.free_text.scoring import rubric_met
from grader.scoring import evaluate

MAX_COMMENT = 5000  # characters
CONFIRMED_LINE = "Confirmed by {reviewer} on {when} (grader review)."

METADATA = MetaData()
LOG = Table(
    "grader_review_log",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("student_id", String(128), nullable=False),
    Column("case_id", String(128), nullable=False),
    Column("item_id", String(128), nullable=False),
    Column("seq", Integer, nullable=False),  # 1, 2, ... per answer: two reviewers cannot both write the same one
    Column("score", Float, nullable=False),
    Column("max_score", Float, nullable=False),
    Column("provisional_score", Float, nullable=False),
    Column("comment", Text, nullable=False),
    Column("reviewer", String(256), nullable=False),
    Column("confirmed_at", DateTime, nullable=False),  # naive UTC, as nbgrader keeps times
    Column("answer_sha256", String(64), nullable=False),  # of the text confirmed
    UniqueConstraint("student_id", "case_id", "item_id", "seq", name="grader_review_log_answer_seq"),
)


class ReviewError(Exception):
    """A decision that cannot be written: the message says why and what to do."""


def ensure_log(gb: Gradebook) -> None:
    """The log table, made if missing (call under `db.setup_lock`)."""
    METADATA.create_all(gb.db.get_bind(), checkfirst=True)


# --- the learner's text, with the rubric's matches marked ---------------------------------


@dataclass(frozen=True)
class Segment:
    text: str
    criterion: int | None = None  # the matched criterion's number (1-based), or None for plain text


def _keyword_pattern(keyword: str) -> re.Pattern[str] | None:
    """A keyword as `rubric_met` matches it: case ignored, any run of spaces as one space."""
    words = keyword.split()
    return re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE) if words else None


def highlight(item: FreeTextItem, text: str) -> list[Segment]:
    """The text cut into segments, each keyword match of a criterion `rubric_met` finds met marked with
    the criterion's number (where matches overlap, the earlier one wins)."""
    met = set(rubric_met(item, text))
    spans: list[tuple[int, int, int]] = []
    for number, criterion in enumerate(item.rubric, start=1):
        if criterion.id not in met:
            continue
        for keyword in criterion.keywords:
            pattern = _keyword_pattern(keyword)
            if pattern is not None:
                spans += [(m.start(), m.end(), number) for m in pattern.finditer(text) if m.end() > m.start()]
    segments: list[Segment] = []
    at = 0
    for start, end, number in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < at:
            continue
        if start > at:
            segments.append(Segment(text[at:start]))
        segments.append(Segment(text[start:end], number))
        at = end
    if at < len(text):
        segments.append(Segment(text[at:]))
    return segments


# --- what the review page lists ------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    number: int
    id: str
    criterion: str
    points: float
    keywords: tuple[str, ...]
    met: bool


@dataclass(frozen=True)
class Decision:
    seq: int
    score: float
    comment: str
    reviewer: str
    confirmed_at: dt.datetime


@dataclass(frozen=True)
class Answer:
    student_id: str
    name: str
    email: str
    profession: str
    case_id: str
    case_title: str
    item_id: str
    stem: str
    text: str
    segments: tuple[Segment, ...]
    criteria: tuple[Criterion, ...]
    model_answer: str
    provisional: float  # the automatic (provisional) score, in the question's points
    max_score: float
    manual_score: float | None  # a person's score, if any
    awaiting: bool  # needs a person: no score confirmed yet, or the answer changed since
    last: Decision | None  # the newest decision in grader_review_log

    @property
    def key(self) -> str:
        """student/case/item: all three are slugs, so `/` cannot appear in any of them."""
        return f"{self.student_id}/{self.case_id}/{self.item_id}"

    @property
    def anchor(self) -> str:
        return "answer-" + self.key.replace("/", "--")

    @property
    def all_met(self) -> bool:
        return all(c.met for c in self.criteria)

    @property
    def seq(self) -> int:
        return self.last.seq if self.last else 0


@dataclass
class Listing:
    answers: list[Answer] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # `path: reason` for each submission left out
    rows: dict[str, tuple[Grade, Comment]] = field(default_factory=dict, repr=False)  # key -> its rows, as loaded

    @property
    def awaiting(self) -> list[Answer]:
        return [a for a in self.answers if a.awaiting]

    @property
    def bulk_ready(self) -> list[Answer]:
        return [a for a in self.answers if a.awaiting and a.all_met]


def _read(path: Path, cases: Mapping[str, CaseStudy]) -> Submission:
    if path.stat().st_size > MAX_NOTEBOOK_BYTES:
        raise Rejected("file is larger than 5 MB", "collect it again")
    return read_submission(path.read_bytes(), cases)


def _free_text_answers(case: CaseStudy, submission: Submission) -> Iterator[tuple[FreeTextItem, str]]:
    """The learner's free-text answers that carry a provisional score (shown to them, answered, in range)."""
    for item in case.items():
        if not isinstance(item, FreeTextItem) or item.id not in submission.question_set:
            continue
        text = submission.answers.get(item.id)
        if isinstance(text, str) and evaluate(item, text).needs_review:
            yield item, text


def _decisions(gb: Gradebook) -> dict[tuple[str, str, str], Decision]:
    """The newest decision per answer."""
    newest = (
        select(LOG.c.student_id, LOG.c.case_id, LOG.c.item_id, func.max(LOG.c.seq).label("seq"))
        .group_by(LOG.c.student_id, LOG.c.case_id, LOG.c.item_id)
        .subquery()
    )
    query = select(LOG).join(
        newest,
        (LOG.c.student_id == newest.c.student_id)
        & (LOG.c.case_id == newest.c.case_id)
        & (LOG.c.item_id == newest.c.item_id)
        & (LOG.c.seq == newest.c.seq),
    )
    return {
        (r.student_id, r.case_id, r.item_id): Decision(r.seq, r.score, r.comment, r.reviewer, r.confirmed_at)
        for r in gb.db.execute(query)
    }


@dataclass
class _Graded:
    submitted: dict[str, SubmittedAssignment]  # by learner
    cell_names: dict[str, str]  # cell id -> name (test-..., answer-...)
    max_scores: dict[str, float]  # grade cell id -> its points (Grade.max_score, without a query per grade)


def _graded(gb: Gradebook, case_id: str, student: str | None) -> _Graded:
    """A case's graded submissions by learner (or one learner's), with grades and comments, in a few queries."""
    try:
        notebook = gb.find_notebook(case_id, case_id)
    except MissingEntry:
        return _Graded({}, {}, {})
    cells = {c.id: c.name for c in [*notebook.grade_cells, *notebook.solution_cells]}
    query = (
        gb.db.query(SubmittedAssignment)
        .join(SubmittedAssignment.assignment)
        .filter(Assignment.name == case_id)
        .options(
            selectinload(SubmittedAssignment.notebooks).selectinload(SubmittedNotebook.grades),
            selectinload(SubmittedAssignment.notebooks).selectinload(SubmittedNotebook.comments),
        )
    )
    if student is not None:
        query = query.filter(SubmittedAssignment.student_id == student)
    return _Graded({s.student_id: s for s in query}, cells, {c.id: c.max_score for c in notebook.grade_cells})


def _submissions(course_dir: CourseDir, only: tuple[str, str] | None) -> Iterator[tuple[str, str, Path]]:
    if only is None:
        yield from course_dir.submissions()
        return
    path = course_dir.submitted_notebook(*only)
    if all(re.fullmatch(SAFE_NAME, part) for part in only) and path.is_file() and not path.is_symlink():
        yield only[0], only[1], path


def list_answers(
    gb: Gradebook, course_dir: CourseDir, cases: Mapping[str, CaseStudy], only: tuple[str, str] | None = None
) -> Listing:
    """Every provisional free-text answer, by case, learner and question order (`only`: one learner's case)."""
    listing = Listing()
    decisions = _decisions(gb)
    graded: dict[str, _Graded] = {}
    for student, case_id, path in _submissions(course_dir, only):
        case = cases.get(case_id)
        if case is None:
            continue
        try:
            submission = _read(path, cases)
        except Rejected as problem:
            listing.problems.append(f"{path}: {problem}")
            continue
        answers = list(_free_text_answers(case, submission))
        if not answers:
            continue
        if case_id not in graded:
            graded[case_id] = _graded(gb, case_id, only[0] if only else None)
        cell_names = graded[case_id].cell_names
        submitted = graded[case_id].submitted.get(student)
        if submitted is None or submitted.timestamp != _timestamp(course_dir, submission):
            listing.problems.append(f"{path}: not graded yet in this version (run grader autograde first)")
            continue
        grades = {cell_names.get(g.cell_id): g for nb in submitted.notebooks for g in nb.grades}
        comments = {cell_names.get(c.cell_id): c for nb in submitted.notebooks for c in nb.comments}
        for item, text in answers:
            grade, comment = grades.get(test_id(item.id)), comments.get(answer_id(item.id))
            if grade is None or comment is None:
                continue
            listing.rows[f"{student}/{case_id}/{item.id}"] = (grade, comment)
            met = set(rubric_met(item, text))
            listing.answers.append(
                Answer(
                    student_id=student,
                    name=submission.learner.name,
                    email=submission.learner.email,
                    profession=submission.learner.profession,
                    case_id=case_id,
                    case_title=case.title,
                    item_id=item.id,
                    stem=item.stem,
                    text=text,
                    segments=tuple(highlight(item, text)),
                    criteria=tuple(
                        Criterion(n, c.id, c.criterion, c.points, tuple(c.keywords), c.id in met)
                        for n, c in enumerate(item.rubric, start=1)
                    ),
                    model_answer=item.model_answer,
                    provisional=grade.auto_score or 0.0,
                    max_score=graded[case_id].max_scores[grade.cell_id],
                    manual_score=grade.manual_score,
                    awaiting=grade.manual_score is None or bool(grade.needs_manual_grade),
                    last=decisions.get((student, case_id, item.id)),
                )
            )
    order = {case_id: n for n, case_id in enumerate(cases)}
    listing.answers.sort(key=lambda a: (order.get(a.case_id, 0), a.name.lower(), a.email, a.student_id))
    return listing


# --- a reviewer's decision ------------------------------------------------------------------


def parse_score(text: str, max_score: float) -> float:
    try:
        score = float(text.strip())
    except ValueError:
        raise ReviewError(f"the score “{text[:40]}” is not a number: give a number from 0 to {max_score:g}") from None
    if not math.isfinite(score) or not 0 <= score <= max_score:
        raise ReviewError(f"the score {text[:40]} is outside 0 to {max_score:g}: give a number from 0 to {max_score:g}")
    return score


def _current(gb: Gradebook, course_dir: CourseDir, cases: Mapping[str, CaseStudy], key: str) -> Answer:
    """The answer `key` names, as it stands in the gradebook now (by the same rules as the page)."""
    student, _, rest = key.partition("/")
    case_id, _, item_id = rest.partition("/")
    listing = list_answers(gb, course_dir, cases, only=(student, case_id))
    for answer in listing.answers:
        if answer.item_id == item_id:
            return answer
    raise ReviewError(
        "; ".join(listing.problems) or "that answer is no longer in the gradebook or has changed: reload the page"
    )


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def comment_text(comment: str, reviewer: str, when: dt.datetime) -> str:
    """What formgrader shows on the answer: the reviewer's comment, then who confirmed and when."""
    line = CONFIRMED_LINE.format(reviewer=reviewer, when=f"{when:%Y-%m-%d %H:%M} UTC")
    return f"{comment}\n\n{line}" if comment else line


def _write(
    gb: Gradebook,
    answer: Answer,
    score: float,
    comment: str,
    reviewer: str,
    when: dt.datetime,
    rows: tuple[Grade, Comment] | None = None,
) -> None:
    """The grade, the comment and the log row, in the session's transaction (the caller commits)."""
    if rows is None:
        rows = (
            gb.find_grade(test_id(answer.item_id), answer.case_id, answer.case_id, answer.student_id),
            gb.find_comment(answer_id(answer.item_id), answer.case_id, answer.case_id, answer.student_id),
        )
    grade, note = rows
    if grade.manual_score != score:
        grade.manual_score = score
    if grade.needs_manual_grade:
        grade.needs_manual_grade = False
    note.manual_comment = comment_text(comment, reviewer, when)
    gb.db.execute(
        LOG.insert().values(
            student_id=answer.student_id,
            case_id=answer.case_id,
            item_id=answer.item_id,
            seq=answer.seq + 1,
            score=score,
            max_score=answer.max_score,
            provisional_score=answer.provisional,
            comment=comment,
            reviewer=reviewer,
            confirmed_at=when,
            answer_sha256=_sha256(answer.text),
        )
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def _conflict_message(gb: Gradebook, course_dir: CourseDir, cases: Mapping[str, CaseStudy], key: str) -> str:
    gb.db.rollback()
    try:
        now = _current(gb, course_dir, cases, key)
    except ReviewError as exc:
        return str(exc)
    if now.last is None:
        return (
            "the gradebook was busy (another reviewer, or grader autograde, writing to it): nothing was changed; "
            "try again"
        )
    return (
        f"{now.last.reviewer} decided on this answer first ({now.last.score:g} of {now.max_score:g}, "
        f"{now.last.confirmed_at:%Y-%m-%d %H:%M} UTC): nothing was changed; look again and confirm if you disagree"
    )


@dataclass(frozen=True)
class Outcome:
    answer: Answer
    changed: bool  # the score differs from the provisional one


def confirm(
    gb: Gradebook,
    course_dir: CourseDir,
    cases: Mapping[str, CaseStudy],
    key: str,
    score_text: str,
    comment: str,
    reviewer: str,
    seen: int,
) -> Outcome:
    """Confirm or change one answer's score. `seen`: the decision number the reviewer's page showed;
    if another reviewer decided since, nothing is written and ReviewError says what they decided."""
    comment = comment.strip().replace("\r\n", "\n")
    if len(comment) > MAX_COMMENT:
        raise ReviewError(f"the comment is {len(comment)} characters long: keep it to {MAX_COMMENT}")
    gb.db.rollback()  # read what other reviewers have written
    answer = _current(gb, course_dir, cases, key)
    score = parse_score(score_text, answer.max_score)
    if answer.seq != seen:
        raise ReviewError(_conflict_message(gb, course_dir, cases, key))
    try:
        _write(gb, answer, score, comment, reviewer, _now())
        gb.db.commit()
    except (IntegrityError, OperationalError, MissingEntry) as exc:
        gb.db.rollback()
        if isinstance(exc, MissingEntry) or conflict(exc):
            raise ReviewError(_conflict_message(gb, course_dir, cases, key)) from None
        raise
    return Outcome(answer, changed=not math.isclose(score, answer.provisional, abs_tol=1e-9))


ATTEMPTS = 5


def confirm_all_met(
    gb: Gradebook, course_dir: CourseDir, cases: Mapping[str, CaseStudy], reviewer: str
) -> list[Answer]:
    """Confirm, at its provisional score, every answer still awaiting review that met every rubric
    criterion; those another reviewer decides on meanwhile are left to them. Returns those confirmed."""
    for attempt in range(1, ATTEMPTS + 1):
        gb.db.rollback()
        listing = list_answers(gb, course_dir, cases)
        ready = listing.bulk_ready
        when = _now()
        try:
            for answer in ready:
                _write(gb, answer, answer.provisional, "", reviewer, when, listing.rows[answer.key])
            gb.db.commit()
            return ready
        except (IntegrityError, OperationalError) as exc:
            gb.db.rollback()
            if not conflict(exc) or attempt == ATTEMPTS:
                raise
    raise AssertionError("unreachable")  # pragma: no cover
