"""Question-bank export for other learning platforms: Moodle's GIFT and IMS QTI 2.1.

Pure functions, course model -> bytes; `grader export-bank` only writes the
result. `gift.py` writes one UTF-8 text file for Moodle's question import,
`qti.py` an IMS content package (zip) of QTI 2.1 items for any LMS that
imports QTI. Both start from the same Markdown renderer as the site
(`grader.formats.markdown_text`), with `[[avoid: ...]]` written out in
words (`plain_avoided`), since the site's styling is not there to show it.

What each format loses is listed in the docstring of its module.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from grader.content.item_base import ItemBase
from grader.content.language import plain_avoided
from grader.content.models import Course, ModuleContent
from grader.formats.markdown_text import markdown_html, unwrap_paragraph
from grader.items import part

FORMATS = ("gift", "qti")


@dataclass(frozen=True)
class Export:
    """An export: the bytes to write, how many questions they hold, and what was lost on the way."""

    data: bytes
    items: int
    warnings: list[str] = field(default_factory=list)


class UnknownModule(ValueError):
    pass


@dataclass(frozen=True)
class Bank:
    """Questions exported together: a module's question bank, or a case study's questions."""

    kind: str  # "module" or "case"
    id: str
    title: str
    items: list[ItemBase]
    outcomes: dict[str, str] = field(default_factory=dict)  # outcome id -> its text
    references: dict[str, str] = field(default_factory=dict)  # reference id -> its citation

    @property
    def label(self) -> str:
        """How the bank's questions are named: "Opioids", "Case study: Low mood after injury"."""
        return self.title if self.kind == "module" else f"Case study: {self.title}"


def select_banks(course: Course, module_id: str | None = None) -> list[Bank]:
    """Every module's bank, then every case study's questions (with --module, that module's
    bank and the cases that map to it)."""
    banks = [
        Bank(
            "module",
            c.module.id,
            c.module.title,
            list(c.bank.items),
            {o.id: o.text for o in c.module.outcomes},
            {r.id: r.citation for r in c.module.references},
        )
        for c in select_modules(course, module_id)
    ]
    for content in course.cases:
        case = content.case
        if module_id is None or module_id in case.modules:
            outcomes = {o.id: o.text for o in case.outcomes}
            references = {r.id: r.citation for r in case.references}
            banks.append(Bank("case", case.id, case.title, list(case.items()), outcomes, references))
    return banks


def exported(bank: Bank, fmt: str) -> list[ItemBase]:
    """The bank's questions that `fmt` can carry (a type's writer, not its NOT_EXPORTED)."""
    return [item for item in bank.items if not hasattr(part(item.type, fmt), "NOT_EXPORTED")]


def not_exported_warning(banks: Sequence[Bank], fmt: str) -> list[str]:
    """One line per type a format cannot carry, with how many questions and why."""
    left: dict[str, int] = {}
    for bank in banks:
        for item in bank.items:
            if hasattr(part(item.type, fmt), "NOT_EXPORTED"):
                left[item.type] = left.get(item.type, 0) + 1
    return [f"{n} {t} question(s) not exported: {part(t, fmt).NOT_EXPORTED}" for t, n in sorted(left.items())]


def question_name(bank: Bank, number: int, item: ItemBase) -> str:
    """A readable name for an LMS's question list: "Opioids 3: What does Opioids Aware say…"."""
    stem = plain_text(item.stem)
    short = stem if len(stem) <= 80 else stem[:79].rsplit(" ", 1)[0] + "…"
    return f"{bank.label} {number}: {short}"


def select_modules(course: Course, module_id: str | None = None) -> list[ModuleContent]:
    """All modules in course order, or the one named; UnknownModule says which ids exist."""
    if module_id is None:
        return list(course.modules)
    for content in course.modules:
        if content.module.id == module_id:
            return [content]
    known = ", ".join(c.module.id for c in course.modules) or "none"
    raise UnknownModule(f"no module {module_id!r} in this course: the module ids are {known}")


def export_bank(course: Course, fmt: str, module_id: str | None = None) -> Export:
    """Every question bank and case study (or one module's) in `fmt`, one of FORMATS."""
    banks = select_banks(course, module_id)
    if fmt == "gift":
        from . import gift

        return gift.export(banks)
    if fmt == "qti":
        from . import qti

        return qti.export(banks)
    raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")


# --- text: Markdown -> HTML or plain text -------------------------------------


def block_html(text: str) -> str:
    """A Markdown field as HTML blocks, with [[avoid: ...]] written out in words."""
    return markdown_html(plain_avoided(text))


def inline_html(text: str) -> str:
    """As block_html, without the <p> around a single paragraph."""
    return unwrap_paragraph(block_html(text))


def is_plain(text: str) -> bool:
    """True if the Markdown renders to one paragraph of text with no markup in it."""
    return block_html(text) == f"<p>{html.escape(plain_avoided(text).strip(), quote=False)}</p>"


def plain_text(text: str) -> str:
    """A Markdown field as plain text: markup dropped, entities decoded, spaces collapsed."""
    stripped = re.sub(r"<[^>]+>", " ", block_html(text))
    return " ".join(html.unescape(stripped).split())


def number(value: float) -> str:
    """A number as the shortest decimal that reads back the same: 60, not 60.0."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def item_count(banks: Sequence[Bank], fmt: str) -> int:
    return sum(len(exported(b, fmt)) for b in banks)
