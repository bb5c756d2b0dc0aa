"""Clinical sign-off: what a reviewer signed, and whether the content has changed since.

Each module and case folder may hold `sign-off.yml` (`SignOffRecord`). A review holds the
digest of exactly the files the reviewer read; `grader check` reports content changed since
its last clinical sign-off, and `grader check --release` fails on that and on content that
no registered clinician has signed off yet. Nothing here invents a reviewer: a record is
written only by `grader sign-off`, with the reviewer's own details.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .language import RED_FLAGS_MARKER, RED_FLAGS_SUMMARY_MARKER
from .models import CaseContent, Course, ModuleContent, SignOff, SignOffRecord
from .yamlfile import Problem, YamlDoc

SIGN_OFF_FILE = "sign-off.yml"
RED_FLAGS_PATH = "referrals/red-flags.yml"

# Registers' number formats, and which register each profession is on.
REGISTRATION_NUMBER = {
    "GMC": (re.compile(r"^[0-9]{7}$"), "7 digits, e.g. 1234567"),
    "NMC": (
        re.compile(r"^[0-9]{2}[A-Z][0-9]{4}[A-Z]$"),
        "an NMC PIN: 2 digits, a letter, 4 digits, a letter, e.g. 12A3456E",
    ),
    "HCPC": (re.compile(r"^[A-Z]{2,3}[0-9]{4,6}$"), "the profession's letters and digits, e.g. PH123456 or OT12345"),
    "GPhC": (re.compile(r"^[0-9]{7}$"), "7 digits, e.g. 2071234"),
    "PSNI": (re.compile(r"^[0-9]{3,7}$"), "digits only"),
}
REGISTERS = {
    "doctor": ("GMC",),
    "nurse": ("NMC",),
    "pharmacist": ("GPhC", "PSNI"),
    "physiotherapist": ("HCPC",),
    "occupational-therapist": ("HCPC",),
}

State = Literal["signed", "changed", "awaiting"]


def module_files(root: Path, content: ModuleContent) -> list[Path]:
    """What a module's reviewer reads: module.yml, the lessons, the bank, and the red-flag
    data when a lesson shows the red-flag table."""
    folder = root / content.folder
    files = [folder / "module.yml", *sorted(folder.glob("*.md")), root / content.bank_path]
    if (root / RED_FLAGS_PATH).is_file() and any(
        marker in lesson.markdown
        for lesson in content.lessons
        for marker in (RED_FLAGS_MARKER, RED_FLAGS_SUMMARY_MARKER)
    ):
        files.append(root / RED_FLAGS_PATH)
    return files


def case_files(root: Path, content: CaseContent) -> list[Path]:
    """Every file in the case's folder (case.yml and any images) but its sign-off record."""
    folder = root / content.folder
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != SIGN_OFF_FILE)


def digest(root: Path, files: list[Path]) -> str:
    """sha256 over each file's path and bytes (line endings made LF, so a checkout on
    Windows signs the same content)."""
    h = hashlib.sha256()
    for path in files:
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(path.read_bytes().replace(b"\r\n", b"\n") + b"\0")
    return "sha256:" + h.hexdigest()


def registration_problems(review: SignOff) -> Iterator[tuple[str, str]]:
    """(field, message) for a registration number of the wrong form, or a register that is
    not the reviewer's profession's."""
    pattern = REGISTRATION_NUMBER.get(review.registration_body)
    if pattern and not pattern[0].match(review.registration_number):
        number = review.registration_number
        yield "registration_number", f"{number!r} is not a {review.registration_body} number: write {pattern[1]}"
    registers = REGISTERS.get(review.profession)
    if registers and review.registration_body not in registers:
        yield (
            "registration_body",
            f"a {review.profession} is registered with {' or '.join(registers)}, not {review.registration_body}: "
            "correct the profession or the register",
        )


def check_record(record: SignOffRecord, doc: YamlDoc, content_id: str, today: dt.date) -> Iterator[Problem]:
    if record.content != content_id:
        yield doc.problem(
            ("content",),
            f"this record signs off {record.content!r} but sits beside {content_id!r}: a sign-off record belongs to "
            "the content in its own folder",
        )
    for k, review in enumerate(record.reviews):
        at = ("reviews", k)
        for field, message in registration_problems(review):
            yield doc.problem((*at, field), message)
        if review.date > today:
            yield doc.problem(at + ("date",), "a sign-off date is in the future: use the date of the review")
        if k and review.date < record.reviews[k - 1].date:
            yield doc.problem(at + ("date",), "reviews are listed oldest first: move this one up, or correct its date")


