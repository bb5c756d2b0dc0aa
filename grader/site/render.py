"""Course model -> the pages the course adds to a site, as Markdown with slots for
widget HTML. Builder-independent: no MkDocs here (plugin.py is the adapter).

    text.py      Markdown and escaping for the snippets widgets are made of
    widgets.py   the HTML of questions, progress, confidence, reviews, the CPD record
    markers.py   [[crisis-support]], [[referral-directory]], [[avoid: ...]] in authored pages
    render.py    pages, paths, navigation, the catalogue the browser reads, slots
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from grader.content import professions, signoff
from grader.content.language import CRISIS_MARKER, discusses_suicide
from grader.content.models import CaseContent, Course, ModuleContent
from grader.content.settings import CourseSettings
from grader.items.free_text.model import FreeTextItem

from .markers import content_note_html
from .text import block_html, esc, json_for_script
from .widgets import (
    case_html,
    certificate_widget,
    confidence_question,
    confidence_widget,
    course_map_widget,
    profile_widget,
    progress_widget,
    question_bank_html,
    record_widget,
    reflections_widget,
    review_html,
    review_record_widget,
    reviews_due_widget,
)

# The course's settings (title, pass mark, referral area, review schedule): one source.
Settings = CourseSettings


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


# --- pages -----------------------------------------------------------------


def _cell(text: str) -> str:
    """Text for a Markdown table cell: as text, never markup, and no column break."""
    return esc(text).replace("|", "&#124;")


def _overview_markdown(content: ModuleContent, settings: Settings) -> str:
    m = content.module
    outcomes = "\n".join(f"{n}. {o.text}" for n, o in enumerate(m.outcomes, 1))
    lessons = "\n".join(f"{n}. [{lesson.title}]({lesson.slug}.md)" for n, lesson in enumerate(content.lessons, 1))
    references = "\n".join(
        f"- {r.citation}"
        + (f" <{r.url}>" if r.url else "")
        + (f" (accessed {r.accessed:%d %B %Y})" if r.accessed else "")
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
| Content last reviewed | {m.reviewed:%B %Y} |
| Content next reviewed | {m.next_review:%B %Y} (the course's review of this module, not yours) |
| Clinical sign-off | {_cell(signoff.module_status(content).line())} |

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


def _html_heading(anchor: str, title: str) -> str:
    """A section heading written as HTML, so it stays out of the page's table of contents: the questions
    page has none, so the theme's anchor tracking never rewrites the address of the question shown (pager.js)."""
    return f'<h2 id="{anchor}">{esc(title)}</h2>'


def _questions_markdown(content: ModuleContent, settings: Settings) -> str:
    m = content.module
    return f"""# Module {m.number}: check your learning

Answer each question, then choose **Check answer** to see feedback; move
between questions with **Next question**, **Previous question** or the list of
questions. Your first answer to each question is the one recorded for your CPD score; you can
then try again for practice without changing it. You complete the module when
you have answered every question and your recorded score is at least
{settings.pass_mark:.0%}. Your answers stay in this browser: see
[My CPD record](../../my-cpd-record.md) to export them.

{slot_paragraph("progress")}

{_html_heading("before-you-start", "Before you start")}

{slot_paragraph("confidence-before")}

{_html_heading("questions", "Questions")}

{slot_paragraph("questions")}

{_html_heading("when-you-have-finished", "When you have finished")}

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
        return (
            _after_title(markdown_text, content_note_html(m.content_note) + "\n") if m.content_note else markdown_text
        )

    bank_text = content.bank.model_dump_json()
    pages = [
        GeneratedPage(
            overview_uri(content),
            f"Module {m.number}: {m.title}",
            noted(_signposted(_overview_markdown(content, settings))),
            {
                "progress": progress_widget(
                    m.id, f"Module {m.number}: {m.title}", content.lessons[0].title if content.lessons else ""
                )
            },
        ),
    ]
    for lesson in content.lessons:
        pages.append(GeneratedPage(lesson_uri(content, lesson.slug), lesson.title, noted(lesson.markdown)))
    pages.append(
        GeneratedPage(
            questions_uri(content),
            "Check your learning",
            NOT_IN_SEARCH + noted(_signposted(_questions_markdown(content, settings), bank_text)),
            {
                "progress": progress_widget(m.id, f"Module {m.number}: {m.title}"),
                "questions": question_bank_html(content),
                "confidence-before": confidence_widget(m, "before"),
                "confidence-after": confidence_widget(m, "after"),
            },
        )
    )
    return pages


def review_schedule(settings: Settings) -> str:
    """The spaced-review schedule in words, from the site's settings."""
    days = list(settings.review_intervals)
    first = f"{days[0]} day" if days[0] == 1 else f"{days[0]} days"
    review = f"a review of about {settings.review_items} of its questions falls due"
    if len(days) == 1:
        return f"{review} {first} after you complete the module"
    apart = ", ".join(map(str, days[:-1])) + f" and {days[-1]}"
    return (
        f"{review} {apart} days apart: the first {first} after you complete the module, each later one counted from "
        "the day you did the one before"
    )


