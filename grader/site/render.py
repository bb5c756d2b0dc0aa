"""Course model -> page Markdown and widget HTML. Builder-independent: no MkDocs here.

Widgets are semantic HTML that work with a keyboard and a screen reader; the
browser script (assets/mskcpd/widgets.js) adds behaviour. Each widget carries
its item's public data as JSON so the browser can score with the same rules
as `grader.scoring`.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import markdown as md

from grader.content.language import AVOID, CRISIS_MARKER, DIRECTORY_MARKER, discusses_suicide, plain_avoided
from grader.content.models import (
    CaseContent,
    ConsultationItem,
    Course,
    FreeTextItem,
    PROFESSIONS,
    Service,
    MatchingItem,
    ModuleContent,
    MultipleItem,
    NumericItem,
    OrderingItem,
    SingleItem,
)

MD_EXTENSIONS = ["attr_list", "tables"]
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


@dataclass(frozen=True)
class Settings:
    pass_mark: float = 0.8
    referral_area: str = "national"
    review_intervals: tuple[int, ...] = (2, 7, 30)  # days between spaced reviews, counted from completion
    review_items: int = 5  # questions in one review, drawn from the module's bank
    course_title: str = ""  # shown on the printable certificate


@dataclass
class GeneratedPage:
    """A page the course adds to the site: Markdown, plus HTML for its slots."""

    src_uri: str
    title: str
    markdown: str
    slots: dict[str, str] = field(default_factory=dict)


def slot(name: str) -> str:
    """A paragraph marker that survives Markdown; the adapter swaps in HTML."""
    return f"MSKCPD-SLOT-{name}"


def slot_paragraph(name: str) -> str:
    return f"<p>{slot(name)}</p>"


def avoid_html(phrase: str) -> str:
    """A phrase shown as an example of language to avoid, said so in words, not by style alone."""
    return (
        '<span class="mskcpd-avoid"><span class="mskcpd-avoid-mark" aria-hidden="true">\u2718</span>'
        '<span class="mskcpd-sr-only">language to avoid: </span>'
        f"\u201c{esc(' '.join(phrase.split()))}\u201d</span>"
    )


def expand_avoid(text: str) -> str:
    return AVOID.sub(lambda m: avoid_html(m.group("phrase")), text)


_MARKDOWN = md.Markdown(extensions=MD_EXTENSIONS)  # one parser, reset per call: building one costs more than converting
# One line of words and ordinary punctuation, which Markdown would only wrap in <p>:
# most option texts are like this, and skipping the parser halves a site build's rendering.
PLAIN_LINE = re.compile(
    r"[A-Za-z\"(\u2018\u201c](?:[A-Za-z0-9 ,.;:!?'\"()%/=+\u00d7\u2018\u2019\u201c\u201d\u2013\u2014-]*[A-Za-z0-9.!?'\")%\u2019\u201d])?"
)


@lru_cache(maxsize=4096)  # a bank's texts come round again on its review page
def block_html(text: str) -> str:
    if PLAIN_LINE.fullmatch(text):
        return f"<p>{text}</p>"
    return _MARKDOWN.reset().convert(expand_avoid(text))


def inline_html(text: str) -> str:
    out = block_html(text).strip()
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return out


def json_for_script(data: Any) -> str:
    # `<` escaped so no text can close the <script> element
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def json_for_attribute(data: Any) -> str:
    """JSON for a single-quoted attribute, with no character an HTML parser has to decode:
    ' & < > as JSON escapes, which JSON.parse reads back. (Entities cost every HTML
    parser that reads the page, such as the search index's, a decode each.)"""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("'", "\\u0027").replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def esc(text: str) -> str:
    return html.escape(text, quote=True)


# --- paths -----------------------------------------------------------------


def module_dir(content: ModuleContent) -> str:
    return f"modules/{content.module.id}"


def overview_uri(content: ModuleContent) -> str:
    return f"{module_dir(content)}/index.md"


def lesson_uri(content: ModuleContent, slug: str) -> str:
    return f"{module_dir(content)}/{slug}.md"


def questions_uri(content: ModuleContent) -> str:
    return f"{module_dir(content)}/questions.md"


