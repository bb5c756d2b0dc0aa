"""A textEntryInteraction, each accepted answer matched by a pattern (QTI's patternMatch, an
XML Schema regular expression, which matches the whole response) that sets aside case, spaces
and punctuation as the course's `normalise` does; only NFKC folding (full-width letters,
ligatures) is not mirrored."""

from __future__ import annotations

import xml.etree.ElementTree as ET

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

from .model import ShortAnswerItem
from .scoring import normalise

SEPARATORS = r"[^\p{L}\p{N}]*"  # what normalise() drops: anything but letters and digits


def _letter(ch: str) -> str:
    cases = sorted({ch, ch.lower(), ch.upper()} - {""})
    cases = [c for c in cases if len(c) == 1]
    return f"[{''.join(cases)}]" if len(cases) > 1 else _escaped(ch)


def _escaped(ch: str) -> str:
    return "\\" + ch if ch in ".,\\?*+{}()[]|^$-" else ch


def pattern(text: str) -> str:
    """An XML Schema pattern matching what normalises to normalise(text)."""
    key = normalise(text)
    out = [SEPARATORS]
    for i, ch in enumerate(key):
        out.append(_letter(ch))
        kept_point = ch in ".," or (i + 1 < len(key) and key[i + 1] in ".,")
        if not kept_point:  # a "." or "," between digits is kept as it is, with nothing around it
            out.append(SEPARATORS)
    return "".join(out)


def qti(item: ShortAnswerItem) -> ET.Element:
    root = item_root(item)
    response(root, "single", "string", [item.answers[0].text])
    outcomes(root)
    body = sub(root, "itemBody")
    stem(body, item, None)
    answer = sub(body, "p", {"class": "answer"}, "Your answer: ")
    sub(answer, "textEntryInteraction", {"responseIdentifier": "RESPONSE", "expectedLength": "30"})
    branches: list[tuple[ET.Element | None, list[ET.Element]]] = [
        (op("isNull", variable("RESPONSE")), [score(base("float", 0))])
    ]
    for k, accepted in enumerate(item.answers, start=1):
        matches = op("patternMatch", variable("RESPONSE"), pattern=pattern(accepted.text))
        branches.append((matches, [score(base("float", 1)), feedback_ids([f"ANSWER-{k}"])]))
    branches.append((None, [score(base("float", 0)), feedback_ids(["INCORRECT"])]))
    sub(root, "responseProcessing").append(condition(*branches))
    for k, accepted in enumerate(item.answers, start=1):
        modal(root, f"ANSWER-{k}", accepted.text, accepted.feedback, "Correct")
    modal(root, "INCORRECT", None, item.incorrect_feedback, "Not correct")
    return root
