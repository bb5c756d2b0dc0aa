"""Scoring rules: one pure function per item type, `(item, response) -> Evaluation`, in
the type's folder (`grader/items/<type>/scoring.py`, and `scoring.js` for the browser);
the conformance cases in `conformance/scoring-cases.json` are run against both.

Responses are plain data, as JSON or Python literals carry them; each type's
`scoring.py` says what its response looks like and how it scores.

A missing or empty response (null, "", [] or {}, whatever the type) is
`unanswered`; a response of the wrong shape
(unknown ids, duplicates, text that is not a number where a number belongs) is `invalid`; a number
outside the item's `min`..`max` is `out_of_range`; a unit other than the
item's is `unit_mismatch`; a number inside an unsafe band is `unsafe`. All of
these score 0. Units compare after trimming spaces and ignoring case; a
response with no unit is taken to be in the item's unit, and a unit given for
an item that has none is ignored.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from grader.items import part, type_names

from .evaluation import INVALID as INVALID
from .evaluation import UNANSWERED as UNANSWERED
from .evaluation import Evaluation as Evaluation

Rule = Callable[[Any, Any], Evaluation]


@functools.cache
def rules() -> dict[str, Rule]:
    """Each type's rule, by type name."""
    return {t: part(t, "scoring").score for t in type_names()}


def evaluate(item: Any, response: Any) -> Evaluation:
    """Score a response to any item; never raises for a bad response."""
    return rules()[item.type](item, response)


def score(item: Any, response: Any) -> float:
    return evaluate(item, response).score
