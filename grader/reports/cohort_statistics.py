"""The cohort report's figures: completion, scores, confidence and time per module and case study, and item analysis.

Item analysis, for every question answered in the collected records
(module questions) and submissions (case-study questions):

- facility: the mean score on the question (0 to 1), every score recomputed
  from the learner's answer with `grader.scoring.evaluate`;
- discrimination: the corrected item-total correlation, Pearson's r between
  the learner's score on the question and their mean score on the other
  questions they answered in the same module or case. For questions scored
  right or wrong this is the point-biserial correlation; leaving the question
  out of the total keeps it from correlating with itself. It is shown when at
  least MIN_LEARNERS learners answered the question and another one, and the
  scores vary; otherwise a dash.

A question is flagged when most learners get it wrong (facility below 0.3),
and when strong learners miss it (discrimination below 0.2, or negative).
Case-study answers come from the submissions; a learner's record adds their
answers to a case's questions only when no submission of that case from them
was collected. Free-text scores are the provisional keyword scores.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from grader.reports.data import Cohort
from grader.scoring import evaluate

MIN_LEARNERS = 5
HARD = 0.3  # facility below this: most learners get it wrong
LOW_DISCRIMINATION = 0.2  # discrimination below this: strong learners miss it


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    if len(xs) < 2:
        return None
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return sxy / math.sqrt(sxx * syy)


@dataclass(frozen=True)
class ItemStats:
    item_id: str
    group: str  # "Module: title" or "Case: title"
    stem: str
    type: str
    n: int
    facility: float
    discrimination: float | None
    provisional: bool

    @property
    def flags(self) -> list[str]:
        found = []
        if self.facility < HARD:
            found.append("Most learners get it wrong (facility below 0.3)")
        if self.discrimination is not None and self.discrimination < 0:
            found.append("Strong learners miss it (negative discrimination)")
        elif self.discrimination is not None and self.discrimination < LOW_DISCRIMINATION:
            found.append("Does not tell strong from weak learners (discrimination below 0.2)")
        return found


# a group's questions, and each learner's recomputed score on every question of it they answered
Group = tuple[list[Any], dict[str, dict[str, float]]]


def item_analysis(groups: dict[str, Group]) -> list[ItemStats]:
    """groups: label -> (the group's items, {learner: {item id: score}}) -> stats for every answered item."""
    found: list[ItemStats] = []
    for label, (items, answers) in groups.items():
        for item in items:
            scores = [(learner, by_item[item.id]) for learner, by_item in answers.items() if item.id in by_item]
            if not scores:
                continue
            pairs = [
                (score, statistics.fmean(v for k, v in answers[learner].items() if k != item.id))
                for learner, score in scores
                if len(answers[learner]) > 1
            ]
            r = pearson([p[0] for p in pairs], [p[1] for p in pairs]) if len(pairs) >= MIN_LEARNERS else None
            found.append(
                ItemStats(
                    item_id=item.id,
                    group=label,
                    stem=item.stem,
                    type=item.type,
                    n=len(scores),
                    facility=statistics.fmean(s for _, s in scores),
                    discrimination=r,
                    provisional=item.type == "free_text",
                )
            )
    return found


def _answered(items: dict[str, Any], responses: Iterable[tuple[str, Any]]) -> dict[str, float]:
    """item id -> score, recomputed from each response to one of `items`; an unanswered one is left out."""
    scores = {}
    for item_id, response in responses:
        if item_id in items:
            evaluation = evaluate(items[item_id], response)
            if evaluation.status != "unanswered":
                scores[item_id] = evaluation.score
    return scores


def _module_answers(cohort: Cohort, module_id: str) -> dict[str, dict[str, float]]:
    answers = {}
    for learner in cohort.learners:
        status = next((m for m in learner.modules if m.module == module_id), None)
        if status is not None and status.item_scores:
            answers[learner.student_id] = dict(status.item_scores)
    return answers


def _case_answers(cohort: Cohort, case_id: str, items: dict[str, Any]) -> dict[str, dict[str, float]]:
    """From the submissions; from a learner's record only when no submission of the case from them was collected."""
    answers = {}
    for submission in cohort.submissions:
        if submission.case_id == case_id:
            scores = _answered(items, ((i, submission.answers.get(i)) for i in submission.question_set))
            if scores:
                answers[submission.student_id] = scores
    for learner in cohort.learners:
        if learner.record is None or learner.student_id in answers:
            continue
        scores = _answered(items, ((i, entry.response) for i, entry in learner.record.record.items.items()))
        if scores:
            answers[learner.student_id] = scores
    return answers


def analysis_groups(cohort: Cohort) -> dict[str, Group]:
    groups: dict[str, Group] = {}
    for content in cohort.course.modules:
        label = f"Module {content.module.number}: {content.module.title}"
        groups[label] = (list(content.bank.items), _module_answers(cohort, content.module.id))
    for case_content in cohort.course.cases:
        case = case_content.case
        items = {item.id: item for item in case.items()}
        groups[f"Case study: {case.title}"] = (list(items.values()), _case_answers(cohort, case.id, items))
    return groups


@dataclass(frozen=True)
class ModuleSummary:
    module_id: str
    label: str
    learners: int  # learners with a record
    started: int
    all_answered: int
    completed: int
    scores: list[float]  # percent, of learners who answered every question
    days_to_complete: list[float]
    before: list[int]
    after: list[int]
    changes: list[int]  # after - before, learners with both
    minutes: int


def module_summaries(cohort: Cohort) -> list[ModuleSummary]:
    found = []
    with_records = [learner for learner in cohort.learners if learner.record is not None]
    for content in cohort.course.modules:
        statuses = [next(m for m in learner.modules if m.module == content.module.id) for learner in with_records]
        found.append(
            ModuleSummary(
                module_id=content.module.id,
                label=f"Module {content.module.number}: {content.module.title}",
                learners=len(statuses),
                started=sum(1 for s in statuses if s.answered),
                all_answered=sum(1 for s in statuses if s.total and s.answered == s.total),
                completed=sum(1 for s in statuses if s.completed),
                scores=[100 * s.score for s in statuses if s.total and s.answered == s.total],
                days_to_complete=[
                    (s.completed_at - s.started_at).total_seconds() / 86400
                    for s in statuses
                    if s.completed and s.completed_at and s.started_at
                ],
                before=[s.confidence_before for s in statuses if s.confidence_before is not None],
                after=[s.confidence_after for s in statuses if s.confidence_after is not None],
                changes=[
                    s.confidence_after - s.confidence_before
                    for s in statuses
                    if s.confidence_before is not None and s.confidence_after is not None
                ],
                minutes=sum(s.cpd_minutes for s in statuses),
            )
        )
    return found


@dataclass(frozen=True)
class CaseSummary:
    case_id: str
    label: str
    submitted: int
    passed: int  # on confirmed scores
    awaiting_review: int  # passed on a provisional score
    scores: list[float]


def case_summaries(cohort: Cohort) -> list[CaseSummary]:
    found = []
    for content in cohort.course.cases:
        results = [c for learner in cohort.learners for c in learner.cases if c.case_id == content.case.id]
        found.append(
            CaseSummary(
                case_id=content.case.id,
                label=content.case.title,
                submitted=len(results),
                passed=sum(1 for c in results if c.confirmed_pass),
                awaiting_review=sum(1 for c in results if c.passed and c.needs_review),
                scores=[c.percent for c in results],
            )
        )
    return found


# --- figures as text ------------------------------------------------------------


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "\u2014"


def num(value: float | None, places: int = 2) -> str:
    return "\u2014" if value is None else f"{value:.{places}f}"


def mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return statistics.fmean(values) if values else None


def duration(days: float | None) -> str:
    if days is None:
        return "\u2014"
    hours = days * 24
    if hours < 1:
        return f"{round(hours * 60)} min"
    if hours < 48:
        return f"{hours:.1f} hours"
    return f"{days:.1f} days"