def review_uri(content: ModuleContent) -> str:
    return f"{module_dir(content)}/review.md"


def html_path(src_uri: str) -> str:
    """Site path of a page (directory URLs off, as the offline build needs)."""
    return src_uri[: -len(".md")] + ".html"


# --- widgets ---------------------------------------------------------------


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
        f'<input type="text" inputmode="decimal" autocomplete="off" id="{value_id}" name="q-{item.id}-value" aria-describedby="q-{item.id}-hint">'
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
            f'<button type="button" class="md-button mskcpd-move" data-move="up">Move up<span class="mskcpd-sr-only">: {text}</span></button>'
            f'<button type="button" class="md-button mskcpd-move" data-move="down">Move down<span class="mskcpd-sr-only">: {text}</span></button>'
            f"</span></li>"
        )
    return f'<ol class="mskcpd-order">{"".join(rows)}</ol><p class="mskcpd-sr-only" aria-live="polite" data-role="announce"></p>'


def _matching_selects(item: MatchingItem) -> str:
    # <option> holds text only, so marked phrases are written out in words
    choices = "".join(f'<option value="{esc(c.id)}">{esc(plain_avoided(c.text))}</option>' for c in item.choices)
    rows = []
    for premise in item.premises:
        select_id = f"q-{item.id}-{premise.id}"
        rows.append(
            f'<div class="mskcpd-match" data-premise-id="{esc(premise.id)}">'
            f'<label for="{select_id}">{inline_html(premise.text)}</label>'
            f'<select id="{select_id}" name="{select_id}"><option value="">Choose a match</option>{choices}</select></div>'
        )
    return f'<div class="mskcpd-matches">{"".join(rows)}</div>'


def _consultation_inputs(item: ConsultationItem) -> str:
    return (
        f'<ol class="mskcpd-conversation" data-role="conversation" aria-label="The conversation so far"></ol>'
        f'<div class="mskcpd-options" data-role="choices"></div>'
    )


def _free_text_input(item: FreeTextItem) -> str:
    box = f"q-{item.id}-text"
    return (
        f'<div class="mskcpd-free-text"><label for="{box}">Your answer</label>'
        f'<textarea id="{box}" name="{box}" rows="6" maxlength="{item.max_length}" aria-describedby="q-{item.id}-hint q-{item.id}-count"></textarea>'
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
        f'<section class="mskcpd-item" id="q-{item.id}" data-search-exclude data-item-id="{esc(item.id)}" data-item-type="{item.type}"'
        f' data-fixed-order="{str(bool(fixed)).lower()}" aria-labelledby="q-{item.id}-title"{professions}'
        # an attribute, not a <script>: instant navigation re-runs scripts in the content
        f" data-item='{json_for_attribute(data)}'>"
        f'<{heading} id="q-{item.id}-title">Question {number} of {total}</{heading}>{context}'
        f'<form class="mskcpd-form" novalidate><fieldset><legend>{inline_html(item.stem)}</legend>'
        f'<p class="mskcpd-hint" id="q-{item.id}-hint">{TYPE_HINTS[item.type]}</p>{inputs}</fieldset>'
        f'<p class="mskcpd-error" role="alert" data-role="error"></p>'
        f'<div class="mskcpd-actions"><button type="submit" class="md-button md-button--primary" data-role="check">{check_label}</button>'
        f'<button type="button" class="md-button" data-role="retry" hidden>Try again (practice)</button></div>'
        f'<div class="mskcpd-feedback" role="status" aria-live="polite" data-role="feedback"></div></form></section>'
    )


def progress_widget(module_id: str | None = None) -> str:
    """A placeholder the browser fills with progress bars (one module, or all)."""
    attr = f' data-module="{esc(module_id)}"' if module_id else ""
    return f'<div class="mskcpd-progress"{attr}><p class="mskcpd-noscript">Progress appears here when JavaScript is on.</p></div>'


def question_bank_html(content: ModuleContent) -> str:
    items = content.bank.items
    widgets = "".join(item_widget(item, n, len(items), content.module.id) for n, item in enumerate(items, 1))
    return f'<div class="mskcpd-bank" data-module="{esc(content.module.id)}">{widgets}</div>'


