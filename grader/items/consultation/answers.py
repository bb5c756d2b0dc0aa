from __future__ import annotations

from grader.facilitator.myst import bullet, inline, md, number, sentence

from .model import ConsultationItem
from .scoring import best_paths, score_consultation


def answer(item: ConsultationItem) -> tuple[str, str]:
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
