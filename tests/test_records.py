"""Learners' exported records: collected beside submissions, checked strictly, and module completion
recomputed from the responses (never from a score in the file); `grader export --modules-out`."""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path

import pytest

from grader.cli import main
from grader.content.loader import load_course
from grader.gradebook.layout import CourseDir
from grader.gradebook.submission import Rejected, student_id
from grader.records import load_records, module_status, read_record
from helpers.gradebook import (
    CASE_ID,
    FIXTURE_COURSE,
    NURSE,
    RIGHT,
    fixture_case,
    make_submission,
    make_zip,
    to_bytes,
    write_notebook,
)

RECORDS = Path(__file__).resolve().parent / "fixtures" / "records"
MODULE = load_course(FIXTURE_COURSE).module("example")


def fixture(name: str) -> dict:
    return json.loads((RECORDS / name).read_text(encoding="utf-8"))


def write(path: Path, record: dict, indent: int | None = 2) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=indent, ensure_ascii=False), encoding="utf-8")
    return path


def collect(tmp_path: Path, capsys, *paths) -> tuple[int, list[str]]:
    code = main(["collect", "--root", str(FIXTURE_COURSE), "--course-dir", str(tmp_path / "gb"), *map(str, paths)])
    return code, capsys.readouterr().out.splitlines()


