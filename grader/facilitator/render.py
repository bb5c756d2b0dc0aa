"""The pack's Jinja2 templates (templates/): Python gathers the data, the templates lay out the pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import jinja2

from grader.facilitator.myst import inline, md

TEMPLATES = Path(__file__).parent / "templates"


def long_date(day: dt.date) -> str:
    return f"{day:%d %B %Y}"


ENVIRONMENT = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    # The pages are MyST Markdown, made safe by the `md` and `inline` filters; an HTML template would be escaped.
    autoescape=jinja2.select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
)
ENVIRONMENT.filters.update(md=md, inline=inline, long_date=long_date)


def render(template: str, **data: Any) -> str:
    return ENVIRONMENT.get_template(template).render(**data)
