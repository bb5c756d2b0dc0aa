"""short_answer: the text typed; 1 if it matches an accepted answer once both are normalised
(`normalise`: case, spaces and punctuation set aside; a "." or "," between digits kept, so
"7.5" never matches "75"), else 0. Only spaces is `unanswered`; longer than `max_length`
characters is `out_of_range`. The browser's copy is scoring.js beside this file."""

from __future__ import annotations

import unicodedata
from typing import Any

from grader.scoring.evaluation import INVALID, UNANSWERED, Evaluation, answered

from .model import ShortAnswerItem


def _digit(text: str, index: int) -> bool:
    return 0 <= index < len(text) and unicodedata.category(text[index]) == "Nd"


def normalise(text: str) -> str:
    """NFKC, lower case, then only letters and digits (and "." or "," between two digits)."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(
        ch
        for i, ch in enumerate(folded)
        if unicodedata.category(ch)[0] in "LN" or (ch in ".," and _digit(folded, i - 1) and _digit(folded, i + 1))
    )


def matched_answer(item: ShortAnswerItem, text: str) -> int | None:
    """The index of the first accepted answer the text matches, if any."""
    typed = normalise(text)
    return next((i for i, a in enumerate(item.answers) if normalise(a.text) == typed), None)


@answered
def score_short_answer(item: ShortAnswerItem, response: Any) -> Evaluation:
    if not isinstance(response, str):
        return INVALID
    if not response.strip():
        return UNANSWERED
    if len(response) > item.max_length:
        return Evaluation(0.0, "out_of_range")
    if matched_answer(item, response) is None:
        return Evaluation(0.0, "incorrect")
    return Evaluation(1.0, "correct")


score = score_short_answer
