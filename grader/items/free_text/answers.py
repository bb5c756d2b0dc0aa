from __future__ import annotations

from grader.facilitator.myst import bullet, inline, md, number

from .model import FreeTextItem


def answer(item: FreeTextItem) -> tuple[str, str]:
    group = f"Up to {item.max_length} characters."
    total = sum(c.points for c in item.rubric)
    lines = [
        "**Model answer:**",
        "",
        md(item.model_answer),
        "",
        f"**Rubric** ({number(total)} point{'s' if total != 1 else ''}; "
        "the site scores it provisionally by keywords, and a person always reviews it):",
        "",
    ]
    for c in item.rubric:
        keywords = ", ".join(f"\u201c{inline(k)}\u201d" for k in c.keywords)
        body = md(c.feedback) + f"\n\nKeywords: {keywords}."
        lines.append(bullet(f"**{inline(c.criterion)}** ({number(c.points)}): ", body))
    return group, "\n".join(lines)
