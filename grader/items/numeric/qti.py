from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from grader.exports import number
from grader.exports.qti import (
    base,
    condition,
    feedback_ids,
    item_root,
    modal,
    op,
    outcomes,
    response,
    score,
    stem,
    sub,
    variable,
)

from .model import NumericItem


def _between(low: float | None, high: float | None) -> ET.Element | None:
    tests = []
    if low is not None:
        tests.append(op("gte", variable("RESPONSE"), base("float", number(low))))
    if high is not None:
        tests.append(op("lte", variable("RESPONSE"), base("float", number(high))))
    if not tests:
        return None
    return tests[0] if len(tests) == 1 else op("and", *tests)


def qti(item: NumericItem) -> ET.Element:
    """A textEntryInteraction for a float: out of range, right (within tolerance), unsafe bands, wrong."""
    root = item_root(item)
    response(root, "single", "float", [number(item.answer)])
    outcomes(root)
    body = sub(root, "itemBody")
    stem(body, item, None)
    label = "Your answer"
    if item.min is not None and item.max is not None:
        label += f" (between {number(item.min)} and {number(item.max)})"
    answer = sub(body, "p", {"class": "answer"}, label + ": ")
    box = sub(answer, "textEntryInteraction", {"responseIdentifier": "RESPONSE", "expectedLength": "8"})
    if item.unit:
        box.tail = f" {item.unit}"
    tolerance = (
        op("equal", variable("RESPONSE"), op("correct", identifier="RESPONSE"), toleranceMode="exact")
        if item.tolerance == 0
        else op(
            "equal",
            variable("RESPONSE"),
            op("correct", identifier="RESPONSE"),
            toleranceMode="absolute",
            tolerance=f"{number(item.tolerance)} {number(item.tolerance)}",
        )
    )
    in_range = _between(item.min, item.max)
    branches: list[Any] = [(op("isNull", variable("RESPONSE")), [score(base("float", 0))])]
    if in_range is not None:
        branches.append((op("not", in_range), [score(base("float", 0)), feedback_ids(["INCORRECT"])]))
    branches.append((tolerance, [score(base("float", 1)), feedback_ids(["CORRECT"])]))
    for index, band in enumerate(item.unsafe, start=1):
        test = _between(band.min, band.max)
        if test is not None:
            branches.append((test, [score(base("float", 0)), feedback_ids([f"UNSAFE-{index}", "INCORRECT"])]))
    branches.append((None, [score(base("float", 0)), feedback_ids(["INCORRECT"])]))
    sub(root, "responseProcessing").append(condition(*branches))
    modal(root, "CORRECT", None, item.feedback.correct, "Correct")
    for index, band in enumerate(item.unsafe, start=1):
        modal(root, f"UNSAFE-{index}", "Why this answer could harm a patient:", band.feedback, "Unsafe answer")
    modal(root, "INCORRECT", None, item.feedback.incorrect, "Not correct")
    return root
