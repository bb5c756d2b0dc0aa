"""Module completion, recomputed from the responses in a learner's record with `grader.scoring.evaluate`.

Any `score`, `status` or `completed` the record carries is never read here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from grader.content.models import ModuleContent
from grader.content.settings import CourseSettings
from grader.records.read import LearnerRecord, when
from grader.scoring import evaluate

PASS_MARK = CourseSettings().pass_mark  # the default pass_mark; a course sets its own in mkdocs.yml


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
    module_entry = learner.record.modules.get(content.module.id)
    confidence = module_entry.confidence if module_entry is not None else None
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


def statuses(
    learner: LearnerRecord, modules: list[ModuleContent], pass_mark: float = PASS_MARK
) -> Iterator[ModuleStatus]:
    for content in modules:
        yield module_status(learner, content, pass_mark)