def pass_mark_text(settings: Settings) -> str:
    return f"{settings.pass_mark:.0%}"


# Settings written into authored pages, so a page cannot drift from mkdocs.yml
SETTING_MARKERS = {"[[pass-mark]]": pass_mark_text, "[[review-schedule]]": review_schedule}


def _replace_marker(markdown_text: str, marker: str, value: str) -> str:
    """The marker, except written in backticks (the guide documents it), as `value`."""
    return re.sub(r"(?<!`)" + re.escape(marker), lambda _: value, markdown_text)


# Markers standing alone on a line in an authored page, for a widget made from the course
# (GLOBAL_SLOTS holds its HTML): the line becomes the widget's slot.
SLOT_MARKERS = {"[[course-map]]": "course-map"}


def expand_settings(markdown_text: str, settings: Settings) -> str:
    """The setting markers filled in (not one written in backticks: that documents the marker),
    and each slot marker on a line of its own made the slot its widget fills."""
    for marker, text in SETTING_MARKERS.items():
        if marker in markdown_text:
            markdown_text = _replace_marker(markdown_text, marker, text(settings))
    for marker, name in SLOT_MARKERS.items():
        if marker in markdown_text:
            markdown_text = re.sub(r"(?m)^[ \t]*" + re.escape(marker) + r"[ \t]*$", slot(name), markdown_text)
    return markdown_text


def _review_markdown(content: ModuleContent, settings: Settings) -> str:
    m = content.module
    return f"""# Module {m.number}: spaced review

Short review quizzes help you keep what you learned. After you complete this
module, {review_schedule(settings)}. Questions you
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
        pages.append(
            GeneratedPage(
                review_uri(content),
                f"Module {m.number}: spaced review",
                markdown_text,
                {"review": review_html(content)},
            )
        )
    return pages


def references_page(course: Course) -> GeneratedPage:
    parts = [
        "# References",
        "",
        "Every clinical statement in the course names its source. These are the sources, module by module.",
        "",
    ]
    for content in course.modules:
        m = content.module
        parts += [f"## Module {m.number}: {m.title}", ""]
        for r in m.references:
            parts.append(
                f"- {r.citation}"
                + (f" <{r.url}>" if r.url else "")
                + (f" (accessed {r.accessed:%d %B %Y})" if r.accessed else "")
            )
        parts.append("")
    return GeneratedPage("references.md", "References", "\n".join(parts))


# --- case studies ------------------------------------------------------------


def case_uri(content: CaseContent) -> str:
    return f"case-studies/{content.case.id}.md"


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
| Content last reviewed | {case.reviewed:%B %Y} |
| Content next reviewed | {case.next_review:%B %Y} (the course's review of this case, not yours) |
| Clinical sign-off | {_cell(signoff.case_status(content).line())} |

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
        "Your answers are scored as you go. A case counts in My CPD record, with its CPD minutes, once you have "
        "answered every question; if your CPD lead marks case studies, you can also download a submission for them.\n\n"
        "| Case | What it covers | CPD minutes |\n| --- | --- | --- |\n" + "\n".join(rows) + "\n"
    )
    return [GeneratedPage("case-studies/index.md", "Case studies", index), *pages]


def case_navigation(course: Course) -> list[Any]:
    return [{"All case studies": "case-studies/index.md"}, *({c.case.title: case_uri(c)} for c in course.cases)]


def course_map(course: Course) -> str:
    """The home page's course map ([[course-map]]): modules and case studies in order, with times."""
    modules = [
        {
            "id": c.module.id,
            "title": f"Module {c.module.number}: {c.module.title}",
            "minutes": c.module.cpd_minutes,
            "path": html_path(overview_uri(c)),  # the module's first page
        }
        for c in course.modules
    ]
    cases = [
        {
            "id": c.case.id,
            "title": c.case.title,
            "minutes": c.case.cpd_minutes,
            "path": html_path(case_uri(c)),
            "items": [
                {"id": item.id, **({"professions": list(item.professions)} if item.professions else {})}
                for item in c.case.items()
            ],
        }
        for c in course.cases
    ]
    return course_map_widget(modules, cases)


def course_pages(course: Course, settings: Settings) -> list[GeneratedPage]:
    pages = [page for content in course.modules for page in module_pages(content, settings)]
    return [*pages, *case_pages(course), references_page(course)]


