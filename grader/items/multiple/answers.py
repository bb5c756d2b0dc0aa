from __future__ import annotations

from grader.facilitator.myst import bullet, md
from grader.facilitator.options import LETTERS, display_order, letter, options_for_group

from .model import MultipleItem


def answer(item: MultipleItem) -> tuple[str, str]:
    options = display_order(item.id, item.options, item.fixed_order)
    right = [o for o in options if o.id in item.answer]
    letters = ", ".join(letter(options, o.id) for o in right)
    lines = [
        f"**Answer: {letters}** ({len(right)} of {len(options)} options; each wrong pick cancels a right one).",
        "",
        "Why each option is in or out:",
        "",
    ]
    for i, o in enumerate(options):
        mark = "\u2714 include" if o.id in item.answer else "\u2718 leave out"
        lines.append(bullet(f"**{LETTERS[i]}** ({mark}): ", md(o.feedback)))
    return options_for_group(options), "\n".join(lines)
