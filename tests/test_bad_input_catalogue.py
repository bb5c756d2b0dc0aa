"""The bad-input catalogue (course/bad-input.md) is what the tools do.

Each table row names a fixture in tests/fixtures/bad/ and the exact line a tool
prints for it. This test reads the tables from the page, runs the row's tool on
the row's fixture and compares: the page and the tools cannot drift apart.
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from grader.cli import main

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "course" / "bad-input.md"
BAD = ROOT / "tests" / "fixtures" / "bad"
FIXTURE_COURSE = ROOT / "tests" / "fixtures" / "course"
COMMANDS = {"grader check", "mkdocs build --strict", "grader collect", "grader autograde"}


@dataclass(frozen=True)
class Row:
    command: str
    what: str
    fixture: str  # relative to tests/fixtures/bad/
    message: str  # exactly as printed

    @property
    def id(self) -> str:
        return self.fixture.rstrip("/")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]


def _code(cell: str) -> str:
    """The text of a table cell that is one code span (`x` or `` x ``), with `\\|` read as `|`."""
    match = re.fullmatch(r"(`+) ?(.*?) ?\1", cell)
    assert match, f"expected a code span, found {cell!r}"
    return match.group(2).replace("\\|", "|")


def catalogue(text: str) -> list[Row]:
    rows: list[Row] = []
    command = None
    for line in text.splitlines():
        if not line.startswith("|"):
            command = None if not line.strip() else command
            continue
        cells = _cells(line)
        header = re.fullmatch(r"what `(.+)` prints", cells[-1])
        if header:
            command = header.group(1)
            assert command in COMMANDS, f"the page names a tool the test does not run: {command}"
            continue
        if set(cells[0]) <= {"-", " ", ":"}:
            continue
        assert command, f"a table row outside a catalogue table: {line}"
        assert len(cells) == 3, f"a row has three cells: {line}"
        rows.append(Row(command, cells[0], _code(cells[1]), _code(cells[2])))
    return rows


ROWS = catalogue(PAGE.read_text(encoding="utf-8"))


def by(command: str) -> list[Row]:
    return [r for r in ROWS if r.command == command]


def course_with(tmp_path: Path, fixture: str) -> Path:
    """The example course with a content fixture's files put in place of its own."""
    root = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, root)
    shutil.copytree(BAD / fixture, root, dirs_exist_ok=True)
    return root


# --- the page itself -------------------------------------------------------------------


def test_the_catalogue_covers_what_the_issue_asks_for():
    fixtures = {r.id for r in ROWS}
    required = {
        # content
        "content/yaml-syntax",
        "content/front-matter-not-yaml",
        "content/lesson-front-matter",
        "content/unknown-item-type",
        "content/answer-not-an-option",
        "content/duplicate-item-id",
        "content/duplicate-option-id",
        "links/lesson-links-to-a-missing-page",
        # submissions
        "submissions/not-json.ipynb",
        "submissions/truncated.ipynb",
        "submissions/another-notebook.ipynb",
        "submissions/unknown-case.ipynb",
        "submissions/cell-added.ipynb",
        "submissions/cell-removed.ipynb",
        "submissions/cell-retyped.ipynb",
        "submissions/test-cell-changed.ipynb",
        "submissions/answer-is-code.ipynb",
        "submissions/duplicate",
        "submissions/zip-member-too-large.zip",
        "submissions/zip-slip.zip",
        "submissions/zip-absolute-path.zip",
        # learners' exported records
        "submissions/record-truncated.json",
        "submissions/record-not-a-record.json",
        "submissions/record-unknown-version.json",
        "submissions/record-damaged.json",
        "submissions/record-unknown-key.json",
        "submissions/record-no-email.json",
        "submissions/record-duplicate",
        "submissions/record-older-after-newer",
    }
    assert required <= fixtures, f"missing rows: {sorted(required - fixtures)}"
    assert len({r.id for r in ROWS}) == len(ROWS), "one row per fixture"


