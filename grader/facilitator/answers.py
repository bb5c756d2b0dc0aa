"""Each question as the group sees it, then its model answer and reasoning: one function per item type."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from grader.content.models import (
    ConsultationItem,
    FreeTextItem,
    MatchingItem,
    MultipleItem,
    NumericItem,
    OrderingItem,
    SingleItem,
    UnsafeBand,
)
from grader.facilitator.consultation import best_paths
from grader.facilitator.myst import bullet, dropdown, indent, inline, md, number, sentence
from grader.scoring import score_consultation

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


def display_order(item_id: str, options: list[Any], fixed: bool) -> list[Any]:
    """The order the group sees: as authored if fixed, else a stable shuffle, so the
    right answer is not always where the author happened to put it."""
    if fixed:
        return list(options)
    return sorted(options, key=lambda o: hashlib.sha256(f"{item_id}/{o.id}".encode()).hexdigest())


def _options_for_group(item: SingleItem | MultipleItem | OrderingItem, options: list[Any]) -> str:
    return "\n".join(f"- **{LETTERS[i]}.** {inline(o.text)}" for i, o in enumerate(options))


def _letter(options: list[Any], option_id: str) -> str:
    return next(LETTERS[i] for i, o in enumerate(options) if o.id == option_id)


def answer_single(item: SingleItem) -> tuple[str, str]:
    options = display_order(item.id, item.options, item.fixed_order)
    right = next(o for o in options if o.id == item.answer)
    lines = [
        f"**Answer: {_letter(options, item.answer)}.** {inline(right.text)}",
        "",
        "Why each option is right or wrong:",
        "",
    ]
    for i, o in enumerate(options):
        mark = "\u2714 right" if o.id == item.answer else "\u2718 wrong"
        lines.append(bullet(f"**{LETTERS[i]}** ({mark}): ", md(o.feedback)))
    return _options_for_group(item, options), "\n".join(lines)


def answer_multiple(item: MultipleItem) -> tuple[str, str]:
    options = display_order(item.id, item.options, item.fixed_order)
    right = [o for o in options if o.id in item.answer]
    letters = ", ".join(_letter(options, o.id) for o in right)
    lines = [
        f"**Answer: {letters}** ({len(right)} of {len(options)} options; each wrong pick cancels a right one).",
        "",
        "Why each option is in or out:",
        "",
    ]
    for i, o in enumerate(options):
        mark = "\u2714 include" if o.id in item.answer else "\u2718 leave out"
        lines.append(bullet(f"**{LETTERS[i]}** ({mark}): ", md(o.feedback)))
    return _options_for_group(item, options), "\n".join(lines)


def _band(band: UnsafeBand, unit: str) -> str:
    if band.min is not None and band.max is not None:
        return f"from {number(band.min)} to {number(band.max)}{unit}"
    if band.max is not None:
        return f"{number(band.max)}{unit} or less"
    if band.min is not None:
        return f"{number(band.min)}{unit} or more"
    raise ValueError(f"an unsafe band needs a min, a max or both: {band!r}")  # `grader check` allows no other


def answer_numeric(item: NumericItem) -> tuple[str, str]:
    unit = f" {item.unit}" if item.unit else ""
    group = []
    if item.unit:
        units = [item.unit, *item.unit_options]
        group.append(
            f"Answer in {item.unit}" + (f" (the units offered are {', '.join(units)})." if item.unit_options else ".")
        )
    lines = [f"**Answer: {number(item.answer)}{unit}**"]
    if item.tolerance:
        lines[0] += (
            f" (accepted from {number(item.answer - item.tolerance)} to {number(item.answer + item.tolerance)}{unit})"
        )
    else:
        lines[0] += " (exactly)"
    if item.unit_options:
        lines[0] += f"; an answer in {', '.join(item.unit_options)} scores 0"
    lines[0] += "."
    lines += [
        "",
        bullet("**Reasoning:** ", md(item.feedback.correct)),
        bullet("**If the group gets it wrong:** ", md(item.feedback.incorrect)),
    ]
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
        lines.append(
            f"{marker}**{_letter(options, o.id)}.** {inline(o.text)}" + "\n" + indent(md(o.feedback), len(marker))
        )
    lines += ["", "**Reasoning:**", "", md(item.feedback)]
    return _options_for_group(item, options), "\n".join(lines)


def answer_matching(item: MatchingItem) -> tuple[str, str]:
    choices = {c.id: c for c in item.choices}
    group = ["Situations:", ""] + [f"{n}. {inline(p.text)}" for n, p in enumerate(item.premises, 1)]
    group += ["", "Choices (some may fit more than one situation, or none):", ""] + [
        f"- {inline(c.text)}" for c in item.choices
    ]
    lines = []
    for n, p in enumerate(item.premises, 1):
        lines.append(bullet(f"**{n}. \u2192 {inline(choices[p.answer].text)}.** ", md(p.feedback)))
    unused = [c for c in item.choices if c.id not in {p.answer for p in item.premises}]
    if unused:
        lines += ["", "Not the best fit for any situation: " + "; ".join(inline(c.text) for c in unused) + "."]
    return "\n".join(group), "\n".join(lines)


def answer_consultation(item: ConsultationItem) -> tuple[str, str]:
    nodes = {n.id: n for n in item.nodes}
    choices = {c.id: (n, c) for n in item.nodes for c in n.choices}
    behaviours = {b.id: b for b in item.behaviours}
    start = nodes[item.start]
    group = f"The person opens with: {inline(start.patient)}"

    they_say = f"*{inline(item.person)} says:*"
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
            shown = ", ".join(
                ("\u2714 " if behaviours[b].kind == "good" else "\u2718 ") + inline(behaviours[b].label)
                for b in choice.behaviours
            )
            then = f"Then: point {point[choice.next]}." if choice.next in nodes else "The conversation ends."
            scored = sentence(f"Scored: {shown}") if shown else "Nothing scored."
            lines.append(bullet("*You say:* ", f"{inline(choice.text)}\n\n{md(choice.feedback)}\n\n{scored} {then}"))
        lines.append("")
    lines += ["**Overall:**", "", md(item.feedback)]
    return group, "\n".join(lines)


def answer_free_text(item: FreeTextItem) -> tuple[str, str]:
    group = f"Up to {item.max_length} characters."
    total = sum(c.points for c in item.rubric)
    lines = [
        "**Model answer:**",
        "",
        md(item.model_answer),
        "",
        f"**Rubric** ({number(total)} point{'s' if total != 1 else ''}; "
        "the site scores it provisionally by keywords, and a person always reviews it):",
        "",
    ]
    for c in item.rubric:
        keywords = ", ".join(f"\u201c{inline(k)}\u201d" for k in c.keywords)
        body = md(c.feedback) + f"\n\nKeywords: {keywords}."
        lines.append(bullet(f"**{inline(c.criterion)}** ({number(c.points)}): ", body))
    return group, "\n".join(lines)


ANSWERS: dict[str, Callable[[Any], tuple[str, str]]] = {
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
