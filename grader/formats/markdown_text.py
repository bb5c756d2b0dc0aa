"""The one Markdown renderer for the course's text snippets (stems, options,
feedback): the site renders them into widgets, the exports into GIFT and QTI.

What a caller does with `[[avoid: ...]]` first is its own business (the site
styles it, the exports write it out in words); this module only turns Markdown
into HTML, the same way for everyone.
"""

from __future__ import annotations

import re

import markdown

MD_EXTENSIONS = ["attr_list", "tables"]

# One parser, reset per call: building one costs more than converting.
PARSER = markdown.Markdown(extensions=MD_EXTENSIONS)


# One line of words and ordinary punctuation, which Markdown would only wrap in <p>:
# most option texts are like this, and skipping the parser halves a site build's rendering.
PLAIN_LINE = re.compile(
    r"[A-Za-z\"(\u2018\u201c]"  # starts with a letter, quote or bracket
    r"(?:[A-Za-z0-9 ,.;:!?'\"()%/=+\u00d7\u2018\u2019\u201c\u201d\u2013\u2014-]*[A-Za-z0-9.!?'\")%\u2019\u201d])?"
)


def markdown_html(text: str) -> str:
    """Markdown as HTML blocks, with no surrounding white space."""
    if PLAIN_LINE.fullmatch(text):
        return f"<p>{text}</p>"
    html: str = PARSER.reset().convert(text)  # markdown ships no types
    return html


def unwrap_paragraph(block: str) -> str:
    """HTML blocks as inline HTML: a single paragraph loses its <p>, anything else stays as it is."""
    if block.startswith("<p>") and block.endswith("</p>") and block.count("<p>") == 1:
        return block[3:-4]
    return block


def heading_slug(text: str) -> str:
    """A heading's id as the site makes it (Python-Markdown's toc extension, MkDocs' default slugify)."""
    from markdown.extensions.toc import slugify

    return str(slugify(text, "-"))
