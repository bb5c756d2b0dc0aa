"""numeric: the unit, the range, the unsafe bands against the answer; OME items follow the course's rule."""

from __future__ import annotations

from collections.abc import Iterator

from grader.content.checking import Loc
from grader.content.yamlfile import Problem, YamlDoc

from .model import NumericItem


def check(item: NumericItem, doc: YamlDoc, at: Loc) -> Iterator[Problem]:
    if item.unit_options and item.unit is None:
        yield doc.problem(at + ("unit_options",), "`unit_options` needs a `unit`: add the unit of the right answer")
    if item.unit is not None and item.unit in item.unit_options:
        yield doc.problem(
            at + ("unit_options",),
            f"`unit_options` repeats the answer's unit {item.unit!r}: list only the other units to offer",
        )
    if item.min is not None and item.max is not None and item.min > item.max:
        yield doc.problem(at + ("min",), "`min` is above `max`: swap them")
    low, high = item.answer - item.tolerance, item.answer + item.tolerance
    if (item.min is not None and low < item.min) or (item.max is not None and high > item.max):
        yield doc.problem(
            at + ("answer",), "the right answer (with its tolerance) lies outside `min`..`max`: widen the range"
        )
    for k, band in enumerate(item.unsafe):
        where = at + ("unsafe", k)
        if band.min is None and band.max is None:
            yield doc.problem(where, "an unsafe band needs `min`, `max` or both")
            continue
        if band.min is not None and band.max is not None and band.min > band.max:
            yield doc.problem(where + ("min",), "`min` is above `max`: swap them")
        band_low = band.min if band.min is not None else float("-inf")
        band_high = band.max if band.max is not None else float("inf")
        if band_low <= high and low <= band_high:
            yield doc.problem(where, "this unsafe band overlaps the right answer and its tolerance: move the band")
    if item.ome:
        yield from check_ome(item, doc, at)


# The course's one rule for unsafe bands on oral morphine equivalent (OME, mg/day) items
# (educators' guide, "Unsafe bands on oral morphine equivalent items"): an over-count of
# twice the true load or more, and an under-count below the 120 mg/day threshold when the
# true load is at or above it, are unsafe; nothing else is.
OME_THRESHOLD = 120
OME_UNDER_MAX = OME_THRESHOLD - 1


def check_ome(item: NumericItem, doc: YamlDoc, at: Loc) -> Iterator[Problem]:
    over = 2 * item.answer
    wanted = [(over, None)] + ([(None, OME_UNDER_MAX)] if item.answer >= OME_THRESHOLD else [])

    def shown(band: tuple[float | None, float | None]) -> str:
        low, high = band
        return "{" + ", ".join(f"{k}: {v:g}" for k, v in (("min", low), ("max", high)) if v is not None) + "}"

    bands = [(b.min, b.max) for b in item.unsafe]
    for k, band in enumerate(bands):
        if band not in wanted:
            yield doc.problem(
                at + ("unsafe", k),
                f"an OME item's unsafe bands follow the course rule: this band {shown(band)} is not one of them; use "
                f"only {' and '.join(shown(w) for w in wanted)}",
            )
        elif "opioid load" not in item.unsafe[k].feedback.lower():
            yield doc.problem(
                at + ("unsafe", k, "feedback"),
                "an OME band's feedback speaks of the person's opioid load "
                '(say "opioid load" and why the error could harm them), not of a dose to switch to',
            )
    for band in wanted:
        if band not in bands:
            why = (
                "an over-count of twice the true load or more"
                if band[1] is None
                else f"an under-count below {OME_THRESHOLD} mg/day when the true load is {OME_THRESHOLD} or more"
            )
            yield doc.problem(
                at + ("unsafe",),
                f"an OME item needs the unsafe band {shown(band)} ({why}): add it with feedback about the person's "
                "opioid load",
            )
