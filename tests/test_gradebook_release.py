"""`grader release`: an nbgrader course directory made by nbgrader's own generate_assignment."""

from __future__ import annotations

import json
import shutil
import sqlite3

from traitlets.config.loader import PyFileConfigLoader

from grader.cli import main
from grader.formats.notebook import release_notebook, source_notebook
from helpers.gradebook import FIXTURE_COURSE, fixture_case, released_course_dir


def _cells(notebook: dict) -> list[tuple[str, str, str]]:
    def text(source):
        return "".join(source) if isinstance(source, list) else source

    return [(c["metadata"]["nbgrader"]["grade_id"], c["cell_type"], text(c["source"])) for c in notebook["cells"]]


def test_nbgraders_release_notebook_has_the_cells_of_release_notebook(tmp_path):
    gb = released_course_dir(tmp_path / "gb")
    case = fixture_case()
    produced = json.loads((gb / "release" / case.id / f"{case.id}.ipynb").read_text(encoding="utf-8"))
    assert _cells(produced) == _cells(release_notebook(case))
    assert produced["metadata"]["mskcpd"] == release_notebook(case)["metadata"]["mskcpd"]
    assert "BEGIN HIDDEN TESTS" not in json.dumps(produced)


def test_source_notebook_is_the_contracts(tmp_path):
    gb = released_course_dir(tmp_path / "gb")
    case = fixture_case()
    assert json.loads((gb / "source" / case.id / f"{case.id}.ipynb").read_text(encoding="utf-8")) == source_notebook(
        case
    )


def test_assignment_is_registered_in_the_gradebook(tmp_path):
    gb = released_course_dir(tmp_path / "gb")
    with sqlite3.connect(gb / "gradebook.db") as db:
        assert db.execute("select name, course_id from assignment").fetchall() == [("example-case", "mskcpd")]
        cells = db.execute(
            "select bc.name, gc.max_score from grade_cells gc join base_cell bc on bc.id = gc.id order by bc.name"
        ).fetchall()
        # the hidden tests are what nbgrader keeps to put back into each submission when it autogrades
        hidden = db.execute("select count(*) from source_cell where source like '%BEGIN HIDDEN TESTS%'").fetchone()[0]
    assert cells == [
        ("test-case-dose", 1.0),
        ("test-case-reflect", 1.0),
        ("test-case-single", 1.0),
        ("test-case-talk", 1.0),
    ]
    assert hidden == 4


def test_config_names_the_course_and_the_database_beside_it(tmp_path):
    gb = released_course_dir(tmp_path / "moved" / "gb")  # a copy elsewhere: the config follows the folder
    config = PyFileConfigLoader("nbgrader_config.py", path=str(gb)).load_config()
    assert config.CourseDirectory.course_id == "mskcpd"
    assert config.CourseDirectory.root == str(gb)
    assert config.CourseDirectory.db_url == f"sqlite:///{gb}/gradebook.db"
    assert config.ClearSolutions.enabled is False


def test_release_with_another_database_and_again(tmp_path, capsys):
    url = f"sqlite:///{tmp_path}/elsewhere.db"
    args = ["release", "--root", str(FIXTURE_COURSE), "--course-dir", str(tmp_path / "gb"), "--db", url]
    assert main(args) == 0
    assert main(args) == 0  # releasing again is fine
    assert (
        capsys.readouterr().out.splitlines()[-1]
        == f"released: example-case -> {tmp_path}/gb/release/example-case/example-case.ipynb"
    )
    config = PyFileConfigLoader("nbgrader_config.py", path=str(tmp_path / "gb")).load_config()
    assert config.CourseDirectory.db_url == url
    assert (tmp_path / "elsewhere.db").exists() and not (tmp_path / "gb" / "gradebook.db").exists()
    with sqlite3.connect(tmp_path / "elsewhere.db") as db:
        assert db.execute("select count(*) from assignment").fetchone()[0] == 1


def test_content_with_problems_is_not_released(tmp_path, capsys):
    course = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, course)
    case_file = course / "case_studies" / "example-case" / "case.yml"
    case_file.write_text(case_file.read_text().replace("answer: a\n", "answer: z\n"))
    assert main(["release", "--root", str(course), "--course-dir", str(tmp_path / "gb")]) == 2
    captured = capsys.readouterr()
    assert "case_studies/example-case/case.yml:" in captured.out
    assert "grader check" in captured.err
    assert not (tmp_path / "gb").exists()
