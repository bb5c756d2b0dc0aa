"""Authored Markdown as MyST for the pack: language to avoid said in words, MyST-only syntax kept as text,
and the small Markdown pieces the pages are made of (list items, folded sections, numbers)."""

from __future__ import annotations

import re

from grader.content.language import AVOID


def avoided(text: str) -> str:
    """[[avoid: x]] as a quoted phrase said in words to be language to avoid (not by style alone)."""
    return AVOID.sub(lambda m: f"\u201c{' '.join(m.group('phrase').split())}\u201d *(language to avoid)*", text)


# lines MyST reads as syntax CommonMark does not have: a comment, a block break, a target
_MYST_LINE_START = re.compile(r"^(\s*)(%|\+\+\+|\((?=[^\n]*\)=\s*$))", re.MULTILINE)


def md(text: str) -> str:
    """Authored Markdown as MyST: language to avoid marked in words; a line that MyST
    would read as a comment (`%`), block break (`+++`) or target (`(x)=`) kept as text."""
    text = _MYST_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), avoided(text))
    return text.replace("{{", "{\u200b{")  # never a substitution


def inline(text: str) -> str:
    """One line of Markdown, for list items and table cells."""
    return md(" ".join(text.split())).replace("|", "\\|")


def indent(text: str, by: int) -> str:
    pad = " " * by
    return "\n".join(pad + line if line.strip() else "" for line in text.strip("\n").split("\n"))


def bullet(label: str, body: str) -> str:
    """A list item whose body may run to several paragraphs."""
    first, *rest = body.strip("\n").split("\n")
    lines = [f"- {label}{first}"] + [("  " + line if line.strip() else "") for line in rest]
    return "\n".join(lines)


def dropdown(title: str, body: str, open_: bool = False) -> str:
    """A folded section (an HTML <details>): the facilitator opens it after the group's suggestions."""
    return f"::::{{dropdown}} {title}\n{':open:' + chr(10) if open_ else ''}\n{body.strip()}\n::::"


def sentence(text: str) -> str:
    """Ends with a full stop unless it already ends a sentence, inside a quotation or not."""
    text = text.rstrip()
    if text.rstrip("\"'\u201d\u2019*_").endswith((".", "!", "?")):
        return text
    return text + "."


def number(value: float) -> str:
    return f"{value:g}"
