"""The facilitator's pack: a jupyter-book 1.x project built from the case studies.

Pure functions turn the loaded course into the text of each file (`project_files`);
`write_project` writes them to a folder, which `jupyter-book build` turns into HTML
(`make facilitator`). The pack holds every model answer and its reasoning, so it is
for facilitators only: nothing here is used by the trainee site.

The project is set up to build and to be read with no network: no MathJax, Thebe
or comments from a CDN, no intersphinx inventories, nothing from another host.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from grader.content.language import AVOID, CRISIS_MARKER, DIRECTORY_MARKER, discusses_suicide
from grader.content.models import (
    CaseContent,
    CaseStudy,
    ConsultationItem,
    Course,
    FreeTextItem,
    MatchingItem,
    MultipleItem,
    NumericItem,
    OrderingItem,
    Service,
    SingleItem,
)
from grader.scoring import score_consultation

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

GUIDE_SOURCES = [
    # seed 004: the ECHO session format and its evaluation
    "Arthritis and Musculoskeletal Alliance (ARMA). Chronic pain roundtable report. 2019. Case study: "
    "Project ECHO: use of videoconferencing to provide a learning community for primary healthcare professionals.",
    "Dazzi T, Gribble R, Wessely S, Fear NT. Does asking about suicide and related behaviours induce suicidal "
    "ideation? What is the evidence? Psychological Medicine 2014;44(16):3361-3. doi:10.1017/S0033291714001299",
    "Safe-language guidance on suicide published by suicide-prevention organisations (for example \"died by "
    "suicide\", \"suicide attempt\"; exact wording varies between guides).",
]

TYPE_NAMES = {
    "single": "single best answer",
    "multiple": "multiple response",
    "numeric": "calculation",
    "ordering": "put in order",
    "matching": "matching",
    "consultation": "branching consultation",
    "free_text": "free text, marked by a person",
}
PROFESSION_NAMES = {
    "doctor": "doctors",
    "nurse": "nurses",
    "pharmacist": "pharmacists",
    "physiotherapist": "physiotherapists",
    "occupational-therapist": "occupational therapists",
    "other": "other professions",
}
LETTERS = "ABCDEFGHIJKL"


# --- text ------------------------------------------------------------------


def avoided(text: str) -> str:
    """[[avoid: x]] as a quoted phrase said in words to be language to avoid (not by style alone)."""
    return AVOID.sub(lambda m: f"\u201c{' '.join(m.group('phrase').split())}\u201d *(language to avoid)*", text)


# lines MyST reads as syntax CommonMark does not have: a comment, a block break, a target
_MYST_LINE_START = re.compile(r"^(\s*)(%|\+\+\+|\((?=[^\n]*\)=\s*$))", re.MULTILINE)


def md(text: str) -> str:
    """Authored Markdown as MyST: language to avoid marked in words; a line that MyST
    would read as a comment (`%`), block break (`+++`) or target (`(x)=`) kept as text."""
    text = _MYST_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), avoided(text))
    return text.replace("{{", "{\u200b{")  # never a substitution


def inline(text: str) -> str:
    """One line of Markdown, for list items and table cells."""
    return md(" ".join(text.split())).replace("|", "\\|")


def indent(text: str, by: int) -> str:
    pad = " " * by
    return "\n".join(pad + line if line.strip() else "" for line in text.strip("\n").split("\n"))


def bullet(label: str, body: str) -> str:
    """A list item whose body may run to several paragraphs."""
    first, *rest = body.strip("\n").split("\n")
    lines = [f"- {label}{first}"] + [("  " + line if line.strip() else "") for line in rest]
    return "\n".join(lines)


def dropdown(title: str, body: str, open_: bool = False) -> str:
    """A folded section (an HTML <details>): the facilitator opens it after the group's suggestions."""
    return f"::::{{dropdown}} {title}\n{':open:' + chr(10) if open_ else ''}\n{body.strip()}\n::::"


def sentence(text: str) -> str:
    """Ends with a full stop unless it already ends a sentence, inside a quotation or not."""
    text = text.rstrip()
    if text.rstrip("\"'\u201d\u2019*_").endswith((".", "!", "?")):
        return text
    return text + "."


