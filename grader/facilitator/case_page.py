"""One case's page: summary, outcomes, timing plan, the story part by part with each question's
model answer folded away, discussion prompts and references."""

from __future__ import annotations

import json

from grader.content.language import CRISIS_MARKER, DIRECTORY_MARKER, discusses_suicide
from grader.content.models import CaseContent, CaseStudy, Course
from grader.facilitator.answers import question_markdown
from grader.facilitator.crisis import crisis_box
from grader.facilitator.myst import inline, md
from grader.facilitator.render import render
from grader.facilitator.timing import timing_plan, timing_table


def case_page_name(content: CaseContent) -> str:
    return f"cases/{content.case.id}.md"


def _case_text(case: CaseStudy) -> str:
    return json.dumps(case.model_dump(mode="json"), ensure_ascii=False)


def case_markdown(content: CaseContent, course: Course) -> str:
    """One case: summary, outcomes, timing plan, the story part by part with each
    question's model answer, discussion prompts and references."""
    case = content.case
    titles = {c.module.id: f"Module {c.module.number}: {c.module.title}" for c in course.modules}
    stages = [
        {
            "title": stage.title,
            "narrative": md(_expand_markers(stage.narrative, course)),
            "questions": [question_markdown(item, f"{n}.{q}") for q, item in enumerate(stage.questions, 1)],
        }
        for n, stage in enumerate(case.stages, 1)
    ]
    return render(
        "case.md.j2",
        case=case,
        modules="; ".join(inline(titles.get(m, m)) for m in case.modules),
        questions=len(case.items()),
        crisis_box=crisis_box(course.services()) if discusses_suicide(_case_text(case)) else "",
        timing_table=timing_table(timing_plan(case)),
        stages=stages,
    )


def _expand_markers(text: str, course: Course) -> str:
    lines = []
    for line in text.split("\n"):
        if line.strip() == CRISIS_MARKER:
            lines.append("\n" + crisis_box(course.services()) + "\n")
        elif line.strip() == DIRECTORY_MARKER:
            lines.append("(The course's referral directory lists the local services.)")
        else:
            lines.append(line)
    return "\n".join(lines)