def test_every_fixture_has_a_row_and_every_row_a_fixture():
    on_disk = set()
    for part in ("content", "links", "gradebook"):
        on_disk |= {f"{part}/{p.name}" for p in (BAD / part).iterdir()}
    on_disk |= {f"submissions/{p.name}" for p in (BAD / "submissions").iterdir()}
    assert {r.id for r in ROWS} == on_disk


def test_the_fixtures_are_what_make_fixtures_writes(tmp_path):
    """Run tests/fixtures/bad/make_fixtures.py again when the example course changes."""
    result = subprocess.run(
        [sys.executable, str(BAD / "make_fixtures.py"), str(tmp_path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    for part in ("content", "links", "submissions", "gradebook"):
        comparison = filecmp.dircmp(BAD / part, tmp_path / part)
        differ = []

        def walk(c, prefix="", differ=differ):
            differ.extend(prefix + n for n in c.left_only + c.right_only + c.diff_files)
            for name, sub in c.subdirs.items():
                walk(sub, prefix + name + "/")

        walk(comparison)
        assert not differ, (
            f"{part}: {differ} differ from what make_fixtures.py writes: run `.venv/bin/python "
            "tests/fixtures/bad/make_fixtures.py`"
        )


def test_the_page_is_in_the_educators_section_after_the_guide():
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    top = [next(iter(entry.values())) for entry in nav if isinstance(entry, dict)]
    assert "educators-guide.md" not in top and "bad-input.md" not in top, "educator pages are out of the learner's path"
    section = next(entry["For educators"] for entry in nav if isinstance(entry, dict) and "For educators" in entry)
    pages = [next(iter(entry.values())) for entry in section]
    assert pages[pages.index("educators-guide.md") + 1] == "bad-input.md"


# --- each row ---------------------------------------------------------------------------


@pytest.mark.parametrize("row", by("grader check"), ids=lambda r: r.id)
def test_grader_check_prints_the_rows_message(tmp_path, capsys, row):
    root = course_with(tmp_path, row.fixture)
    assert main(["check", "--root", str(root)]) == 1
    assert capsys.readouterr().out.splitlines() == [row.message]


@pytest.mark.parametrize("row", by("grader collect"), ids=lambda r: r.id)
def test_grader_collect_prints_the_rows_message(tmp_path, capsys, monkeypatch, row):
    monkeypatch.chdir(ROOT)  # paths printed as a CPD lead running it from the project folder sees them
    gradebook = tmp_path / "gradebook"
    code = main(
        ["collect", f"tests/fixtures/bad/{row.fixture}", "--root", str(FIXTURE_COURSE), "--course-dir", str(gradebook)]
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == row.message
    if row.message.startswith("rejected:"):
        assert code == 1
        kept = []
        for path in (gradebook / "quarantine").glob("*.reason.txt"):
            fields = dict(line.split(": ", 1) for line in path.read_text(encoding="utf-8").splitlines() if ": " in line)
            kept.append(f"{fields['reason']} ({fields['fix']})")
        assert any(row.message.endswith(": " + text) for text in kept), (
            "a rejected file is kept in quarantine/ with its reason and fix"
        )


@pytest.mark.parametrize("row", by("grader autograde"), ids=lambda r: r.id)
def test_grader_autograde_prints_the_rows_message(tmp_path, capsys, row):
    gradebook = tmp_path / "gradebook"
    shutil.copytree(BAD / row.fixture, gradebook)
    assert main(["autograde", "--root", str(FIXTURE_COURSE), "--course-dir", str(gradebook), "--quiet"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.replace(str(gradebook), "gradebook") for line in lines] == [row.message]


@pytest.mark.parametrize("row", by("mkdocs build --strict"), ids=lambda r: r.id)
def test_the_site_build_stops_with_the_rows_message(tmp_path, row):
    root = course_with(tmp_path, row.fixture)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(ROOT / config["docs_dir"])
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "mskcpd" in plugin:
            plugin["mskcpd"]["content_root"] = str(root)
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config), encoding="utf-8")
    # not -q: in strict mode MkDocs counts the warnings it logs, and -q stops it logging them
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file), "-d", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode != 0
    assert row.message in (result.stdout + result.stderr).splitlines()
