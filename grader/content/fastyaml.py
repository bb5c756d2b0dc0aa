"""The quick way to read an ordinary content file: libyaml's parser (in C) with
values built by the YAML 1.2 rules ruamel.yaml uses.

ruamel.yaml (pure Python) takes over a second to read the course's YAML on every
site build; libyaml reads it in a few hundredths. This module handles only the
ordinary case (one document, a mapping at the top, plain keys, no tags, no
anchors or aliases, no merge keys, no duplicate keys, no tabs, only simple
numbers and dates, nesting at most 50 deep) and gives up, returning DEFER, on
anything else, including wherever libyaml (YAML 1.1) is laxer than YAML 1.2,
so ruamel.yaml reads that file and words any error exactly as before. tests/test_fastyaml.py checks both readers
give the same values and lines on every content file and on generated text.

It works from libyaml's events, not its composer: the composer recurses in C
and crashes the process on text nested thousands deep.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, cast

import yaml

DEFER = object()  # "let ruamel.yaml read this file"
PARSER = getattr(yaml, "CBaseLoader", None)  # PyYAML built without libyaml has none: then ruamel reads everything
OLD_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")  # line breaks in YAML 1.1 (libyaml), text in 1.2
# The characters YAML does not allow (ruamel.yaml's reader: Reader.NON_PRINTABLE, checked by a test).
NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class LinedMap(dict[Any, Any]):
    """A YAML mapping, with the 1-based line of each key."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.key_lines: dict[Any, int] = {}


class LinedSeq(list[Any]):
    """A YAML sequence, with the 1-based line of each item."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.item_lines: list[int] = []


# How YAML 1.2 reads a plain (unquoted) scalar, in ruamel.yaml's order (ruamel/yaml/resolver.py).
BOOL = re.compile(r"true|True|TRUE|false|False|FALSE")
FLOAT = re.compile(
    r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)"
    r"|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
INT = re.compile(r"[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+")
NULL = re.compile(r"~|null|Null|NULL|")
TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ "
    r"\t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?"
)
OTHER = re.compile(r"<<|=")  # merge keys and the value key: ruamel's business
# The forms built here; other numbers and dates (1_000, 0x1f, .5, 2026-01-02T10:00) defer.
SIMPLE_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
SIMPLE_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+")
DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


MAX_DEPTH = 50  # content nests about 8 deep; deeper text is a mistake, and ruamel words it


class _Defer(Exception):
    pass


def _plain(value: str) -> Any:  # noqa: C901 -- called for every scalar: one flat run of checks, in YAML 1.2's order
    if BOOL.fullmatch(value):
        return value[0] in "tT"
    if FLOAT.fullmatch(value):
        if SIMPLE_FLOAT.fullmatch(value):
            return float(value)
        raise _Defer
    if INT.fullmatch(value):
        if SIMPLE_INT.fullmatch(value):
            return int(value)
        raise _Defer
    if OTHER.fullmatch(value):
        raise _Defer
    if NULL.fullmatch(value):
        return None
    if TIMESTAMP.fullmatch(value):
        match = DATE.fullmatch(value)
        if match is None:
            raise _Defer
        try:
            return dt.date(*map(int, match.groups()))
        except ValueError:  # 2026-02-30: ruamel's reader words this error
            raise _Defer from None
    return value


# A block scalar's header as YAML 1.2 (and ruamel) allows it: `|` or `>`, then indentation
# and chomping indicators, then nothing but a comment. libyaml allows more (`|#`).
BLOCK_HEADER = re.compile(r"[|>](?:[-+]?[1-9]?|[1-9][-+])(?: +#.*| *)")


def _scalar(event: yaml.ScalarEvent, lines: list[str]) -> Any:
    if event.tag is not None:
        raise _Defer
    if event.style in ("|", ">"):
        mark = event.start_mark
        assert mark is not None  # libyaml marks every event
        if not BLOCK_HEADER.fullmatch(lines[mark.line][mark.column :].rstrip("\r")):
            raise _Defer
    plain = event.implicit[0]  # unquoted, no tag (libyaml's C parser gives no `style` here)
    return _plain(event.value) if plain else event.value


class _Builder:
    """Containers under construction; a stack, not recursion, so any depth is safe."""

    def __init__(self) -> None:
        self.stack: list[list[Any]] = []  # [container, pending key or None, key seen]
        self.root: Any = DEFER

    def add(self, value: Any, line: int, is_key_candidate: bool) -> None:
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        container = frame[0]
        if isinstance(container, LinedSeq):
            container.append(value)
            container.item_lines.append(line)
        elif not frame[2]:  # a key
            if not is_key_candidate:
                raise _Defer  # a list or mapping used as a key
            try:
                if value in container:
                    raise _Defer  # a duplicate key: ruamel says so
            except TypeError:
                raise _Defer from None
            frame[1], frame[2] = value, True
            container.key_lines[value] = line
        else:
            container[frame[1]] = value
            frame[1], frame[2] = None, False

    def open(self, container: Any, line: int) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise _Defer  # ruamel reports text nested too deeply to use
        self.add(container, line, is_key_candidate=False)
        self.stack.append([container, None, False])

    def close(self) -> None:
        self.stack.pop()


def load(text: str) -> Any:  # noqa: C901 -- the hot loop over libyaml's events: one flat dispatch (see make bench)
    """The file's top-level mapping (a LinedMap), or DEFER if ruamel.yaml should read it."""
    if PARSER is None or NON_PRINTABLE.search(text):
        return DEFER  # no libyaml in this PyYAML; or a character YAML does not allow: ruamel names it
    if OLD_LINE_BREAKS.search(text):
        return DEFER  # libyaml follows YAML 1.1, where these end a line; in 1.2 they are text
    if "\t" in text:
        return DEFER  # ruamel refuses tabs in places libyaml allows them
    builder = _Builder()
    documents = 0
    lines = text.split("\n")
    try:
        for event in yaml.parse(text, Loader=PARSER):
            kind = type(event)
            line = event.start_mark.line + 1 if event.start_mark else 1
            if getattr(event, "anchor", None) is not None:
                raise _Defer  # anchors: the two parsers disagree on where a name like `&id:` ends
            if kind is yaml.ScalarEvent:
                builder.add(_scalar(cast(yaml.ScalarEvent, event), lines), line, is_key_candidate=True)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if cast(yaml.CollectionStartEvent, event).tag is not None:
                    raise _Defer
                builder.open(LinedMap() if kind is yaml.MappingStartEvent else LinedSeq(), line)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                builder.close()
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                start = cast(yaml.DocumentStartEvent, event)
                if documents > 1 or start.version or start.tags:
                    raise _Defer  # more than one document, or a %YAML / %TAG directive
            elif kind is yaml.AliasEvent:
                raise _Defer
    except (_Defer, yaml.YAMLError):
        return DEFER
    return builder.root if type(builder.root) is LinedMap else DEFER
