"""Where things live in an nbgrader course directory (the `--course-dir`).

nbgrader_config.py                       course id, database URL (written by `grader release`)
gradebook.db                             nbgrader's gradebook (SQLite, unless --db says otherwise)
source/<case>/<case>.ipynb               source notebook, with hidden tests
release/<case>/<case>.ipynb              what learners fill in (made by nbgrader generate_assignment)
submitted/<student>/<case>/<case>.ipynb  collected submissions, plus timestamp.txt: nbgrader's own layout
quarantine/                              every rejected or superseded file, each with a .reason.txt beside it
records/<student>.json                   learners' exported records (the newest export of each)
.collect.lock                            held by `grader collect` while it files each file
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

COURSE_ID = "mskcpd"
SAFE_NAME = r"^[a-z0-9][a-z0-9-]*$"  # student ids and case ids: both are slugs


@dataclass(frozen=True)
class CourseDir:
    root: Path

    @classmethod
    def at(cls, path: str | Path) -> CourseDir:
        return cls(Path(path).resolve())

    @property
    def config_file(self) -> Path:
        return self.root / "nbgrader_config.py"

    @property
    def default_db_url(self) -> str:
        return "sqlite:///" + (self.root / "gradebook.db").as_posix()

    def db_url(self, override: str | None = None) -> str:
        return override or self.default_db_url

    def source_notebook(self, case_id: str) -> Path:
        return self.root / "source" / case_id / f"{case_id}.ipynb"

    def release_notebook(self, case_id: str) -> Path:
        return self.root / "release" / case_id / f"{case_id}.ipynb"

    def submission_folder(self, student_id: str, case_id: str) -> Path:
        return self.root / "submitted" / student_id / case_id

    def submitted_notebook(self, student_id: str, case_id: str) -> Path:
        return self.submission_folder(student_id, case_id) / f"{case_id}.ipynb"

    def timestamp_file(self, student_id: str, case_id: str) -> Path:
        return self.submission_folder(student_id, case_id) / "timestamp.txt"

    @property
    def quarantine(self) -> Path:
        return self.root / "quarantine"

    @property
    def collect_lock(self) -> Path:
        return self.root / ".collect.lock"

    def submissions(self) -> Iterator[tuple[str, str, Path]]:
        """(student id, case id, notebook path) of every collected submission, sorted."""
        base = self.root / "submitted"
        if not base.is_dir():
            return
        for student in sorted(p for p in base.iterdir() if p.is_dir() and not p.is_symlink()):
            for case in sorted(p for p in student.iterdir() if p.is_dir() and not p.is_symlink()):
                notebook = case / f"{case.name}.ipynb"
                if notebook.is_file() and not notebook.is_symlink():
                    yield student.name, case.name, notebook


class FileLock:
    """An exclusive lock on `path` (made if missing) between processes: the file is opened once,
    then `held()` locks it for as long as a step takes (a collect locks it per file filed).
    POSIX only (fcntl.flock); elsewhere, no lock."""

    def __init__(self, path: Path):
        self.path = path
        self._handle: IO[str] | None = None

    def __enter__(self) -> FileLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = self.path.open("a")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        assert self._handle is not None, "held() inside `with FileLock(path)`"
        try:
            import fcntl
        except ImportError:
            yield
            return
        fcntl.flock(self._handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(self._handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """`FileLock` held once: the file is opened, locked, unlocked and closed."""
    with FileLock(path) as lock, lock.held():
        yield