@dataclass(frozen=True)
class Status:
    kind: Literal["module", "case"]
    id: str
    title: str
    path: str  # the sign-off record's path, relative to the project
    digest: str
    state: State
    review: SignOff | None  # the latest clinical review, if any

    def line(self) -> str:
        """For a learner: who reviewed the content, or that it awaits review."""
        if self.review is None:
            return "Awaiting clinical sign-off"
        r = self.review
        who = f"{r.reviewer} ({r.profession.replace('-', ' ')}, {r.registration_body} {r.registration_number})"
        if self.state == "changed":
            return (
                f"Changed since its clinical review by {who} on {r.date:%d %B %Y}: "
                "awaiting clinical sign-off of the changes"
            )
        return f"Clinically reviewed by {who} on {r.date:%d %B %Y}"


def _latest_clinical(record: SignOffRecord | None) -> SignOff | None:
    reviews = [r for r in (record.reviews if record else []) if "clinical" in r.scope]
    return reviews[-1] if reviews else None


def _status(
    kind: Literal["module", "case"],
    content_id: str,
    title: str,
    folder: str,
    record: SignOffRecord | None,
    current: str,
) -> Status:
    review = _latest_clinical(record)
    state: State = "awaiting" if review is None else "signed" if review.digest == current else "changed"
    return Status(kind, content_id, title, f"{folder}/{SIGN_OFF_FILE}", current, state, review)


def module_status(content: ModuleContent) -> Status:
    m = content.module
    return _status("module", m.id, f"Module {m.number}: {m.title}", content.folder, content.sign_off, content.digest)


def case_status(content: CaseContent) -> Status:
    return _status("case", content.case.id, content.case.title, content.folder, content.sign_off, content.digest)


def statuses(course: Course) -> list[Status]:
    return [*map(module_status, course.modules), *map(case_status, course.cases)]


def sign_off_command(status: Status) -> str:
    return (
        f"grader sign-off {status.id} --reviewer NAME --profession PROFESSION --body REGISTER "
        "--number NUMBER --scope clinical,language,accessibility"
    )


def findings(course: Course) -> tuple[list[Problem], list[Status]]:
    """(one line per module or case changed since its clinical sign-off, those awaiting one)."""
    changed = [
        Problem(
            s.path,
            1,
            f"changed since clinical sign-off on {s.review.date.isoformat()}: have it reviewed, then run "
            f"`{sign_off_command(s)}`",
        )
        for s in statuses(course)
        if s.state == "changed" and s.review is not None
    ]
    awaiting = [s for s in statuses(course) if s.state == "awaiting"]
    return changed, awaiting


def awaiting_problem(status: Status) -> Problem:
    return Problem(
        status.path,
        1,
        f"awaiting clinical sign-off: a registered clinician reviews the {status.kind}, then runs "
        f"`{sign_off_command(status)}` (see CONTRIBUTING.md)",
    )


def record_review(course: Course, root: Path, content_id: str, review: SignOff) -> Path:
    """Append a review of the content as it is now to its sign-off record; the path written.
    Raises KeyError if no module or case has that id."""
    from ruamel.yaml import YAML

    folders = {c.module.id: c.folder for c in course.modules} | {c.case.id: c.folder for c in course.cases}
    found = [(s, folders[s.id]) for s in statuses(course) if s.id == content_id]
    if not found:
        raise KeyError(content_id)
    status, folder = found[0]
    review = review.model_copy(update={"digest": status.digest})
    path = root / folder / SIGN_OFF_FILE
    yaml = YAML()
    yaml.default_flow_style = False
    new = not path.is_file()
    data: dict[str, Any] = (
        {"schema_version": 1, "content": content_id, "reviews": []}
        if new
        else yaml.load(path.read_text(encoding="utf-8"))
    )
    entry = review.model_dump(mode="json", exclude_none=True)
    entry["date"] = review.date  # a YAML date, as an editor would write it
    data["reviews"].append(entry)
    with path.open("w", encoding="utf-8") as out:
        if new:
            out.write(f"# Clinical sign-off of {status.title}: written by `grader sign-off`, newest review last.\n")
        yaml.dump(data, out)
    return path
