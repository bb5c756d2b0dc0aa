"""The HTML of the course's widgets: questions of every type, progress, confidence,
spaced reviews, the case-study learner form and the CPD record's parts.

Widgets are semantic HTML that work with a keyboard and a screen reader; the
browser scripts (assets/src/, bundled into assets/dist/) add behaviour. Each question carries its
item's public data as JSON so the browser can score with the same rules as
`grader.scoring`.
"""

from __future__ import annotations

import json
from typing import Any

from grader.content.language import plain_avoided
from grader.content.models import (
    CaseContent,
    ConsultationItem,
    FreeTextItem,
    PROFESSIONS,
    MatchingItem,
    ModuleContent,
    MultipleItem,
    NumericItem,
    OrderingItem,
    SingleItem,
)
from grader.formats.notebook import release_notebook

from .text import block_html, esc, inline_html, json_for_attribute

TYPE_HINTS = {
    "single": "Choose one answer.",
    "multiple": "Choose all that apply. Wrong choices cost marks.",
    "numeric": "Type a number.",
    "ordering": "Use the Move up and Move down buttons to put the list in order, first at the top.",
    "matching": "Choose a match for each item from its list.",
    "consultation": "Choose what you would say, then Say this. The conversation goes on from your choice; your first full conversation is recorded.",
    "free_text": "Write your answer. It gets a provisional score now; your CPD lead reviews written answers.",
}


# Never in the trainee site: model answers are for facilitators and reviewers.
PRIVATE_FIELDS = {"model_answer"}


def _option_rows(item: SingleItem | MultipleItem, input_type: str) -> str:
    rows = []
    for option in item.options:
        input_id = f"q-{item.id}-{option.id}"
        rows.append(
            f'<div class="mskcpd-option" data-option-id="{esc(option.id)}">'
            f'<input type="{input_type}" id="{input_id}" name="q-{item.id}" value="{esc(option.id)}">'
            f'<label for="{input_id}">{inline_html(option.text)}</label></div>'
        )
    return f'<div class="mskcpd-options">{"".join(rows)}</div>'


def _numeric_inputs(item: NumericItem) -> str:
    value_id = f"q-{item.id}-value"
    bounds = ""
    if item.min is not None and item.max is not None:
        bounds = f" (between {item.min:g} and {item.max:g})"
    parts = [
        f'<div class="mskcpd-numeric"><label for="{value_id}">Your answer{esc(bounds)}</label>'
        f'<input type="text" inputmode="decimal" autocomplete="off" id="{value_id}" name="q-{item.id}-value" '
        f'aria-describedby="q-{item.id}-hint">'
    ]
    if item.unit and item.unit_options:
        unit_id = f"q-{item.id}-unit"
        units = sorted([item.unit, *item.unit_options], key=str.casefold)
        options = "".join(f'<option value="{esc(u)}">{esc(u)}</option>' for u in units)
        parts.append(f'<label for="{unit_id}">Unit</label><select id="{unit_id}" name="q-{item.id}-unit"><option value="">Choose a unit</option>{options}</select>')
    elif item.unit:
        parts.append(f'<span class="mskcpd-unit">{esc(item.unit)}</span>')
    parts.append("</div>")
    return "".join(parts)


def _ordering_list(item: OrderingItem) -> str:
    rows = []
    for option in item.options:
        text = inline_html(option.text)
        rows.append(
            f'<li class="mskcpd-order-row" data-option-id="{esc(option.id)}">'
            f'<span class="mskcpd-order-text">{text}</span>'
            f'<span class="mskcpd-order-buttons">'
            '<button type="button" class="md-button mskcpd-move" data-move="up">Move up<span '
            f'class="mskcpd-sr-only">: {text}</span></button>'
            '<button type="button" class="md-button mskcpd-move" data-move="down">Move down<span '
            f'class="mskcpd-sr-only">: {text}</span></button>'
            f"</span></li>"
        )
    return (
        f'<ol class="mskcpd-order">{"".join(rows)}</ol><p class="mskcpd-sr-only" aria-live="polite" '
        'data-role="announce"></p>'
    )


