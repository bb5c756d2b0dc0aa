from __future__ import annotations

from typing import Any

from grader.site.text import block_html
from grader.site.widget_data import options_feedback, options_inputs

from .model import OrderingItem

HINT = "Use the Move up and Move down buttons to put the list in order, first at the top."


def inputs(item: OrderingItem) -> dict[str, Any]:
    return options_inputs(item, "radio")


def feedback(item: OrderingItem) -> dict[str, Any]:
    return {**options_feedback(item), "general": block_html(item.feedback)}
