"""`grader collect`: submissions (.ipynb files, or zips of them from an LMS) into nbgrader's layout.

Each file is accepted into submitted/<student>/<case>/<case>.ipynb (with
timestamp.txt, so plain `nbgrader autograde` can grade it too), or, for a
learner's exported record (.json, from My CPD record), into
records/<student>.json (`records.py`; the newest export wins), or rejected
with a reason and copied into quarantine/ with a .reason.txt beside it: a
file is never dropped. Zip members are read into memory with size limits and
never extracted to a path taken from the zip.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import hashlib
import itertools
import multiprocessing
import os
import re
import shutil
import stat
import sys
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.content.models import CaseStudy
from grader.formats.files import write_atomic
from grader.gradebook.layout import CourseDir, FileLock
from grader.gradebook.submission import CONTROL, MAX_NOTEBOOK_BYTES, Rejected, Submission, read_submission
from grader.records import LearnerRecord, read_record, record_path

MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_TOTAL_BYTES = 512 * 1024 * 1024  # read from one zip, all members together
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f UTC"  # what nbgrader writes and reads in timestamp.txt


@dataclass(frozen=True)
class Candidate:
    """One file to collect: its bytes, or why they could not be read."""

    name: str  # as shown to the user: a path, or zip!member
    data: bytes | None = None
    problem: Rejected | None = None
    copy_from: Path | None = None  # a file on disk to copy into quarantine when data is None
    base: str = ""  # a short name for the quarantined copy
    unread: str = ""  # a file found but not read yet: `loaded` reads it where it is checked (a worker)

    def loaded(self) -> Candidate:
        return _read_limited(Path(self.unread)) if self.unread else self

    @property
    def short_name(self) -> str:
        return self.base or Path(self.name).name


@dataclass(frozen=True)
class Filed:
    status: str  # accepted | rejected | duplicate
    name: str
    student_id: str = ""
    case_id: str = ""
    reason: str = ""
    fix: str = ""
    note: str = ""
    target: str = ""  # where it went, when not submitted/<student>/<case> (a record)

    def line(self) -> str:
        if self.status == "rejected":
            return f"rejected: {self.name}: {self.reason} ({self.fix})"
        target = self.target or f"{self.student_id}/{self.case_id}"
        note = f" ({self.note})" if self.note else ""
        return f"{self.status}: {self.name} -> {target}{note}"


# --- reading inputs ---------------------------------------------------------------


def _too_big(what: str) -> Rejected:
    return Rejected(
        f"{what} is larger than {MAX_NOTEBOOK_BYTES // (1024 * 1024)} MB, far larger than any case-study submission "
        "or learner's record",
        "check that this is the notebook downloaded from a case-study page or the record exported from My CPD record",
    )


def printable(name: str) -> str:
    """A name from outside (a file or zip member name) safe to print on a terminal."""
    return CONTROL.sub("?", name)


def _read_limited(path: Path) -> Candidate:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_NOTEBOOK_BYTES + 1)
    except OSError as exc:
        return Candidate(
            printable(str(path)), problem=Rejected(f"cannot be read ({exc.strerror})", "check the file's permissions")
        )
    if len(data) > MAX_NOTEBOOK_BYTES:
        return Candidate(printable(str(path)), problem=_too_big("file"), copy_from=path)
    return Candidate(printable(str(path)), data=data)


def unsafe_member_name(name: str) -> bool:
    """A name that would escape a folder if it were ever used as a path (we never do)."""
    parts = re.split(r"[\\/]", name)
    return (
        name.startswith(("/", "\\"))
        or re.match(r"^[A-Za-z]:", name) is not None
        or any(part == ".." for part in parts)
        or "\x00" in name
    )


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    with archive.open(info) as handle:
        return handle.read(limit + 1)


COLLECTED = (".ipynb", ".json")  # case-study submissions and learners' exported records
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError)


def _zip_members(path: Path) -> Iterator[Candidate]:
    try:
        archive = zipfile.ZipFile(path)
    except ZIP_ERRORS as exc:
        yield Candidate(
            printable(str(path)),
            problem=Rejected(f"not a readable zip ({type(exc).__name__})", "download the zip from the LMS again"),
            copy_from=path,
        )
        return
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            yield Candidate(
                printable(str(path)),
                problem=Rejected(
                    f"zip has {len(infos)} members, more than {MAX_ZIP_MEMBERS}", "split it into smaller zips"
                ),
                copy_from=path,
            )
            return
        budget = MAX_ZIP_TOTAL_BYTES
        for info in infos:
            if info.is_dir():
                continue
            name = f"{printable(str(path))}!{printable(info.filename)}"
            base = f"{path.name}__{info.filename}"
            if budget <= 0:
                yield Candidate(
                    name,
                    base=base,
                    problem=Rejected(
                        f"zip holds more than {MAX_ZIP_TOTAL_BYTES // (1024 * 1024)} MB", "split it into smaller zips"
                    ),
                )
                continue
            try:
                data = _read_member(archive, info, min(MAX_NOTEBOOK_BYTES, budget))
            except ZIP_ERRORS as exc:
                yield Candidate(
                    name,
                    base=base,
                    problem=Rejected(
                        f"zip member cannot be read ({type(exc).__name__}: damaged or encrypted)",
                        "download the zip from the LMS again",
                    ),
                )
                continue
            budget -= len(data)
            yield _member_candidate(info, name, base, data)


def _member_candidate(info: zipfile.ZipInfo, name: str, base: str, data: bytes) -> Candidate:
    """One zip member read whole: a candidate to file, or a rejection saying why."""
    if len(data) > MAX_NOTEBOOK_BYTES:
        return Candidate(name, base=base, problem=_too_big("zip member"))
    elif _is_symlink(info):
        return Candidate(
            name,
            base=base,
            data=data,
            problem=Rejected(
                "zip member is a symbolic link, not a file",
                "make the zip again from the submitted files themselves",
            ),
        )
    elif unsafe_member_name(info.filename):
        return Candidate(
            name,
            base=base,
            data=data,
            problem=Rejected(
                "zip member has an unsafe path (.. or absolute)",
                "make the zip again from the submitted files themselves",
            ),
        )
    elif info.filename.lower().endswith(".zip"):
        return Candidate(
            name,
            base=base,
            data=data,
            problem=Rejected("a zip inside a zip", "extract the inner zip and collect it on its own"),
        )
    elif not info.filename.lower().endswith(COLLECTED):
        return Candidate(
            name,
            base=base,
            data=data,
            problem=Rejected(
                "not a .ipynb notebook or a .json record",
                "collect only the notebooks downloaded from case-study pages and the records exported from "
                "My CPD record",
            ),
        )
    else:
        return Candidate(name, base=base, data=data)


def candidates(paths: list[Path]) -> Iterator[Candidate]:
    """Every file to collect from the paths given: notebooks, zips, and folders of them."""
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            with os.scandir(path) as listing:  # the folder's own file types: no stat per file
                inner = sorted(
                    (entry.name, entry.path, entry.is_symlink())
                    for entry in listing
                    if os.path.splitext(entry.name)[1].lower() in {*COLLECTED, ".zip"}
                    and (entry.is_symlink() or entry.is_file(follow_symlinks=False))
                )
            if not inner:
                yield Candidate(
                    printable(str(path)),
                    problem=Rejected(
                        "folder holds no .ipynb, .json or .zip files", "give the notebooks, records or zips themselves"
                    ),
                )
            for name, entry, is_link in inner:
                if is_link:  # found, not given: a link could point anywhere, so it is not followed
                    yield Candidate(
                        printable(entry),
                        problem=Rejected(
                            "a symbolic link in the folder (not followed)", "give the file it points to itself"
                        ),
                    )
                elif name.lower().endswith(".zip"):
                    yield from _zip_members(Path(entry))
                else:
                    yield Candidate(printable(entry), unread=entry)
        elif not path.is_file():
            yield Candidate(printable(str(path)), problem=Rejected("no such file", "check the path"))
        elif path.suffix.lower() == ".zip":
            yield from _zip_members(path)
        elif path.suffix.lower() in COLLECTED:
            yield _read_limited(path)
        else:
            yield Candidate(
                printable(str(path)),
                problem=Rejected(
                    "not a .ipynb notebook or a .zip of them, nor a .json record",
                    "collect the notebooks downloaded from case-study pages and the records exported from My CPD "
                    "record",
                ),
                copy_from=path,
            )


# --- writing ----------------------------------------------------------------------


def _safe_file_name(name: str) -> str:
    base = re.sub(r"\.{2,}", "_", re.sub(r"[^A-Za-z0-9._-]+", "_", name)).strip("._")
    return base[-120:] or "file"


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def quarantine(course_dir: CourseDir, candidate: Candidate, status: str, reason: str, fix: str) -> Path:
    """Keep a file that was not collected, with the reason beside it. Content-addressed: running twice adds nothing."""
    folder = course_dir.quarantine
    folder.mkdir(parents=True, exist_ok=True)
    if candidate.data is not None:
        digest = hashlib.sha256(candidate.data).hexdigest()
    elif candidate.copy_from is not None:
        digest = _hash_file(candidate.copy_from)
    else:
        digest = hashlib.sha256(candidate.name.encode("utf-8")).hexdigest()
    target = folder / f"{digest[:12]}-{_safe_file_name(candidate.short_name)}"
    if candidate.data is not None:
        if not target.exists():
            write_atomic(target, candidate.data)
        kept = str(target.name)
    elif candidate.copy_from is not None:
        if not target.exists():
            shutil.copyfile(candidate.copy_from, target)
        kept = str(target.name)
    else:
        kept = "not copied (unreadable or too large); the original is still where it was collected from"
    reason_file = target.with_name(target.name + ".reason.txt")
    reason_file.write_text(
        f"file: {candidate.name}\nstatus: {status}\nreason: {reason}\nfix: {fix}\nkept as: {kept}\n"
        f"when: {dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}\n",
        encoding="utf-8",
    )
    return target


def timestamp_text(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime(TIMESTAMP_FORMAT)


def _replace_in(folder: str, name: str, data: bytes) -> None:
    """`write_atomic` for a folder known to exist: the bytes go to a new temporary file beside
    the target (made with O_EXCL, never through a link), which then replaces it; a failure
    leaves the old file and no temporary one."""
    target = os.path.join(folder, name)
    temporary = os.path.join(folder, f".{name}-{os.getpid()}-{next(_TEMPORARY)}.tmp")
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view) :]
        finally:
            os.close(handle)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


_TEMPORARY = itertools.count()


def _place(course_dir: CourseDir, submission: Submission, data: bytes) -> None:
    """The notebook and its timestamp.txt into submitted/<student>/<case>/ (the folder made once, not per file)."""
    folder = os.path.join(course_dir.root, "submitted", submission.student_id, submission.case_id)
    os.makedirs(folder, exist_ok=True)
    _replace_in(folder, f"{submission.case_id}.ipynb", data)
    _replace_in(folder, "timestamp.txt", (timestamp_text(submission.submitted_at) + "\n").encode("utf-8"))


@dataclass(frozen=True)
class Wording:
    """How the outcomes of filing one kind of file read (course/bad-input.md quotes them exactly)."""

    identical: str
    superseded: str  # {old_when} {who}
    saved_differently: str
    same_time: str  # {who}
    same_time_fix: str  # {shown}
    replaced_reason: str  # {new_when} {name}
    replaced_fix: str
    replaces: str  # {when} {kept}
    old_unreadable: str
    future: str  # {when}
    future_fix: str


SUPERSEDED_FIX = (
    "nothing to do, unless this older one should count: then remove the collected one and collect this file again"
)
SUBMISSION_WORDS = Wording(
    identical="identical to the submission already collected; nothing to do",
    superseded="superseded: a newer submission ({old_when}) is already collected for {who}",
    saved_differently="the same answers as the submission already collected, saved differently; nothing to do",
    same_time="a different submission with the same submitted_at is already collected for {who}",
    same_time_fix="ask the learner which one counts; remove the other from submitted/ and collect again",
    replaced_reason="superseded by a newer submission ({new_when}) from {name}",
    replaced_fix="nothing to do; the newer submission is graded",
    replaces="replaces the submission of {when}, kept as quarantine/{kept}",
    old_unreadable="an older case version",
    future="submitted_at {when} is more than a day ahead of this computer's clock",
    future_fix="the learner's computer may have the wrong date, or the file was edited: ask them to set the date and "
    "time right, then download the submission again from the case-study page",
)
RECORD_WORDS = Wording(
    identical="identical to the record already collected; nothing to do",
    superseded="superseded: a newer export ({old_when}) of {who}'s record is already collected",
    saved_differently="the same record as the one already collected, saved differently; nothing to do",
    same_time="a different record exported at the same time is already collected for {who}",
    same_time_fix="ask the learner which one counts; remove the other from {shown} and collect again",
    replaced_reason="superseded by a newer export ({new_when}) from {name}",
    replaced_fix="nothing to do; the newer record counts",
    replaces="replaces the record exported {when}, kept as quarantine/{kept}",
    old_unreadable="a record that no longer reads",
    future="exported {when}, more than a day ahead of this computer's clock",
    future_fix="the learner's computer may have the wrong date, or the file was edited: ask them to set the date and "
    "time right, then export again from My CPD record",
)

# A file dated further ahead than this is refused: it would win "newest" for ever. A day
# allows for time zones and a clock a little fast; the same-time rule is in _file_newest.
FUTURE_ALLOWANCE = dt.timedelta(days=1)


@dataclass(frozen=True)
class Filing:
    """A valid file, and the one already filed in its place (if any): its bytes, and what
    they read as (None if they no longer read, e.g. the case changed since)."""

    words: Wording
    who: str  # the learner (and case) in messages
    shown: str  # where it is filed, in messages
    fields: dict[str, str]  # the Filed's learner (and case) fields
    when: dt.datetime  # submitted or exported
    sha256: str
    old_path: Path
    old_base: str  # a short name for the old file, when it goes to quarantine
    old_data: bytes | None
    old: Any  # Submission | LearnerRecord | None
    now: dt.datetime  # the moment of collection (aware, UTC)


def _file_newest(
    course_dir: CourseDir, candidate: Candidate, reject, filing: Filing, old_when, same_content, write
) -> Filed:
    """The newest wins: an identical or equivalent file is a duplicate, an older one is
    superseded, a different one from the same moment is refused, a newer one replaces the
    old (which is kept in quarantine). The same rule for submissions and records."""
    words, old = filing.words, filing.old
    latest = filing.now + FUTURE_ALLOWANCE
    if filing.when > latest:
        return reject(Rejected(words.future.format(when=filing.when.isoformat()), words.future_fix))
    if old is not None and old_when(old) > latest:
        old = None  # collected before dates were checked: a file from the future never blocks a real one
    note = ""
    if filing.old_data is not None:
        if hashlib.sha256(filing.old_data).hexdigest() == filing.sha256:
            return Filed("duplicate", candidate.name, note=words.identical, **filing.fields)
        if old is not None and filing.when < old_when(old):
            return reject(
                Rejected(words.superseded.format(old_when=old_when(old).isoformat(), who=filing.who), SUPERSEDED_FIX),
                status="superseded",
            )
        if old is not None and same_content(old):
            return Filed("duplicate", candidate.name, note=words.saved_differently, **filing.fields)
        if old is not None and filing.when == old_when(old):
            return reject(
                Rejected(words.same_time.format(who=filing.who), words.same_time_fix.format(shown=filing.shown))
            )
        when = old_when(filing.old).isoformat() if filing.old is not None else words.old_unreadable
        kept = quarantine(
            course_dir,
            Candidate(str(filing.old_path), data=filing.old_data, base=filing.old_base),
            "superseded",
            words.replaced_reason.format(new_when=filing.when.isoformat(), name=candidate.name),
            words.replaced_fix,
        )
        note = words.replaces.format(when=when, kept=kept.name)
    write()
    return Filed("accepted", candidate.name, note=note, **filing.fields)


def _read_filed(path: Path, read, sha256: str) -> tuple[bytes | None, Any]:
    """The file already filed at `path`: its bytes, and what they read as; not read when they
    are the new file's own (sha256): an identical file is a duplicate whatever it says."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None, None
    if hashlib.sha256(data).hexdigest() == sha256:
        return data, None
    try:
        return data, read(data)
    except Rejected:
        return (
            data,
            None,
        )  # no longer valid (the case changed, or edited by hand): the new one replaces it, the old is kept


