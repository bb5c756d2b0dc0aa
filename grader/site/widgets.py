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

import html
import json
import re
from pathlib import Path
from typing import Any

from jinja2.ext import Extension
from markupsafe import Markup

from grader.formats.html_templates import one_line_environment
from grader.content.language import plain_avoided
from grader.content.professions import PROFESSION_INFO
from grader.content.models import (
    PROFESSIONS,
    CaseContent,
    ConsultationItem,
    FreeTextItem,
    MatchingItem,
    ModuleContent,
    MultipleItem,
    NumericItem,
    OrderingItem,
    SingleItem,
)
from grader.formats.notebook import release_notebook

from .text import block_html, esc, inline_html, json_for_attribute

TEMPLATES = Path(__file__).parent / "templates"


ENVIRONMENT = one_line_environment(TEMPLATES)


def _render(template: str, **data: Any) -> str:
    return ENVIRONMENT.get_template(template).render(**data)


TYPE_HINTS = {
    "single": "Choose one answer.",
    "multiple": "Choose all that apply. Wrong choices cost marks.",
    "numeric": "Type a number.",
    "ordering": "Use the Move up and Move down buttons to put the list in order, first at the top.",
    "matching": "Choose a match for each item from its list.",
    "consultation": "Choose what you would say, then Say this. The conversation goes on from your choice; "
    "your first full conversation is recorded.",
    "free_text": "Write your answer. It gets a provisional score now; your CPD lead reviews written answers.",
}


# Never in the trainee site: model answers are for facilitators and reviewers.
PRIVATE_FIELDS = {"model_answer"}


INPUT_TEMPLATES = {
    "single": "options.html.j2",
    "multiple": "options.html.j2",
    "numeric": "numeric.html.j2",
    "ordering": "ordering.html.j2",
    "matching": "matching.html.j2",
    "consultation": "consultation.html.j2",
    "free_text": "free_text.html.j2",
}


def _inputs_data(item: Any) -> dict[str, Any]:
    """What each type's inputs template needs beyond the item itself."""
    if isinstance(item, (SingleItem, MultipleItem, OrderingItem)):
        options = [{"id": o.id, "text": Markup(inline_html(o.text))} for o in item.options]
        input_type = "checkbox" if isinstance(item, MultipleItem) else "radio"
        return {"options": options, "input_type": input_type}
    if isinstance(item, NumericItem):
        bounds = f" (between {item.min:g} and {item.max:g})" if item.min is not None and item.max is not None else ""
        units = sorted([item.unit, *item.unit_options], key=str.casefold) if item.unit and item.unit_options else []
        return {"bounds": bounds, "units": units}
    if isinstance(item, MatchingItem):
        return {
            "premises": [{"id": p.id, "text": Markup(inline_html(p.text))} for p in item.premises],
            # <option> holds text only, so marked phrases are written out in words
            "choices": [{"id": c.id, "text": plain_avoided(c.text)} for c in item.choices],
        }
    return {}


def _feedback_html(item: Any) -> dict[str, Any]:
    """Rendered feedback the browser shows after an answer is committed."""
    if isinstance(item, ConsultationItem):
        return {
            "nodes": {
                n.id: {
                    "patient": inline_html(n.patient),
                    "choices": {
                        c.id: {"text": inline_html(c.text), "feedback": block_html(c.feedback)} for c in n.choices
                    },
                }
                for n in item.nodes
            },
            "behaviours": {b.id: esc(b.label) for b in item.behaviours},
            "general": block_html(item.feedback),
        }
    if isinstance(item, FreeTextItem):
        return {
            "rubric": {c.id: {"criterion": esc(c.criterion), "feedback": block_html(c.feedback)} for c in item.rubric}
        }
    if isinstance(item, (SingleItem, MultipleItem, OrderingItem)):
        out: dict[str, Any] = {
            "options": {o.id: {"text": inline_html(o.text), "feedback": block_html(o.feedback)} for o in item.options}
        }
        if isinstance(item, OrderingItem):
            out["general"] = block_html(item.feedback)
        return out
    if isinstance(item, NumericItem):
        return {
            "correct": block_html(item.feedback.correct),
            "incorrect": block_html(item.feedback.incorrect),
            "unsafe": [block_html(b.feedback) for b in item.unsafe],
        }
    if isinstance(item, MatchingItem):
        return {
            "premises": {
                p.id: {"text": inline_html(p.text), "feedback": block_html(p.feedback)} for p in item.premises
            },
            "choices": {c.id: esc(plain_avoided(c.text)) for c in item.choices},
        }
    raise TypeError(item.type)


def item_widget(item: Any, number: int, total: int, module_id: str, heading: str = "h3") -> str:
    public = item.model_dump(mode="json", exclude_none=True, exclude=PRIVATE_FIELDS & set(type(item).model_fields))
    data = {"item": public, "feedback": _feedback_html(item), "module": module_id}
    return _render(
        "item.html.j2",
        item=item,
        number=number,
        total=total,
        heading=heading,
        fixed_order=str(bool(getattr(item, "fixed_order", item.type == "numeric"))).lower(),
        data_json=Markup(json_for_attribute(data)),
        context=Markup(block_html(item.context)) if item.context else "",
        stem=Markup(inline_html(item.stem)),
        hint=TYPE_HINTS[item.type],
        check_label="Say this" if item.type == "consultation" else "Check answer",
        inputs_template=INPUT_TEMPLATES[item.type],
        **_inputs_data(item),
    )


def progress_widget(module_id: str | None = None) -> str:
    """A placeholder the browser fills with progress bars (one module, or all)."""
    return _render("progress.html.j2", module_id=module_id)


def question_bank_html(content: ModuleContent) -> str:
    items = content.bank.items
    widgets = [Markup(item_widget(item, n, len(items), content.module.id)) for n, item in enumerate(items, 1)]
    return _render("bank.html.j2", module_id=content.module.id, widgets=widgets)


CONFIDENCE_SCALE = (
    "not at all confident",
    "slightly confident",
    "fairly confident",
    "quite confident",
    "very confident",
)


def confidence_question(module: Any) -> str:
    task = module.core_task or "putting what this module teaches into practice"
    return f"how confident do you feel {task}?"


def confidence_widget(module: Any, when: str) -> str:
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
        "case.html.j2", case_id=case.id, notebook_json=notebook, stages=stages, professions=_profession_choices()
    )


def record_widget() -> str:
    """The CPD record: a table the browser fills, with export and import."""
    return _render("record.html.j2")


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