# --- confidence, spaced review ------------------------------------------------

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
        '<button type="button" class="md-button" data-role="review-calendar">Download my review dates (calendar file, .ics)</button></div>'
        '<p class="mskcpd-saved" role="status" aria-live="polite" data-role="calendar-status"></p></div>'
    )


def review_html(content: ModuleContent) -> str:
    """Every question of the module, hidden: reviews.js shows the ones drawn for the review that is due."""
    m, items = content.module, content.bank.items
    widgets = "".join(
        f'<div class="mskcpd-review-item" data-item-id="{esc(item.id)}" hidden>{item_widget(item, n, len(items), m.id)}</div>'
        for n, item in enumerate(items, 1)
    )
    return (
        f'<div class="mskcpd-review" data-review-module="{esc(m.id)}">'
        '<div class="mskcpd-review-status" data-role="review-status">'
        '<p class="mskcpd-noscript">Reviews need JavaScript: it keeps your review dates and answers in this browser.</p></div>'
        f'<div class="mskcpd-review-items" data-role="review-items">{widgets}</div>'
        '<div class="mskcpd-review-result" role="status" aria-live="polite" data-role="review-result"></div>'
        f"{calendar_button()}</div>"
    )


# --- pages -----------------------------------------------------------------


def _overview_markdown(content: ModuleContent, settings: Settings) -> str:
    m = content.module
    outcomes = "\n".join(f"{n}. {o.text}" for n, o in enumerate(m.outcomes, 1))
    lessons = "\n".join(f"{n}. [{lesson.title}]({lesson.slug}.md)" for n, lesson in enumerate(content.lessons, 1))
    references = "\n".join(
        f"- {r.citation}" + (f" <{r.url}>" if r.url else "") + (f" (accessed {r.accessed:%d %B %Y})" if r.accessed else "")
        for r in m.references
    )
    prompts = "\n".join(f"- {p}" for p in m.reflection_prompts)
    items = len(content.bank.items)
    return f"""# Module {m.number}: {m.title}

{m.summary}

| | |
| --- | --- |
| CPD time | {m.cpd_minutes} minutes |
| Questions | {items}, pass mark {settings.pass_mark:.0%} |
| Last reviewed | {m.reviewed:%d %B %Y} |
| Next review due | {m.next_review:%d %B %Y} |

{slot_paragraph("progress")}

## Learning outcomes

By the end of this module you will be able to:

{outcomes}

## Lessons

{lessons}
{len(content.lessons) + 1}. [Check your learning: {items} questions](questions.md)

## Reflect

Write your reflection on [My CPD record](../../my-cpd-record.md), where the
prompts also fit your profession's CPD records. Some questions to start from:

{prompts}

## Spaced review

After you complete the module, short [review quizzes](review.md) fall due
at spaced intervals to help you remember what you learned.

## References

{references}
"""


def _questions_markdown(content: ModuleContent, settings: Settings) -> str:
    m = content.module
    return f"""# Module {m.number}: check your learning

Answer each question, then choose **Check answer** to see feedback. Your
first answer to each question is the one recorded for your CPD score; you can
then try again for practice without changing it. You complete the module when
you have answered every question and your recorded score is at least
{settings.pass_mark:.0%}. Your answers stay in this browser: see
[My CPD record](../../my-cpd-record.md) to export them.

{slot_paragraph("progress")}

## Before you start

{slot_paragraph("confidence-before")}

## Questions

{slot_paragraph("questions")}

## When you have finished

{slot_paragraph("confidence-after")}

[Back to the module overview](index.md)
"""


def _after_title(markdown_text: str, insert: str) -> str:
    """Insert Markdown just after the page's `# Title` line."""
    head, _, rest = markdown_text.partition("\n")
    return f"{head}\n\n{insert}\n{rest}"


def _signposted(markdown_text: str, extra_text: str = "") -> str:
    """Generated pages that touch on suicide show the crisis box themselves."""
    if discusses_suicide(markdown_text + extra_text) and CRISIS_MARKER not in markdown_text:
        return _after_title(markdown_text, CRISIS_MARKER + "\n")
    return markdown_text


