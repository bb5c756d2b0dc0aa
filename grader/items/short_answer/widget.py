from __future__ import annotations

from typing import Any

from grader.site.text import block_html, inline_html

from .model import ShortAnswerItem

HINT = "Type your answer: a word or a short phrase."
FIXED_ORDER = True  # nothing to shuffle


def inputs(item: ShortAnswerItem) -> dict[str, Any]:
    return {}


def feedback(item: ShortAnswerItem) -> dict[str, Any]:
    return {
        "answers": [{"text": inline_html(a.text), "feedback": block_html(a.feedback)} for a in item.answers],
        "incorrect": block_html(item.incorrect_feedback),
    }