def _matching_selects(item: MatchingItem) -> str:
    # <option> holds text only, so marked phrases are written out in words
    choices = "".join(f'<option value="{esc(c.id)}">{esc(plain_avoided(c.text))}</option>' for c in item.choices)
    rows = []
    for premise in item.premises:
        select_id = f"q-{item.id}-{premise.id}"
        rows.append(
            f'<div class="mskcpd-match" data-premise-id="{esc(premise.id)}">'
            f'<label for="{select_id}">{inline_html(premise.text)}</label>'
            f'<select id="{select_id}" name="{select_id}"><option value="">Choose a '
            f'match</option>{choices}</select></div>'
        )
    return f'<div class="mskcpd-matches">{"".join(rows)}</div>'


def _consultation_inputs(item: ConsultationItem) -> str:
    return (
        '<ol class="mskcpd-conversation" data-role="conversation" aria-label="The conversation so far"></ol>'
        '<div class="mskcpd-options" data-role="choices"></div>'
    )


def _free_text_input(item: FreeTextItem) -> str:
    box = f"q-{item.id}-text"
    return (
        f'<div class="mskcpd-free-text"><label for="{box}">Your answer</label>'
        f'<textarea id="{box}" name="{box}" rows="6" maxlength="{item.max_length}" aria-describedby="q-{item.id}-hint '
        f'q-{item.id}-count"></textarea>'
        f'<p class="mskcpd-hint" id="q-{item.id}-count" data-role="count">Up to {item.max_length} characters.</p></div>'
    )


def _feedback_html(item: Any) -> dict[str, Any]:
    """Rendered feedback the browser shows after an answer is committed."""
    if isinstance(item, ConsultationItem):
        return {
            "nodes": {
                n.id: {
                    "patient": inline_html(n.patient),
                    "choices": {c.id: {"text": inline_html(c.text), "feedback": block_html(c.feedback)} for c in n.choices},
                }
                for n in item.nodes
            },
            "behaviours": {b.id: esc(b.label) for b in item.behaviours},
            "general": block_html(item.feedback),
        }
    if isinstance(item, FreeTextItem):
        return {"rubric": {c.id: {"criterion": esc(c.criterion), "feedback": block_html(c.feedback)} for c in item.rubric}}
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
            "premises": {p.id: {"text": inline_html(p.text), "feedback": block_html(p.feedback)} for p in item.premises},
            "choices": {c.id: esc(plain_avoided(c.text)) for c in item.choices},
        }
    raise TypeError(item.type)


def item_widget(item: Any, number: int, total: int, module_id: str, heading: str = "h3") -> str:
    inputs = {
        "single": lambda: _option_rows(item, "radio"),
        "multiple": lambda: _option_rows(item, "checkbox"),
        "numeric": lambda: _numeric_inputs(item),
        "ordering": lambda: _ordering_list(item),
        "matching": lambda: _matching_selects(item),
        "consultation": lambda: _consultation_inputs(item),
        "free_text": lambda: _free_text_input(item),
    }[item.type]()
    public = item.model_dump(mode="json", exclude_none=True, exclude=PRIVATE_FIELDS & set(type(item).model_fields))
    data = {"item": public, "feedback": _feedback_html(item), "module": module_id}
    professions = f' data-professions="{esc(" ".join(item.professions))}"' if item.professions else ""
    check_label = "Say this" if item.type == "consultation" else "Check answer"
    context = f'<div class="mskcpd-context">{block_html(item.context)}</div>' if item.context else ""
    fixed = getattr(item, "fixed_order", item.type == "numeric")
    return (
        f'<section class="mskcpd-item" id="q-{item.id}" data-search-exclude data-item-id="{esc(item.id)}" '
        f'data-item-type="{item.type}"'
        f' data-fixed-order="{str(bool(fixed)).lower()}" aria-labelledby="q-{item.id}-title"{professions}'
        # an attribute, not a <script>: instant navigation re-runs scripts in the content
        f" data-item='{json_for_attribute(data)}'>"
        f'<{heading} id="q-{item.id}-title">Question {number} of {total}</{heading}>{context}'
        f'<form class="mskcpd-form" novalidate><fieldset><legend>{inline_html(item.stem)}</legend>'
        f'<p class="mskcpd-hint" id="q-{item.id}-hint">{TYPE_HINTS[item.type]}</p>{inputs}</fieldset>'
        f'<p class="mskcpd-error" role="alert" data-role="error"></p>'
        '<div class="mskcpd-actions"><button type="submit" class="md-button md-button--primary" '
        f'data-role="check">{check_label}</button>'
        f'<button type="button" class="md-button" data-role="retry" hidden>Try again (practice)</button></div>'
        f'<div class="mskcpd-feedback" role="status" aria-live="polite" data-role="feedback"></div></form></section>'
    )


