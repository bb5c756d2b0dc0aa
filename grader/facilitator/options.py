"""Choice questions (single, multiple, ordering) as the group sees them: lettered options in a stable order."""

from __future__ import annotations

import hashlib
from typing import TypeVar

from grader.content.item_base import Option
from grader.facilitator.myst import inline

OptionT = TypeVar("OptionT", bound=Option)

LETTERS = "ABCDEFGHIJKL"


def display_order(item_id: str, options: list[OptionT], fixed: bool) -> list[OptionT]:
    """The order the group sees: as authored if fixed, else a stable shuffle, so the
    right answer is not always where the author happened to put it."""
    if fixed:
        return list(options)
    return sorted(options, key=lambda o: hashlib.sha256(f"{item_id}/{o.id}".encode()).hexdigest())


def options_for_group(options: list[Option]) -> str:
    return "\n".join(f"- **{LETTERS[i]}.** {inline(o.text)}" for i, o in enumerate(options))


def letter(options: list[Option], option_id: str) -> str:
    return next(LETTERS[i] for i, o in enumerate(options) if o.id == option_id)
