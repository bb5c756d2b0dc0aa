"""Fixes to mkdocs-material's markup, applied to each built page (the plugin's on_post_page).

* The search box is a `role="dialog"` with no name (Lighthouse and axe: aria-dialog-name):
  it is named "Search".
* A Markdown table with an empty header row (`| | |` over `|---|---|`, as the case studies'
  facts table is written) gets `<th></th>` cells with no text (axe: empty-table-header): the
  empty header row goes, and each row's first cell becomes that row's header (`scope="row"`),
  which is what such a two-column table of labels and values means.
* The theme's script (`assets/javascripts/bundle.<hash>.min.js`, at the end of the body) is
  `defer`red, so the page's content is painted before it runs. Parser-blocking, it ran as soon as
  the parser reached it if it had arrived by then, before the first frame with the content in it
  (on this machine in a third to a half of loads; Lighthouse then counts its download and its
  200 ms of script on a phone before the largest paint). Deferred, Chromium finishes parsing,
  paints, and runs it in a later task; it still runs before DOMContentLoaded, which it waits for,
  and before our scripts, which are added at DOMContentLoaded. The theme's set-up at that event is
  moved to a task of its own by the page's script loader (templates/page_scripts.html.j2). Measured
  with bench_lighthouse.py.
"""

from __future__ import annotations

import re

SEARCH_DIALOG = re.compile(r'(<div class="md-search" data-md-component="search" role="dialog")(?![^>]*aria-label)')
TABLE = re.compile(r"<table>(.*?)</table>", re.S)
EMPTY_HEAD = re.compile(r"\s*<thead>\s*<tr>\s*(?:<th(?: [^>]*)?>\s*</th>\s*)+</tr>\s*</thead>")
THEME_SCRIPT = re.compile(r'(<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js")>')
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


def theme_script_deferred(html: str) -> str:
    return THEME_SCRIPT.sub(r"\1 defer>", html, count=1)


def fix(html: str) -> str:
    return theme_script_deferred(headless_tables(name_search_dialog(html)))
