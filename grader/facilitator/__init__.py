"""The facilitator's pack: a jupyter-book 1.x project built from the case studies.

Pure functions turn the loaded course into the text of each file (`project_files`);
`write_project` writes them to a folder, which `jupyter-book build` turns into HTML
(`make facilitator`). The pack holds every model answer and its reasoning, so it is
for facilitators only: nothing here is used by the trainee site, and it is built
from the course content alone.

One module per job:

- `project`: the jupyter-book project (configuration, table of contents, writing the folder);
- `guide`: the facilitator's guide (templates/guide.md.j2);
- `case_page`: one page per case (templates/case.md.j2);
- `answers`: each question and its model answer (each type's from its folder, grader/items/<type>/answers.py);
- `options`: choice questions' lettered options, in a stable order;
- `timing`: the session plan;
- `crisis`: crisis contacts;
- `myst`: authored Markdown made safe for MyST, and the small Markdown pieces;
- `render`: the Jinja2 environment for the templates.
"""

from grader.facilitator.answers import PROFESSION_NAMES, question_markdown
from grader.facilitator.case_page import case_markdown, case_page_name
from grader.facilitator.crisis import contact, crisis_box, crisis_contacts, service_line
from grader.facilitator.guide import GUIDE_SOURCES, guide_markdown
from grader.facilitator.myst import avoided, bullet, dropdown, indent, inline, md, number, sentence
from grader.facilitator.project import (
    EXTENSIONS,
    MANIFEST,
    MATHJAX_JS,
    MATHJAX_STUB,
    PRINT_JS,
    PRINT_SCRIPT,
    TITLE,
    PackError,
    config_yaml,
    project_files,
    toc_yaml,
    write_project,
)
from grader.facilitator.timing import Slot, stage_weight, timing_plan, timing_table

__all__ = [
    "EXTENSIONS",
    "GUIDE_SOURCES",
    "MANIFEST",
    "MATHJAX_JS",
    "MATHJAX_STUB",
    "PRINT_JS",
    "PRINT_SCRIPT",
    "PROFESSION_NAMES",
    "TITLE",
    "PackError",
    "Slot",
    "avoided",
    "bullet",
    "case_markdown",
    "case_page_name",
    "config_yaml",
    "contact",
    "crisis_box",
    "crisis_contacts",
    "dropdown",
    "guide_markdown",
    "indent",
    "inline",
    "md",
    "number",
    "project_files",
    "question_markdown",
    "sentence",
    "service_line",
    "stage_weight",
    "timing_plan",
    "timing_table",
    "toc_yaml",
    "write_project",
]
