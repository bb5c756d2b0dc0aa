from __future__ import annotations

from collections.abc import Iterator

from grader.content.checking import Loc, check_option_ids, dupes, listing
from grader.content.yamlfile import Problem, YamlDoc

from .model import MultipleItem


def check(item: MultipleItem, doc: YamlDoc, at: Loc) -> Iterator[Problem]:
    option_ids = [o.id for o in item.options]
    yield from check_option_ids(option_ids, doc, at)
    for wrong in [a for a in item.answer if a not in option_ids]:
        message = f"answer {wrong!r} is not an option id: use ids from {listing(option_ids)}"
        yield doc.problem((*at, "answer"), message)
    for dup in dupes(item.answer):
        yield doc.problem((*at, "answer"), f"answer lists {dup!r} twice: list each right option once")
