"""Read YAML keeping line numbers, and turn validation errors into `path:line: message`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from grader.items import bank_type_names, type_names

from . import fastyaml
from .fastyaml import LinedMap, LinedSeq

LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __post_init__(self) -> None:
        # one line, whatever text from the file a message quotes (a key can hold a line break)
        object.__setattr__(self, "message", LINE_BREAKS.sub(" ", self.message))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Exception):
    """Raised when content cannot be used; carries every problem found."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class YamlDoc:
    """A parsed YAML file: its data and a way to find the line of any key."""

    path: str
    data: Any

    def line(self, loc: Sequence[Any]) -> int:
        """1-based line of the deepest key along `loc` that exists in the file."""
        node, line = self.data, 1
        for part in loc:
            if isinstance(node, LinedMap):
                if part in node:
                    line = node.key_lines[part]
                    node = node[part]
                    continue
                if part == node.get("type"):
                    continue  # pydantic puts a union's tag in the location
                break
            if isinstance(node, LinedSeq) and isinstance(part, int) and 0 <= part < len(node):
                line = node.item_lines[part]
                node = node[part]
                continue
            break
        return line

    def problem(self, loc: Sequence[Any], message: str) -> Problem:
        return Problem(self.path, self.line(loc), message)


def read_text(path: Path, shown_as: str) -> str:
    """A content file's text: UTF-8, with or without the byte-order mark some Windows editors
    write. Raises ContentError naming the line of the first byte that is not UTF-8."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(
            [Problem(shown_as, line, f"not UTF-8 text ({exc.reason}): save the file as UTF-8")]
        ) from None


def read_yaml(path: Path, shown_as: str) -> YamlDoc:
    """Parse a YAML file (YAML 1.2: `no` stays a string). Raises ContentError."""
    text = read_text(path, shown_as)
    data = fastyaml.load(text)
    if data is not fastyaml.DEFER:
        return YamlDoc(shown_as, data)
    # ruamel.yaml (imported only when needed: it adds to every build's start-up) reads
    # anything unusual, and words every error.
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    try:
        data = YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join((exc.problem or exc.context or "invalid YAML").split())
        raise ContentError([Problem(shown_as, line, f"YAML syntax error: {what}: {YAML_HINT}")]) from None
    except ReaderError as exc:  # a character YAML does not allow, such as a control character
        where = text[: exc.position] if isinstance(exc.position, int) else ""
        what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise ContentError(
            [
                Problem(
                    shown_as,
                    where.count("\n") + 1,
                    f"YAML syntax error: the character {what} is not allowed in YAML: delete it (retype the text "
                    "around it if it was pasted)",
                )
            ]
        ) from None
    except YAMLError as exc:
        message = " ".join(str(exc).split())
        raise ContentError([Problem(shown_as, 1, f"YAML syntax error: {message}")]) from None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:  # the parser's own crashes on odd input
        raise ContentError([_unreadable(exc, text, shown_as)]) from None
    if not isinstance(data, CommentedMap):
        raise ContentError([Problem(shown_as, 1, "expected a mapping of `key: value` lines at the top of the file")])
    return YamlDoc(shown_as, lined(data))


def lined(node: Any) -> Any:
    """ruamel.yaml's tree as LinedMap / LinedSeq, the form fastyaml gives."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap):
        mapping = LinedMap()
        for key, value in node.items():
            mapping[key] = lined(value)
            mapping.key_lines[key] = node.lc.key(key)[0] + 1
        return mapping
    if isinstance(node, CommentedSeq):
        sequence = LinedSeq(lined(value) for value in node)
        sequence.item_lines = [node.lc.item(i)[0] + 1 for i in range(len(node))]
        return sequence
    return node


DATE_LIKE = re.compile(r"(?<![\w.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w.-])")


def _unreadable(exc: Exception, text: str, shown_as: str) -> Problem:
    """The YAML parser gives no line for these; find it where we can."""
    lines = text.split("\n")
    if isinstance(exc, ValueError) and not isinstance(exc, UnicodeError):
        for number, line in enumerate(lines, 1):  # a date that does not exist, such as 2026-02-30
            for match in DATE_LIKE.finditer(line.split("#", 1)[0]):
                try:
                    dt.date(*map(int, match.groups()))
                except ValueError:
                    return Problem(
                        shown_as, number, f"{match.group(0)} is not a date that exists: write a real date as YYYY-MM-DD"
                    )
        return Problem(
            shown_as,
            1,
            f"YAML value could not be read ({' '.join(str(exc).split())}): check any `!!` tag, or put the value in "
            "quotes",
        )
    if isinstance(exc, TypeError):  # a key that is itself a list or mapping (`? [a, b]`)
        number = next((n for n, line in enumerate(lines, 1) if re.match(r"^\s*\?(\s|$)", line)), 1)
        return Problem(
            shown_as,
            number,
            "a key here is a list or mapping (a line starting `? `): write keys as plain words, `key: value`",
        )
    if isinstance(exc, RecursionError):
        return Problem(shown_as, 1, "YAML nested too deeply to read: check the brackets [ ] and { }")
    return Problem(shown_as, 1, f"YAML could not be read ({type(exc).__name__}): check the file")


FRONT_MATTER_START = re.compile(r"^-{3}[ \t]*\r?$")
FRONT_MATTER_END = re.compile(r"^(-{3}|\.{3})[ \t]*\r?$")
YAML_HINT = "check indentation, and quote text that contains ': ' or starts with a symbol"