def _collect_submission(
    course_dir: CourseDir,
    candidate: Candidate,
    submission: Submission,
    reject,
    cases: Mapping[str, CaseStudy],
    now: dt.datetime,
) -> Filed:
    """A case-study submission into submitted/<student>/<case>/."""
    assert candidate.data is not None
    student, case = submission.student_id, submission.case_id
    path = course_dir.submitted_notebook(student, case)
    old_data, old = _read_filed(path, lambda data: read_submission(data, cases), submission.sha256)
    filing = Filing(
        SUBMISSION_WORDS,
        f"{student}/{case}",
        "submitted/",
        dict(student_id=student, case_id=case),
        submission.submitted_at,
        submission.sha256,
        path,
        f"{student}-{path.name}",
        old_data,
        old,
        now,
    )

    def same(o: Any) -> bool:
        return (o.learner, o.question_set, o.submitted_at, o.answers) == (
            submission.learner,
            submission.question_set,
            submission.submitted_at,
            submission.answers,
        )

    return _file_newest(
        course_dir,
        candidate,
        reject,
        filing,
        lambda o: o.submitted_at,
        same,
        lambda: _place(course_dir, submission, candidate.data),
    )


def _collect_record(
    course_dir: CourseDir, candidate: Candidate, learner: LearnerRecord, reject, now: dt.datetime
) -> Filed:
    """A learner's exported record into records/<student>.json."""
    assert candidate.data is not None
    path = record_path(course_dir, learner.student_id)
    shown = f"records/{path.name}"
    old_data, old = _read_filed(path, read_record, learner.sha256)
    filing = Filing(
        RECORD_WORDS,
        learner.student_id,
        shown,
        dict(student_id=learner.student_id, target=shown),
        learner.exported,
        learner.sha256,
        path,
        f"{learner.student_id}-record.json",
        old_data,
        old,
        now,
    )
    return _file_newest(
        course_dir,
        candidate,
        reject,
        filing,
        lambda o: o.exported,
        lambda o: o.record == learner.record,
        lambda: write_atomic(path, candidate.data),
    )


