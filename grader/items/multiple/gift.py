from __future__ import annotations

from grader.exports.gift import field, inline, multiple_weights, percent, question, question_text, render

from .model import MultipleItem


def gift(item: MultipleItem) -> tuple[str, list[str]]:
    """`{~%50%a#feedback ~%-50%b#feedback ...}`: right picks share 100%, a wrong one costs one share."""
    qtext = question_text(item)
    rights, wrong, exact = multiple_weights(len(item.answer))
    weight_of = dict(zip(item.answer, rights, strict=True))  # one weight per right option
    lines = [
        f"~%{percent(weight_of.get(option.id, wrong))}%"
        + field(inline(option.text), qtext.fmt)
        + "#"
        + field(render(option.feedback), qtext.fmt)
        for option in item.options
    ]
    warnings = []
    if not exact:
        shares = ", ".join(f"{rights.count(w)} at {percent(w)}%" for w in sorted(set(rights), reverse=True))
        warnings.append(
            f"{item.id}: {len(item.answer)} right options cannot share 100% equally in Moodle's grades: "
            f"right options weighted {shares}, each wrong one {percent(wrong)}%"
        )
    return question(item.id, qtext, lines), warnings