def quarantine(tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / "gb" / "quarantine"
    return (
        {p.name[: -len(".reason.txt")]: p.read_text() for p in folder.glob("*.reason.txt")} if folder.is_dir() else {}
    )


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


AISHA = student_id("aisha.khan@nhs.net")
ZOE = student_id("zoe.obrien@nhs.net")


# --- collecting ---------------------------------------------------------------------


def test_records_are_collected_beside_submissions(tmp_path, capsys):
    notebook = write_notebook(tmp_path / "in" / "case.ipynb", make_submission(fixture_case(), RIGHT, NURSE))
    record = RECORDS / "aisha-khan.json"
    code, lines = collect(tmp_path, capsys, notebook, record)
    assert code == 0
    assert lines == [
        f"accepted: {notebook} -> {student_id(NURSE['email'])}/{CASE_ID}",
        f"accepted: {record} -> records/{AISHA}.json",
    ]
    stored = tmp_path / "gb" / "records" / f"{AISHA}.json"
    assert stored.read_bytes() == record.read_bytes()  # kept exactly as exported
    assert quarantine(tmp_path) == {}


def test_a_folder_and_a_zip_of_records(tmp_path, capsys):
    code, lines = collect(tmp_path, capsys, RECORDS)
    assert code == 0 and len(lines) == 7 and all(line.startswith("accepted: ") for line in lines)
    archive = make_zip(
        tmp_path / "lms.zip",
        {
            "Aisha Khan_1_assignsubmission_file_/my-cpd-record-2026-11-10.json": (
                RECORDS / "aisha-khan.json"
            ).read_bytes(),
            "Sam_2_assignsubmission_file_/example-case-sam.ipynb": to_bytes(
                make_submission(fixture_case(), RIGHT, NURSE)
            ),
            "notes.txt": b"hello",
        },
    )
    code, lines = collect(tmp_path, capsys, archive)
    assert lines[0].startswith("duplicate: ") and f"records/{AISHA}.json (identical" in lines[0]
    assert lines[1].startswith("accepted: ")
    assert lines[2].startswith(f"rejected: {archive}!notes.txt: not a .ipynb notebook or a .json record")


def test_no_email_is_rejected_with_the_reason_and_kept(tmp_path, capsys):
    record = fixture("aisha-khan.json")
    del record["learner"]["email"]
    path = write(tmp_path / "in" / "my-cpd-record.json", record)
    code, lines = collect(tmp_path, capsys, path)
    assert code == 1
    assert lines == [
        f"rejected: {path}: the record has no email (ask the learner to enter their details on a case page "
        "or My CPD record, then export again)"
    ]
    ((name, reason),) = quarantine(tmp_path).items()
    assert (tmp_path / "gb" / "quarantine" / name).read_bytes() == path.read_bytes()
    assert "reason: the record has no email" in reason
    assert not (tmp_path / "gb" / "records").exists()


def _damage(record: dict, how: str) -> dict:
    record = copy.deepcopy(record)
    if how == "score above 1":
        record["items"]["ex-single"]["score"] = 1.5
    elif how == "time not ISO":
        record["items"]["ex-single"]["at"] = "yesterday"
    elif how == "unknown key in a confidence answer":
        record["modules"]["example"]["confidence"]["before"]["mood"] = "fine"
    elif how == "confidence out of range":
        record["modules"]["example"]["confidence"]["after"]["value"] = 9
    elif how == "practice as text":
        record["items"]["ex-single"]["practice"] = "2"
    elif how == "items not a map":
        record["items"] = []
    elif how == "item id not a slug":
        record["items"]["../x"] = record["items"].pop("ex-single")
    elif how == "learner id not hex":
        record["learner"]["id"] = "<script>"
    elif how == "bad email":
        record["learner"]["email"] = "aisha at nhs"
    elif how == "no name":
        record["learner"]["name"] = "  "
    elif how == "control characters in the name":
        record["learner"]["name"] = "Aisha\x1b[2J"
    elif how == "unknown key in an earlier attempt":
        record["modules"]["example"]["attempts"] = [
            {"ended": "2026-11-01T10:00:00Z", "score": 0.5, "items": {}, "x": 1}
        ]
    return record


@pytest.mark.parametrize(
    "how, where",
    [
        ("score above 1", "items > ex-single > score: 1.5 is above the largest allowed, 1"),
        ("time not ISO", "items > ex-single > at: is not an ISO 8601 date and time"),
        (
            "unknown key in a confidence answer",
            "modules > example > confidence > before > mood: is not a field of the record",
        ),
        (
            "confidence out of range",
            "modules > example > confidence > after > value: 9 is above the largest allowed, 5",
        ),
        ("practice as text", "items > ex-single > practice: should be a valid integer"),
        ("items not a map", "items: should be a valid dictionary"),
        ("item id not a slug", "items > ../x > [key]: '../x' is not in the form the course writes"),
        ("learner id not hex", "is not in the form the course writes"),
        ("bad email", "the learner's email 'aisha at nhs' does not look like an e-mail address"),
        ("no name", "the record has no name"),
        ("control characters in the name", "learner > name: holds control characters"),
        ("unknown key in an earlier attempt", "modules > example > attempts > 0 > x: is not a field of the record"),
    ],
)
def test_shape_is_checked_strictly(how, where):
    data = json.dumps(_damage(fixture("aisha-khan.json"), how)).encode("utf-8")
    with pytest.raises(Rejected) as caught:
        read_record(data)
    assert where in caught.value.reason


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe", "not UTF-8 text, so not a record"),
        (b"[]", "not a learner's record from this course"),
        (json.dumps({"format": "something-else"}).encode(), "not a learner's record from this course"),
        (json.dumps({"format": "mskcpd-record", "version": 2}).encode(), "unknown record version 2"),
        (json.dumps({"format": "mskcpd-record", "version": True}).encode(), "unknown record version True"),
    ],
)
def test_not_a_record(data, reason):
    with pytest.raises(Rejected) as caught:
        read_record(data)
    assert reason in caught.value.reason


def test_the_record_may_grow_where_the_browser_adds_fields():
    record = fixture("aisha-khan.json")
    record["theme"] = "dark"  # a new top-level section
    record["learner"]["nation"] = "wales"
    record["items"]["ex-single"]["hint_seen"] = True
    record["modules"]["example"]["reviewed"] = "2026-11-20T10:00:00Z"
    record["reviews"]["example"]["done"]["1"]["interval"] = 7
    record["reflections"]["example"]["profession_template"] = "nmc"
    learner = read_record(json.dumps(record).encode())
    assert learner.student_id == AISHA and learner.name == "Aisha Khan" and learner.profession == "nurse"
    assert learner.record.reviews["example"].done["1"].score == 1
    # reviews as a list of results, and a reflection's time as `at`, read too
    record["reviews"] = [
        {
            "module": "example",
            "due": "2026-11-04",
            "at": "2026-11-04T18:00:00.000Z",
            "items": {"ex-numeric": {"response": {"value": 60, "unit": "mg"}, "score": 1}},
            "score": 1,
        }
    ]
    record["reflections"]["example"] = {"text": "Ask about mood.", "at": "2026-11-05T20:00:00.000Z"}
    assert read_record(json.dumps(record).encode()).record.reviews[0].module == "example"
    # and the NEW fields (confidence, reviews, reflections) are optional: a record from before them still reads
    for key in ("reviews", "reflections", "cases"):
        record.pop(key)
    record["modules"]["example"].pop("confidence")
    assert read_record(json.dumps(record).encode()).record.reviews == {}


