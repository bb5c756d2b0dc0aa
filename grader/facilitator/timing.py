"""A session plan for each case, in the ECHO order, adding up to the case's `timing_minutes`."""

from __future__ import annotations

from dataclasses import dataclass

from grader.content.models import CaseStudy, Stage
from grader.facilitator.myst import inline


@dataclass(frozen=True)
class Slot:
    activity: str
    minutes: int


def _split(total: int, weights: list[float]) -> list[int]:
    """Whole minutes in proportion to the weights, adding up to `total` exactly."""
    if not weights:
        return []
    exact = [total * w / sum(weights) for w in weights]
    whole = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: exact[i] - whole[i], reverse=True)
    for i in by_remainder[: total - sum(whole)]:
        whole[i] += 1
    return whole


def stage_weight(stage: Stage) -> float:
    # reading the stage, plus each question; a consultation or free text takes longer
    return 1 + sum(2 if q.type in ("consultation", "free_text") else 1 for q in stage.questions)


def timing_plan(case: CaseStudy) -> list[Slot]:
    """A session plan that adds up to the case's `timing_minutes`, in the ECHO order:
    the case presented part by part (questions, then suggestions, then the model answers),
    then open discussion, then a close."""
    total = case.facilitation.timing_minutes
    opening = max(1, round(total * 0.1))
    closing = max(1, round(total * 0.1))
    discussion = max(1, round(total * 0.2))
    stages = _split(max(0, total - opening - closing - discussion), [stage_weight(s) for s in case.stages])
    slots = [Slot("Welcome, ground rules and crisis contacts; who presents the case", opening)]
    for n, (stage, minutes) in enumerate(zip(case.stages, stages, strict=True), 1):
        questions = len(stage.questions)
        what = f"{questions} question{'s' if questions != 1 else ''}" if questions else "no questions"
        slots.append(
            Slot(f"Part {n}: {stage.title} (read it; {what}; questions, suggestions, then the model answers)", minutes)
        )
    slots.append(Slot("Discussion prompts", discussion))
    slots.append(Slot("Summary, one thing each person will do differently, and a check on how everyone is", closing))
    extra = total - sum(s.minutes for s in slots)  # only when the case is too short for every slot
    if extra:
        last = slots[-1]
        slots[-1] = Slot(last.activity, last.minutes + extra)
    return slots


def timing_table(slots: list[Slot]) -> str:
    rows = ["| Activity | Minutes |", "| --- | ---: |"]
    rows += [f"| {inline(s.activity)} | {s.minutes} |" for s in slots]
    rows.append(f"| **Total** | **{sum(s.minutes for s in slots)}** |")
    return "\n".join(rows)