def progress_widget(module_id: str | None = None) -> str:
    """A placeholder the browser fills with progress bars (one module, or all)."""
    attr = f' data-module="{esc(module_id)}"' if module_id else ""
    return (
        f'<div class="mskcpd-progress"{attr}><p class="mskcpd-noscript">Progress appears here when JavaScript is '
        'on.</p></div>'
    )


def question_bank_html(content: ModuleContent) -> str:
    items = content.bank.items
    widgets = "".join(item_widget(item, n, len(items), content.module.id) for n, item in enumerate(items, 1))
    return f'<div class="mskcpd-bank" data-module="{esc(content.module.id)}">{widgets}</div>'


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
    prefix = f"mskcpd-confidence-{when}"
    lead = "Before you start" if when == "before" else "Now you have completed the module"
    radios = "".join(
        f'<div class="mskcpd-option"><input type="radio" id="{prefix}-{n}" name="{prefix}" value="{n}">'
        f'<label for="{prefix}-{n}">{n}: {label}</label></div>'
        for n, label in enumerate(CONFIDENCE_SCALE, 1)
    )
    return (
        f'<div class="mskcpd-confidence" data-role="confidence" data-module="{esc(module.id)}" data-when="{when}">'
        f'<fieldset aria-describedby="{prefix}-hint"><legend>{lead}: {esc(confidence_question(module))}</legend>'
        f'<p class="mskcpd-hint" id="{prefix}-hint">Choose from 1 (not at all confident) to 5 (very confident). '
        "Your answer is kept in your CPD record; it does not change your score.</p>"
        f'<div class="mskcpd-options mskcpd-scale">{radios}</div></fieldset>'
        '<p class="mskcpd-confidence-note" data-role="confidence-note" hidden></p>'
        '<p class="mskcpd-saved" role="status" aria-live="polite" data-role="confidence-status"></p></div>'
    )


def calendar_button() -> str:
    return (
        '<div class="mskcpd-calendar" data-role="review-calendar-box" hidden><div class="mskcpd-actions">'
        '<button type="button" class="md-button" data-role="review-calendar">Download my review dates (calendar file, '
        '.ics)</button></div>'
        '<p class="mskcpd-saved" role="status" aria-live="polite" data-role="calendar-status"></p></div>'
    )


def review_html(content: ModuleContent) -> str:
    """Every question of the module, hidden: reviews.js shows the ones drawn for the review that is due."""
    m, items = content.module, content.bank.items
    widgets = "".join(
        f'<div class="mskcpd-review-item" data-item-id="{esc(item.id)}" '
        f'hidden>{item_widget(item, n, len(items), m.id)}</div>'
        for n, item in enumerate(items, 1)
    )
    return (
        f'<div class="mskcpd-review" data-review-module="{esc(m.id)}">'
        '<div class="mskcpd-review-status" data-role="review-status">'
        '<p class="mskcpd-noscript">Reviews need JavaScript: it keeps your review dates and answers in this '
        'browser.</p></div>'
        f'<div class="mskcpd-review-items" data-role="review-items">{widgets}</div>'
        '<div class="mskcpd-review-result" role="status" aria-live="polite" data-role="review-result"></div>'
        f"{calendar_button()}</div>"
    )


PROFESSION_LABELS = {
    "doctor": "Doctor (including GP trainee)",
    "nurse": "Nurse",
    "pharmacist": "Pharmacist",
    "physiotherapist": "Physiotherapist",
    "occupational-therapist": "Occupational therapist",
    "other": "Other healthcare professional",
}


