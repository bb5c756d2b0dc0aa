"""`grader collect`: every file accepted into nbgrader's layout or rejected with a reason and kept in quarantine."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from grader.cli import main
from grader.gradebook.submission import MAX_NOTEBOOK_BYTES, student_id
from helpers.gradebook import (
    DOCTOR,
    FIXTURE_COURSE,
    MIXED,
    NURSE,
    RIGHT,
    cell,
    fixture_case,
    make_submission,
    make_zip,
    to_bytes,
    write_notebook,
)

CASE = fixture_case()
NURSE_ID = student_id(NURSE["email"])
DOCTOR_ID = student_id(DOCTOR["email"])


def collect(tmp_path: Path, capsys, *paths: Path | str) -> tuple[int, list[str]]:
    code = main(["collect", "--root", str(FIXTURE_COURSE), "--course-dir", str(tmp_path / "gb"), *map(str, paths)])
    return code, capsys.readouterr().out.splitlines()


def quarantined(tmp_path: Path) -> dict[str, str]:
    """quarantined file name -> its reason file's text"""
    folder = tmp_path / "gb" / "quarantine"
    if not folder.is_dir():
        return {}
    files = sorted(p for p in folder.iterdir() if not p.name.endswith(".reason.txt"))
    reasons = {p.name[: -len(".reason.txt")]: p.read_text() for p in folder.glob("*.reason.txt")}
    assert {p.name for p in files} <= set(reasons), "every kept file has its reason beside it"
    return reasons


def test_accepted_into_nbgraders_layout(tmp_path, capsys):
    path = write_notebook(
        tmp_path / "in" / "sam.ipynb", make_submission(CASE, RIGHT, NURSE, submitted_at="2026-12-01T09:30:00.123Z")
    )
    code, lines = collect(tmp_path, capsys, path)
    assert code == 0
    assert lines == [f"accepted: {path} -> {NURSE_ID}/example-case"]
    folder = tmp_path / "gb" / "submitted" / NURSE_ID / "example-case"
    assert (folder / "example-case.ipynb").read_bytes() == path.read_bytes()
    assert (folder / "timestamp.txt").read_text().strip() == "2026-12-01 09:30:00.123000 UTC"
    assert quarantined(tmp_path) == {}


def test_rejected_with_reason_and_kept(tmp_path, capsys):
    notebook = make_submission(CASE, RIGHT, NURSE)
    notebook["metadata"]["mskcpd"]["case_digest"] = "0" * 16
    path = write_notebook(tmp_path / "in" / "old.ipynb", notebook)
    code, lines = collect(tmp_path, capsys, path)
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith(f"rejected: {path}: made against an older version of the case (")
    kept = quarantined(tmp_path)
    assert len(kept) == 1
    name, reason = next(iter(kept.items()))
    assert (tmp_path / "gb" / "quarantine" / name).read_bytes() == path.read_bytes()
    assert "reason: made against an older version of the case" in reason and "fix: " in reason
    assert not (tmp_path / "gb" / "submitted").exists()


def test_one_line_per_file_in_order(tmp_path, capsys):
    good = write_notebook(tmp_path / "in" / "a.ipynb", make_submission(CASE, RIGHT, NURSE))
    bad = tmp_path / "in" / "b.ipynb"
    bad.write_text("{not json")
    other = tmp_path / "in" / "notes.txt"
    other.write_text("hello")
    code, lines = collect(tmp_path, capsys, good, bad, other, tmp_path / "missing.ipynb")
    assert code == 1
    assert [line.split(":")[0] for line in lines] == ["accepted", "rejected", "rejected", "rejected"]
    assert "not a .ipynb notebook or a .zip" in lines[2] and "no such file" in lines[3]
    assert len(quarantined(tmp_path)) == 3  # the missing file has only its reason


def test_a_folder_of_submissions(tmp_path, capsys):
    write_notebook(tmp_path / "in" / "a.ipynb", make_submission(CASE, RIGHT, NURSE))
    write_notebook(tmp_path / "in" / "b.ipynb", make_submission(CASE, MIXED, DOCTOR))
    code, lines = collect(tmp_path, capsys, tmp_path / "in")
    assert code == 0 and [line.split(":")[0] for line in lines] == ["accepted", "accepted"]