def number(value: float) -> str:
    return f"{value:g}"


def display_order(item_id: str, options: list[Any], fixed: bool) -> list[Any]:
    """The order the group sees: as authored if fixed, else a stable shuffle, so the
    right answer is not always where the author happened to put it."""
    if fixed:
        return list(options)
    return sorted(options, key=lambda o: hashlib.sha256(f"{item_id}/{o.id}".encode()).hexdigest())


# --- crisis contacts -------------------------------------------------------


def contact(service: Service) -> str:
    parts = []
    if service.phone:
        parts.append(f"Call {service.phone}.")
    if service.text_message:
        parts.append(sentence(inline(service.text_message)))
    if service.url:
        parts.append(f"<{service.url}>")
    return " ".join(parts)


def service_line(service: Service) -> str:
    return " ".join(x for x in [f"- **{inline(service.name)}**:", sentence(inline(service.description)), contact(service)] if x)


def crisis_contacts(services: list[Service]) -> str:
    crisis = [s for s in services if s.category == "crisis"]
    staff = [s for s in services if s.category == "staff-support"]
    lines = ["If someone in the group, or someone they are talking about, needs help now:", ""]
    lines += [service_line(s) for s in crisis] or ["- Call 999 or go to A&E if a life is at risk now."]
    if staff:
        lines += ["", "Support for you and the group as staff:", ""] + [service_line(s) for s in staff]
    return "\n".join(lines)


def crisis_box(services: list[Service]) -> str:
    return f":::{{admonition}} Crisis contacts\n:class: danger\n\n{crisis_contacts(services)}\n:::"


# --- timings ---------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    activity: str
    minutes: int


def _split(total: int, weights: list[float]) -> list[int]:
    """Whole minutes in proportion to the weights, adding up to `total` exactly."""
    if not weights:
        return []
    exact = [total * w / sum(weights) for w in weights]
    whole = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: exact[i] - whole[i], reverse=True)
    for i in by_remainder[: total - sum(whole)]:
        whole[i] += 1
    return whole


def stage_weight(stage) -> float:
    # reading the stage, plus each question; a consultation or free text takes longer
    return 1 + sum(2 if q.type in ("consultation", "free_text") else 1 for q in stage.questions)


def timing_plan(case: CaseStudy) -> list[Slot]:
    """A session plan that adds up to the case's `timing_minutes`, in the ECHO order:
    the case presented part by part (questions, then suggestions, then the model answers),
    then open discussion, then a close."""
    total = case.facilitation.timing_minutes
    opening = max(1, round(total * 0.1))
    closing = max(1, round(total * 0.1))
    discussion = max(1, round(total * 0.2))
    stages = _split(max(0, total - opening - closing - discussion), [stage_weight(s) for s in case.stages])
    slots = [Slot("Welcome, ground rules and crisis contacts; who presents the case", opening)]
    for n, (stage, minutes) in enumerate(zip(case.stages, stages), 1):
        questions = len(stage.questions)
        what = f"{questions} question{'s' if questions != 1 else ''}" if questions else "no questions"
        slots.append(Slot(f"Part {n}: {stage.title} (read it; {what}; questions, suggestions, then the model answers)", minutes))
    slots.append(Slot("Discussion prompts", discussion))
    slots.append(Slot("Summary, one thing each person will do differently, and a check on how everyone is", closing))
    extra = total - sum(s.minutes for s in slots)  # only when the case is too short for every slot
    if extra:
        last = slots[-1]
        slots[-1] = Slot(last.activity, last.minutes + extra)
    return slots


def timing_table(slots: list[Slot]) -> str:
    rows = ["| Activity | Minutes |", "| --- | ---: |"]
    rows += [f"| {inline(s.activity)} | {s.minutes} |" for s in slots]
    rows.append(f"| **Total** | **{sum(s.minutes for s in slots)}** |")
    return "\n".join(rows)


# --- model answers, one function per item type ---------------------------------


def _options_for_group(item: SingleItem | MultipleItem | OrderingItem, options: list[Any]) -> str:
    return "\n".join(f"- **{LETTERS[i]}.** {inline(o.text)}" for i, o in enumerate(options))