def learner_form() -> str:
    """Asked once per browser, kept locally; goes only into downloaded submissions."""
    options = "".join(f'<option value="{p}">{esc(PROFESSION_LABELS[p])}</option>' for p in PROFESSIONS)
    return (
        '<form class="mskcpd-learner" data-role="learner-form" novalidate><fieldset><legend>About you</legend>'
        '<p class="mskcpd-hint">Asked once and kept only in this browser. Your details go into a submission only when '
        'you download it '
        "to send to your CPD lead. Your profession decides which questions you see.</p>"
        '<div class="mskcpd-field"><label for="mskcpd-learner-profession">Profession</label>'
        '<select id="mskcpd-learner-profession" name="profession" required><option value="">Choose your '
        f'profession</option>{options}</select></div>'
        '<div class="mskcpd-field"><label for="mskcpd-learner-name">Full name</label><input type="text" '
        'id="mskcpd-learner-name" name="name" autocomplete="name" required></div>'
        '<div class="mskcpd-field"><label for="mskcpd-learner-email">Work email</label><input type="email" '
        'id="mskcpd-learner-email" name="email" autocomplete="email" required></div>'
        '<div class="mskcpd-field"><label for="mskcpd-learner-registration">Professional registration number '
        '(optional)</label>'
        '<input type="text" id="mskcpd-learner-registration" name="registration" autocomplete="off"></div>'
        '</fieldset><p class="mskcpd-error" role="alert" data-role="learner-error"></p>'
        '<div class="mskcpd-actions"><button type="submit" class="md-button md-button--primary">Save and '
        'start</button></div>'
        '<p class="mskcpd-learner-saved" role="status" aria-live="polite" data-role="learner-status"></p></form>'
    )


def case_html(content: CaseContent) -> str:
    case = content.case
    total = len(case.items())
    number, stages = 0, []
    for index, stage in enumerate(case.stages, 1):
        widgets = []
        for item in stage.questions:
            number += 1
            widgets.append(item_widget(item, number, total, case.id))
        stages.append(
            f'<section class="mskcpd-stage" data-stage-id="{esc(stage.id)}" aria-labelledby="stage-{esc(stage.id)}">'
            f'<h2 id="stage-{esc(stage.id)}" tabindex="-1">Part {index} of {len(case.stages)}: {esc(stage.title)}</h2>'
            f'<div class="mskcpd-narrative">{block_html(stage.narrative)}</div>{"".join(widgets)}'
            '<div class="mskcpd-actions" data-role="stage-next" hidden><button type="button" class="md-button '
            f'md-button--primary" data-role="continue">Continue to part {index + 1}</button></div>'
            "</section>"
        )
    submit = (
        '<section class="mskcpd-submit" aria-labelledby="submit-title" data-role="submit"><h2 id="submit-title">Send '
        'your answers to your CPD lead</h2>'
        "<p>When you have answered every question, download your submission and send it to your CPD lead (for example "
        "by "
        "uploading it to your trust's learning system). It holds your answers and your details; nothing is sent from "
        "this page.</p>"
        '<div class="mskcpd-actions"><button type="button" class="md-button md-button--primary" '
        'data-role="download">Download my submission</button></div>'
        '<p role="status" aria-live="polite" data-role="download-status"></p></section>'
    )
    template = json.dumps(release_notebook(case), ensure_ascii=False, separators=(",", ":"))
    return (
        f'<div class="mskcpd-case" data-case-id="{esc(case.id)}" data-notebook="{esc(template)}">'
        f"{learner_form()}{''.join(stages)}{submit}</div>"
    )