# Front matter keeping a page out of the site search. Questions are left out of it
# everywhere (pages of them whole, and each question widget on a case page): a search
# result shows a snippet of the options, right and wrong alike, out of context, as if
# it were teaching. The lessons carry the teaching, and they are searched.
NOT_IN_SEARCH = "---\nsearch:\n  exclude: true\n---\n\n"


def module_pages(content: ModuleContent, settings: Settings) -> list[GeneratedPage]:
    m = content.module

    def noted(markdown_text: str) -> str:
        return _after_title(markdown_text, content_note_html(m.content_note) + "\n") if m.content_note else markdown_text

    bank_text = content.bank.model_dump_json()
    pages = [
        GeneratedPage(overview_uri(content), f"Module {m.number}: {m.title}", noted(_signposted(_overview_markdown(content, settings))), {"progress": progress_widget(m.id)}),
    ]
    for lesson in content.lessons:
        pages.append(GeneratedPage(lesson_uri(content, lesson.slug), lesson.title, noted(lesson.markdown)))
    pages.append(
        GeneratedPage(
            questions_uri(content),
            "Check your learning",
            NOT_IN_SEARCH + noted(_signposted(_questions_markdown(content, settings), bank_text)),
            {
                "progress": progress_widget(m.id),
                "questions": question_bank_html(content),
                "confidence-before": confidence_widget(m, "before"),
                "confidence-after": confidence_widget(m, "after"),
            },
        )
    )
    return pages


def _review_markdown(content: ModuleContent, settings: Settings) -> str:
    m = content.module
    days = [str(d) for d in settings.review_intervals]
    when = days[0] if len(days) == 1 else ", ".join(days[:-1]) + " and " + days[-1]
    return f"""# Module {m.number}: spaced review

Short review quizzes help you keep what you learned. After you complete this
module, a review of about {settings.review_items} of its questions falls due
{when} days apart: the first {days[0]} days after you complete the module,
each later one counted from the day you did the one before. Questions you
got wrong the last time you answered them come first, and no review repeats
the set of questions of the one before it.

Your review answers are kept in your [CPD record](../../my-cpd-record.md)
(the date, the module and your score). They never change your recorded
score for the module: that stays your first answer to each question.

{slot_paragraph("review")}

[Back to the module overview](index.md)
"""


def review_pages(course: Course, settings: Settings) -> list[GeneratedPage]:
    """One spaced-review page per module (linked from the home page, the overview and the record)."""
    pages = []
    for content in course.modules:
        m = content.module
        markdown_text = _signposted(_review_markdown(content, settings), content.bank.model_dump_json())
        if m.content_note:
            markdown_text = _after_title(markdown_text, content_note_html(m.content_note) + "\n")
        # hidden until a review falls due: a search hit would land on nothing
        markdown_text = NOT_IN_SEARCH + markdown_text
        pages.append(GeneratedPage(review_uri(content), f"Module {m.number}: spaced review", markdown_text, {"review": review_html(content)}))
    return pages


def references_page(course: Course) -> GeneratedPage:
    parts = ["# References", "", "Every clinical statement in the course names its source. These are the sources, module by module.", ""]
    for content in course.modules:
        m = content.module
        parts += [f"## Module {m.number}: {m.title}", ""]
        for r in m.references:
            parts.append(f"- {r.citation}" + (f" <{r.url}>" if r.url else "") + (f" (accessed {r.accessed:%d %B %Y})" if r.accessed else ""))
        parts.append("")
    return GeneratedPage("references.md", "References", "\n".join(parts))


# --- case studies ------------------------------------------------------------

PROFESSION_LABELS = {
    "doctor": "Doctor (including GP trainee)",
    "nurse": "Nurse",
    "pharmacist": "Pharmacist",
    "physiotherapist": "Physiotherapist",
    "occupational-therapist": "Occupational therapist",
    "other": "Other healthcare professional",
}


def case_uri(content: CaseContent) -> str:
    return f"case-studies/{content.case.id}.md"