def _letter(options: list[Any], option_id: str) -> str:
    return next(LETTERS[i] for i, o in enumerate(options) if o.id == option_id)


def answer_single(item: SingleItem) -> tuple[str, str]:
    options = display_order(item.id, item.options, item.fixed_order)
    right = next(o for o in options if o.id == item.answer)
    lines = [f"**Answer: {_letter(options, item.answer)}.** {inline(right.text)}", "", "Why each option is right or wrong:", ""]
    for i, o in enumerate(options):
        mark = "\u2714 right" if o.id == item.answer else "\u2718 wrong"
        lines.append(bullet(f"**{LETTERS[i]}** ({mark}): ", md(o.feedback)))
    return _options_for_group(item, options), "\n".join(lines)


def answer_multiple(item: MultipleItem) -> tuple[str, str]:
    options = display_order(item.id, item.options, item.fixed_order)
    right = [o for o in options if o.id in item.answer]
    letters = ", ".join(_letter(options, o.id) for o in right)
    lines = [f"**Answer: {letters}** ({len(right)} of {len(options)} options; each wrong pick cancels a right one).", "", "Why each option is in or out:", ""]
    for i, o in enumerate(options):
        mark = "\u2714 include" if o.id in item.answer else "\u2718 leave out"
        lines.append(bullet(f"**{LETTERS[i]}** ({mark}): ", md(o.feedback)))
    return _options_for_group(item, options), "\n".join(lines)


def _band(band, unit: str) -> str:
    if band.min is not None and band.max is not None:
        return f"from {number(band.min)} to {number(band.max)}{unit}"
    if band.max is not None:
        return f"{number(band.max)}{unit} or less"
    return f"{number(band.min)}{unit} or more"


def answer_numeric(item: NumericItem) -> tuple[str, str]:
    unit = f" {item.unit}" if item.unit else ""
    group = []
    if item.unit:
        units = [item.unit, *item.unit_options]
        group.append(f"Answer in {item.unit}" + (f" (the units offered are {', '.join(units)})." if item.unit_options else "."))
    lines = [f"**Answer: {number(item.answer)}{unit}**"]
    if item.tolerance:
        lines[0] += f" (accepted from {number(item.answer - item.tolerance)} to {number(item.answer + item.tolerance)}{unit})"
    else:
        lines[0] += " (exactly)"
    if item.unit_options:
        lines[0] += f"; an answer in {', '.join(item.unit_options)} scores 0"
    lines[0] += "."
    lines += ["", bullet("**Reasoning:** ", md(item.feedback.correct)), bullet("**If the group gets it wrong:** ", md(item.feedback.incorrect))]
    if item.unsafe:
        lines += ["", "**Unsafe answers** (these would harm a person; say why):", ""]
        lines += [bullet(f"**{_band(b, unit)}**: ", md(b.feedback)) for b in item.unsafe]
    return "\n".join(group), "\n".join(lines)


def answer_ordering(item: OrderingItem) -> tuple[str, str]:
    options = display_order(item.id, item.options, False)
    by_id = {o.id: o for o in item.options}
    lines = ["**The right order:**", ""]
    for n, option_id in enumerate(item.answer, 1):
        o = by_id[option_id]
        marker = f"{n}. "
        lines.append(f"{marker}**{_letter(options, o.id)}.** {inline(o.text)}" + "\n" + indent(md(o.feedback), len(marker)))
    lines += ["", "**Reasoning:**", "", md(item.feedback)]
    return _options_for_group(item, options), "\n".join(lines)


def answer_matching(item: MatchingItem) -> tuple[str, str]:
    choices = {c.id: c for c in item.choices}
    group = ["Situations:", ""] + [f"{n}. {inline(p.text)}" for n, p in enumerate(item.premises, 1)]
    group += ["", "Choices (some may fit more than one situation, or none):", ""] + [f"- {inline(c.text)}" for c in item.choices]
    lines = []
    for n, p in enumerate(item.premises, 1):
        lines.append(bullet(f"**{n}. \u2192 {inline(choices[p.answer].text)}.** ", md(p.feedback)))
    unused = [c for c in item.choices if c.id not in {p.answer for p in item.premises}]
    if unused:
        lines += ["", "Not the best fit for any situation: " + "; ".join(inline(c.text) for c in unused) + "."]
    return "\n".join(group), "\n".join(lines)


