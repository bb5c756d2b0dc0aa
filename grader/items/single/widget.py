from __future__ import annotations

from typing import Any

from grader.site.widget_data import options_feedback, options_inputs

from .model import SingleItem

HINT = "Choose one answer."


def inputs(item: SingleItem) -> dict[str, Any]:
    return options_inputs(item, "radio")


def feedback(item: SingleItem) -> dict[str, Any]:
    return options_feedback(item)
