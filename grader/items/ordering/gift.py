from __future__ import annotations

from grader.exports import block_html
from grader.exports.gift import HTML, Text, field, html_of, inline, pairs_warning, premise, question, question_text

from .model import OrderingItem

ORDERING_NOTE = "Match each one to its place in the order: 1 is first."


def gift(item: OrderingItem) -> tuple[str, list[str]]:
    """GIFT has no ordering type: written as matching, each option to its place, 1 to n."""
    qtext = question_text(item, ORDERING_NOTE)
    options = {o.id: o for o in item.options}
    place = {option_id: i for i, option_id in enumerate(item.answer, start=1)}
    lines = [f"={field(premise(o.text), qtext.fmt)} -> {place[o.id]}" for o in item.options]
    general = (
        block_html(item.feedback)
        + "<ol>"
        + "".join(
            f"<li><p><strong>{html_of(inline(options[i].text))}</strong></p>{block_html(options[i].feedback)}</li>"
            for i in item.answer
        )
        + "</ol>"
    )
    return question(item.id, qtext, lines, Text(HTML, general)), pairs_warning(
        item.id, len(lines), "ordering (as matching)"
    )
