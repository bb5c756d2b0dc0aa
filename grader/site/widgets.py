"""The HTML of the course's widgets: questions of every type, progress, confidence,
spaced reviews, the case-study learner form and the CPD record's parts.

Widgets are semantic HTML that work with a keyboard and a screen reader; the
browser scripts (assets/src/, bundled into assets/dist/) add behaviour. Each question carries its
item's public data as JSON so the browser can score with the same rules as
`grader.scoring`. Python gathers the data here; the Jinja2 templates in templates/
make the markup, with autoescape on: only HTML made here (Markdown rendered by
text.py, the JSON for an attribute, widgets already rendered) is passed as Markup.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from markupsafe import Markup

from grader import items
from grader.content.fields import PROFESSIONS
from grader.content.item_base import ItemBase
from grader.content.models import CaseContent, Module, ModuleContent
from grader.content.professions import PROFESSION_INFO
from grader.formats.html_templates import one_line_environment
from grader.formats.notebook import release_notebook
from grader.items import part

from .text import block_html, inline_html, json_for_attribute

TEMPLATES = Path(__file__).parent / "templates"
ITEMS = Path(items.__file__).parent


# the site's own templates, then each question type's (grader/items/<type>/inputs.html.j2)
ENVIRONMENT = one_line_environment(TEMPLATES, ITEMS)


def _render(template: str, **data: Any) -> str:
    return ENVIRONMENT.get_template(template).render(**data)


def page_scripts(scripts: list[str]) -> str:
    """The script that loads a page's own scripts (relative URLs, in order) after the theme's (page_scripts.html.j2)."""
    return _render("page_scripts.html.j2", scripts=scripts)


def update_prompt() -> str:
    """The offline update prompt's live region (update_prompt.html.j2), which offline.js fills in."""
    return _render("update_prompt.html.j2")


def item_widget(item: ItemBase, number: int, total: int, module_id: str, heading: str = "h3") -> str:
    """One question: its type's widget.py gives the data, inputs.html.j2 the inputs (grader/items/<type>/)."""
    widget = part(item.type, "widget")
    private: frozenset[str] = getattr(widget, "PRIVATE_FIELDS", frozenset())
    public = item.model_dump(mode="json", exclude_none=True, exclude=set(private))
    data = {"item": public, "feedback": widget.feedback(item), "module": module_id, "key": item.key_version()}
    fixed_order = getattr(item, "fixed_order", getattr(widget, "FIXED_ORDER", False))
    return _render(
        "item.html.j2",
        item=item,
        number=number,
        total=total,
        heading=heading,
        fixed_order=str(bool(fixed_order)).lower(),
        data_json=Markup(json_for_attribute(data)),
        context=Markup(block_html(item.context)) if item.context else "",
        stem=Markup(inline_html(item.stem)),
        hint=widget.HINT,
        check_label=getattr(widget, "CHECK_LABEL", "Check answer"),
        inputs_template=f"{item.type}/inputs.html.j2",
        **widget.inputs(item),
    )


def progress_widget(module_id: str | None = None, label: str = "", first_lesson: str | None = None) -> str:
    """A placeholder the browser fills with progress bars (one module, or all). For one module the
    rows a new learner's progress fills are there from the first paint (the label; the bar and the
    next step on the overview, kept invisible), so filling them in moves nothing below (CLS)."""
    return _render("progress.html.j2", module_id=module_id, label=label, first_lesson=first_lesson)


def question_bank_html(content: ModuleContent) -> str:
    items = content.bank.items
    widgets = [Markup(item_widget(item, n, len(items), content.module.id)) for n, item in enumerate(items, 1)]
    return _render("bank.html.j2", module_id=content.module.id, widgets=widgets, item_ids=[i.id for i in items])


CONFIDENCE_SCALE = (
    "not at all confident",
    "slightly confident",
    "fairly confident",
    "quite confident",
    "very confident",
)


def confidence_question(module: Module) -> str:
    task = module.core_task or "putting what this module teaches into practice"
    return f"how confident do you feel {task}?"


