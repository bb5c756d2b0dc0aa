"""Content safety checks on text: stigmatising language and crisis signposting.

Pure functions over text; the loader runs them over every content file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .yamlfile import Problem

# `[[avoid: x]]` written inside backticks is documentation of the marker itself
AVOID = re.compile(r"(?<!`)\[\[avoid:\s*(?P<phrase>.+?)\]\]", re.DOTALL)
CRISIS_MARKER = "[[crisis-support]]"
DIRECTORY_MARKER = "[[referral-directory]]"
DISCUSSES_SUICIDE = re.compile(
    r"\bsuicid\w*|\bself[- ]harm\w*|\bwants? to die\b|\bwanted to die\b|\bbetter off dead\b"
    r"|\bend(ing)? (my|their|his|her|your) (own )?life\b|\b(take|took|taking) (my|their|his|her|your) own life\b",
    re.IGNORECASE,
)
# YAML keys whose text is a citation or an identifier, not course prose
NOT_PROSE = {"id", "url", "citation", "source", "module", "outcome", "type", "answer"}


@dataclass(frozen=True)
class Term:
    pattern: re.Pattern
    prefer: str


@lru_cache(maxsize=1)
def terms() -> tuple[Term, ...]:
    data = YAML(typ="safe").load((Path(__file__).parent / "language_terms.yml").read_text(encoding="utf-8"))
    return tuple(
        Term(re.compile(r"\b" + entry["pattern"].replace(" ", r"\s+") + r"\b", re.IGNORECASE), entry["prefer"])
        for entry in data
    )


def plain_avoided(text: str) -> str:
    """[[avoid: x]] as plain text, for places that are not HTML (notebooks)."""
    return AVOID.sub(lambda m: f"\u201c{' '.join(m.group('phrase').split())}\u201d (language to avoid)", text)


def _blank_avoided(text: str) -> str:
    """Replace [[avoid: ...]] spans with spaces, keeping line breaks and offsets."""
    return AVOID.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def stigmatising(text: str) -> Iterator[tuple[int, str, Term]]:
    """(offset, matched text, term) for each flagged term outside [[avoid: ...]]."""
    cleaned = _blank_avoided(text)
    for term in terms():
        for match in term.pattern.finditer(cleaned):
            yield match.start(), match.group(0), term


def _message(found: str, term: Term) -> str:
    flat = " ".join(found.split())
    return f"stigmatising language {flat!r}: say '{term.prefer}' instead, or mark it as an example to avoid with [[avoid: {flat}]]"


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def check_markdown(text: str, path: str) -> Iterator[Problem]:
    for offset, found, term in stigmatising(text):
        yield Problem(path, _line_at(text, offset), _message(found, term))
    match = DISCUSSES_SUICIDE.search(_blank_avoided(text))
    if match and CRISIS_MARKER not in text:
        yield Problem(
            path,
            _line_at(text, match.start()),
            f"this page discusses suicide or self-harm ({match.group(0)!r}): add a line `{CRISIS_MARKER}` near the top so it shows current crisis contacts",
        )


def _scalars(node, line: int = 1) -> Iterator[tuple[int, str]]:
    """(line, text) for each string in a ruamel tree, skipping non-prose keys."""
    if isinstance(node, CommentedMap):
        for key, value in node.items():
            if key in NOT_PROSE:
                continue
            yield from _scalars(value, node.lc.key(key)[0] + 1)
    elif isinstance(node, CommentedSeq):
        for i, value in enumerate(node):
            yield from _scalars(value, node.lc.item(i)[0] + 1)
    elif isinstance(node, str):
        yield line, node


def check_yaml(data, path: str) -> Iterator[Problem]:
    for line, text in _scalars(data):
        for offset, found, term in stigmatising(text):
            yield Problem(path, line + (_line_at(text, offset) - 1 if "\n" in text else 0), _message(found, term))


def discusses_suicide(text: str) -> bool:
    return DISCUSSES_SUICIDE.search(_blank_avoided(text)) is not None
