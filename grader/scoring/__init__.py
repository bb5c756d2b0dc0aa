"""Scoring rules: one pure function per item type, `(item, response) -> Evaluation`.

The browser runs the same rules (`grader/site/assets/src/scoring.js`); the
conformance cases in `conformance/scoring-cases.json` are run against both.

Responses are plain data, as JSON or Python literals carry them:

- single: an option id, `"b"`; 1 if it is the answer, else 0.
- multiple: a list of option ids, `["a", "c"]`; (right picks - wrong picks) /
  number of right options, never below 0.
- numeric: `{"value": 60, "unit": "mg"}` or a number; 1 if within tolerance and
  in the item's unit, else 0.
- ordering: every option id once, in order; pairs in the right relative order /
  all pairs.
- matching: `{"premise-id": "choice-id", ...}`; premises matched rightly / all
  premises.
- consultation: the choice ids taken, in order, start to end; (good behaviours
  shown - harmful behaviours shown, by weight) / all good behaviours, never
  below 0.
- free_text: the text written; rubric points met (a criterion is met if any of
  its keywords appears) / all points; provisional, always `needs_review`.

A missing or empty response (null, "", [] or {}, whatever the type) is
`unanswered`; a response of the wrong shape
(unknown ids, duplicates, text where a number belongs) is `invalid`; a number
outside the item's `min`..`max` is `out_of_range`; a unit other than the
item's is `unit_mismatch`; a number inside an unsafe band is `unsafe`. All of
these score 0. Units compare after trimming spaces and ignoring case; a
response with no unit is taken to be in the item's unit, and a unit given for
an item that has none is ignored.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from grader.content.models import (
    ConsultationItem,
    FreeTextItem,
    MatchingItem,
    MultipleItem,
    NumericItem,
    OrderingItem,
    SingleItem,
)

EPSILON = 1e-9  # float noise allowance on numeric tolerance


@dataclass(frozen=True)
class Evaluation:
    score: float
    status: str  # correct | partial | incorrect | unanswered | invalid | out_of_range | unit_mismatch | unsafe
    unsafe_band: int | None = None
    needs_review: bool = False  # a person must confirm the score (free text)


UNANSWERED = Evaluation(0.0, "unanswered")
INVALID = Evaluation(0.0, "invalid")


def _graded(score: float) -> Evaluation:
    if score >= 1:
        return Evaluation(1.0, "correct")
    if score <= 0:
        return Evaluation(0.0, "incorrect")
    return Evaluation(score, "partial")


def _is_id_list(response: Any) -> bool:
    return isinstance(response, list) and all(isinstance(x, str) for x in response)


def _is_number(value: Any) -> bool:
    # bool is an int in Python but never a numeric answer; an int too large for
    # a float is Infinity in the browser, so it is not a number here either
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


def _is_empty(response: Any) -> bool:
    return response is None or (isinstance(response, (str, list, dict)) and len(response) == 0)


def _answered(rule: Callable[[Any, Any], Evaluation]) -> Callable[[Any, Any], Evaluation]:
    """Every rule treats a missing or empty response alike, whatever its type."""

    @functools.wraps(rule)
    def wrapped(item: Any, response: Any) -> Evaluation:
        return UNANSWERED if _is_empty(response) else rule(item, response)

    return wrapped


@_answered
def score_single(item: SingleItem, response: Any) -> Evaluation:
    if not isinstance(response, str) or response not in {o.id for o in item.options}:
        return INVALID
    return _graded(1.0 if response == item.answer else 0.0)


@_answered
def score_multiple(item: MultipleItem, response: Any) -> Evaluation:
    option_ids = {o.id for o in item.options}
    if not _is_id_list(response) or len(set(response)) != len(response) or not set(response) <= option_ids:
        return INVALID
    right = set(item.answer)
    hits = len(right & set(response))
    wrong = len(set(response) - right)
    return _graded(max(0.0, (hits - wrong) / len(right)))


def _same_unit(a: str, b: str) -> bool:
    return a.strip().lower() == b.strip().lower()  # lower(), as the browser does


def _value_and_unit(response: Any) -> tuple[Any, str | None] | Evaluation:
    """A numeric response as (value, unit), or the evaluation of a response that is not one."""
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


@_answered
def score_numeric(item: NumericItem, response: Any) -> Evaluation:
    read = _value_and_unit(response)
    if isinstance(read, Evaluation):
        return read
    value, unit = read
    if not _is_number(value):
        return INVALID
    if (item.min is not None and value < item.min) or (item.max is not None and value > item.max):
        return Evaluation(0.0, "out_of_range")
    if item.unit is not None and unit is not None and unit.strip() and not _same_unit(unit, item.unit):
        return Evaluation(0.0, "unit_mismatch")
    if abs(value - item.answer) <= item.tolerance + EPSILON:
        return Evaluation(1.0, "correct")
    for index, band in enumerate(item.unsafe):
        if (band.min is None or value >= band.min) and (band.max is None or value <= band.max):
            return Evaluation(0.0, "unsafe", index)
    return Evaluation(0.0, "incorrect")


@_answered
def score_ordering(item: OrderingItem, response: Any) -> Evaluation:
    if not _is_id_list(response) or sorted(response) != sorted(o.id for o in item.options):
        return INVALID
    position = {option_id: i for i, option_id in enumerate(response)}
    pairs = [(a, b) for i, a in enumerate(item.answer) for b in item.answer[i + 1 :]]
    in_order = sum(1 for a, b in pairs if position[a] < position[b])
    return _graded(in_order / len(pairs))


@_answered
def score_matching(item: MatchingItem, response: Any) -> Evaluation:
    if not isinstance(response, dict):
        return INVALID
    premise_ids = {p.id for p in item.premises}
    choice_ids = {c.id for c in item.choices}
    if not set(response) <= premise_ids or not all(isinstance(v, str) and v in choice_ids for v in response.values()):
        return INVALID
    right = sum(1 for p in item.premises if response.get(p.id) == p.answer)
    return _graded(right / len(item.premises))


@_answered
def score_consultation(item: ConsultationItem, response: Any) -> Evaluation:
    if not _is_id_list(response):
        return INVALID
    nodes = {n.id: n for n in item.nodes}
    node = nodes.get(item.start)
    shown: set[str] = set()
    for choice_id in response:
        if node is None:
            return INVALID  # the path goes on after the conversation ended
        choice = next((c for c in node.choices if c.id == choice_id), None)
        if choice is None:
            return INVALID
        shown.update(choice.behaviours)
        node = nodes.get(choice.next) if choice.next else None
    if node is not None:
        return INVALID  # the conversation was not finished
    good = {b.id: b.weight for b in item.behaviours if b.kind == "good"}
    harmful = {b.id: b.weight for b in item.behaviours if b.kind == "harmful"}
    earned = sum(w for b, w in good.items() if b in shown) - sum(w for b, w in harmful.items() if b in shown)
    return _graded(max(0.0, earned / sum(good.values())))


def rubric_met(item: FreeTextItem, text: str) -> list[str]:
    """Ids of the criteria whose keywords appear (case and spacing ignored)."""
    folded = " ".join(text.lower().split())
    return [c.id for c in item.rubric if any(" ".join(k.lower().split()) in folded for k in c.keywords)]


@_answered
def score_free_text(item: FreeTextItem, response: Any) -> Evaluation:
    if not isinstance(response, str):
        return INVALID
    if not response.strip():
        return UNANSWERED
    if len(response) > item.max_length:
        return Evaluation(0.0, "out_of_range")
    met = set(rubric_met(item, response))
    points = sum(c.points for c in item.rubric if c.id in met) / sum(c.points for c in item.rubric)
    graded = _graded(points)
    return Evaluation(graded.score, graded.status, needs_review=True)


RULES = {
    "single": score_single,
    "multiple": score_multiple,
    "numeric": score_numeric,
    "ordering": score_ordering,
    "matching": score_matching,
    "consultation": score_consultation,
    "free_text": score_free_text,
}


def evaluate(item: Any, response: Any) -> Evaluation:
    """Score a response to any item; never raises for a bad response."""
    return RULES[item.type](item, response)


def score(item: Any, response: Any) -> float:
    return evaluate(item, response).score
