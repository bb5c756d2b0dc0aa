from __future__ import annotations

import xml.etree.ElementTree as ET

from grader.exports.qti import (
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
    set_outcome,
    stem,
    sub,
    variable,
)

from .model import OrderingItem


def qti(item: OrderingItem) -> ET.Element:
    """An orderInteraction scored as the course does: pairs in the right relative order / all pairs."""
    root = item_root(item)
    ids = {o.id: identifier(o.id) for o in item.options}
    response(root, "ordered", "identifier", [ids[a] for a in item.answer])
    positions = {o.id: f"POS-{ids[o.id]}" for o in item.options}
    outcomes(root, [(positions[o.id], "integer") for o in item.options] + [("PAIRS", "integer")])
    body = sub(root, "itemBody")
    interaction = ET.Element(q("orderInteraction"), {"responseIdentifier": "RESPONSE", "shuffle": "true"})
    stem(body, item, interaction)
    body.append(interaction)
    choices(interaction, item.options)
    processing = sub(root, "responseProcessing")
    n = len(item.options)
    rules: list[ET.Element] = []
    # the place of each option in the response...
    for option in item.options:
        rules.append(
            condition(
                *(
                    (
                        op(
                            "match", op("index", variable("RESPONSE"), n=str(place)), base("identifier", ids[option.id])
                        ),
                        [set_outcome(positions[option.id], base("integer", place))],
                    )
                    for place in range(1, n + 1)
                )
            )
        )
    # ...then each pair the answer puts in order, counted if the response does too
    pairs = [(a, b) for i, a in enumerate(item.answer) for b in item.answer[i + 1 :]]
    for a, b in pairs:
        rules.append(
            condition(
                (
                    op("lt", variable(positions[a]), variable(positions[b])),
                    [set_outcome("PAIRS", op("sum", variable("PAIRS"), base("integer", 1)))],
                )
            )
        )
    rules.append(score(op("divide", variable("PAIRS"), base("float", len(pairs)))))
    rules.append(feedback_ids(["GENERAL", *(ids[a] for a in item.answer)]))
    complete = op("match", op("containerSize", variable("RESPONSE")), base("integer", n))
    processing.append(condition((complete, rules), (None, [score(base("float", 0))])))
    modal(root, "GENERAL", None, item.feedback, "The right order")
    for place, option_id in enumerate(item.answer, start=1):
        option = next(o for o in item.options if o.id == option_id)
        modal(root, ids[option_id], f"Place {place}: {option.text}", option.feedback)
    return root
