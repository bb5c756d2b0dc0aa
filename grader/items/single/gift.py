from __future__ import annotations

from grader.exports.gift import field, inline, question, question_text, render

from .model import SingleItem


def gift(item: SingleItem) -> tuple[str, list[str]]:
    """`{=right#feedback ~wrong#feedback}`."""
    qtext = question_text(item)
    lines = [
        ("=" if option.id == item.answer else "~")
        + field(inline(option.text), qtext.fmt)
        + "#"
        + field(render(option.feedback), qtext.fmt)
        for option in item.options
    ]
    return question(item.id, qtext, lines), []
