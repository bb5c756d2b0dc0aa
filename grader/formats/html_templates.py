"""Jinja2 for the HTML the course writes (the site's widgets, the cohort report): templates
written one element per line that render to one line, every value escaped as html.escape
spells it (&quot;, &#x27;), so the output is what the f-strings before them wrote."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import jinja2
from jinja2.ext import Extension
from markupsafe import Markup


class OneLine(Extension):
    """Drop each line break and its indent: never break a line inside a tag or a sentence."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return re.sub(r"\n[ \t]*", "", source)


def escaped(value: Any) -> Markup:
    """Every value a template prints, escaped; a value made safe already (rendered Markdown,
    JSON for an attribute, a widget, a plot) goes in as it is."""
    if hasattr(value, "__html__"):
        return Markup(value)
    return Markup(html.escape(str(value), quote=True))


def one_line_environment(*folders: Path) -> jinja2.Environment:
    """Templates from these folders, searched in order."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(folders)),
        autoescape=True,  # a safety net: `escaped` has already escaped each value
        finalize=escaped,
        extensions=[OneLine],
        undefined=jinja2.StrictUndefined,
    )
