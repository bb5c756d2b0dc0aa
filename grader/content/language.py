"""Content safety checks on text: stigmatising language and crisis signposting.

Pure functions over text; the loader runs them over every content file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .fastyaml import LinedMap, LinedSeq
from .yamlfile import Problem

# `[[avoid: x]]` written inside backticks is documentation of the marker itself
AVOID = re.compile(r"(?<!`)\[\[avoid:\s*(?P<phrase>.+?)\]\]", re.DOTALL)
CRISIS_MARKER = "[[crisis-support]]"
DIRECTORY_MARKER = "[[referral-directory]]"
RED_FLAGS_MARKER = "[[red-flags]]"
RED_FLAGS_SUMMARY_MARKER = "[[red-flags-summary]]"
HAZARD_LOG_MARKER = "[[hazard-log]]"
# Writers' shorthand that must never reach a learner: the course's own source documents
# ("the seed report"), the writers' fact sheet, and unfinished text.
PLACEHOLDER = re.compile(
    r"(?i:\bseeds?\b|\bclinical-facts\b|\bto be (?:confirmed|decided|added)\b|\blorem\b)"
    r"|\bTODO\b|\bTBC\b|\bTBD\b|\bFIXME\b|\bUNVERIFIED\b"
)
CODE = re.compile(r"^(```|~~~).*?^\1[^\n]*$|`[^`\n]+`", re.MULTILINE | re.DOTALL)
# YAML keys whose text is an identifier, not words anyone reads
IDENTIFIERS = {"id", "url", "module", "outcome", "type", "answer", "red_flag", "start", "next"}
# ... and those whose text is a citation, not course prose (quoted titles may use any term)
NOT_PROSE = IDENTIFIERS | {"citation", "source"}


@dataclass(frozen=True)
class Term:
    pattern: re.Pattern[str]
    prefer: str
    quick: re.Pattern[str]  # the pattern less its word boundaries, case-sensitive, for lowered text


@lru_cache(maxsize=1)
def discusses_suicide_pattern() -> re.Pattern[str]:
    """Any of the phrases in crisis_phrases.yml, as one case-insensitive pattern."""
    path = Path(__file__).parent / "crisis_phrases.yml"
    phrases = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    spaced = (phrase.replace(" ", SPACE) for phrase in phrases)
    return re.compile("|".join(rf"\b(?:{words})\b" for words in spaced), re.IGNORECASE)


SPACE = r"\s+"


@lru_cache(maxsize=1)
def terms() -> tuple[Term, ...]:
    data = yaml.load(
        (Path(__file__).parent / "language_terms.yml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader
    )
    out = []
    for entry in data:
        words = entry["pattern"].replace(" ", r"\s+")
        if not words.isascii() or words != words.lower():
            raise ValueError(
                f"language_terms.yml: {entry['pattern']!r}: write patterns in lower-case ASCII (matching ignores case)"
            )
        out.append(Term(re.compile(r"\b" + words + r"\b", re.IGNORECASE), entry["prefer"], re.compile(words)))
    return tuple(out)


def plain_avoided(text: str) -> str:
    """[[avoid: x]] as plain text, for places that are not HTML (notebooks)."""
    return AVOID.sub(lambda m: f"\u201c{' '.join(m.group('phrase').split())}\u201d (language to avoid)", text)


def _blank_avoided(text: str) -> str:
    """Replace [[avoid: ...]] spans with spaces, keeping line breaks and offsets."""
    return AVOID.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


@lru_cache(maxsize=1)
def any_term() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{term.quick.pattern})" for term in terms()))


def _lowered(text: str) -> str | None:
    """The text as ignore-case matching of an ASCII pattern sees it, letter for letter (None
    if lowering changes its length). Case-sensitive patterns search this ten times faster."""
    lowered = text.lower().replace("\u0131", "i").replace("\u017f", "s")  # dotless i, long s: re's own equivalences
    return lowered if len(lowered) == len(text) else None


def stigmatising(text: str) -> Iterator[tuple[int, str, Term]]:
    """(offset, matched text, term) for each flagged term outside [[avoid: ...]]."""
    lowered = _lowered(text)
    if lowered is not None and not any_term().search(lowered):
        return  # most texts: one quick scan says no term is there
    cleaned = _blank_avoided(text)
    for term in terms():
        if lowered is not None and not term.quick.search(lowered):
            continue
        for match in term.pattern.finditer(cleaned):
            yield match.start(), match.group(0), term


def _message(found: str, term: Term) -> str:
    flat = " ".join(found.split())
    return (
        f"stigmatising language {flat!r}: say '{term.prefer}' instead, "
        f"or mark it as an example to avoid with [[avoid: {flat}]]"
    )


def line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def blank_code(text: str) -> str:
    """The text with code spans and blocks blanked out (lines kept): words in code are documentation."""
    return CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _placeholder_message(found: str) -> str:
    return (
        f"internal or placeholder wording {found!r}: learners read this; name the published source "
        "(for example the ARMA or Q Improvement Lab and Mind report) or write the final text"
    )


def placeholders(text: str) -> Iterator[tuple[int, str]]:
    """(offset, found) for writers' shorthand outside code (where the guide documents it)."""
    if not PLACEHOLDER.search(text):
        return
    for match in PLACEHOLDER.finditer(blank_code(text)):
        yield match.start(), match.group(0)


