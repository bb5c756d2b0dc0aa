"""What every scoring rule shares: the evaluation it returns and the tests of a response's shape."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

ItemT = TypeVar("ItemT")


@dataclass(frozen=True)
class Evaluation:
    score: float
    status: str  # correct | partial | incorrect | unanswered | invalid | out_of_range | unit_mismatch | unsafe
    unsafe_band: int | None = None
    needs_review: bool = False  # a person must confirm the score (free text)


UNANSWERED = Evaluation(0.0, "unanswered")
INVALID = Evaluation(0.0, "invalid")


def graded(score: float) -> Evaluation:
    if score >= 1:
        return Evaluation(1.0, "correct")
    if score <= 0:
        return Evaluation(0.0, "incorrect")
    return Evaluation(score, "partial")


def is_id_list(response: Any) -> bool:
    return isinstance(response, list) and all(isinstance(x, str) for x in response)


def is_number(value: Any) -> bool:
    # bool is an int in Python but never a numeric answer; an int too large for
    # a float is Infinity in the browser, so it is not a number here either
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


def is_empty(response: Any) -> bool:
    return response is None or (isinstance(response, (str, list, dict)) and len(response) == 0)


def answered(rule: Callable[[ItemT, Any], Evaluation]) -> Callable[[ItemT, Any], Evaluation]:
    """Every rule treats a missing or empty response alike, whatever its type."""

    @functools.wraps(rule)
    def wrapped(item: ItemT, response: Any) -> Evaluation:
        return UNANSWERED if is_empty(response) else rule(item, response)

    return wrapped
