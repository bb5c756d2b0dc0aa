"""One question alone, for the educator writing it (`grader preview ITEM-ID`).

`grader preview` serves the site with MkDocs' live reload and the plugin's
`preview_item` option; the plugin adds one page, `preview.html`, made here:
the question as learners see it (the same widget), or for a case study's
question the part of the case it belongs to (its narrative and questions).
Saving the YAML rebuilds the page and the browser reloads it.

The command runs MkDocs as a separate process, as `grader scorm` does: the
core never imports MkDocs.
"""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from grader.content.models import Course

from .project import ProjectError, portable_config, write_config
from .render import NOT_IN_SEARCH, GeneratedPage, slot_paragraph
from .text import block_html, esc
from .widgets import item_widget

PAGE = "preview.md"  # built as preview.html (directory URLs are off)


class PreviewError(Exception):
    """The preview cannot start: the message says what to fix."""


@dataclass(frozen=True)
class Found:
    """Where a question lives: its file and what the learner sees around it."""

    file: str
    place: str  # "Module 4: Safe opioid prescribing, question 3 of 24" / "Case study: ..., part 2 of 4"
    html: str


def find(course: Course, item_id: str) -> Found:
    """The question `item_id` in a module's bank or a case study, rendered as the site renders it."""
    for content in course.modules:
        items = content.bank.items
        for number, item in enumerate(items, 1):
            if item.id == item_id:
                place = f"Module {content.module.number}: {content.module.title}, question {number} of {len(items)}"
                return Found(content.bank_path, place, item_widget(item, number, len(items), content.module.id))
    for case_content in course.cases:
        case = case_content.case
        total, number = len(case.items()), 0
        for part, stage in enumerate(case.stages, 1):
            first = number
            number += len(stage.questions)
            if item_id not in {item.id for item in stage.questions}:
                continue
            widgets = "".join(item_widget(item, first + n, total, case.id) for n, item in enumerate(stage.questions, 1))
            html = (
                f'<section class="mskcpd-preview-stage" aria-labelledby="preview-stage">'
                f'<h2 id="preview-stage">Part {part} of {len(case.stages)}: {esc(stage.title)}</h2>'
                f'<div class="mskcpd-narrative">{block_html(stage.narrative)}</div>{widgets}</section>'
            )
            place = f"Case study: {case.title}, part {part} of {len(case.stages)}"
            return Found(case_content.path, place, str(Markup(html)))
    known = [item.id for content in course.modules for item in content.bank.items]
    known += [item.id for case_content in course.cases for item in case_content.case.items()]
    close = difflib.get_close_matches(item_id, known, n=3)
    hint = f" Did you mean {', '.join(close)}?" if close else " Each question's `id` is in its YAML file."
    raise PreviewError(f"no question has the id {item_id!r} in the course's banks or case studies.{hint}")


def preview_page(course: Course, item_id: str) -> GeneratedPage:
    found = find(course, item_id)
    markdown = f"""{NOT_IN_SEARCH}# Preview: `{item_id}`

{esc(found.place)}, from `{found.file}`. This page is for you, the educator: it
shows the question as learners see it, and reloads each time you save the
file. Answers you give here are kept in this browser like a learner's.

{slot_paragraph("preview")}
"""
    return GeneratedPage(PAGE, f"Preview: {item_id}", markdown, {"preview": found.html})


# --- the command: MkDocs' live-reload server on a copy of mkdocs.yml ---------------


def preview_config(root: Path, item_id: str, content_root: Path | None = None) -> tuple[dict, Path]:
    """mkdocs.yml with the preview switched on, to be written elsewhere, and the content folder."""
    try:
        config, options, content = portable_config(root, "grader preview", content_root)
    except ProjectError as exc:
        raise PreviewError(str(exc)) from None
    options["preview_item"] = item_id
    return config, content


def serve_command(root: Path, item_id: str, folder: Path, port: int, content_root: Path | None = None) -> list[str]:
    """Write the preview's mkdocs.yml into `folder` and return the command that serves it."""
    config, _ = preview_config(root, item_id, content_root)
    config_file = write_config(config, folder / "mkdocs-preview.yml")
    return [sys.executable, "-m", "mkdocs", "serve", "-f", str(config_file), "--dev-addr", f"127.0.0.1:{port}"]
