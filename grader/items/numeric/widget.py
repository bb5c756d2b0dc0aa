from __future__ import annotations

from typing import Any

from grader.site.text import block_html

from .model import NumericItem

HINT = "Type a number."
FIXED_ORDER = True  # nothing to shuffle


def inputs(item: NumericItem) -> dict[str, Any]:
    bounds = f" (between {item.min:g} and {item.max:g})" if item.min is not None and item.max is not None else ""
    units = sorted([item.unit, *item.unit_options], key=str.casefold) if item.unit and item.unit_options else []
    return {"bounds": bounds, "units": units}


def feedback(item: NumericItem) -> dict[str, Any]:
    return {
        "correct": block_html(item.feedback.correct),
        "incorrect": block_html(item.feedback.incorrect),
        "unsafe": [block_html(b.feedback) for b in item.unsafe],
    }
