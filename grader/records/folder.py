"""Where collected records live in the course directory: records/<student-id>.json, one per learner."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from grader.records.read import MAX_RECORD_BYTES, LearnerRecord, Rejected, read_record


class CourseFolder(Protocol):
    """The course directory (the gradebook's `CourseDir`): only its root is needed here."""

    @property
    def root(self) -> Path: ...


def records_folder(course_dir: CourseFolder) -> Path:
    """records/<student-id>.json: the newest export collected from each learner."""
    return course_dir.root / "records"


def record_path(course_dir: CourseFolder, student: str) -> Path:
    return records_folder(course_dir) / f"{student}.json"


@dataclass(frozen=True)
class Unreadable:
    path: str
    reason: str


def load_records(course_dir: CourseFolder) -> tuple[list[LearnerRecord], list[Unreadable]]:
    """Every collected record, sorted by name; a file that no longer reads is reported, not dropped."""
    found: list[LearnerRecord] = []
    problems: list[Unreadable] = []
    folder = records_folder(course_dir)
    if not folder.is_dir():
        return found, problems
    for path in sorted(folder.glob("*.json")):
        if path.is_symlink() or not path.is_file():
            problems.append(Unreadable(str(path), "not a regular file (collect records with `grader collect`)"))
            continue
        try:
            if path.stat().st_size > MAX_RECORD_BYTES:
                raise Rejected("file is larger than 5 MB", "collect it again")
            learner = read_record(path.read_bytes())
        except Rejected as problem:
            problems.append(Unreadable(str(path), str(problem)))
            continue
        if path.stem != learner.student_id:
            problems.append(
                Unreadable(
                    str(path),
                    f"is the record of {learner.student_id}, not of the file's name "
                    "(remove it and collect the file with `grader collect`)",
                )
            )
            continue
        found.append(learner)
    found.sort(key=lambda r: (r.name.lower(), r.email))
    return found, problems
