"""Read YAML keeping line numbers, and turn validation errors into `path:line: message`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

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
            if isinstance(node, CommentedMap):
                if part in node:
                    line = node.lc.key(part)[0] + 1
                    node = node[part]
                    continue
                if part == node.get("type"):
                    continue  # pydantic puts a union's tag in the location
                break
            if isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
                line = node.lc.item(part)[0] + 1
                node = node[part]
                continue
            break
        return line

    def problem(self, loc: Sequence[Any], message: str) -> Problem:
        return Problem(self.path, self.line(loc), message)


def read_yaml(path: Path, shown_as: str) -> YamlDoc:
    """Parse a YAML file (YAML 1.2: `no` stays a string). Raises ContentError."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError([Problem(shown_as, 1, f"not UTF-8 text ({exc.reason}): save the file as UTF-8")])
    try:
        data = YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = (exc.problem or exc.context or "invalid YAML").strip()
        raise ContentError(
            [Problem(shown_as, line, f"YAML syntax error: {what}: check indentation, and quote text that contains ': ' or starts with a symbol")]
        )
    except YAMLError as exc:
        raise ContentError([Problem(shown_as, 1, f"YAML syntax error: {exc}")])
    if not isinstance(data, CommentedMap):
        raise ContentError([Problem(shown_as, 1, "expected a mapping of `key: value` lines at the top of the file")])
    return YamlDoc(shown_as, data)


def _field(loc: Sequence[Any]) -> str:
    names = [str(p) for p in loc if isinstance(p, str)]
    return names[-1] if names else "value"


def explain(error: dict[str, Any], model_fields: dict[str, list[str]] | None = None) -> str:
    """One pydantic error as a sentence that names the fix."""
    kind, loc, field = error["type"], error["loc"], _field(error["loc"])
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"`{field}` is missing: add a `{field}:` line here"
    if kind == "extra_forbidden":
        if " " in field or not field.isidentifier():
            return f"unknown key `{field}`: if this is part of a text, put the whole text in quotes (a comma or ': ' inside {{ }} splits it)"
        return f"unknown key `{field}`: remove it or correct its spelling"
    if kind == "union_tag_invalid":
        allowed = ctx.get("expected_tags", "")
        return f"unknown item type {ctx.get('tag')!r}: use one of {allowed}"
    if kind == "union_tag_not_found":
        return "`type` is missing: add `type:` with one of 'single', 'multiple', 'numeric', 'ordering', 'matching'"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if "LO" in pattern:
            return f"`{field}` must be an outcome id such as LO1"
        if pattern.startswith("^https"):
            return f"`{field}` must be a secure web address starting with https://"
        if pattern.startswith("^[0-9]"):
            return f"`{field}` must be digits and spaces only, for example \"116 123\""
        return f"`{field}` must use lower-case letters, digits and hyphens only (for example `red-flags-1`)"
    if kind in {"date_from_datetime_parsing", "date_parsing", "date_type"}:
        return f"`{field}` must be a date written as YYYY-MM-DD"
    if kind == "literal_error":
        return f"`{field}` must be {ctx.get('expected')}"
    if kind in {"too_short", "too_long"}:
        return f"`{field}`: {error['msg'].lower()}"
    if kind == "string_too_short":
        return f"`{field}` is empty: write the text"
    if kind in {"string_type"}:
        return f"`{field}` must be text: put it in quotes if it looks like a number, date or yes/no"
    if kind in {"float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"}:
        return f"`{field}` must be a number"
    if kind in {"list_type"}:
        return f"`{field}` must be a list (lines starting with `- `)"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return f"`{field}` must be a mapping of `key: value` lines"
    return f"`{field}`: {error['msg']}"


def validation_problems(doc: YamlDoc, exc: ValidationError, prefix: Sequence[Any] = ()) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc = tuple(prefix) + tuple(error["loc"])
        problems.append(doc.problem(loc, explain(error)))
    return problems
