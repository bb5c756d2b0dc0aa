"""consultation: ids unique and known, every node reachable, no loops, and at least one choice that branches."""

from __future__ import annotations

from collections.abc import Iterator

from grader.content.checking import Loc, dupes, listing
from grader.content.yamlfile import Problem, YamlDoc

from .model import ConsultationItem


def _check_consultation_ids(item: ConsultationItem, doc: YamlDoc, at: Loc) -> Iterator[Problem]:
    nodes = [n.id for n in item.nodes]
    behaviours = {b.id for b in item.behaviours}
    for dup in dupes(nodes):
        yield doc.problem((*at, "nodes"), f"node id {dup!r} is used twice: give each node its own id")
    for dup in dupes([c.id for n in item.nodes for c in n.choices]):
        message = f"choice id {dup!r} is used twice: choice ids are unique within a consultation"
        yield doc.problem((*at, "nodes"), message)
    if not any(b.kind == "good" for b in item.behaviours):
        yield doc.problem((*at, "behaviours"), "list at least one `good` behaviour to score the consultation on")
    for i, node in enumerate(item.nodes):
        for j, choice in enumerate(node.choices):
            where = (*at, "nodes", i, "choices", j)
            if choice.next is not None and choice.next not in nodes:
                message = (
                    f"next {choice.next!r} is not a node id: use one of {listing(nodes)}, "
                    "or leave `next` out to end the conversation"
                )
                yield doc.problem((*where, "next"), message)
            for unknown in [b for b in choice.behaviours if b not in behaviours]:
                message = f"behaviour {unknown!r} is not in this item's `behaviours`: add it there or correct the id"
                yield doc.problem((*where, "behaviours"), message)


def _check_consultation_paths(item: ConsultationItem, doc: YamlDoc, at: Loc) -> Iterator[Problem]:
    """Every node reachable from `start`, and no loops, so every path ends."""
    nodes = {n.id: n for n in item.nodes}
    state: dict[str, str] = {}

    def visit(node_id: str) -> Iterator[Problem]:
        state[node_id] = "open"
        for choice in nodes[node_id].choices:
            if choice.next not in nodes:
                continue
            if state.get(choice.next) == "open":
                message = (
                    f"choice {choice.id!r} leads back to node {choice.next!r}: "
                    "the conversation must always move on to an end"
                )
                yield doc.problem((*at, "nodes"), message)
            elif choice.next not in state:
                yield from visit(choice.next)
        state[node_id] = "done"

    yield from visit(item.start)
    for i, node in enumerate(item.nodes):
        if node.id not in state:
            message = f"node {node.id!r} cannot be reached from `start`: link a choice to it or remove it"
            yield doc.problem((*at, "nodes", i, "id"), message)


def check(item: ConsultationItem, doc: YamlDoc, at: Loc) -> Iterator[Problem]:
    yield from _check_consultation_ids(item, doc, at)
    nodes = [n.id for n in item.nodes]
    if item.start not in nodes:
        yield doc.problem((*at, "start"), f"start {item.start!r} is not a node id: use one of {listing(nodes)}")
        return
    if all(len({choice.next for choice in node.choices}) == 1 for node in item.nodes):
        yield doc.problem(
            (*at, "nodes"),
            "every choice at every node leads to the same next node, so the person answers what was never said: "
            "let at least one unhelpful choice lead to a node of its own, where the person responds to it and "
            "the learner can recover",
        )
    yield from _check_consultation_paths(item, doc, at)