def learner_form() -> str:
    """Asked once per browser, kept locally; goes only into downloaded submissions."""
    options = "".join(f'<option value="{p}">{esc(PROFESSION_LABELS[p])}</option>' for p in PROFESSIONS)
    return (
        '<form class="mskcpd-learner" data-role="learner-form" novalidate><fieldset><legend>About you</legend>'
        '<p class="mskcpd-hint">Asked once and kept only in this browser. Your details go into a submission only when you download it '
        "to send to your CPD lead. Your profession decides which questions you see.</p>"
        '<div class="mskcpd-field"><label for="mskcpd-learner-profession">Profession</label>'
        f'<select id="mskcpd-learner-profession" name="profession" required><option value="">Choose your profession</option>{options}</select></div>'
        '<div class="mskcpd-field"><label for="mskcpd-learner-name">Full name</label><input type="text" id="mskcpd-learner-name" name="name" autocomplete="name" required></div>'
        '<div class="mskcpd-field"><label for="mskcpd-learner-email">Work email</label><input type="email" id="mskcpd-learner-email" name="email" autocomplete="email" required></div>'
        '<div class="mskcpd-field"><label for="mskcpd-learner-registration">Professional registration number (optional)</label>'
        '<input type="text" id="mskcpd-learner-registration" name="registration" autocomplete="off"></div>'
        '</fieldset><p class="mskcpd-error" role="alert" data-role="learner-error"></p>'
        '<div class="mskcpd-actions"><button type="submit" class="md-button md-button--primary">Save and start</button></div>'
        '<p class="mskcpd-learner-saved" role="status" aria-live="polite" data-role="learner-status"></p></form>'
    )


def case_html(content: CaseContent) -> str:
    from grader.gradebook.notebook import release_notebook  # the submission contract lives with the gradebook

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
            f'<div class="mskcpd-actions" data-role="stage-next" hidden><button type="button" class="md-button md-button--primary" data-role="continue">Continue to part {index + 1}</button></div>'
            "</section>"
        )
    submit = (
        '<section class="mskcpd-submit" aria-labelledby="submit-title" data-role="submit"><h2 id="submit-title">Send your answers to your CPD lead</h2>'
        "<p>When you have answered every question, download your submission and send it to your CPD lead (for example by "
        "uploading it to your trust's learning system). It holds your answers and your details; nothing is sent from this page.</p>"
        '<div class="mskcpd-actions"><button type="button" class="md-button md-button--primary" data-role="download">Download my submission</button></div>'
        '<p role="status" aria-live="polite" data-role="download-status"></p></section>'
    )
    template = json.dumps(release_notebook(case), ensure_ascii=False, separators=(",", ":"))
    return (
        f'<div class="mskcpd-case" data-case-id="{esc(case.id)}" data-notebook="{esc(template)}">'
        f"{learner_form()}{''.join(stages)}{submit}</div>"
    )


def _case_markdown(content: CaseContent, course: Course) -> str:
    case = content.case
    titles = {c.module.id: f"Module {c.module.number}: {c.module.title}" for c in course.modules}
    modules = "; ".join(titles.get(m, m) for m in case.modules)
    outcomes = "\n".join(f"{n}. {o.text}" for n, o in enumerate(case.outcomes, 1))
    references = "\n".join(f"- {r.citation}" + (f" <{r.url}>" if r.url else "") for r in case.references)
    return f"""# Case study: {case.title}

{case.summary}

| | |
| --- | --- |
| CPD time | {case.cpd_minutes} minutes |
| Modules | {modules} |
| Questions | {len(case.items())} |
| Last reviewed | {case.reviewed:%d %B %Y} |
| Next review due | {case.next_review:%d %B %Y} |

Everyone in this case is fictional. The story unfolds in parts: answer the
questions in each part to read on. Your first answer to each question is the
one recorded; you can try again for practice.

## By the end of this case you will be able to

{outcomes}

{slot_paragraph("case")}

## References

{references}
"""


