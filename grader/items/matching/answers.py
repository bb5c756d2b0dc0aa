from __future__ import annotations

from grader.facilitator.myst import bullet, inline, md

from .model import MatchingItem


def answer(item: MatchingItem) -> tuple[str, str]:
    choices = {c.id: c for c in item.choices}
    group = ["Situations:", ""] + [f"{n}. {inline(p.text)}" for n, p in enumerate(item.premises, 1)]
    group += ["", "Choices (some may fit more than one situation, or none):", ""] + [
        f"- {inline(c.text)}" for c in item.choices
    ]
    lines = []
    for n, p in enumerate(item.premises, 1):
        lines.append(bullet(f"**{n}. \u2192 {inline(choices[p.answer].text)}.** ", md(p.feedback)))
    unused = [c for c in item.choices if c.id not in {p.answer for p in item.premises}]
    if unused:
        lines += ["", "Not the best fit for any situation: " + "; ".join(inline(c.text) for c in unused) + "."]
    return "\n".join(group), "\n".join(lines)