def consultation_paths(item: ConsultationItem) -> list[tuple[list[str], float]]:
    """Every complete path through the consultation (choice ids, start to end) with its score."""
    nodes = {n.id: n for n in item.nodes}
    paths: list[tuple[list[str], float]] = []

    def walk(node_id: str, taken: list[str]) -> None:
        for choice in nodes[node_id].choices:
            path = taken + [choice.id]
            if choice.next in nodes:  # `grader check` rejects loops, so every path ends
                walk(choice.next, path)
            else:
                paths.append((path, score_consultation(item, path).score))

    walk(item.start, [])
    return paths


def best_paths(item: ConsultationItem) -> list[list[str]]:
    paths = consultation_paths(item)
    top = max(score for _, score in paths)
    return [path for path, score in paths if abs(score - top) < 1e-9]


def answer_consultation(item: ConsultationItem) -> tuple[str, str]:
    nodes = {n.id: n for n in item.nodes}
    choices = {c.id: (n, c) for n in item.nodes for c in n.choices}
    behaviours = {b.id: b for b in item.behaviours}
    start = nodes[item.start]
    group = f"The person opens with: {inline(start.patient)}"

    they_say = f"*{inline(item.person)} says:*" if item.person else "*They say:*"
    lines = []
    best = best_paths(item)
    score = score_consultation(item, best[0]).score
    heading = "**The best path**" if len(best) == 1 else f"**The best paths** ({len(best)}, equally good)"
    lines += [f"{heading} (scores {score:.0%}):", ""]
    for k, path in enumerate(best, 1):
        if len(best) > 1:
            lines += [f"Path {k}:", ""]
        for step, choice_id in enumerate(path, 1):
            node, choice = choices[choice_id]
            lines.append(f"{step}. {they_say} {inline(node.patient)}  \n   *You say:* {inline(choice.text)}")
        lines.append("")

    good = [b for b in item.behaviours if b.kind == "good"]
    harmful = [b for b in item.behaviours if b.kind == "harmful"]
    lines += ["**Behaviours scored** (good ones earn their weight; harmful ones cost theirs):", ""]
    lines += ["| Behaviour | Kind | Weight |", "| --- | --- | ---: |"]
    lines += [f"| {inline(b.label)} | {b.kind} | {number(b.weight)} |" for b in good + harmful]
    lines += ["", "**Every choice, with its feedback:**", ""]
    point = {n.id: k for k, n in enumerate(item.nodes, 1)}
    for node in item.nodes:
        lines += [f"**Point {point[node.id]}.** {they_say} {inline(node.patient)}", ""]
        for choice in node.choices:
            shown = ", ".join(("\u2714 " if behaviours[b].kind == "good" else "\u2718 ") + inline(behaviours[b].label) for b in choice.behaviours)
            then = f"Then: point {point[choice.next]}." if choice.next in nodes else "The conversation ends."
            scored = sentence(f"Scored: {shown}") if shown else "Nothing scored."
            lines.append(bullet("*You say:* ", f"{inline(choice.text)}\n\n{md(choice.feedback)}\n\n{scored} {then}"))
        lines.append("")
    lines += ["**Overall:**", "", md(item.feedback)]
    return group, "\n".join(lines)


def answer_free_text(item: FreeTextItem) -> tuple[str, str]:
    group = f"Up to {item.max_length} characters."
    total = sum(c.points for c in item.rubric)
    lines = ["**Model answer:**", "", md(item.model_answer), "", f"**Rubric** ({number(total)} point{'s' if total != 1 else ''}; the site scores it provisionally by keywords, and a person always reviews it):", ""]
    for c in item.rubric:
        keywords = ", ".join(f"\u201c{inline(k)}\u201d" for k in c.keywords)
        body = md(c.feedback) + f"\n\nKeywords: {keywords}."
        lines.append(bullet(f"**{inline(c.criterion)}** ({number(c.points)}): ", body))
    return group, "\n".join(lines)


