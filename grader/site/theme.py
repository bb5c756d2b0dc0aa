"""Accessibility fixes to mkdocs-material's markup, applied to each built page (the plugin's on_post_page).

* The search box is a `role="dialog"` with no name (Lighthouse and axe: aria-dialog-name):
  it is named "Search".
* A Markdown table with an empty header row (`| | |` over `|---|---|`, as the case studies'
  facts table is written) gets `<th></th>` cells with no text (axe: empty-table-header): the
  empty header row goes, and each row's first cell becomes that row's header (`scope="row"`),
  which is what such a two-column table of labels and values means.
"""

from __future__ import annotations

import re

SEARCH_DIALOG = re.compile(r'(<div class="md-search" data-md-component="search" role="dialog")(?![^>]*aria-label)')
TABLE = re.compile(r"<table>(.*?)</table>", re.S)
EMPTY_HEAD = re.compile(r"\s*<thead>\s*<tr>\s*(?:<th(?: [^>]*)?>\s*</th>\s*)+</tr>\s*</thead>")
FIRST_CELL = re.compile(r"(<tr>\s*)<td((?: [^>]*)?)>(.*?)</td>", re.S)


def name_search_dialog(html: str) -> str:
    return SEARCH_DIALOG.sub(r'\1 aria-label="Search"', html)


def _row_headers(table: re.Match[str]) -> str:
    inner = table.group(1)
    if not EMPTY_HEAD.match(inner):
        return table.group(0)
    body = FIRST_CELL.sub(r'\1<th scope="row"\2>\3</th>', EMPTY_HEAD.sub("", inner, count=1))
    return f"<table>{body}</table>"


def headless_tables(html: str) -> str:
    return TABLE.sub(_row_headers, html)


def fix(html: str) -> str:
    return headless_tables(name_search_dialog(html))
