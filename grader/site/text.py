"""Markdown and escaping for the text snippets widgets are made of (stems, options,
feedback), and the `[[avoid: ...]]` marker inside them."""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from typing import Any

import markdown as md

from grader.content.language import AVOID

MD_EXTENSIONS = ["attr_list", "tables"]


def avoid_html(phrase: str) -> str:
    """A phrase shown as an example of language to avoid, said so in words, not by style alone."""
    return (
        '<span class="mskcpd-avoid"><span class="mskcpd-avoid-mark" aria-hidden="true">\u2718</span>'
        '<span class="mskcpd-sr-only">language to avoid: </span>'
        f"\u201c{esc(' '.join(phrase.split()))}\u201d</span>"
    )


def expand_avoid(text: str) -> str:
    return AVOID.sub(lambda m: avoid_html(m.group("phrase")), text)


_MARKDOWN = md.Markdown(extensions=MD_EXTENSIONS)  # one parser, reset per call: building one costs more than converting


# One line of words and ordinary punctuation, which Markdown would only wrap in <p>:
# most option texts are like this, and skipping the parser halves a site build's rendering.
PLAIN_LINE = re.compile(
    r"[A-Za-z\"(\u2018\u201c](?:[A-Za-z0-9 ,.;:!?'\"()%/=+\u00d7\u2018\u2019\u201c\u201d\u2013\u2014-]*[A-Za-z0-9.!?'\")%\u2019\u201d])?"
)


@lru_cache(maxsize=4096)  # a bank's texts come round again on its review page
def block_html(text: str) -> str:
    if PLAIN_LINE.fullmatch(text):
        return f"<p>{text}</p>"
    return _MARKDOWN.reset().convert(expand_avoid(text))


def inline_html(text: str) -> str:
    out = block_html(text).strip()
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return out


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
