from __future__ import annotations

from collections.abc import Iterator

from grader.content.checking import Loc, dupes
from grader.content.yamlfile import Problem, YamlDoc

from .model import FreeTextItem


def check(item: FreeTextItem, doc: YamlDoc, at: Loc) -> Iterator[Problem]:
    for dup in dupes([c.id for c in item.rubric]):
        yield doc.problem((*at, "rubric"), f"rubric id {dup!r} is used twice: give each criterion its own id")