def test_a_damaged_review_is_rejected():
    record = fixture("aisha-khan.json")
    record["reviews"]["example"]["done"]["1"]["score"] = 7
    with pytest.raises(Rejected) as caught:
        read_record(json.dumps(record).encode())
    assert "reviews" in caught.value.reason and "score" in caught.value.reason


def test_newest_export_wins_and_the_older_is_kept_as_superseded(tmp_path, capsys):
    old = fixture("zoe-obrien.json")
    new = copy.deepcopy(old)
    new["exported"] = "2026-11-20T09:00:00.000Z"
    new["items"]["ex-numeric"]["response"] = {"value": 60, "unit": "mg"}
    old_path, new_path = write(tmp_path / "in" / "old.json", old), write(tmp_path / "in" / "new.json", new)
    code, lines = collect(tmp_path, capsys, old_path, new_path)
    assert code == 0
    assert lines[1].startswith(
        f"accepted: {new_path} -> records/{ZOE}.json (replaces the record exported 2026-11-10T18:00:00+00:00, kept as "
        "quarantine/"
    )
    stored = tmp_path / "gb" / "records" / f"{ZOE}.json"
    assert stored.read_bytes() == new_path.read_bytes()
    ((name, reason),) = quarantine(tmp_path).items()
    assert (
        "status: superseded" in reason and (tmp_path / "gb" / "quarantine" / name).read_bytes() == old_path.read_bytes()
    )

    # the older one collected again afterwards: kept aside, the newer one stays
    code, lines = collect(tmp_path, capsys, old_path)
    assert code == 1 and lines[0].startswith(
        f"rejected: {old_path}: superseded: a newer export (2026-11-20T09:00:00+00:00)"
    )
    assert stored.read_bytes() == new_path.read_bytes()


def test_duplicates_and_same_time_conflicts(tmp_path, capsys):
    record = fixture("zoe-obrien.json")
    a = write(tmp_path / "in" / "a.json", record)
    b = write(tmp_path / "in" / "b.json", record, indent=None)  # the same record, saved differently
    changed = copy.deepcopy(record)
    changed["items"]["ex-numeric"]["response"] = 60
    c = write(tmp_path / "in" / "c.json", changed)  # different answers, the same export time
    code, lines = collect(tmp_path, capsys, a, a, b, c)
    assert lines[1].startswith("duplicate: ") and "identical to the record already collected" in lines[1]
    assert (
        lines[2].startswith("duplicate: ")
        and "the same record as the one already collected, saved differently" in lines[2]
    )
    assert code == 1 and lines[3].startswith(
        f"rejected: {c}: a different record exported at the same time is already collected"
    )


def test_an_oversized_record_is_kept_unread(tmp_path, capsys):
    big = tmp_path / "in" / "record.json"
    big.parent.mkdir()
    big.write_bytes(b"{" + b" " * (5 * 1024 * 1024) + b"}")
    code, lines = collect(tmp_path, capsys, big)
    assert code == 1 and "larger than 5 MB" in lines[0]


# --- completion, recomputed ---------------------------------------------------------------


def learner(name: str, **changes):
    record = fixture(name)
    for item_id, response in changes.items():
        record["items"][item_id.replace("_", "-")]["response"] = response
    return read_record(json.dumps(record, ensure_ascii=False).encode())


