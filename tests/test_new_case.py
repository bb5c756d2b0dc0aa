"""`grader new-case` writes a scaffold that passes `grader check` and shows in the site."""

from __future__ import annotations

import shutil

from grader.cli import main as grader_main
from grader.content.loader import check_course, load_course
from helpers.site import FIXTURE_COURSE, ROOT, build_site


def test_scaffold_passes_check_and_builds(tmp_path, capsys):
    root = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, root)
    assert grader_main(["new-case", "knee-pain-and-low-mood", "--root", str(root)]) == 0
    assert "Wrote" in capsys.readouterr().out
    assert check_course(root) == []
    case = load_course(root).case("knee-pain-and-low-mood").case
    assert [i.type for i in case.items()] == ["single", "consultation"]
    # the schema line: editors with a YAML language server check the file as it is typed
    written = (root / "case_studies" / "knee-pain-and-low-mood" / "case.yml").read_text(encoding="utf-8")
    first = written.splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/case-study.schema.json"
    assert (ROOT / "schemas" / "case-study.schema.json").is_file()
    result = build_site(tmp_path / "site", content_root=root)
    assert result.returncode == 0, result.stderr
    page = tmp_path / "site" / "case-studies" / "knee-pain-and-low-mood.html"
    assert "Knee pain and low mood" in page.read_text()


def test_scaffold_refuses_bad_ids_and_existing_cases(tmp_path, capsys):
    root = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, root)
    assert grader_main(["new-case", "Knee Pain", "--root", str(root)]) == 2
    assert "lower-case letters, digits and hyphens" in capsys.readouterr().err
    assert grader_main(["new-case", "example-case", "--root", str(root)]) == 2
    assert "already exists" in capsys.readouterr().err