Read = Submission | LearnerRecord | Rejected  # what a candidate's bytes read as


def read_candidate(candidate: Candidate, cases: Mapping[str, CaseStudy]) -> Read:
    """What a (loaded) candidate reads as, or why it cannot be used. Writes no file, so it can run
    in another process (`read_all`); filing what it read is `collect_one`'s."""
    if candidate.problem is not None or candidate.data is None:
        return candidate.problem or Rejected("could not be read", "check the file")
    try:
        if candidate.name.lower().endswith(".json"):
            return read_record(candidate.data)
        return read_submission(candidate.data, cases)
    except Rejected as problem:
        return problem


def collect_one(
    course_dir: CourseDir,
    candidate: Candidate,
    read: Read,
    cases: Mapping[str, CaseStudy],
    now: dt.datetime | None = None,
) -> Filed:
    """File one read candidate (`read_all` gives both)."""
    now = now or dt.datetime.now(dt.UTC)

    def reject(problem: Rejected, status: str = "rejected") -> Filed:
        quarantine(course_dir, candidate, status, problem.reason, problem.fix)
        return Filed("rejected", candidate.name, reason=problem.reason, fix=problem.fix)

    if isinstance(read, Rejected):
        return reject(read)
    if isinstance(read, Submission):
        return _collect_submission(course_dir, candidate, read, reject, cases, now)
    return _collect_record(course_dir, candidate, read, reject, now)


