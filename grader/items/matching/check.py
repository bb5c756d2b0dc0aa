from __future__ import annotations

from collections.abc import Iterator

from grader.content.checking import Loc, dupes, listing
from grader.content.yamlfile import Problem, YamlDoc

from .model import MatchingItem


def check(item: MatchingItem, doc: YamlDoc, at: Loc) -> Iterator[Problem]:
    choice_ids = [c.id for c in item.choices]
    for dup in dupes(choice_ids):
        yield doc.problem((*at, "choices"), f"choice id {dup!r} is used twice: give each choice its own id")
    for dup in dupes([p.id for p in item.premises]):
        yield doc.problem((*at, "premises"), f"premise id {dup!r} is used twice: give each premise its own id")
    for j, premise in enumerate(item.premises):
        if premise.answer not in choice_ids:
            message = f"answer {premise.answer!r} is not a choice id: use one of {listing(choice_ids)}"
            yield doc.problem((*at, "premises", j, "answer"), message)