def case_pages(course: Course) -> list[GeneratedPage]:
    pages = []
    rows = []
    for content in course.cases:
        case = content.case
        markdown_text = _signposted(_case_markdown(content, course), content.case.model_dump_json())
        pages.append(GeneratedPage(case_uri(content), case.title, markdown_text, {"case": case_html(content)}))
        rows.append(f"| [{case.title}]({case.id}.md) | {case.summary} | {case.cpd_minutes} |")
    index = (
        "# Case studies\n\nEach case follows a fictional person through a consultation or a pathway. "
        "Your answers are scored as you go; at the end you download a submission for your CPD lead.\n\n"
        "| Case | What it covers | CPD minutes |\n| --- | --- | --- |\n" + "\n".join(rows) + "\n"
    )
    return [GeneratedPage("case-studies/index.md", "Case studies", index), *pages]


def case_navigation(course: Course) -> list[Any]:
    return [{"All case studies": "case-studies/index.md"}, *({c.case.title: case_uri(c)} for c in course.cases)]


def course_pages(course: Course, settings: Settings) -> list[GeneratedPage]:
    pages = [page for content in course.modules for page in module_pages(content, settings)]
    return [*pages, *case_pages(course), references_page(course)]


def navigation(course: Course) -> list[dict[str, Any]]:
    """Nav entries (MkDocs' shape, also plain data) for the modules section."""
    entries = []
    for content in course.modules:
        m = content.module
        children: list[dict[str, str]] = [{"Overview": overview_uri(content)}]
        children += [{lesson.title: lesson_uri(content, lesson.slug)} for lesson in content.lessons]
        children.append({"Check your learning": questions_uri(content)})
        entries.append({f"{m.number}. {m.title}": children})
    return entries


def catalogue(course: Course, settings: Settings) -> dict[str, Any]:
    """What the browser needs to show progress and the CPD record."""
    return {
        "schema_version": 1,
        "pass_mark": settings.pass_mark,
        "review_intervals": list(settings.review_intervals),
        "review_items": settings.review_items,
        "course_title": settings.course_title,
        "modules": [
            {
                "id": c.module.id,
                "number": c.module.number,
                "title": c.module.title,
                "cpd_minutes": c.module.cpd_minutes,
                "overview": html_path(overview_uri(c)),
                "questions": html_path(questions_uri(c)),
                "review": html_path(review_uri(c)),
                "items": [item.id for item in c.bank.items],
                "confidence_question": confidence_question(c.module),
                "reflection_prompts": list(c.module.reflection_prompts),
            }
            for c in course.modules
        ],
    }


def catalogue_script(course: Course, settings: Settings) -> str:
    # the script's own URL gives the site root, on a web host or from disk
    return (
        f"window.MSKCPD_CATALOGUE = {json_for_script(catalogue(course, settings))};\n"
        'window.MSKCPD_CATALOGUE_ROOT = new URL("../", document.currentScript.src).href;\n'
    )


def substitute_slots(page_html: str, slots: dict[str, str]) -> str:
    for name, fragment in slots.items():
        page_html = page_html.replace(slot_paragraph(name), fragment)
    return page_html


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
        '<div class="mskcpd-actions"><button type="button" class="md-button md-button--primary" data-role="export">Export my record (JSON)</button></div>'
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
        '<div class="mskcpd-field"><label for="mskcpd-profile-name">Full name, as it should appear on your certificate</label>'
        '<input type="text" id="mskcpd-profile-name" name="name" autocomplete="name"></div>'
        '<div class="mskcpd-field"><label for="mskcpd-profile-profession">Profession</label>'
        f'<select id="mskcpd-profile-profession" name="profession"><option value="">Choose your profession</option>{options}</select></div>'
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
        '<div class="mskcpd-check"><input type="checkbox" id="mskcpd-certificate-reflections" data-role="certificate-reflections">'
        '<label for="mskcpd-certificate-reflections">Include my reflections on the certificate</label></div>'
        '<div class="mskcpd-actions"><button type="button" class="md-button md-button--primary" data-role="print">Print or save as PDF</button></div>'
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


GLOBAL_SLOTS = {
    "progress-all": progress_widget(None),
    "record": record_widget(),
    "profile": profile_widget(),
    "review-record": review_record_widget(),
    "reflections": reflections_widget(),
    "certificate": certificate_widget(),
    "reviews-due": reviews_due_widget(),
}


