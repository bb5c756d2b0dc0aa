from __future__ import annotations

from grader.facilitator.myst import bullet, inline, md

from .model import ShortAnswerItem


def answer(item: ShortAnswerItem) -> tuple[str, str]:
    group = "A word or short phrase, typed."
    accepted = "; ".join(inline(a.text) for a in item.answers)
    lines = [
        f"**Accepted answers:** {accepted} (case, spaces and punctuation do not matter).",
        "",
    ]
    lines += [bullet(f"**{inline(a.text)}**: ", md(a.feedback)) for a in item.answers]
    lines += ["", bullet("**Any other answer:** ", md(item.incorrect_feedback))]
    return group, "\n".join(lines)
