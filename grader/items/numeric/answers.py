from __future__ import annotations

from grader.facilitator.myst import bullet, md, number

from .model import NumericItem, UnsafeBand


def _band(band: UnsafeBand, unit: str) -> str:
    if band.min is not None and band.max is not None:
        return f"from {number(band.min)} to {number(band.max)}{unit}"
    if band.max is not None:
        return f"{number(band.max)}{unit} or less"
    if band.min is not None:
        return f"{number(band.min)}{unit} or more"
    raise ValueError(f"an unsafe band needs a min, a max or both: {band!r}")  # `grader check` allows no other


def answer(item: NumericItem) -> tuple[str, str]:
    unit = f" {item.unit}" if item.unit else ""
    group = []
    if item.unit:
        units = [item.unit, *item.unit_options]
        group.append(
            f"Answer in {item.unit}" + (f" (the units offered are {', '.join(units)})." if item.unit_options else ".")
        )
    lines = [f"**Answer: {number(item.answer)}{unit}**"]
    if item.tolerance:
        lines[0] += (
            f" (accepted from {number(item.answer - item.tolerance)} to {number(item.answer + item.tolerance)}{unit})"
        )
    else:
        lines[0] += " (exactly)"
    if item.unit_options:
        lines[0] += f"; an answer in {', '.join(item.unit_options)} scores 0"
    lines[0] += "."
    lines += [
        "",
        bullet("**Reasoning:** ", md(item.feedback.correct)),
        bullet("**If the group gets it wrong:** ", md(item.feedback.incorrect)),
    ]
    if item.unsafe:
        lines += ["", "**Unsafe answers** (these would harm a person; say why):", ""]
        lines += [bullet(f"**{_band(b, unit)}**: ", md(b.feedback)) for b in item.unsafe]
    return "\n".join(group), "\n".join(lines)