def front_matter_end(text: str) -> int | None:
    """The 0-based line index of the line closing a page's front matter; None if the page
    has none; -1 if it opens one (a first line `---`) and never closes it."""
    lines = text.split("\n")
    if not FRONT_MATTER_START.match(lines[0]):
        return None
    return next((i for i in range(1, len(lines)) if FRONT_MATTER_END.match(lines[i])), -1)


def front_matter_problems(text: str, shown_as: str) -> list[Problem]:
    """A Markdown page's front matter (the `---` block at the top, which MkDocs reads as the
    page's settings) must be YAML `key: value` lines. MkDocs itself says nothing when it is
    not: it shows the block to learners as text."""
    end = front_matter_end(text)
    if end is None:
        return []
    if end == -1:
        return [
            Problem(
                shown_as,
                1,
                "front matter (the `---` block at the top) is never closed: add a `---` line after its last `key: "
                "value` line, or delete the first line",
            )
        ]
    block = "\n".join(text.split("\n")[1:end])
    if fastyaml.load(block) is not fastyaml.DEFER:
        return []  # ordinary `key: value` lines
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        data = YAML(typ="safe", pure=True).load(block)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join((exc.problem or exc.context or "invalid YAML").split())
        return [
            Problem(
                shown_as,
                (mark.line + 2) if mark else 1,
                f"front matter (the `---` block at the top) is not valid YAML: {what}: {YAML_HINT}",
            )
        ]
    except YAMLError as exc:
        return [
            Problem(
                shown_as,
                1,
                f"front matter (the `---` block at the top) is not valid YAML: {' '.join(str(exc).split())}",
            )
        ]
    if data is not None and not isinstance(data, dict):
        return [Problem(shown_as, 2, "front matter (the `---` block at the top) must be `key: value` lines")]
    return []


def _field(loc: Sequence[Any]) -> str:
    names = [str(p) for p in loc if isinstance(p, str)]
    return names[-1] if names else "value"


def _named(error: Any) -> str:
    """The field in backticks; for an entry of a list, which entry and what it holds."""
    loc, named = error["loc"], f"`{_field(error['loc'])}`"
    if loc and isinstance(loc[-1], int):
        value = str(error.get("input", ""))
        return f"{named} entry {loc[-1] + 1} ({value[:40]})"
    return named


# pydantic error kinds whose sentence needs nothing but the field's name
PLAIN_SENTENCES = {
    **dict.fromkeys(
        ["date_from_datetime_parsing", "date_parsing", "date_type"], "{field} must be a date written as YYYY-MM-DD"
    ),
    "string_too_short": "{field} is empty: write the text",
    "string_type": "{field} must be text: put it in quotes if it looks like a number, date or yes/no",
    **dict.fromkeys(
        ["float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"], "{field} must be a number"
    ),
    "list_type": "{field} must be a list (lines starting with `- `)",
    **dict.fromkeys(
        ["model_type", "dict_type", "model_attributes_type"], "{field} must be a mapping of `key: value` lines"
    ),
}


def _pattern_sentence(field: str, pattern: str) -> str:
    if "LO" in pattern:
        return f"`{field}` must be an outcome id such as LO1"
    if pattern.startswith("^https"):
        return f"`{field}` must be a secure web address starting with https://"
    if pattern.startswith("^[0-9]"):
        return f'`{field}` must be digits and spaces only, for example "116 123"'
    return f"`{field}` must use lower-case letters, digits and hyphens only (for example `red-flags-1`)"


def _type_missing() -> str:
    bank = bank_type_names()
    case_only = [t for t in type_names() if t not in bank]
    listed = ", ".join(repr(t) for t in bank)
    more = f" (in a case study also {', '.join(repr(t) for t in case_only)})" if case_only else ""
    return f"`type` is missing: add `type:` with one of {listed}{more}"


def explain(error: Any, model_fields: dict[str, list[str]] | None = None) -> str:
    """One pydantic error as a sentence that names the fix."""
    kind, field = error["type"], _field(error["loc"])
    ctx = error.get("ctx") or {}
    if kind in PLAIN_SENTENCES:
        return PLAIN_SENTENCES[kind].format(field=_named(error))
    if kind == "missing":
        return f"`{field}` is missing: add a `{field}:` line here"
    if kind == "extra_forbidden":
        if " " in field or not field.isidentifier():
            return (
                f"unknown key `{field}`: if this is part of a text, "
                "put the whole text in quotes (a comma or ': ' inside { } splits it)"
            )
        return f"unknown key `{field}`: remove it or correct its spelling"
    if kind == "union_tag_invalid":
        allowed = ctx.get("expected_tags", "")
        return f"unknown item type {ctx.get('tag')!r}: use one of {allowed}"
    if kind == "union_tag_not_found":
        return _type_missing()
    if kind == "string_pattern_mismatch":
        return _pattern_sentence(field, str(ctx.get("pattern", "")))
    if kind == "literal_error":
        return f"`{field}` must be {ctx.get('expected')}"
    if kind in {"too_short", "too_long"}:
        return f"`{field}`: {error['msg'].lower()}"
    return f"`{field}`: {error['msg']}"


def validation_problems(doc: YamlDoc, exc: ValidationError, prefix: Sequence[Any] = ()) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc = tuple(prefix) + tuple(error["loc"])
        problems.append(doc.problem(loc, explain(error)))
    return problems
