from __future__ import annotations

from grader.facilitator.myst import bullet, inline, md
from grader.facilitator.options import LETTERS, display_order, letter, options_for_group

from .model import SingleItem


def answer(item: SingleItem) -> tuple[str, str]:
    options = display_order(item.id, item.options, item.fixed_order)
    right = next(o for o in options if o.id == item.answer)
    lines = [
        f"**Answer: {letter(options, item.answer)}.** {inline(right.text)}",
        "",
        "Why each option is right or wrong:",
        "",
    ]
    for i, o in enumerate(options):
        mark = "\u2714 right" if o.id == item.answer else "\u2718 wrong"
        lines.append(bullet(f"**{LETTERS[i]}** ({mark}): ", md(o.feedback)))
    return options_for_group(options), "\n".join(lines)