ANSWERS = {
    "single": answer_single,
    "multiple": answer_multiple,
    "numeric": answer_numeric,
    "ordering": answer_ordering,
    "matching": answer_matching,
    "consultation": answer_consultation,
    "free_text": answer_free_text,
}


def question_markdown(item: Any, label: str) -> str:
    """A question as the group sees it, then its model answer folded away."""
    group, answer = ANSWERS[item.type](item)
    meta = f"*{TYPE_NAMES[item.type].capitalize()}; outcome {item.outcome}"
    if item.professions:
        meta += "; for " + ", ".join(PROFESSION_NAMES[p] for p in item.professions)
    meta += f"; source: {item.source}.*"
    parts = [f"#### Question {label}", "", meta, ""]
    if item.context:
        parts += [md(item.context), ""]
    parts += [f"**{inline(item.stem)}**", ""]
    if group:
        parts += [group, ""]
    parts.append(dropdown(f"Model answer and reasoning: question {label}", answer))
    return "\n".join(parts)


# --- pages -----------------------------------------------------------------


def case_page_name(content: CaseContent) -> str:
    return f"cases/{content.case.id}.md"


def _case_text(case: CaseStudy) -> str:
    return json.dumps(case.model_dump(mode="json"), ensure_ascii=False)


def case_markdown(content: CaseContent, course: Course) -> str:
    """One case: summary, outcomes, timing plan, the story part by part with each
    question's model answer, discussion prompts and references."""
    case = content.case
    titles = {c.module.id: f"Module {c.module.number}: {c.module.title}" for c in course.modules}
    modules = "; ".join(inline(titles.get(m, m)) for m in case.modules)
    parts = [
        f"# {inline(case.title)}",
        "",
        md(case.summary),
        "",
        f"- **Session time:** {case.facilitation.timing_minutes} minutes",
        f"- **CPD time for a learner working alone:** {case.cpd_minutes} minutes",
        f"- **Modules:** {modules}",
        f"- **Questions:** {len(case.items())}",
        f"- **Last reviewed:** {case.reviewed:%d %B %Y}; next review due {case.next_review:%d %B %Y}",
        "",
        "Everyone in this case is fictional.",
        "",
    ]
    if discusses_suicide(_case_text(case)):
        parts += [
            "This case discusses suicidal thoughts. Tell the group before you start, keep the crisis "
            "contacts on screen, and follow the safe-messaging ground rules in the "
            "[facilitator's guide](../intro.md).",
            "",
            crisis_box(course.services()),
            "",
        ]
    parts += ["## Learning outcomes", ""]
    parts += [f"- **{o.id}.** {inline(o.text)}" for o in case.outcomes]
    parts += ["", "## Timing plan", "", timing_table(timing_plan(case)), ""]
    parts += [
        "Present each part, let the group ask questions about it and then make suggestions, "
        "and only then open the model answer.",
        "",
        "## The case",
        "",
    ]
    for n, stage in enumerate(case.stages, 1):
        parts += [f"### Part {n}: {inline(stage.title)}", "", md(_expand_markers(stage.narrative, course)), ""]
        for q, item in enumerate(stage.questions, 1):
            parts += [question_markdown(item, f"{n}.{q}"), ""]
    parts += ["## Discussion prompts", ""]
    parts += [f"{n}. {inline(p)}" for n, p in enumerate(case.facilitation.discussion_prompts, 1)]
    parts += ["", "## References", ""]
    for r in case.references:
        parts.append(f"- **{r.id}**: {inline(r.citation)}" + (f" <{r.url}>" if r.url else "") + (f" (accessed {r.accessed:%d %B %Y})" if r.accessed else ""))
    return "\n".join(parts) + "\n"


def _expand_markers(text: str, course: Course) -> str:
    lines = []
    for line in text.split("\n"):
        if line.strip() == CRISIS_MARKER:
            lines.append("\n" + crisis_box(course.services()) + "\n")
        elif line.strip() == DIRECTORY_MARKER:
            lines.append("(The course's referral directory lists the local services.)")
        else:
            lines.append(line)
    return "\n".join(lines)