def test_duplicate_is_reported_not_collected_twice(tmp_path, capsys):
    path = write_notebook(tmp_path / "in" / "sam.ipynb", make_submission(CASE, RIGHT, NURSE))
    copy = tmp_path / "in" / "sam (1).ipynb"
    copy.write_bytes(path.read_bytes())
    code, lines = collect(tmp_path, capsys, path, copy)
    assert code == 0
    assert (
        lines[1] == f"duplicate: {copy} -> {NURSE_ID}/example-case "
        "(identical to the submission already collected; nothing to do)"
    )
    code, lines = collect(tmp_path, capsys, path)  # collecting again changes nothing
    assert lines[0].startswith("duplicate:")
    assert quarantined(tmp_path) == {}


def test_newer_submission_replaces_older_which_is_kept_as_superseded(tmp_path, capsys):
    old = write_notebook(
        tmp_path / "in" / "old.ipynb", make_submission(CASE, MIXED, DOCTOR, submitted_at="2026-12-01T10:00:00Z")
    )
    new = write_notebook(
        tmp_path / "in" / "new.ipynb", make_submission(CASE, RIGHT, DOCTOR, submitted_at="2026-12-02T10:00:00Z")
    )
    code, lines = collect(tmp_path, capsys, old, new)
    assert code == 0
    assert lines[1].startswith(
        f"accepted: {new} -> {DOCTOR_ID}/example-case (replaces the submission of 2026-12-01T10:00:00+00:00"
    )
    collected = tmp_path / "gb" / "submitted" / DOCTOR_ID / "example-case"
    assert (collected / "example-case.ipynb").read_bytes() == new.read_bytes()
    assert (collected / "timestamp.txt").read_text().startswith("2026-12-02 10:00:00")
    kept = quarantined(tmp_path)
    assert len(kept) == 1 and "status: superseded" in next(iter(kept.values()))
    assert (tmp_path / "gb" / "quarantine" / next(iter(kept))).read_bytes() == old.read_bytes()


def test_older_submission_after_a_newer_one_is_kept_as_superseded(tmp_path, capsys):
    new = write_notebook(
        tmp_path / "in" / "new.ipynb", make_submission(CASE, RIGHT, DOCTOR, submitted_at="2026-12-02T10:00:00Z")
    )
    old = write_notebook(
        tmp_path / "in" / "old.ipynb", make_submission(CASE, MIXED, DOCTOR, submitted_at="2026-12-01T10:00:00Z")
    )
    code, lines = collect(tmp_path, capsys, new, old)
    assert lines[1].startswith(f"rejected: {old}: superseded: a newer submission")
    assert (
        tmp_path / "gb" / "submitted" / DOCTOR_ID / "example-case" / "example-case.ipynb"
    ).read_bytes() == new.read_bytes()
    assert "status: superseded" in next(iter(quarantined(tmp_path).values()))


def test_same_time_different_content_is_not_guessed(tmp_path, capsys):
    a = write_notebook(tmp_path / "in" / "a.ipynb", make_submission(CASE, RIGHT, DOCTOR))
    b = write_notebook(tmp_path / "in" / "b.ipynb", make_submission(CASE, MIXED, DOCTOR))
    code, lines = collect(tmp_path, capsys, a, b)
    assert code == 1 and "same submitted_at" in lines[1]


def test_oversized_file_is_kept_unread(tmp_path, capsys):
    big = tmp_path / "in" / "big.ipynb"
    big.parent.mkdir()
    big.write_bytes(b"{" + b" " * MAX_NOTEBOOK_BYTES + b"}")
    code, lines = collect(tmp_path, capsys, big)
    assert "larger than 5 MB" in lines[0]
    name = next(iter(quarantined(tmp_path)))
    assert (tmp_path / "gb" / "quarantine" / name).stat().st_size == big.stat().st_size


# --- zips from an LMS ----------------------------------------------------------------


def test_zip_of_submissions(tmp_path, capsys):
    archive = make_zip(
        tmp_path / "lms.zip",
        {
            "Sam Nurse_123_assignsubmission_file_/example-case-sam.ipynb": to_bytes(
                make_submission(CASE, RIGHT, NURSE)
            ),
            "Dana Doctor_456_assignsubmission_file_/example-case-dana.ipynb": to_bytes(
                make_submission(CASE, MIXED, DOCTOR)
            ),
            "folder/": b"",
        },
    )
    code, lines = collect(tmp_path, capsys, archive)
    assert code == 0
    assert lines == [
        f"accepted: {archive}!Sam Nurse_123_assignsubmission_file_/example-case-sam.ipynb -> {NURSE_ID}/example-case",
        f"accepted: {archive}!Dana Doctor_456_assignsubmission_file_/example-case-dana.ipynb -> "
        f"{DOCTOR_ID}/example-case",
    ]


