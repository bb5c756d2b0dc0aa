"""Confirmed case-study scores, back to each learner, as a file My CPD record imports.

In the browser a learner marks their own written answers against the rubric
("self-assessed"). Once the CPD lead has graded a case and nothing in it waits
for review (`grader review`), the lead's score for the case replaces that
self-assessment. `grader certificates` writes, for each learner with such a
case, `<learner id>-confirmed-scores.json`: a learner's record (the format the
site exports) holding only their details and, per case, when they submitted it
and `confirmed: {score, at}`. Importing it on My CPD record merges it like any
record, so nothing the learner holds is lost; `at` is when the file was made,
so a file made later (a score changed since) wins over an older one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from grader.formats.files import write_atomic
from grader.records import read_record
from grader.records.model import FORMAT, VERSION
from grader.reports.data import Cohort

SUFFIX = "-confirmed-scores.json"


def _time(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def confirmed_records(cohort: Cohort, now: dt.datetime) -> dict[str, dict[str, Any]]:
    """Learner id -> the record to import, for every learner with a case graded and confirmed."""
    submitted = {(s.student_id, s.case_id): s for s in cohort.submissions}
    cases = cohort.cases
    files: dict[str, dict[str, Any]] = {}
    for learner in cohort.learners:
        entries: dict[str, Any] = {}
        for result in learner.cases:
            submission = submitted.get((learner.student_id, result.case_id))
            if result.needs_review or submission is None:
                continue
            entries[result.case_id] = {
                "completed": _time(submission.submitted_at),
                "question_set": list(submission.question_set),
                "minutes": cases[result.case_id].cpd_minutes,
                "confirmed": {"score": round(result.percent / 100, 4), "at": _time(now)},
            }
        if not entries:
            continue
        details = {"name": learner.name, "email": learner.email, "registration": learner.registration}
        # `created` now: a browser keeps the identity of the older side, so the learner's own stays
        identity = {"id": hashlib.sha256(learner.student_id.encode()).hexdigest()[:16], "created": _time(now)}
        files[learner.student_id] = {
            "format": FORMAT,
            "version": VERSION,
            "exported": _time(now),
            "learner": {**identity, "profession": learner.profession, **{k: v for k, v in details.items() if v}},
            "items": {},
            "cases": entries,
        }
    return files


def write_confirmed(cohort: Cohort, out: Path, now: dt.datetime | None = None) -> list[Path]:
    """Each learner's file into `out`; each one read back as the grader reads a learner's record."""
    now = now or dt.datetime.now(dt.UTC)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for student, record in confirmed_records(cohort, now).items():
        data = (json.dumps(record, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        read_record(data)  # a file this course would refuse must never reach a learner
        path = out / f"{student}{SUFFIX}"  # student ids are slugs: a safe file name
        write_atomic(path, data)
        written.append(path)
    return written