def guide_markdown(course: Course) -> str:
    """The facilitator's guide: how to run an ECHO-style session, timings, ground rules."""
    rows = ["| Case | Session time | Questions | Modules |", "| --- | ---: | ---: | --- |"]
    for content in course.cases:
        case = content.case
        rows.append(f"| [{inline(case.title)}]({case_page_name(content)}) | {case.facilitation.timing_minutes} min | {len(case.items())} | {', '.join(case.modules)} |")
    cases = "\n".join(rows) if course.cases else "The course has no case studies yet."
    return f"""# Facilitator's guide

This pack is for running group discussions of the course's case studies. It holds
the **model answers** and the reasoning behind them: keep it to facilitators, and
do not share it with trainees before their session. Each case page has the story
part by part, each question with its answer folded away, discussion prompts and
references.

## How to run an ECHO-style session

Project ECHO (Extension for Community Healthcare Outcomes) connects an
interdisciplinary team of experts with a group of primary healthcare
professionals by videoconference, so that they can learn from each other
through real cases. The Ontario chronic pain programme described in the ARMA
chronic pain roundtable report (2019) runs weekly 90-minute sessions, each:

1. a 20-minute talk by one of the experts;
2. one or more anonymised cases presented by the professionals;
3. a round of questions about the case, then a round of suggestions from the
   professionals;
4. finally, the expert team's recommendations.

The presentations run on a cycle that people can join at any point; evaluation
found better self-efficacy and knowledge about chronic pain after taking part, and
people who presented cases were more satisfied than those who only attended
(ARMA chronic pain roundtable, 2019).

To run one of these cases the same way:

- **Teach briefly first** (up to 20 minutes): a lesson from one of the case's modules.
- **Ask someone to present the case**: give the presenter the case page before the
  session. Rotate the role; presenting is the most satisfying part. Participants
  may also bring their own cases, anonymised.
- **For each part of the case**: the presenter reads the story; the group asks
  questions to understand it; everyone answers the questions and makes
  suggestions; then you open the **model answer** and go through the reasoning,
  as the expert team would. The answers are folded so that you can share your
  screen without giving them away; printing the page opens them all.
- **Close with the discussion prompts**, and ask each person for one thing they
  will do differently.
- **Repeat the cases on a cycle**, so that people can join at any point.

## Suggested timings

Each case page has a timing plan that adds up to the session time below. If you
also teach in the same session, add up to 20 minutes for it: an ECHO session
runs 90 minutes in all.

{cases}

## Ground rules

Agree these at the start of every session:

- **Confidentiality.** What people share about themselves stays in the group.
  Anyone who brings a case from their own work anonymises it first: no names,
  dates, places or details that could identify someone.
- **Everyone in the cases is fictional.** Any likeness to a real person is
  chance. Still, a case may remind someone of a person they have cared for, or of
  their own life.
- **Safe messaging about suicide.** Talk about suicide directly and calmly:
  asking about it does not increase suicidal thoughts (Dazzi et al., 2014). Say
  "died by suicide" or "took their own life", and "suicide attempt"
  (suicide-prevention language guidance). Do not describe or discuss methods,
  and do not present suicide as a solution or as inevitable. Always end with
  where to get help.
- **Person-first language.** Say "person living with chronic pain", not a label.
  Where the pack quotes language to avoid, it says so in words.
- **Look after yourselves.** Tell the group before a case about suicide or
  self-harm begins. Anyone may step out at any time without explaining; check on
  them afterwards. Leave time at the end to ask how everyone is, and point
  people to the support below.

## Crisis contacts

Keep these on screen or printed during every session.

{crisis_contacts(course.services())}

## Sources

{chr(10).join("- " + source for source in GUIDE_SOURCES)}
"""


# --- the jupyter-book project ----------------------------------------------------


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
        "launch_buttons": {"thebe": False, "binderhub_url": "", "jupyterhub_url": "", "colab_url": "", "deepnote_url": ""},
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
    return "# Written by `grader facilitator`: edit grader/facilitator.py, not this file.\n" + json.dumps(config, indent=2) + "\n"


def toc_yaml(course: Course) -> str:
    toc: dict[str, Any] = {"format": "jb-book", "root": "intro"}
    if course.cases:
        toc["parts"] = [{"caption": "Case studies", "chapters": [{"file": case_page_name(c).removesuffix(".md")} for c in course.cases]}]
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
