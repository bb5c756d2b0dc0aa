from __future__ import annotations

from grader.exports import number
from grader.exports.gift import OPEN_BAND_END, field, question, question_text, render

from .model import NumericItem


def _band(item: NumericItem, low: float | None, high: float | None) -> tuple[float, float]:
    low = low if low is not None else (item.min if item.min is not None else -OPEN_BAND_END)
    high = high if high is not None else (item.max if item.max is not None else OPEN_BAND_END)
    return low, high


def gift(item: NumericItem) -> tuple[str, list[str]]:
    """`{#=answer:tolerance#feedback =%0%min..max#unsafe feedback ~#incorrect feedback}`."""
    note = f"Give your answer in {item.unit}." if item.unit else None
    qtext = question_text(item, note)
    lines = [f"={number(item.answer)}:{number(item.tolerance)}#{field(render(item.feedback.correct), qtext.fmt)}"]
    for band in item.unsafe:
        low, high = _band(item, band.min, band.max)
        lines.append(f"=%0%{number(low)}..{number(high)}#{field(render(band.feedback), qtext.fmt)}")
    lines.append(f"~#{field(render(item.feedback.incorrect), qtext.fmt)}")
    return question(item.id, qtext, lines, open_brace="{#"), []