def confidence_widget(module: Module, when: str) -> str:
    """A fixed 1-5 radio group, before the questions or after completion; confidence.js saves it."""
    return _render(
        "confidence.html.j2",
        module_id=module.id,
        when=when,
        prefix=f"mskcpd-confidence-{when}",
        lead="Before you start" if when == "before" else "Now you have completed the module",
        question=confidence_question(module),
        scale=CONFIDENCE_SCALE,
    )


def calendar_button() -> str:
    return _render("calendar.html.j2")


def review_html(content: ModuleContent) -> str:
    """Every question of the module, hidden: reviews.js shows the ones drawn for the review that is due."""
    m, items = content.module, content.bank.items
    widgets = [(item.id, Markup(item_widget(item, n, len(items), m.id))) for n, item in enumerate(items, 1)]
    return _render("review.html.j2", module_id=m.id, widgets=widgets)


def _profession_choices() -> list[tuple[str, str]]:
    return [(p, PROFESSION_INFO[p].label) for p in PROFESSIONS]


def learner_form() -> str:
    """Asked once per browser, kept locally; goes only into downloaded submissions."""
    return _render("learner_form.html.j2", professions=_profession_choices())


def case_html(content: CaseContent) -> str:
    case = content.case
    total = len(case.items())
    number, stages = 0, []
    for stage in case.stages:
        widgets = []
        for item in stage.questions:
            number += 1
            widgets.append(Markup(item_widget(item, number, total, case.id)))
        stages.append(
            {"id": stage.id, "title": stage.title, "narrative": Markup(block_html(stage.narrative)), "widgets": widgets}
        )
    notebook = json.dumps(release_notebook(case), ensure_ascii=False, separators=(",", ":"))
    return _render(
        "case.html.j2",
        case_id=case.id,
        case_title=case.title,
        cpd_minutes=case.cpd_minutes,
        notebook_json=notebook,
        stages=stages,
        professions=_profession_choices(),
    )


def record_widget(modules: list[dict[str, Any]] | None = None, cases: list[dict[str, Any]] | None = None) -> str:
    """The CPD record: the modules ({number, title, items, cpd_minutes}) and case studies ({title,
    cpd_minutes}) as an empty record shows them, which the browser fills with the learner's own
    (drawn here so the page keeps its layout), with export and import, and "Forget me on this
    computer" (forget.html.j2, included from record.html.j2)."""
    return _render("record.html.j2", modules=modules or [], cases=cases or [])


def profile_widget() -> str:
    """Name and profession on the record page: the same record fields the case-study form sets."""
    return _render("profile.html.j2", professions=_profession_choices())


def review_record_widget() -> str:
    """The learner's spaced reviews: each one done (date, module, score) and what falls due next."""
    return _render("review_record.html.j2")


def reflections_widget() -> str:
    """A labelled text box per module, with prompts that fit the learner's profession (record.js builds it)."""
    return _render("reflections.html.j2")


def certificate_widget() -> str:
    """The printable certificate: a preview on screen; the print stylesheet shows only the certificate."""
    return _render("certificate.html.j2")


def reviews_due_widget() -> str:
    """Home page: the reviews that are due, what comes next, and the dates as a calendar file."""
    return _render("reviews_due.html.j2")


def minutes_text(minutes: int) -> str:
    """CPD time in words: "45 minutes", "1 hour", "10 hours 33 minutes"."""
    hours, rest = divmod(minutes, 60)
    parts = ([f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []) + (
        [f"{rest} minute{'s' if rest != 1 else ''}"] if rest or not hours else []
    )
    return " ".join(parts)


def course_map_widget(modules: list[dict[str, Any]], cases: list[dict[str, Any]]) -> str:
    """Home page: each module ({id, title, minutes, path}) and case study ({id, title, minutes, path, items:
    [{id, professions}]}) in order with its CPD time, the total, and a Start link to the first module;
    home.js adds the learner's progress and turns Start into Carry on."""
    total = sum(m["minutes"] for m in modules) + sum(c["minutes"] for c in cases)
    return _render(
        "course_map.html.j2",
        modules=[{**m, "time": minutes_text(m["minutes"])} for m in modules],
        cases=[
            {**c, "time": minutes_text(c["minutes"]), "items_json": json.dumps(c["items"], separators=(",", ":"))}
            for c in cases
        ],
        start=modules[0] if modules else {"path": "index.html", "title": "the first module"},
        total=minutes_text(total),
    )
