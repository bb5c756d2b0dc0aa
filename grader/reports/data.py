"""What the certificates and the cohort report are made from, gathered once.

Modules: from the collected records (`records/`), completion recomputed from
each learner's responses (`records.module_status`). Cases: from nbgrader's
gradebook (`export.export_rows`, so a reviewer's manual score counts), and the
submitted answers themselves for the item analysis. A learner is the same
person in both when their e-mail address is (`submission.student_id`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from grader.content.models import CaseStudy, Course
from grader.gradebook.export import export_rows
from grader.gradebook.layout import CourseDir
from grader.gradebook.submission import MAX_NOTEBOOK_BYTES, Rejected, Submission, read_submission
from grader.records import PASS_MARK, LearnerRecord, ModuleStatus, load_records, statuses


@dataclass(frozen=True)
class CaseResult:
    """A graded case-study submission, as `grader export` reports it."""

    student_id: str
    case_id: str
    title: str
    percent: float
    passed: bool
    needs_review: bool  # a provisional (free-text) score not yet confirmed by a person
    submitted_at: dt.datetime
    cpd_minutes: int  # the case's, when passed; else 0

    @property
    def confirmed_pass(self) -> bool:
        """Passed on scores a person has confirmed (or that need no review): what a certificate counts."""
        return self.passed and not self.needs_review


@dataclass
class CohortLearner:
    student_id: str
    name: str
    email: str
    registration: str
    profession: str
    modules: list[ModuleStatus] = field(default_factory=list)  # every course module, when the learner sent a record
    cases: list[CaseResult] = field(default_factory=list)
    record: LearnerRecord | None = None

    @property
    def completed_modules(self) -> list[ModuleStatus]:
        return [m for m in self.modules if m.completed]

    @property
    def passed_cases(self) -> list[CaseResult]:
        return [c for c in self.cases if c.confirmed_pass]

    @property
    def cpd_minutes(self) -> int:
        return sum(m.cpd_minutes for m in self.completed_modules) + sum(c.cpd_minutes for c in self.passed_cases)


@dataclass
class Cohort:
    course: Course
    pass_mark: float  # 0..1
    learners: list[CohortLearner]
    submissions: list[Submission]  # every collected submission that still reads, for the item analysis
    problems: list[str]  # files skipped, each `path: reason`

    @property
    def cases(self) -> dict[str, CaseStudy]:
        return {content.case.id: content.case for content in self.course.cases}


def _date(value: str) -> dt.datetime:
    when = dt.datetime.fromisoformat(value)
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def gather(course: Course, course_dir: CourseDir, db_url: str | None = None, pass_mark: float = PASS_MARK) -> Cohort:
    cases = {content.case.id: content.case for content in course.cases}
    problems: list[str] = []
    learners: dict[str, CohortLearner] = {}

    records, unreadable = load_records(course_dir)
    problems += [f"{p.path}: {p.reason}" for p in unreadable]
    for record in records:
        learners[record.student_id] = CohortLearner(
            record.student_id,
            record.name,
            record.email,
            record.registration,
            record.profession,
            modules=list(statuses(record, course.modules, pass_mark)),
            record=record,
        )

    submissions: list[Submission] = []
    found = list(course_dir.submissions())
    for _student, _case, path in found:
        try:
            if path.stat().st_size > MAX_NOTEBOOK_BYTES:
                raise Rejected("file is larger than 5 MB", "collect it again")
            submissions.append(read_submission(path.read_bytes(), cases))
        except Rejected:
            continue  # export_rows below reports it
    if found:  # only then is there a gradebook to read (opening one that is not there would make it)
        rows, skipped = export_rows(course_dir, cases, db_url, 100 * pass_mark)
        problems += [f"{s.path}: {s.reason}" for s in skipped]
        for row in rows:
            student = row["learner_id"]
            if student not in learners:  # no record collected: the details the submission gives
                learners[student] = CohortLearner(
                    student, row["name"], row["email"], row["registration"], row["profession"]
                )
            learners[student].cases.append(
                CaseResult(
                    student_id=student,
                    case_id=row["case"],
                    title=cases[row["case"]].title,
                    percent=float(row["percent"]),
                    passed=row["passed"] == "yes",
                    needs_review=row["needs_review"] == "yes",
                    submitted_at=_date(row["submitted_at"]),
                    cpd_minutes=int(row["cpd_minutes"]),
                )
            )
    ordered = sorted(learners.values(), key=lambda learner: (learner.name.lower(), learner.email))
    return Cohort(course=course, pass_mark=pass_mark, learners=ordered, submissions=submissions, problems=problems)


def day(when: dt.datetime | dt.date | None) -> str:
    """3 December 2026 (UK style), or an em dash."""
    if when is None:
        return "\u2014"
    return f"{when.day} {when:%B %Y}"


def minutes_text(minutes: int) -> str:
    """95 -> '95 minutes (1 hour 35 minutes)'."""
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours, rest = divmod(minutes, 60)
    parts = [f"{hours} hour{'s' if hours != 1 else ''}"] + (
        [f"{rest} minute{'s' if rest != 1 else ''}"] if rest else []
    )
    return f"{minutes} minutes ({' '.join(parts)})"
