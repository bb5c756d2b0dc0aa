"""What every file from a learner gets, a record or a case-study submission: a size limit, JSON read
strictly, the learner's identity checked and turned into a student id, and `Rejected` (the reason and the fix).

The gradebook's submission reader (`grader.gradebook.submission`) uses these too: the gradebook may use
records, and records may not use the gradebook (DESIGN.md, "Inside grader/").
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from typing import Any

MAX_NOTEBOOK_BYTES = 5 * 1024 * 1024  # a case-study submission is a few kB
MAX_NAME = 128  # nbgrader's student name and email columns hold 128 characters
MAX_REGISTRATION = 64
EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"\\]+@[^@\s<>()\[\],;:\"\\]+\.[^@\s<>()\[\],;:\"\\]+$")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
RESUBMIT = "ask the learner to download the submission again from the case-study page and send that file unchanged"


def show(value: Any, limit: int = 60) -> str:
    """A value from a submission, quoted, short and printable, for a reason line."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class Rejected(Exception):
    """A learner's file (a submission, a record) that cannot be used: what is wrong, and what fixes it."""

    def __init__(self, reason: str, fix: str = RESUBMIT):
        super().__init__(reason)
        self.reason = reason
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.reason} ({self.fix})"

    def __reduce__(self) -> tuple[type[Rejected], tuple[str, str]]:
        return Rejected, (self.reason, self.fix)  # the fix too, across processes (grader collect reads in workers)


def student_id(email: str) -> str:
    """Stable and filesystem-safe: a slug of the e-mail's local part and 8 hex of its sha256."""
    email = email.strip().lower()
    local = unicodedata.normalize("NFKD", email.split("@", 1)[0]).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", local).strip("-")[:32].strip("-") or "learner"
    return f"{slug}-{hashlib.sha256(email.encode('utf-8')).hexdigest()[:8]}"


# --- reading JSON --------------------------------------------------------------


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_json(data: bytes) -> Any:
    if len(data) > MAX_NOTEBOOK_BYTES:
        raise Rejected(
            f"file is larger than {MAX_NOTEBOOK_BYTES // (1024 * 1024)} MB, far larger than any case-study submission",
            "check that this is the notebook downloaded from the case-study page",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Rejected(
            "not UTF-8 text, so not a notebook", "check that this is the .ipynb downloaded from the case-study page"
        ) from None
    try:
        return json.loads(text, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        ends_early = exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string")
        where = (
            "the file ends too early (truncated?)" if ends_early else f"line {exc.lineno} column {exc.colno}: {exc.msg}"
        )
        raise Rejected(f"not valid JSON: {where}", "the file is damaged; " + RESUBMIT) from None
    except RecursionError:
        raise Rejected(
            "not valid JSON: nested too deeply to be a notebook", "the file is damaged; " + RESUBMIT
        ) from None
    except MemoryError:
        raise Rejected("too large to read as JSON", "the file is damaged; " + RESUBMIT) from None
    except ValueError as exc:  # NaN or Infinity, which JSON does not have
        raise Rejected(f"not valid JSON: {exc}", "the file is damaged; " + RESUBMIT) from None
