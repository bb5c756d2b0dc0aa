"""Moodle's short answer: `{=answer#feedback ... =%0%*#feedback for any other answer}`
("*" alone is Moodle's answer that matches any response).

Moodle compares case-insensitively (its default, `usecase` 0) but keeps spaces and
punctuation, so an answer the site accepts ("phq 9" for "PHQ-9") may be wrong in Moodle:
a warning says so, and listing the common spellings as answers narrows the gap."""

from __future__ import annotations

from grader.exports.gift import escape, field, question, question_text, render

from .model import ShortAnswerItem

ANY_OTHER_ANSWER = "*"


def gift(item: ShortAnswerItem) -> tuple[str, list[str]]:
    qtext = question_text(item)
    lines = ["=" + escape(" ".join(a.text.split())) + "#" + field(render(a.feedback), qtext.fmt) for a in item.answers]
    lines.append(f"=%0%{ANY_OTHER_ANSWER}#" + field(render(item.incorrect_feedback), qtext.fmt))
    warning = (
        f"{item.id}: short answer: Moodle ignores case but not spaces or punctuation, so a spelling the site "
        "accepts may be marked wrong there: list each spelling learners may type as its own answer"
    )
    return question(item.id, qtext, lines), [warning]
