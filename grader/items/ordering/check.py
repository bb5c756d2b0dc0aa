from __future__ import annotations

from collections.abc import Iterator

from grader.content.checking import Loc, check_option_ids, listing
from grader.content.yamlfile import Problem, YamlDoc

from .model import OrderingItem


def check(item: OrderingItem, doc: YamlDoc, at: Loc) -> Iterator[Problem]:
    option_ids = [o.id for o in item.options]
    yield from check_option_ids(option_ids, doc, at)
    if sorted(item.answer) != sorted(option_ids):
        message = f"answer must list every option id exactly once, in the right order: {listing(option_ids)}"
        yield doc.problem((*at, "answer"), message)