@pytest.mark.parametrize(
    "member",
    [
        "../evil.ipynb",
        "../../evil.ipynb",
        "/tmp/evil.ipynb",
        "a/../../evil.ipynb",
        "..\\evil.ipynb",
        "C:/evil.ipynb",
        "C:\\evil.ipynb",
    ],
)
def test_zip_slip_members_are_rejected_and_never_extracted(tmp_path, capsys, member):
    work = tmp_path / "work"
    work.mkdir()
    data = to_bytes(make_submission(CASE, RIGHT, NURSE))
    archive = make_zip(work / "lms.zip", {member: data})
    code, lines = collect(work, capsys, archive)
    assert code == 1
    assert lines == [
        f"rejected: {archive}!{member}: zip member has an unsafe path (.. or absolute) (make the zip again from the "
        "submitted files themselves)"
    ]
    # nothing was written anywhere a member name points at
    for place in (
        tmp_path / "evil.ipynb",
        work / "evil.ipynb",
        Path("/tmp/evil.ipynb"),
        tmp_path.parent / "evil.ipynb",
    ):
        assert not place.exists()
    written = {p.relative_to(work) for p in work.rglob("*") if p.is_file()}
    assert all(p.parts[0] in {"lms.zip", "gb"} for p in written)
    assert all(
        p.parts[:2] == ("gb", "quarantine") or p == Path("gb/.collect.lock") for p in written if p.parts[0] == "gb"
    )
    # the member's content is still kept, under a safe name
    kept = quarantined(work)
    assert len(kept) == 1 and ".." not in next(iter(kept)) and "/" not in next(iter(kept))
    assert (work / "gb" / "quarantine" / next(iter(kept))).read_bytes() == data


def test_zip_symlink_member_is_rejected(tmp_path, capsys):
    archive = make_zip(tmp_path / "lms.zip", {}, symlinks={"link.ipynb": "/etc/passwd"})
    code, lines = collect(tmp_path, capsys, archive)
    assert "symbolic link" in lines[0]
    kept = quarantined(tmp_path)
    assert (tmp_path / "gb" / "quarantine" / next(iter(kept))).read_bytes() == b"/etc/passwd"
    assert not (tmp_path / "gb" / "quarantine" / next(iter(kept))).is_symlink()


def test_zip_bomb_member_is_read_only_up_to_the_limit(tmp_path, capsys):
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("bomb.ipynb", b"0" * (40 * 1024 * 1024))  # 40 MB of zeros compresses to ~40 kB
    assert archive.stat().st_size < 1024 * 1024
    code, lines = collect(tmp_path, capsys, archive)
    assert "zip member is larger than 5 MB" in lines[0]
    assert "not copied" in next(iter(quarantined(tmp_path).values()))


def test_zip_member_lying_about_its_size(tmp_path, capsys):
    # the header says 10 bytes; the data is 6 MB: the read stops at the limit, whatever the header says
    data = b"{" + b" " * (6 * 1024 * 1024) + b"}"
    archive = make_zip(tmp_path / "lie.zip", {"a.ipynb": data})
    raw = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as z:
        info = z.getinfo("a.ipynb")
    # patch the central directory's uncompressed size
    central = raw.rfind(b"PK\x01\x02")
    raw[central + 24 : central + 28] = (10).to_bytes(4, "little")
    archive.write_bytes(bytes(raw))
    code, lines = collect(tmp_path, capsys, archive)
    assert lines[0].startswith(f"rejected: {archive}!a.ipynb:")
    assert info.file_size == len(data)


def test_zip_inside_zip_and_other_members(tmp_path, capsys):
    inner = make_zip(tmp_path / "inner.zip", {"a.ipynb": b"{}"})
    archive = make_zip(
        tmp_path / "lms.zip", {"inner.zip": inner.read_bytes(), "readme.txt": b"hello", "x.ipynb": b"not json"}
    )
    code, lines = collect(tmp_path, capsys, archive)
    assert ["zip inside a zip" in lines[0], "not a .ipynb notebook" in lines[1], "not valid JSON" in lines[2]] == [
        True,
        True,
        True,
    ]
    assert len(quarantined(tmp_path)) == 3


def test_not_a_zip(tmp_path, capsys):
    fake = tmp_path / "lms.zip"
    fake.write_bytes(b"PK\x03\x04 this is not really a zip")
    code, lines = collect(tmp_path, capsys, fake)
    assert "not a readable zip" in lines[0]
    assert len(quarantined(tmp_path)) == 1


def test_member_names_cannot_write_to_the_terminal(tmp_path, capsys):
    archive = make_zip(tmp_path / "lms.zip", {"\x1b[2Jevil\n.ipynb": b"{}"})
    code, lines = collect(tmp_path, capsys, archive)
    assert "\x1b" not in "\n".join(lines) and len(lines) == 1