def check_markdown(text: str, path: str) -> Iterator[Problem]:
    for offset, found, term in stigmatising(text):
        yield Problem(path, line_at(text, offset), _message(found, term))
    for offset, found in placeholders(text):
        yield Problem(path, line_at(text, offset), _placeholder_message(found))
    yield from _crisis_signposting(text, path)


def _crisis_signposting(text: str, path: str) -> Iterator[Problem]:
    """A page that discusses suicide shows crisis contacts before its first mention (code is documentation)."""
    searched = blank_code(_blank_avoided(text))
    title = re.match(r"(?:---\n.*?\n---\n)?\s*# [^\n]*\n", searched, re.DOTALL)  # the box goes under the title
    match = discusses_suicide_pattern().search(searched, title.end() if title else 0)
    if not match:
        return
    found, line = match.group(0), line_at(text, match.start())
    marker = next((i for i, t in enumerate(text.splitlines(), 1) if t.strip() == CRISIS_MARKER), None)
    if marker is None:
        yield Problem(
            path,
            line,
            f"this page discusses suicide or self-harm ({found!r}): add a line `{CRISIS_MARKER}` near the "
            "top so it shows current crisis contacts",
        )
    elif marker > line:
        yield Problem(
            path,
            marker,
            f"`{CRISIS_MARKER}` comes after the page first mentions suicide or self-harm ({found!r}, line {line}): "
            "move it above that line, near the top",
        )


def scalars(node: object, line: int = 1) -> Iterator[tuple[int, str, bool]]:
    """(line, text, is prose) for each string in a YAML file's tree, skipping identifiers."""
    if isinstance(node, LinedMap):
        for key, value in node.items():
            if key in IDENTIFIERS:
                continue
            for found in scalars(value, node.key_lines[key]):
                yield found if key not in NOT_PROSE else (found[0], found[1], False)
    elif isinstance(node, LinedSeq):
        for value, line in zip(node, node.item_lines, strict=True):
            yield from scalars(value, line)
    elif isinstance(node, str):
        yield line, node, True


def line_in(line: int, text: str, offset: int) -> int:
    """The file line of `offset` in a scalar that starts on `line` (a block scalar spans lines)."""
    return line + (line_at(text, offset) - 1 if "\n" in text else 0)


# A Markdown link or image, `[text](target)` or `![alt](src)` (grader/site/links.py checks pages with it too)
LINK = re.compile(r"(?P<image>!?)\[(?P<text>[^\]\n]*)\]\(\s*<?(?P<target>[^)\s>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
ALLOWED_SCHEMES = ("mailto:", "tel:")


def text_links(text: str) -> Iterator[tuple[int, str]]:
    """(offset, problem) for links in a question or case text: it appears on several pages, so its
    links are not adjusted for each page, and only web (https), mailto: and tel: links may go there."""
    for match in LINK.finditer(blank_code(text)):
        target = match.group("target")
        if match.group("image"):
            message = f"image {target!r} in a question or case text: images go in lessons, not in questions"
        elif target.startswith(ALLOWED_SCHEMES) or target.startswith("https://"):
            continue
        elif target.startswith("http://"):
            message = f"link {target!r} is not secure: use its https:// address"
        else:
            message = (
                f"link {target!r}: a question or case text appears on several pages, so it can only link to "
                "the web (https://): name a course page in words instead"
            )
        yield match.start(), message


def check_yaml(data: object, path: str, questions: bool = False) -> Iterator[Problem]:
    """Language and placeholders in a YAML file's texts; `questions`: a bank or case, whose links are checked too."""
    for line, text, prose in scalars(data):
        if prose:
            for offset, found, term in stigmatising(text):
                yield Problem(path, line_in(line, text, offset), _message(found, term))
        for offset, found in placeholders(text):
            yield Problem(path, line_in(line, text, offset), _placeholder_message(found))
        for offset, message in text_links(text) if questions else ():
            yield Problem(path, line_in(line, text, offset), message)


def discusses_suicide(text: str) -> bool:
    return discusses_suicide_pattern().search(_blank_avoided(text)) is not None
