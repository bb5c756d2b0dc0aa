from __future__ import annotations

from collections.abc import Iterator

from grader.content.checking import Loc, check_option_ids, listing
from grader.content.yamlfile import Problem, YamlDoc

from .model import SingleItem


def check(item: SingleItem, doc: YamlDoc, at: Loc) -> Iterator[Problem]:
    option_ids = [o.id for o in item.options]
    yield from check_option_ids(option_ids, doc, at)
    if item.answer not in option_ids:
        yield doc.problem(
            (*at, "answer"), f"answer {item.answer!r} is not an option id: use one of {listing(option_ids)}"
        )
