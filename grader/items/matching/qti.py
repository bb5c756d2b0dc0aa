from __future__ import annotations

import xml.etree.ElementTree as ET

from grader.exports.qti import (
    answered,
    append_inline,
    base,
    condition,
    feedback_ids,
    identifier,
    item_root,
    modal,
    op,
    outcomes,
    q,
    response,
    score,
    stem,
    sub,
)

from .model import MatchingItem


def qti(item: MatchingItem) -> ET.Element:
    """A matchInteraction of directed pairs, premise to choice; each right pair scores 1 / premises."""
    root = item_root(item)
    clash = {p.id for p in item.premises} & {c.id for c in item.choices}
    premise_id = {p.id: identifier(f"premise-{p.id}" if clash else p.id) for p in item.premises}
    choice_id = {c.id: identifier(f"choice-{c.id}" if clash else c.id) for c in item.choices}
    pairs = [f"{premise_id[p.id]} {choice_id[p.answer]}" for p in item.premises]
    declaration = response(root, "multiple", "directedPair", pairs)
    mapping = sub(declaration, "mapping", {"lowerBound": "0", "defaultValue": "0"})
    for pair in pairs:
        sub(mapping, "mapEntry", {"mapKey": pair, "mappedValue": "1"})
    outcomes(root)
    body = sub(root, "itemBody")
    interaction = ET.Element(
        q("matchInteraction"),
        {"responseIdentifier": "RESPONSE", "shuffle": "true", "maxAssociations": str(len(item.premises))},
    )
    stem(body, item, interaction)
    body.append(interaction)
    premises = sub(interaction, "simpleMatchSet")
    for p in item.premises:
        append_inline(
            sub(premises, "simpleAssociableChoice", {"identifier": premise_id[p.id], "matchMax": "1"}), p.text
        )
    choices = sub(interaction, "simpleMatchSet")
    for c in item.choices:
        append_inline(sub(choices, "simpleAssociableChoice", {"identifier": choice_id[c.id], "matchMax": "0"}), c.text)
    processing = sub(root, "responseProcessing")
    processing.append(
        condition(
            (
                answered(),
                [
                    score(op("divide", op("mapResponse", identifier="RESPONSE"), base("float", len(item.premises)))),
                    feedback_ids(premise_id.values()),
                ],
            ),
            (None, [score(base("float", 0))]),
        )
    )
    choice_text = {c.id: c.text for c in item.choices}
    for p in item.premises:
        modal(root, premise_id[p.id], f"{p.text}: {choice_text[p.answer]}", p.feedback)
    return root
