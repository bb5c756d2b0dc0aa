"""Widget data the choice questions share (single, multiple, ordering): their options as
HTML for the inputs template, and each option's feedback for the browser."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from grader.items.multiple.model import MultipleItem
from grader.items.ordering.model import OrderingItem
from grader.items.single.model import SingleItem

from .text import block_html, inline_html

ChoiceItem = SingleItem | MultipleItem | OrderingItem


def options_inputs(item: ChoiceItem, input_type: str) -> dict[str, Any]:
    options = [{"id": o.id, "text": Markup(inline_html(o.text))} for o in item.options]
    return {"options": options, "input_type": input_type}


def options_feedback(item: ChoiceItem) -> dict[str, Any]:
    return {"options": {o.id: {"text": inline_html(o.text), "feedback": block_html(o.feedback)} for o in item.options}}
