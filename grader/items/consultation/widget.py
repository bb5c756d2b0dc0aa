from __future__ import annotations

from typing import Any

from grader.site.text import block_html, esc, inline_html

from .model import ConsultationItem

HINT = (
    "Choose what you would say, then Say this. The conversation goes on from your choice; "
    "your first full conversation is recorded."
)
CHECK_LABEL = "Say this"


def inputs(item: ConsultationItem) -> dict[str, Any]:
    return {}


def feedback(item: ConsultationItem) -> dict[str, Any]:
    return {
        "nodes": {
            n.id: {
                "patient": inline_html(n.patient),
                "choices": {c.id: {"text": inline_html(c.text), "feedback": block_html(c.feedback)} for c in n.choices},
            }
            for n in item.nodes
        },
        "behaviours": {b.id: esc(b.label) for b in item.behaviours},
        "general": block_html(item.feedback),
    }
