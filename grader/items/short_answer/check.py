from __future__ import annotations

from collections.abc import Iterator

from grader.content.checking import Loc
from grader.content.yamlfile import Problem, YamlDoc

from .model import ShortAnswerItem
from .scoring import normalise


def check(item: ShortAnswerItem, doc: YamlDoc, at: Loc) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for k, answer in enumerate(item.answers):
        where = (*at, "answers", k, "text")
        key = normalise(answer.text)
        if not key:
            yield doc.problem(
                where, "this answer has no letters or digits, so no typed answer can match it: write it out"
            )
        elif key in seen:
            yield doc.problem(
                where,
                f"this answer matches answer {seen[key] + 1} ({item.answers[seen[key]].text!r}) once case, spaces and "
                "punctuation are set aside: remove it, or merge its feedback into that one",
            )
        else:
            seen[key] = k
        if len(answer.text) > item.max_length:
            yield doc.problem(
                where, f"this answer is longer than max_length ({item.max_length}): shorten it or raise max_length"
            )