def test_completion_is_recomputed_from_the_responses():
    aisha = module_status(learner("aisha-khan.json"), MODULE)
    assert (aisha.answered, aisha.total, aisha.score, aisha.completed) == (6, 6, 1.0, True)
    assert aisha.completed_at.isoformat() == "2026-11-02T09:50:00+00:00"  # the latest answer's time
    assert aisha.started_at.isoformat() == "2026-11-02T09:00:00+00:00"
    assert (aisha.cpd_minutes, aisha.confidence_before, aisha.confidence_after) == (20, 2, 4)

    zoe = module_status(learner("zoe-obrien.json"), MODULE)  # 5 of 6 right
    assert (zoe.score, zoe.completed, zoe.cpd_minutes) == (pytest.approx(5 / 6), True, 20)
    assert zoe.completed_at.isoformat() == "2026-11-05T10:10:00+00:00"
    assert module_status(learner("zoe-obrien.json"), MODULE, pass_mark=5 / 6).completed is True  # exactly the mark
    assert module_status(learner("zoe-obrien.json"), MODULE, pass_mark=0.9).completed is False


def test_a_score_or_completion_claimed_in_the_file_is_never_trusted():
    ella = learner("ella-jones.json")
    assert all(entry.score == 1 for entry in ella.record.items.values())  # the file says every answer was right
    assert ella.record.modules["example"].completed  # and that the module was completed
    status = module_status(ella, MODULE)
    assert (status.score, status.completed, status.completed_at, status.cpd_minutes) == (
        pytest.approx(1 / 6),
        False,
        None,
        0,
    )


def test_every_question_needs_an_answer():
    dev = module_status(learner("dev-patel.json"), MODULE)
    assert (dev.answered, dev.total, dev.completed) == (3, 6, False)
    assert dev.score == pytest.approx(2 / 6)  # unanswered questions count 0
    emptied = module_status(learner("aisha-khan.json", ex_matching={}), MODULE)  # an empty response is no answer
    assert (emptied.answered, emptied.completed) == (5, False)
    invalid = module_status(learner("aisha-khan.json", ex_single="zz"), MODULE)  # an unknown option scores 0
    assert (invalid.answered, invalid.score, invalid.completed) == (6, pytest.approx(5 / 6), True)


def test_load_records_reports_a_file_that_no_longer_reads(tmp_path, capsys):
    collect(tmp_path, capsys, RECORDS / "aisha-khan.json", RECORDS / "zoe-obrien.json")
    folder = tmp_path / "gb" / "records"
    (folder / f"{ZOE}.json").rename(folder / "someone-else.json")
    (folder / "broken.json").write_text("{")
    found, problems = load_records(CourseDir.at(tmp_path / "gb"))
    assert [r.student_id for r in found] == [AISHA]
    assert sorted(Path(p.path).name for p in problems) == ["broken.json", "someone-else.json"]
    assert any("is the record of " + ZOE in p.reason for p in problems)


# --- grader export --modules-out ---------------------------------------------------------------


def test_export_module_rows(tmp_path, capsys):
    collect(tmp_path, capsys, RECORDS)
    out, modules = tmp_path / "grades.csv", tmp_path / "modules.csv"
    code = main(
        [
            "export",
            "--root",
            str(FIXTURE_COURSE),
            "--course-dir",
            str(tmp_path / "gb"),
            "--out",
            str(out),
            "--modules-out",
            str(modules),
        ]
    )
    assert code == 0
    assert "wrote 7 module row(s)" in capsys.readouterr().err
    rows = {r["email"]: r for r in read_csv(modules)}
    assert list(next(iter(rows.values()))) == [
        "learner_id",
        "name",
        "email",
        "registration",
        "profession",
        "module",
        "answered",
        "total",
        "percent",
        "completed",
        "completed_at",
        "cpd_minutes",
        "confidence_before",
        "confidence_after",
    ]
    assert rows["aisha.khan@nhs.net"] == {
        "learner_id": AISHA,
        "name": "Aisha Khan",
        "email": "aisha.khan@nhs.net",
        "registration": "NMC 99A1234C",
        "profession": "nurse",
        "module": "example",
        "answered": "6",
        "total": "6",
        "percent": "100.0",
        "completed": "yes",
        "completed_at": "2026-11-02T09:50:00+00:00",
        "cpd_minutes": "20",
        "confidence_before": "2",
        "confidence_after": "4",
    }
    assert (
        rows["zoe.obrien@nhs.net"]["name"],
        rows["zoe.obrien@nhs.net"]["percent"],
        rows["zoe.obrien@nhs.net"]["completed"],
    ) == ("Zoë O’Brien", "83.3", "yes")
    ella = rows["ella.jones@nhs.net"]
    assert (ella["percent"], ella["completed"], ella["completed_at"], ella["cpd_minutes"]) == ("16.7", "no", "", "0")
    dev = rows["dev.patel@nhs.net"]
    assert (dev["answered"], dev["percent"], dev["completed"], dev["confidence_before"], dev["confidence_after"]) == (
        "3",
        "33.3",
        "no",
        "1",
        "",
    )
    # formula neutralising, as for the case rows: a spreadsheet must not run a learner's text
    frank = rows["frank@nhs.net"]
    assert frank["name"].startswith("'=SUM(1)") and frank["registration"] == "'+GMC 1234567"


