"""The paths through a branching consultation, each with its score: the pack shows the best ones."""

from __future__ import annotations

from grader.content.models import ConsultationItem
from grader.scoring import score_consultation


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
