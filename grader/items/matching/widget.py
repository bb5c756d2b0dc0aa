from __future__ import annotations

from typing import Any

from markupsafe import Markup

from grader.content.language import plain_avoided
from grader.site.text import block_html, esc, inline_html

from .model import MatchingItem

HINT = "Choose a match for each item from its list."


def inputs(item: MatchingItem) -> dict[str, Any]:
    return {
        "premises": [{"id": p.id, "text": Markup(inline_html(p.text))} for p in item.premises],
        # <option> holds text only, so marked phrases are written out in words
        "choices": [{"id": c.id, "text": plain_avoided(c.text)} for c in item.choices],
    }


def feedback(item: MatchingItem) -> dict[str, Any]:
    return {
        "premises": {p.id: {"text": inline_html(p.text), "feedback": block_html(p.feedback)} for p in item.premises},
        "choices": {c.id: esc(plain_avoided(c.text)) for c in item.choices},
    }