def test_quarantine_is_not_filled_again_by_collecting_twice(tmp_path, capsys):
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{")
    collect(tmp_path, capsys, bad)
    collect(tmp_path, capsys, bad)
    assert len(quarantined(tmp_path)) == 1


def test_collected_notebook_is_the_submitted_bytes(tmp_path, capsys):
    notebook = make_submission(CASE, RIGHT, NURSE)
    cell(notebook, "answer-case-reflect")["source"] = ["answer_case_reflect = ", json.dumps("Low mood; review.") + "\n"]
    path = tmp_path / "sam.ipynb"
    path.write_bytes(to_bytes(notebook))
    code, lines = collect(tmp_path, capsys, path)
    assert code == 0
    assert (
        tmp_path / "gb" / "submitted" / NURSE_ID / "example-case" / "example-case.ipynb"
    ).read_bytes() == path.read_bytes()


def test_the_same_submission_saved_differently_is_a_duplicate(tmp_path, capsys):
    notebook = make_submission(CASE, RIGHT, NURSE)
    a = write_notebook(tmp_path / "in" / "a.ipynb", notebook)
    b = tmp_path / "in" / "b.ipynb"
    b.write_text(json.dumps(notebook, indent=2, sort_keys=True))  # re-saved by an LMS or an editor
    code, lines = collect(tmp_path, capsys, a, b)
    assert code == 0 and lines[1].startswith(f"duplicate: {b} -> {NURSE_ID}/example-case (the same answers")


def test_symlinks_in_a_folder_are_not_followed(tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the quarantine")
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "link.ipynb").symlink_to(secret)
    code, lines = collect(tmp_path, capsys, inbox)
    assert "symbolic link in the folder (not followed)" in lines[0]
    folder = tmp_path / "gb" / "quarantine"
    assert not [p for p in folder.iterdir() if not p.name.endswith(".reason.txt")]


def test_a_file_from_the_future_is_refused_and_never_blocks_a_real_one(tmp_path, capsys):
    import datetime as dt

    from grader.gradebook.collect import collect as collect_files
    from grader.gradebook.layout import CourseDir

    future = write_notebook(
        tmp_path / "in" / "future.ipynb", make_submission(CASE, MIXED, DOCTOR, submitted_at="2999-01-01T00:00:00Z")
    )
    code, lines = collect(tmp_path, capsys, future)
    assert code == 1 and "more than a day ahead of this computer's clock" in lines[0]
    assert not (tmp_path / "gb" / "submitted").exists()
    # a day's allowance: a clock a few hours fast (or another time zone) is fine
    soon = write_notebook(
        tmp_path / "in" / "soon.ipynb", make_submission(CASE, MIXED, DOCTOR, submitted_at="2026-12-04T08:00:00Z")
    )
    course_dir = CourseDir(tmp_path / "gb")
    now = dt.datetime(2026, 12, 3, 12, tzinfo=dt.UTC)
    (outcome,) = collect_files([soon], course_dir, {CASE.id: CASE}, now=now)
    assert outcome.status == "accepted"
    # a future-dated file collected before this check (or when the clock was wrong) no longer wins "newest":
    # a later, real submission replaces it
    later = write_notebook(
        tmp_path / "in" / "later.ipynb", make_submission(CASE, RIGHT, DOCTOR, submitted_at="2026-12-05T09:00:00Z")
    )
    (outcome,) = collect_files([later], course_dir, {CASE.id: CASE}, now=dt.datetime(2026, 12, 2, tzinfo=dt.UTC))
    assert outcome.status == "rejected"  # seen from 2 December, 5 December is the future
    (outcome,) = collect_files([later], course_dir, {CASE.id: CASE}, now=dt.datetime(2026, 12, 5, 10, tzinfo=dt.UTC))
    assert outcome.status == "accepted" and "replaces the submission of 2026-12-04T08:00:00+00:00" in outcome.note
    collected = tmp_path / "gb" / "submitted" / DOCTOR_ID / "example-case" / "example-case.ipynb"
    assert collected.read_bytes() == later.read_bytes()
    # and with the clock back on 3 December, the filed 5 December submission is the future: a real one replaces it
    real = write_notebook(
        tmp_path / "in" / "real.ipynb", make_submission(CASE, MIXED, DOCTOR, submitted_at="2026-12-03T11:00:00Z")
    )
    (outcome,) = collect_files([real], course_dir, {CASE.id: CASE}, now=now)
    assert outcome.status == "accepted", outcome
    assert collected.read_bytes() == real.read_bytes()


# --- reading in worker processes -------------------------------------------------------


def mixed_inbox(folder: Path) -> Path:
    """Every kind of outcome, in an order where it matters: new, newer, older, identical and
    same-time files from one learner; records; rejected, oversized and foreign files; a zip."""
    record = json.loads((Path(__file__).parent / "fixtures" / "records" / "aisha-khan.json").read_text())
    files: dict[str, bytes] = {}
    for n in range(40):
        learner = {**NURSE, "name": f"Learner {n}", "email": f"learner.{n}@nhs.net"}
        answers = RIGHT if n % 2 else MIXED
        files[f"{n:03d}-a.ipynb"] = to_bytes(
            make_submission(CASE, answers, learner, submitted_at="2026-12-01T10:00:00Z")
        )
        if n % 4 == 0:  # newer, then older again, then identical, then the same moment with other answers
            files[f"{n:03d}-b.ipynb"] = to_bytes(
                make_submission(CASE, RIGHT, learner, submitted_at="2026-12-01T11:00Z")
            )
            files[f"{n:03d}-c.ipynb"] = to_bytes(
                make_submission(CASE, MIXED, learner, submitted_at="2026-12-01T09:00Z")
            )
            files[f"{n:03d}-d.ipynb"] = files[f"{n:03d}-b.ipynb"]
            files[f"{n:03d}-e.ipynb"] = to_bytes(
                make_submission(CASE, MIXED, learner, submitted_at="2026-12-01T11:00Z")
            )
        if n % 5 == 0:
            export = {**record, "learner": {**record["learner"], "name": learner["name"], "email": learner["email"]}}
            files[f"{n:03d}-record.json"] = json.dumps(export).encode()
        if n % 6 == 0:
            broken = make_submission(CASE, RIGHT, learner)
            cell(broken, "answer-case-single")["source"] = "answer_case_single = print('x')\n"
            files[f"{n:03d}-code.ipynb"] = to_bytes(broken)
    files["900-not-json.ipynb"] = b"{not json"
    files["901-future.ipynb"] = to_bytes(make_submission(CASE, RIGHT, DOCTOR, submitted_at="2999-01-01T00:00:00Z"))
    files["902-record.json"] = b'{"format": "something else"}'
    files["903-huge.ipynb"] = b" " * (MAX_NOTEBOOK_BYTES + 1)
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    make_zip(folder / "950-lms.zip", {f"zipped/{name}": data for name, data in list(files.items())[:30]})
    (folder / "960-notes.txt").write_text("not collected")
    return folder


def filed_tree(root: Path) -> dict[str, bytes]:
    """Every file a collect left, by path, with the time of collection taken out of reason files."""
    tree = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.name != ".collect.lock"):
        data = path.read_bytes()
        if path.name.endswith(".reason.txt"):
            data = b"\n".join(line for line in data.splitlines() if not line.startswith(b"when: "))
            data = data.replace(str(root).encode(), b"<course folder>")
        tree[str(path.relative_to(root))] = data
    return tree