# --- reading in parallel ----------------------------------------------------------

# Reading and checking a file is most of collecting it, and each file reads alone: worker
# processes read batches while this process files, in order. Fewer files than PARALLEL_FROM
# are read here (starting workers would cost more than it saves); at most IN_FLIGHT batches
# per worker wait at once, so memory stays flat however many files there are.
PARALLEL_FROM = 64
BATCH = 32
IN_FLIGHT = 2

# Linux forks: workers start with the course already loaded. Elsewhere fork is unsafe (macOS)
# or missing (Windows): a fresh interpreter is given the course once.
START_METHOD = "fork" if sys.platform == "linux" else "spawn"

_worker_cases: Mapping[str, CaseStudy] = {}


def _start_worker(cases: Mapping[str, CaseStudy]) -> None:
    global _worker_cases
    _worker_cases = cases


def _read_batch(batch: list[Candidate]) -> list[tuple[Candidate, Read]]:
    return [_loaded_and_read(candidate, _worker_cases) for candidate in batch]


def _loaded_and_read(candidate: Candidate, cases: Mapping[str, CaseStudy]) -> tuple[Candidate, Read]:
    loaded = candidate.loaded()
    return loaded, read_candidate(loaded, cases)


def _worker_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def read_all(found: Iterator[Candidate], cases: Mapping[str, CaseStudy]) -> Iterator[tuple[Candidate, Read]]:
    """Each candidate, read, with what it reads as, in the order found."""
    first = list(itertools.islice(found, PARALLEL_FROM))
    workers = _worker_count()
    if len(first) < PARALLEL_FROM or workers < 2:
        for candidate in itertools.chain(first, found):
            yield _loaded_and_read(candidate, cases)
        return
    batches = _batches(itertools.chain(first, found))
    context = multiprocessing.get_context(START_METHOD)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(cases,)) as pool:
        pending = collections.deque(
            pool.submit(_read_batch, batch) for batch in itertools.islice(batches, IN_FLIGHT * workers)
        )
        while pending:
            future = pending.popleft()
            results = future.result()
            following = next(batches, None)
            if following is not None:
                pending.append(pool.submit(_read_batch, following))
            yield from results


def _batches(found: Iterator[Candidate]) -> Iterator[list[Candidate]]:
    while batch := list(itertools.islice(found, BATCH)):
        yield batch


def collect(
    paths: list[Path], course_dir: CourseDir, cases: Mapping[str, CaseStudy], now: dt.datetime | None = None
) -> Iterator[Filed]:
    """Collect every file under the paths; one outcome per file, as it happens.

    Each file is filed under the course folder's lock: deciding what is newest and
    writing it are one step, so two collects at once (two CPD leads, or two
    terminals) cannot leave an older submission over a newer one."""
    course_dir.root.mkdir(parents=True, exist_ok=True)
    with FileLock(course_dir.collect_lock) as lock:
        for candidate, read in read_all(candidates(paths), cases):
            with lock.held():
                outcome = collect_one(course_dir, candidate, read, cases, now)
            yield outcome