def navigation(course: Course, only: str | None = None) -> list[dict[str, Any]]:
    """Nav entries (MkDocs' shape, also plain data) for the modules section: every module, or `only` that one."""
    entries = []
    for content in course.modules:
        m = content.module
        if only is not None and m.id != only:
            continue
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
        "course_title": settings.title,
        "professions": professions.catalogue_entry(),
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
                # the module's pages in order: where a learner in an LMS can be brought back to
                "pages": [
                    {"path": html_path(overview_uri(c)), "title": "Overview"},
                    *({"path": html_path(lesson_uri(c, lesson.slug)), "title": lesson.title} for lesson in c.lessons),
                    {"path": html_path(questions_uri(c)), "title": "Check your learning"},
                ],
                "confidence_question": confidence_question(c.module),
                "reflection_prompts": list(c.module.reflection_prompts),
                "outcomes": [o.text for o in c.module.outcomes],  # listed on the certificate
            }
            for c in course.modules
        ],
        # a case study the learner has finished: the record, the certificate and the home page count it
        "cases": [
            {
                "id": c.case.id,
                "title": c.case.title,
                "cpd_minutes": c.case.cpd_minutes,
                "outcomes": [o.text for o in c.case.outcomes],
                # its questions (some for certain professions only); written answers are self-assessed
                "items": [
                    {
                        "id": item.id,
                        **({"professions": list(item.professions)} if item.professions else {}),
                        **({"self_assessed": True} if item.type == "free_text" else {}),
                    }
                    for item in c.case.items()
                ],
            }
            for c in course.cases
        ],
    }


def model_answer_uri(case_id: str) -> str:
    """Site path of a case's model answers: a script the case page loads only once the learner
    has submitted a written answer, so they are in no page's source and no search index."""
    return f"mskcpd/model-answers/{case_id}.js"


def model_answer_scripts(course: Course) -> dict[str, str]:
    """Each case with written answers: its model answers (HTML) by question id, as a script
    (a script, not JSON to fetch: a script loads from disk too)."""
    scripts = {}
    for c in course.cases:
        answers = {i.id: block_html(i.model_answer) for i in c.case.items() if isinstance(i, FreeTextItem)}
        if answers:
            scripts[model_answer_uri(c.case.id)] = (
                f"(window.MSKCPD_MODEL_ANSWERS = window.MSKCPD_MODEL_ANSWERS || {{}})[{json_for_script(c.case.id)}] = "
                f"{json_for_script(answers)};\n"
            )
    return scripts


# What only the bigger parts read (record, certificate, confidence check, SCORM), left out of core_catalogue.
CORE_LEAVES_OUT = {
    "modules": ("pages", "confidence_question", "reflection_prompts", "outcomes"),
    "cases": ("outcomes", "items"),  # items: case pages, the record and the home page count finished cases
}


def core_catalogue(course: Course, settings: Settings) -> dict[str, Any]:
    """The catalogue for pages that load only the core (store.js and the review banner):
    without professions and the fields in CORE_LEAVES_OUT, a fifth of the size."""
    out = {key: value for key, value in catalogue(course, settings).items() if key != "professions"}
    for key, dropped in CORE_LEAVES_OUT.items():
        out[key] = [{k: v for k, v in entry.items() if k not in dropped} for entry in out[key]]
    return out


def catalogue_script(course: Course, settings: Settings, data: dict[str, Any] | None = None) -> str:
    # the script's own URL gives the site root, on a web host or from disk
    return (
        f"window.MSKCPD_CATALOGUE = {json_for_script(catalogue(course, settings) if data is None else data)};\n"
        'window.MSKCPD_CATALOGUE_ROOT = new URL("../", document.currentScript.src).href;\n'
    )


def substitute_slots(page_html: str, slots: dict[str, str]) -> str:
    for name, fragment in slots.items():
        page_html = page_html.replace(slot_paragraph(name), fragment)
    return page_html


def global_slots(course: Course) -> dict[str, str]:
    """The widgets any authored page may hold, by slot name: the fixed ones and this course's map."""
    return {**GLOBAL_SLOTS, "course-map": course_map(course), "record": record_table(course)}


def record_table(course: Course) -> str:
    """My CPD record's tables, with a row for each module and case study (record.js fills them in)."""
    modules = [
        {
            "number": c.module.number,
            "title": c.module.title,
            "items": len(c.bank.items),
            "cpd_minutes": c.module.cpd_minutes,
        }
        for c in course.modules
    ]
    cases = [{"title": c.case.title, "cpd_minutes": c.case.cpd_minutes} for c in course.cases]
    return record_widget(modules, cases)


GLOBAL_SLOTS = {  # slots of the authored pages that do not depend on the course (global_slots adds the rest)
    "progress-all": progress_widget(None),
    "record": record_widget(),
    "profile": profile_widget(),
    "review-record": review_record_widget(),
    "reflections": reflections_widget(),
    "certificate": certificate_widget(),
    "reviews-due": reviews_due_widget(),
}
