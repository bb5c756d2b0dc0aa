"""Each question as the group sees it, then its model answer and reasoning (each type's own
`grader/items/<type>/answers.py`)."""

from __future__ import annotations

from grader.content.item_base import ItemBase
from grader.facilitator.myst import dropdown, inline, md
from grader.items import folder, part

PROFESSION_NAMES = {
    "doctor": "doctors",
    "nurse": "nurses",
    "pharmacist": "pharmacists",
    "physiotherapist": "physiotherapists",
    "occupational-therapist": "occupational therapists",
    "other": "other professions",
}


def question_markdown(item: ItemBase, label: str) -> str:
    """A question as the group sees it, then its model answer folded away."""
    group, answer = part(item.type, "answers").answer(item)
    meta = f"*{folder(item.type).NAME.capitalize()}; outcome {item.outcome}"
    if item.professions:
        meta += "; for " + ", ".join(PROFESSION_NAMES[p] for p in item.professions)
    meta += f"; source: {item.source}.*"
    parts = [f"#### Question {label}", "", meta, ""]
    if item.context:
        parts += [md(item.context), ""]
    parts += [f"**{inline(item.stem)}**", ""]
    if group:
        parts += [group, ""]
    parts.append(dropdown(f"Model answer and reasoning: question {label}", answer))
    return "\n".join(parts)
