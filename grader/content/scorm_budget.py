"""SCORM 1.2 keeps a module's answers in `cmi.suspend_data`, at most 4,096 characters. The
browser writes them compactly (grader/site/assets/src/scorm.js, `encode`); this is the same
encoding of the longest answers a bank allows, so `grader check` can say when a module no
longer fits. tests/test_scorm.py checks in Chromium that both give the same length."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from .item_base import ItemBase

SUSPEND_DATA_LIMIT = 4096
WORST_SCORE = 1 / 7  # 0.14285714285714285: the most digits a score in 0..1 takes
WORST_STATUS = "unit_mismatch"  # the longest status that a score does not imply
WORST_TIME = dt.datetime(2099, 12, 31, 23, 59, 59, 999000, tzinfo=dt.UTC)
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def base36(number: int) -> str:
    """As JavaScript's Number.prototype.toString(36), for a whole number >= 0."""
    out = ""
    while True:
        number, digit = divmod(number, 36)
        out = DIGITS[digit] + out
        if not number:
            return out


def worst_suspend_data(module_id: str, items: Sequence[ItemBase]) -> str:
    """The suspend_data of every question answered with its longest response."""
    at = base36(int(WORST_TIME.timestamp() * 1000))
    answers = {item.id: [item.longest_response(), WORST_SCORE, at, WORST_STATUS] for item in items}
    return json.dumps({"v": 1, "m": module_id, "i": answers}, ensure_ascii=False, separators=(",", ":"))


def characters(text: str) -> int:
    """Length as the browser and the LMS count it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2
