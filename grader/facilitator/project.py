"""The jupyter-book 1.x project: its configuration, table of contents and pages, written to a folder.

The project is set up to build and to be read with no network: no MathJax, Thebe
or comments from a CDN, no intersphinx inventories, nothing from another host.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from grader.content.models import Course
from grader.facilitator.case_page import case_markdown, case_page_name
from grader.facilitator.guide import guide_markdown

TITLE = "Facilitator's pack: persistent MSK pain and mental health"
MANIFEST = ".facilitator-pack.json"  # the files the last run wrote, so a rerun can remove stale ones

# Sphinx extensions jupyter-book 1.x loads by default, less sphinx_thebe: it puts a
# script from unpkg.com on every page. (sphinx_comments stays: jupyter-book always
# sets its config, and with hypothesis and utterances off it adds nothing.)
EXTENSIONS = [
    "sphinx_togglebutton",
    "sphinx_copybutton",
    "myst_nb",
    "jupyter_book",
    "sphinx_comments",
    "sphinx_external_toc",
    "sphinx.ext.intersphinx",
    "sphinx_design",
    "sphinx_book_theme",
]
# A page with maths would load MathJax from a CDN; the pack has none (dollarmath is
# off, so "$" is just a dollar), and this local no-op stands in for MathJax if a
# formula ever appears, so it shows as its TeX source rather than reaching out.
MATHJAX_STUB = "mathjax-offline.js"
PRINT_SCRIPT = "facilitator.js"


def config_yaml(title: str = TITLE) -> str:
    """_config.yml: offline, nothing executed, nothing loaded from another host."""
    config = {
        "title": title,
        "author": "The course team",
        "copyright": "",
        "only_build_toc_files": True,
        "exclude_patterns": ["_build", MANIFEST],
        "execute": {"execute_notebooks": "off"},
        # no dollarmath (a "$" is a dollar), no substitution ("{{" is text), no linkify
        "parse": {"myst_enable_extensions": ["colon_fence"]},
        "html": {
            "use_repository_button": False,
            "use_issues_button": False,
            "use_edit_page_button": False,
            "use_multitoc_numbering": False,
            "home_page_in_navbar": True,
            "extra_footer": "For facilitators only: holds the model answers.",
            "comments": {"hypothesis": False, "utterances": False},
        },
        "launch_buttons": {
            "thebe": False,
            "binderhub_url": "",
            "jupyterhub_url": "",
            "colab_url": "",
            "deepnote_url": "",
        },
        "latex": {"use_jupyterbook_latex": False},
        "sphinx": {
            "config": {
                "extensions": EXTENSIONS,
                "intersphinx_mapping": {},
                "mathjax_path": MATHJAX_STUB,
                "html_js_files": [PRINT_SCRIPT],
                "html_show_sphinx": False,
                "language": "en",
            }
        },
    }
    return (
        "# Written by `grader facilitator`: edit grader/facilitator/ (or the case studies), not this file.\n"
        + json.dumps(config, indent=2)
        + "\n"
    )


def toc_yaml(course: Course) -> str:
    toc: dict[str, Any] = {"format": "jb-book", "root": "intro"}
    if course.cases:
        toc["parts"] = [
            {
                "caption": "Case studies",
                "chapters": [{"file": case_page_name(c).removesuffix(".md")} for c in course.cases],
            }
        ]
    return "# Written by `grader facilitator`.\n" + json.dumps(toc, indent=2) + "\n"


PRINT_JS = """// Printing the pack opens every folded model answer.
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details").forEach(function (d) { d.open = true; });
});
"""
MATHJAX_JS = "// The facilitator's pack loads nothing from another host: maths, if any, shows as TeX.\n"


def project_files(course: Course, title: str = TITLE) -> dict[str, str]:
    """Every file of the jupyter-book project: relative path -> text."""
    files = {
        "_config.yml": config_yaml(title),
        "_toc.yml": toc_yaml(course),
        "intro.md": guide_markdown(course),
        f"_static/{PRINT_SCRIPT}": PRINT_JS,
        f"_static/{MATHJAX_STUB}": MATHJAX_JS,
    }
    for content in course.cases:
        files[case_page_name(content)] = case_markdown(content, course)
    return files


class PackError(Exception):
    pass


def _previous(out: Path) -> Iterator[Path]:
    manifest = out / MANIFEST
    if manifest.is_file():
        for name in json.loads(manifest.read_text(encoding="utf-8")):
            yield out / name


def write_project(course: Course, out: Path, title: str = TITLE) -> list[Path]:
    """Write the project into `out`, replacing what an earlier run wrote there.

    Refuses a folder that holds other files and no earlier pack, so it never
    mixes the pack into someone's work."""
    out = Path(out)
    if out.exists() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise PackError(f"{out} is not empty and holds no earlier facilitator's pack: choose a new or empty folder")
    for old in _previous(out):
        if old.is_file():
            old.unlink()
    files = project_files(course, title)
    written = []
    for name, text in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    (out / MANIFEST).write_text(json.dumps(sorted(files), indent=1) + "\n", encoding="utf-8")
    return written
