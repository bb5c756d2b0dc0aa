"""`grader export --modules-out`: one row per collected learner and module."""

from __future__ import annotations

from grader.content.models import ModuleContent
from grader.records.folder import CourseFolder, Unreadable, load_records
from grader.records.status import PASS_MARK, statuses

MODULE_COLUMNS = (
    "learner_id",
    "name",
    "email",
    "registration",
    "profession",
    "module",
    "answered",
    "total",
    "percent",
    "completed",
    "completed_at",
    "cpd_minutes",
    "confidence_before",
    "confidence_after",
)


def module_rows(
    course_dir: CourseFolder, modules: list[ModuleContent], pass_mark: float = PASS_MARK
) -> tuple[list[dict[str, str]], list[Unreadable]]:
    """One row per collected learner and module, every score recomputed from the responses."""
    learners, problems = load_records(course_dir)
    rows: list[dict[str, str]] = []
    for learner in learners:
        for status in statuses(learner, modules, pass_mark):
            rows.append(
                {
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
                }
            )
    return rows, problems