def test_export_module_pass_mark(tmp_path, capsys):
    collect(tmp_path, capsys, RECORDS)
    modules = tmp_path / "modules.csv"
    main(
        [
            "export",
            "--root",
            str(FIXTURE_COURSE),
            "--course-dir",
            str(tmp_path / "gb"),
            "--out",
            str(tmp_path / "g.csv"),
            "--modules-out",
            str(modules),
            "--pass-mark",
            "90",
        ]
    )
    completed = sorted(r["email"] for r in read_csv(modules) if r["completed"] == "yes")
    assert completed == ["aisha.khan@nhs.net"]


def test_export_help_documents_modules_out(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    assert "--modules-out" in capsys.readouterr().out


# --- a record exported by the real site ----------------------------------------------------


@pytest.mark.browser
def test_a_record_exported_in_the_browser_is_collected_and_scored(page, fixture_url, tmp_path, capsys):
    from helpers.browser import (
        check_answer,
        choose_in_select,
        choose_radio,
        fill_details,
        item,
        order,
        show_question,
        tab_to,
        tick,
        type_number,
        type_text,
    )

    page.goto(fixture_url + "/case-studies/example-case.html")
    fill_details(page, "pharmacist")  # name and email, as the site asks for them
    page.goto(fixture_url + "/modules/example/questions.html")
    single = item(page, "ex-single")
    choose_radio(page, single, "a")
    check_answer(page, single)
    multiple = item(page, "ex-multiple")
    show_question(page, "ex-multiple")
    tick(page, multiple, ["a", "b"])
    check_answer(page, multiple)
    numeric = item(page, "ex-numeric")
    show_question(page, "ex-numeric")
    type_number(page, numeric, "50", "mg")
    check_answer(page, numeric)  # wrong
    ordering = item(page, "ex-ordering")
    show_question(page, "ex-ordering")
    order(page, ordering, ["first", "second", "third"])
    check_answer(page, ordering)
    matching = item(page, "ex-matching")
    show_question(page, "ex-matching")
    choose_in_select(page, matching.locator("select").nth(0), "c1")
    choose_in_select(page, matching.locator("select").nth(1), "c2")
    check_answer(page, matching)
    short = item(page, "ex-short-answer")
    show_question(page, "ex-short-answer")
    type_text(page, short, "Patient Health Questionnaire-9")
    check_answer(page, short)
    page.goto(fixture_url + "/my-cpd-record.html")
    page.wait_for_selector("[data-role=record][data-ready=true]")
    with page.expect_download() as download:
        tab_to(page, page.locator("[data-role=export]"))
        page.keyboard.press("Enter")
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)
    assert exported.suffix == ".json"

    code, lines = collect(tmp_path, capsys, exported)
    alex = student_id("alex.example@nhs.net")
    assert code == 0 and lines == [f"accepted: {exported} -> records/{alex}.json"]
    modules = tmp_path / "modules.csv"
    assert (
        main(
            [
                "export",
                "--root",
                str(FIXTURE_COURSE),
                "--course-dir",
                str(tmp_path / "gb"),
                "--out",
                str(tmp_path / "g.csv"),
                "--modules-out",
                str(modules),
            ]
        )
        == 0
    )
    (row,) = read_csv(modules)
    assert (row["name"], row["email"], row["registration"], row["profession"]) == (
        "Alex Example",
        "alex.example@nhs.net",
        "GMC 1234567",
        "pharmacist",
    )
    assert (row["answered"], row["total"], row["percent"], row["completed"], row["cpd_minutes"]) == (
        "6",
        "6",
        "83.3",
        "yes",
        "20",
    )