def record_widget() -> str:
    """The CPD record: a table the browser fills, with export and import."""
    return (
        '<div class="mskcpd-record" data-role="record">'
        '<table class="mskcpd-record-table"><caption>Your modules</caption><thead><tr>'
        '<th scope="col">Module</th><th scope="col">Status</th><th scope="col">Answered</th>'
        '<th scope="col">Recorded score</th><th scope="col">Started</th><th scope="col">Completed</th>'
        '<th scope="col">CPD minutes</th></tr></thead><tbody></tbody><tfoot></tfoot></table>'
        '<h2 id="export-import">Export or import your record</h2>'
        "<p>Your record is kept only in this browser. Export it to keep a copy, to move to another device, "
        "or to send to your CPD lead. Importing a record merges it with this one: for each question the "
        "earliest recorded answer is kept, so nothing is lost.</p>"
        '<div class="mskcpd-actions"><button type="button" class="md-button md-button--primary" '
        'data-role="export">Export my record (JSON)</button></div>'
        '<div class="mskcpd-import"><label for="mskcpd-import-file">Import a record (JSON file)</label>'
        '<input type="file" id="mskcpd-import-file" accept=".json,application/json" data-role="import"></div>'
        '<p class="mskcpd-record-status" role="status" aria-live="polite" data-role="record-status"></p>'
        "</div>"
    )


def profile_widget() -> str:
    """Name and profession on the record page: the same record fields the case-study form sets."""
    options = "".join(f'<option value="{p}">{esc(PROFESSION_LABELS[p])}</option>' for p in PROFESSIONS)
    return (
        '<div class="mskcpd-profile" data-role="profile"><fieldset><legend>Your name and profession</legend>'
        '<p class="mskcpd-hint">Kept only in this browser. Your name goes on your certificate; your profession chooses '
        "the reflection prompts below and the questions you see in case studies.</p>"
        '<div class="mskcpd-field"><label for="mskcpd-profile-name">Full name, as it should appear on your '
        'certificate</label>'
        '<input type="text" id="mskcpd-profile-name" name="name" autocomplete="name"></div>'
        '<div class="mskcpd-field"><label for="mskcpd-profile-profession">Profession</label>'
        '<select id="mskcpd-profile-profession" name="profession"><option value="">Choose your '
        f'profession</option>{options}</select></div>'
        '</fieldset><p class="mskcpd-saved" role="status" aria-live="polite" data-role="profile-status"></p></div>'
    )


def review_record_widget() -> str:
    """The learner's spaced reviews: each one done (date, module, score) and what falls due next."""
    return (
        '<div class="mskcpd-review-record" data-role="review-record">'
        '<table class="mskcpd-record-table"><caption>Your spaced reviews</caption><thead><tr>'
        '<th scope="col">Module</th><th scope="col">Review</th><th scope="col">Done on</th><th scope="col">Score</th>'
        '</tr></thead><tbody></tbody></table><div data-role="review-next"></div></div>'
    )


def reflections_widget() -> str:
    """A labelled text box per module, with prompts that fit the learner's profession (record.js builds it)."""
    return (
        '<div class="mskcpd-reflections" data-role="reflections">'
        '<p class="mskcpd-noscript">Your reflections are written and kept here when JavaScript is on.</p></div>'
    )


def certificate_widget() -> str:
    """The printable certificate: a preview on screen; the print stylesheet shows only the certificate."""
    return (
        '<div class="mskcpd-certificate-panel" data-role="certificate-panel">'
        '<div class="mskcpd-check"><input type="checkbox" id="mskcpd-certificate-reflections" '
        'data-role="certificate-reflections">'
        '<label for="mskcpd-certificate-reflections">Include my reflections on the certificate</label></div>'
        '<div class="mskcpd-actions"><button type="button" class="md-button md-button--primary" '
        'data-role="print">Print or save as PDF</button></div>'
        '<p class="mskcpd-error" role="alert" data-role="certificate-error"></p>'
        '<section class="mskcpd-certificate" data-role="certificate" aria-label="Your certificate, as it will print">'
        '<p class="mskcpd-noscript">Your certificate appears here when JavaScript is on.</p></section></div>'
    )


def reviews_due_widget() -> str:
    """Home page: the reviews that are due, what comes next, and the dates as a calendar file."""
    return (
        '<div class="mskcpd-reviews-due" data-role="reviews-due"><div data-role="reviews-list">'
        '<p class="mskcpd-noscript">Your review quizzes appear here when JavaScript is on.</p></div>'
        f"{calendar_button()}</div>"
    )
