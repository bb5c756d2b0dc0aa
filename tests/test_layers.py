"""The layers of DESIGN.md ("Inside grader/") hold: import-linter checks the
contracts in pyproject.toml's [tool.importlinter], and fails on a broken one."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    """Runs import-linter on the `grader` package found first from `cwd`, with the project's contracts."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(ROOT / "pyproject.toml")],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_code_keeps_every_layer_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_part_importing_a_part_it_may_not_use_breaks_a_contract(tmp_path):
    # A copy of grader/ with the two imports the layers once had: the site's widgets
    # reaching into the gradebook, and the exports into the site.
    shutil.copytree(ROOT / "grader", tmp_path / "grader", ignore=shutil.ignore_patterns("assets", "__pycache__"))
    for path, line in [
        ("grader/site/widgets.py", "from grader.gradebook.notebook import release_notebook"),
        ("grader/exports/gift.py", "from grader.site.text import block_html"),
        # and a question type's scoring rule reaching into the site, its widget into the gradebook
        ("grader/items/single/scoring.py", "from grader.site.text import block_html"),
        ("grader/items/numeric/widget.py", "from grader.gradebook.notebook import release_notebook"),
    ]:
        module = tmp_path / path
        module.write_text(module.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "grader.site.widgets -> grader.gradebook.notebook" in result.stdout, result.stdout
    assert "grader.exports.gift -> grader.site.text" in result.stdout, result.stdout
    assert "grader.items.single.scoring -> grader.site.text" in result.stdout, result.stdout
    assert "grader.items.numeric.widget -> grader.gradebook.notebook" in result.stdout, result.stdout


def test_the_old_import_paths_of_the_notebook_format_still_work():
    from grader.formats import notebook
    from grader.gradebook import notebook as old_notebook

    assert all(getattr(old_notebook, name) is getattr(notebook, name) for name in old_notebook.__all__)


def test_a_hidden_test_cell_still_scores_through_grader_gradebook_autotest():
    # Notebooks already released import it by that name: run one cell as nbgrader's kernel would.
    from grader.content.loader import load_course
    from grader.formats.notebook import answer_variable, test_source

    case = load_course(ROOT / "tests" / "fixtures" / "course").cases[0].case
    item = case.items()[0]
    source = test_source(item)
    assert "from grader.gradebook.autotest import points" in source
    namespace = {answer_variable(item.id): None}
    exec(source, namespace)  # as the kernel runs it: the import, then the call
    call = next(line for line in source.splitlines() if line.startswith("points("))
    assert eval(call, namespace) == 0  # no answer, no points
