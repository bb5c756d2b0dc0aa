from __future__ import annotations

import xml.etree.ElementTree as ET

from grader.exports.qti import (
    answered,
    base,
    choices,
    condition,
    identifier,
    item_root,
    modal,
    op,
    outcomes,
    q,
    response,
    score,
    set_outcome,
    stem,
    sub,
    variable,
)

from .model import SingleItem


def qti(item: SingleItem) -> ET.Element:
    """A choiceInteraction with one choice; the chosen option's feedback and the right one's."""
    root = item_root(item)
    response(root, "single", "identifier", [identifier(item.answer)])
    outcomes(root)
    body = sub(root, "itemBody")
    interaction = ET.Element(
        q("choiceInteraction"),
        {
            "responseIdentifier": "RESPONSE",
            "shuffle": str(not item.fixed_order).lower(),
            "maxChoices": "1",
            "minChoices": "0",
        },
    )
    stem(body, item, interaction)
    body.append(interaction)
    choices(interaction, item.options)
    processing = sub(root, "responseProcessing")
    processing.append(
        condition(
            (op("match", variable("RESPONSE"), op("correct", identifier="RESPONSE")), [score(base("float", 1))]),
            (None, [score(base("float", 0))]),
        )
    )
    processing.append(
        condition(
            (
                answered(),
                [
                    set_outcome(
                        "FEEDBACK", op("multiple", variable("RESPONSE"), base("identifier", identifier(item.answer)))
                    )
                ],
            )
        )
    )
    for option in item.options:
        modal(
            root,
            identifier(option.id),
            option.text,
            option.feedback,
            "Best answer" if option.id == item.answer else None,
        )
    return root
