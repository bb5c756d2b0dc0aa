"""What every content check shares: where a problem is, and how lists are worded."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from .yamlfile import Problem, YamlDoc

Loc = tuple[str | int, ...]  # a key path in a YAML file, e.g. ("items", 3, "answer")


def dupes(values: list[str]) -> list[str]:
    return [v for v, n in Counter(values).items() if n > 1]


def listing(ids: list[str]) -> str:
    return ", ".join(ids)


def check_option_ids(option_ids: list[str], doc: YamlDoc, at: Loc) -> Iterator[Problem]:
    """Choice questions (single, multiple, ordering): each option its own id."""
    for dup in dupes(option_ids):
        yield doc.problem((*at, "options"), f"option id {dup!r} is used twice: give each option its own id")
