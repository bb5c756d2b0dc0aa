from __future__ import annotations

from typing import Any

from grader.site.widget_data import options_feedback, options_inputs

from .model import MultipleItem

HINT = "Choose all that apply. Wrong choices cost marks."


def inputs(item: MultipleItem) -> dict[str, Any]:
    return options_inputs(item, "checkbox")


def feedback(item: MultipleItem) -> dict[str, Any]:
    return options_feedback(item)
