"""The same submissions graded by `grader autograde` (reads answers as data) and by plain
`nbgrader autograde` (executes the notebooks with the hidden tests put back) give identical
per-cell scores in nbgrader's gradebook."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from grader.cli import main
from helpers.gradebook import (
    DOCTOR,
    FIXTURE_COURSE,
    MIXED,
    NURSE,
    PHYSIO,
    RIGHT,
    cell_scores,
    fixture_case,
    make_submission,
    released_course_dir,
    write_notebook,
)

CASE = fixture_case()
VENV_BIN = Path(sys.executable).parent


def plain_nbgrader_autograde(course_dir: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        # only the course's nbgrader_config.py: no user or system Jupyter config
        "JUPYTER_CONFIG_DIR": str(tmp_path / "jupyter-config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "jupyter-runtime"),
    }
    nbgrader = shutil.which("nbgrader", path=str(VENV_BIN)) or "nbgrader"
    return subprocess.run(
        [nbgrader, "autograde", CASE.id], cwd=course_dir, env=env, capture_output=True, text=True, timeout=300
    )


def test_grader_autograde_equals_plain_nbgrader_autograde(tmp_path):
    inbox = tmp_path / "in"
    # all right; a mix with partial credit (0.5s); wrong shapes and code-like text (invalid, 0)
    write_notebook(inbox / "nurse.ipynb", make_submission(CASE, RIGHT, NURSE))
    write_notebook(inbox / "doctor.ipynb", make_submission(CASE, MIXED, DOCTOR))
    odd = {
        "case-single": "zz",
        "case-talk": ["dismiss", "net"],
        "case-reflect": "__import__('os').getcwd() and follow up",
    }
    write_notebook(inbox / "physio.ipynb", make_submission(CASE, odd, PHYSIO))

    ours = released_course_dir(tmp_path / "ours")
    assert main(["collect", str(inbox), "--root", str(FIXTURE_COURSE), "--course-dir", str(ours)]) == 0
    plain = tmp_path / "plain"
    shutil.copytree(ours, plain)

    assert main(["autograde", "--root", str(FIXTURE_COURSE), "--course-dir", str(ours), "--quiet"]) == 0
    result = plain_nbgrader_autograde(plain, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]

    ours_scores = cell_scores(ours / "gradebook.db")
    plain_scores = cell_scores(plain / "gradebook.db")
    assert len(ours_scores) == 12
    assert ours_scores == plain_scores
    # and the scores are the ones the rules give, not all zeros or all ones
    assert sorted({score for score, _ in ours_scores.values()}) == [0.0, 0.5, 1.0]