@pytest.mark.parametrize("start_method", ["fork", "spawn"])  # Linux; macOS and Windows
def test_reading_in_worker_processes_files_exactly_what_reading_here_does(tmp_path, capsys, monkeypatch, start_method):
    """Reading in batches across worker processes (many batches in flight) gives the same lines,
    in the same order, and the same files as reading each file in this process."""
    import grader.gradebook.collect as module

    monkeypatch.setattr(module, "START_METHOD", start_method)

    inbox = mixed_inbox(tmp_path / "in")
    monkeypatch.setattr(module, "PARALLEL_FROM", 10**9)
    here_code, here = collect(tmp_path / "here", capsys, inbox)
    monkeypatch.setattr(module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(module, "BATCH", 3)
    monkeypatch.setattr(module, "_worker_count", lambda: 2)
    workers_code, in_workers = collect(tmp_path / "workers", capsys, inbox)
    assert here_code == workers_code == 1
    assert len(here) > 100 and {line.split(":")[0] for line in here} == {"accepted", "duplicate", "rejected"}
    assert in_workers == here
    assert filed_tree(tmp_path / "workers" / "gb") == filed_tree(tmp_path / "here" / "gb")


def test_a_reason_and_its_fix_survive_the_way_back_from_a_worker():
    import pickle

    from grader.gradebook.submission import Rejected

    back = pickle.loads(pickle.dumps(Rejected("the reason", "the fix")))
    assert (back.reason, back.fix) == ("the reason", "the fix")
