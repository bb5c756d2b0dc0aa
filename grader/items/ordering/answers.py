from __future__ import annotations

from grader.facilitator.myst import indent, inline, md
from grader.facilitator.options import display_order, letter, options_for_group

from .model import OrderingItem


def answer(item: OrderingItem) -> tuple[str, str]:
    options = display_order(item.id, item.options, False)
    by_id = {o.id: o for o in item.options}
    lines = ["**The right order:**", ""]
    for n, option_id in enumerate(item.answer, 1):
        o = by_id[option_id]
        marker = f"{n}. "
        lines.append(
            f"{marker}**{letter(options, o.id)}.** {inline(o.text)}" + "\n" + indent(md(o.feedback), len(marker))
        )
    lines += ["", "**Reasoning:**", "", md(item.feedback)]
    return options_for_group(options), "\n".join(lines)
