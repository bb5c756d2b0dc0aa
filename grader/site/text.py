"""Markdown and escaping for the text snippets widgets are made of (stems, options,
feedback), and the `[[avoid: ...]]` marker inside them. The Markdown itself is
rendered by `grader.formats.markdown_text`, shared with the exports."""

from __future__ import annotations

import html
import json
from functools import lru_cache
from typing import Any

from grader.content.language import AVOID
from grader.formats.markdown_text import PARSER as _MARKDOWN
from grader.formats.markdown_text import PLAIN_LINE, markdown_html, unwrap_paragraph

# PLAIN_LINE and _MARKDOWN are here for tests/test_site_render.py, which checks the quick path against the parser.
__all__ = [
    "PLAIN_LINE",
    "_MARKDOWN",
    "avoid_html",
    "block_html",
    "esc",
    "expand_avoid",
    "inline_html",
    "json_for_attribute",
    "json_for_script",
]


def avoid_html(phrase: str) -> str:
    """A phrase shown as an example of language to avoid, said so in words, not by style alone."""
    return (
        '<span class="mskcpd-avoid"><span class="mskcpd-avoid-mark" aria-hidden="true">\u2718</span>'
        '<span class="mskcpd-sr-only">language to avoid: </span>'
        f"\u201c{esc(' '.join(phrase.split()))}\u201d</span>"
    )


def expand_avoid(text: str) -> str:
    return AVOID.sub(lambda m: avoid_html(m.group("phrase")), text)


@lru_cache(maxsize=4096)  # a bank's texts come round again on its review page
def block_html(text: str) -> str:
    return markdown_html(expand_avoid(text))


def inline_html(text: str) -> str:
    return unwrap_paragraph(block_html(text).strip())


def json_for_script(data: Any) -> str:
    # `<` escaped so no text can close the <script> element
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def json_for_attribute(data: Any) -> str:
    """JSON for a single-quoted attribute, with no character an HTML parser has to decode:
    ' & < > as JSON escapes, which JSON.parse reads back. (Entities cost every HTML
    parser that reads the page, such as the search index's, a decode each.)"""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("'", "\\u0027").replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def esc(text: str) -> str:
    return html.escape(text, quote=True)
