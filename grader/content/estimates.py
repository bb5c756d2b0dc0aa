"""How long a module takes, as the course estimates it: reading its lessons at 200 words a
minute, plus 1.5 minutes for each question. `grader check` warns when a module's
`cpd_minutes` has drifted far from the estimate (content added or cut since it was set)."""

from __future__ import annotations

import re
from pathlib import Path

from .models import ModuleContent
from .yamlfile import Problem

WORDS_A_MINUTE = 200
MINUTES_A_QUESTION = 1.5
# A module may add reading the words do not show (a rendered referral directory, a
# table of red flags): warn only beyond this share of the estimate, or 5 minutes.
TOLERANCE = 0.15
WORD = re.compile(r"[^\W_][\w'’-]*")


def estimate(content: ModuleContent) -> float:
    words = sum(len(WORD.findall(lesson.markdown)) for lesson in content.lessons)
    return words / WORDS_A_MINUTE + MINUTES_A_QUESTION * len(content.bank.items)


def cpd_minutes_warnings(root: Path, modules: list[ModuleContent]) -> list[Problem]:
    out = []
    for content in modules:
        expected, stated = estimate(content), content.module.cpd_minutes
        if abs(stated - expected) <= max(5.0, TOLERANCE * expected):
            continue
        path = f"{content.folder}/module.yml"
        lines = (root / path).read_text(encoding="utf-8").splitlines()
        line = next((n for n, text in enumerate(lines, 1) if text.startswith("cpd_minutes:")), 1)
        message = (
            f"`cpd_minutes: {stated}` differs from the course's estimate of about {round(expected)} minutes "
            f"(the lessons' words at {WORDS_A_MINUTE} a minute plus {MINUTES_A_QUESTION:g} minutes for each of "
            f"{len(content.bank.items)} questions): if the module has grown or shrunk since it was set, update it"
        )
        out.append(Problem(path, line, message))
    return out