# --- markers in authored Markdown ------------------------------------------

CATEGORY_TITLES = {
    "crisis": "Crisis and urgent mental health support",
    "urgent-red-flags": "Urgent referral for red flags",
    "talking-therapies": "Talking therapies",
    "social-prescribing": "Social prescribing",
    "pain-management": "Pain management programmes and pain services",
    "msk-services": "Community MSK services",
    "liaison-psychiatry": "Liaison psychiatry",
    "patient-organisation": "Patient organisations",
    "employment": "Employment support",
    "staff-support": "Support for staff",
}
NATION_NAMES = {"england": "England", "wales": "Wales", "scotland": "Scotland", "northern-ireland": "Northern Ireland"}


def _contact(service: Service) -> str:
    parts = []
    if service.phone:
        parts.append(f'Call <a href="tel:{esc(service.phone.replace(" ", ""))}">{esc(service.phone)}</a>')
    if service.text_message:
        parts.append(esc(service.text_message))
    if service.url:
        parts.append(f'<a href="{esc(service.url)}">{esc(service.url.removeprefix("https://").rstrip("/"))}</a>')
    return "; ".join(parts)


def crisis_html(services: list[Service]) -> str:
    """The crisis box: one line of HTML, so Markdown passes it through whole."""
    def row(service: Service) -> str:
        contact = _contact(service)
        where = "" if len(service.nations) == 4 else f" ({', '.join(NATION_NAMES[n] for n in service.nations)})"
        return f"<li><strong>{esc(service.name)}</strong>{where}: {esc(service.description)}{' ' + contact + '.' if contact else ''}</li>"

    crisis = [s for s in services if s.category == "crisis"]
    staff = [s for s in services if s.category == "staff-support"]
    return (
        '<div class="admonition danger mskcpd-crisis" role="note" aria-label="Crisis support">'
        '<p class="admonition-title">If you or someone you are with needs help now</p>'
        f'<ul>{"".join(row(s) for s in crisis)}</ul>'
        + (f'<p><strong>Support for you as a member of staff:</strong></p><ul>{"".join(row(s) for s in staff)}</ul>' if staff else "")
        + "</div>"
    )


def directory_html(services: list[Service]) -> str:
    sections = []
    for category, title in CATEGORY_TITLES.items():
        entries = [s for s in services if s.category == category]
        if not entries:
            continue
        rows = "".join(
            f'<tr><th scope="row">{esc(s.name)}</th><td>{esc(s.description)}</td><td>{esc(s.who)}</td>'
            f'<td>{esc(s.how_to_access)}{" " + _contact(s) + "." if _contact(s) else ""}'
            f'{" You can refer yourself." if s.self_referral else ""}</td>'
            f'<td>{", ".join(NATION_NAMES[n] for n in s.nations)}</td><td>{s.last_checked:%d %B %Y}</td></tr>'
            for s in entries
        )
        sections.append(
            f'<h3 id="directory-{category}">{esc(title)}</h3><div class="mskcpd-table-scroll" tabindex="0" role="region" aria-label="{esc(title)}">'
            f'<table><thead><tr><th scope="col">Service</th><th scope="col">What it offers</th><th scope="col">Who it is for</th>'
            f'<th scope="col">How to access</th><th scope="col">Where</th><th scope="col">Last checked</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></div>"
        )
    return f'<div class="mskcpd-directory">{"".join(sections)}</div>'


def content_note_html(note: str) -> str:
    return f'<div class="admonition warning mskcpd-content-note" role="note" aria-label="Content note"><p class="admonition-title">Content note</p>{block_html(note)}</div>'


def expand_markers(markdown_text: str, services: list[Service]) -> str:
    """Authored Markdown -> Markdown with the course's markers expanded."""
    lines = []
    for line in markdown_text.split("\n"):
        marker = line.strip()
        if marker == CRISIS_MARKER:
            lines.append("\n" + crisis_html(services) + "\n")
        elif marker == DIRECTORY_MARKER:
            lines.append("\n" + directory_html(services) + "\n")
        else:
            lines.append(line)
    return expand_avoid("\n".join(lines))
