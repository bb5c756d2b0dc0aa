"""consultation: the choice ids taken, in order, start to end; (good behaviours shown -
harmful behaviours shown, by weight) / all good behaviours, never below 0. A path that
leaves the conversation, or stops before its end, is `invalid`."""

from __future__ import annotations

from typing import Any

from grader.scoring.evaluation import INVALID, Evaluation, answered, graded, is_id_list

from .model import ConsultationItem


@answered
def score_consultation(item: ConsultationItem, response: Any) -> Evaluation:
    if not is_id_list(response):
        return INVALID
    nodes = {n.id: n for n in item.nodes}
    node = nodes.get(item.start)
    shown: set[str] = set()
    for choice_id in response:
        if node is None:
            return INVALID  # the path goes on after the conversation ended
        choice = next((c for c in node.choices if c.id == choice_id), None)
        if choice is None:
            return INVALID
        shown.update(choice.behaviours)
        node = nodes.get(choice.next) if choice.next else None
    if node is not None:
        return INVALID  # the conversation was not finished
    good = {b.id: b.weight for b in item.behaviours if b.kind == "good"}
    harmful = {b.id: b.weight for b in item.behaviours if b.kind == "harmful"}
    earned = sum(w for b, w in good.items() if b in shown) - sum(w for b, w in harmful.items() if b in shown)
    return graded(max(0.0, earned / sum(good.values())))


score = score_consultation


def consultation_paths(item: ConsultationItem) -> list[tuple[list[str], float]]:
    """Every complete path through the consultation (choice ids, start to end) with its score."""
    nodes = {n.id: n for n in item.nodes}
    paths: list[tuple[list[str], float]] = []

    def walk(node_id: str, taken: list[str]) -> None:
        for choice in nodes[node_id].choices:
            path = taken + [choice.id]
            if choice.next in nodes:  # `grader check` rejects loops, so every path ends
                walk(choice.next, path)
            else:
                paths.append((path, score_consultation(item, path).score))

    walk(item.start, [])
    return paths


def best_paths(item: ConsultationItem) -> list[list[str]]:
    paths = consultation_paths(item)
    top = max(score for _, score in paths)
    return [path for path, score in paths if abs(score - top) < 1e-9]
