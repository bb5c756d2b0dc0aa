from __future__ import annotations

import xml.etree.ElementTree as ET

from grader.exports.qti import (
    answered,
    base,
    choices,
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

from .model import MultipleItem


def qti(item: MultipleItem) -> ET.Element:
    """A choiceInteraction with a mapping: right options 1, wrong ones -1, floored at 0."""
    root = item_root(item)
    declaration = response(root, "multiple", "identifier", [identifier(a) for a in item.answer])
    mapping = sub(declaration, "mapping", {"lowerBound": "0", "defaultValue": "0"})
    for option in item.options:
        sub(
            mapping,
            "mapEntry",
            {"mapKey": identifier(option.id), "mappedValue": "1" if option.id in item.answer else "-1"},
        )
    outcomes(root)
    body = sub(root, "itemBody")
    interaction = ET.Element(
        q("choiceInteraction"),
        {
            "responseIdentifier": "RESPONSE",
            "shuffle": str(not item.fixed_order).lower(),
            "maxChoices": "0",
            "minChoices": "0",
        },
    )
    stem(body, item, interaction)
    body.append(interaction)
    choices(interaction, item.options)
    processing = sub(root, "responseProcessing")
    # (right picks - wrong picks) / right options, never below 0: the mapping's lowerBound floors it
    processing.append(
        condition(
            (
                answered(),
                [
                    score(op("divide", op("mapResponse", identifier="RESPONSE"), base("float", len(item.answer)))),
                    feedback_ids(identifier(o.id) for o in item.options),
                ],
            ),
            (None, [score(base("float", 0))]),
        )
    )
    for option in item.options:
        modal(
            root,
            identifier(option.id),
            option.text,
            option.feedback,
            "Right" if option.id in item.answer else "Not right",
        )
    return root
