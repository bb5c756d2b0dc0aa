"""numeric: `{"value": 60, "unit": "mg"}`, a number, or text typed with the unit beside it.

Text is read as `{value, unit}` when it is a number, optionally followed by the item's
`unit` or one of its `unit_options`: optional spaces, an optional `+` or `-`, digits
0-9 with at most one decimal point ("60", "7.5", ".5", "60."), then optionally the unit,
compared ignoring case and every space ("60 mg", "60mg", " 7.5 MG / day " for mg/day).
Spaces are the space, tab, line breaks and the no-break and thin spaces. Any other text
is `invalid`: commas ("1,000"), exponents ("6e1"), words ("sixty"), two numbers
("1 50"), a unit first ("mg 60"), a unit the item does not offer ("60 kg"), non-ASCII
digits, or text for an item with no unit that has more than the number. Only text is
read so: a `value` that is text is `invalid`.

Scores 1 if within tolerance and in the item's unit, else 0. A number outside
`min`..`max` is `out_of_range`; a unit other than the item's is `unit_mismatch` (units
compare after trimming spaces and ignoring case; no unit is taken to be the item's, and a
unit for an item that has none is ignored), and it also gives `unsafe_band`, the first
unsafe band the number lies in as typed, if any, so the learner is warned that the number
in the item's unit could harm; a number inside an unsafe band is `unsafe`. All of these
score 0, in that order of precedence."""

from __future__ import annotations

import re
from typing import Any

from grader.scoring.evaluation import INVALID, UNANSWERED, Evaluation, answered, is_number

from .model import NumericItem

EPSILON = 1e-9  # float noise allowance on numeric tolerance
SPACES = "\t\n\v\f\r \u00a0\u2009\u202f"  # the same set as scoring.js
_SPACE = "[" + SPACES + "]"
# a number, then the rest (the unit, if any); linear time on any text
_TEXT = re.compile(_SPACE + r"*([-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(.*)", re.DOTALL)


def _same_unit(a: str, b: str) -> bool:
    return a.strip().lower() == b.strip().lower()  # lower(), as the browser does


def _squashed(unit: str) -> str:
    return re.sub(_SPACE, "", unit).lower()


def read_text(item: NumericItem, text: str) -> tuple[float, str | None] | None:
    """Text such as "150 mg" as (value, unit), the unit as the item spells it; None if it is not one."""
    match = _TEXT.fullmatch(text)
    if match is None:
        return None
    number, rest = match.groups()
    typed = _squashed(rest)
    if not typed:
        return float(number), None
    for unit in (item.unit, *item.unit_options):
        if unit and _squashed(unit) == typed:
            return float(number), unit
    return None


def _value_and_unit(item: NumericItem, response: Any) -> tuple[Any, str | None] | Evaluation:
    """A numeric response as (value, unit), or the evaluation of a response that is not one."""
    if isinstance(response, str):
        read = read_text(item, response)
        return INVALID if read is None else read
    if not isinstance(response, dict):
        return response, None
    if set(response) - {"value", "unit"}:
        return INVALID
    value, unit = response.get("value"), response.get("unit")
    if value is None:
        return UNANSWERED
    if unit is not None and not isinstance(unit, str):
        return INVALID
    return value, unit


def unsafe_band(item: NumericItem, value: float) -> int | None:
    """The first unsafe band `value` lies in (inclusive at both ends), or None."""
    for index, band in enumerate(item.unsafe):
        if (band.min is None or value >= band.min) and (band.max is None or value <= band.max):
            return index
    return None


@answered
def score_numeric(item: NumericItem, response: Any) -> Evaluation:
    read = _value_and_unit(item, response)
    if isinstance(read, Evaluation):
        return read
    value, unit = read
    if not is_number(value):
        return INVALID
    if (item.min is not None and value < item.min) or (item.max is not None and value > item.max):
        return Evaluation(0.0, "out_of_range")
    if item.unit is not None and unit is not None and unit.strip() and not _same_unit(unit, item.unit):
        return Evaluation(0.0, "unit_mismatch", unsafe_band(item, value))
    if abs(value - item.answer) <= item.tolerance + EPSILON:
        return Evaluation(1.0, "correct")
    band = unsafe_band(item, value)
    if band is not None:
        return Evaluation(0.0, "unsafe", band)
    return Evaluation(0.0, "incorrect")


score = score_numeric
