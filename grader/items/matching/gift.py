from __future__ import annotations

import html

from grader.exports import block_html, plain_text
from grader.exports.gift import (
    HTML,
    Text,
    escape,
    field,
    html_of,
    inline,
    pairs_warning,
    premise,
    question,
    question_text,
)

from .model import MatchingItem


def gift(item: MatchingItem) -> tuple[str, list[str]]:
    """`{=premise -> choice ...}`; a choice no premise uses is `= -> choice`; premise feedback goes
    into the general feedback (Moodle's matching has none per premise)."""
    qtext = question_text(item)
    choices = {c.id: escape(plain_text(c.text)) for c in item.choices}
    lines = [f"={field(premise(p.text), qtext.fmt)} -> {choices[p.answer]}" for p in item.premises]
    used = {p.answer for p in item.premises}
    lines += [f"= -> {choices[c.id]}" for c in item.choices if c.id not in used]
    choice_html = {c.id: html.escape(plain_text(c.text), quote=False) for c in item.choices}
    general = (
        "<ul>"
        + "".join(
            f"<li><p><strong>{html_of(inline(p.text))}</strong>: "
            f"{choice_html[p.answer]}</p>{block_html(p.feedback)}</li>"
            for p in item.premises
        )
        + "</ul>"
    )
    return question(item.id, qtext, lines, Text(HTML, general)), pairs_warning(item.id, len(lines), "matching")
