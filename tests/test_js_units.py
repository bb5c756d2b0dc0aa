"""The browser code without a browser: node's own test runner over tests/js/ (scoring against
the conformance cases; the record's merge, import and migration; the registry of question
types), and the committed bundles in grader/site/assets/dist and the registries of question
types that the same build generates (grader/site/assets/src/item-*.js, from grader/items)
rebuilt into a temporary directory to show they are current.

`make test` installs Node and the pinned npm packages (esbuild) before the suite runs.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "grader" / "site" / "assets"
DIST = ASSETS / "dist"
SRC = ASSETS / "src"


def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.fail("node is missing: run `make test`, which installs it (and the npm packages in package.json)")
    if not (ROOT / "node_modules" / "esbuild").is_dir():
        pytest.fail("esbuild is missing from node_modules: run `make test` (or `npm ci`)")
    return found


def test_the_javascript_unit_tests_pass():
    tests = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests" / "js").glob("*.test.mjs"))
    assert tests, "no tests in tests/js"
    result = subprocess.run([node(), "--test", *tests], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"node --test failed:\n{result.stdout[-6000:]}\n{result.stderr[-2000:]}"


def _build(tmp_path: Path) -> tuple[Path, Path]:
    """Run the build into a temporary directory: (bundles, generated registries)."""
    bundles, generated = tmp_path / "dist", tmp_path / "src"
    result = subprocess.run(
        [node(), str(ASSETS / "build.mjs"), str(bundles), str(generated)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return bundles, generated


def test_the_committed_bundles_are_built_from_the_sources(tmp_path):
    bundles, _ = _build(tmp_path)
    built = {p.name: p.read_bytes() for p in bundles.iterdir()}
    shipped = {p.name: p.read_bytes() for p in DIST.iterdir()}
    assert sorted(shipped) == sorted(built), "grader/site/assets/dist does not hold exactly the bundles: run `make js`"
    stale = sorted(name for name in built if built[name] != shipped[name])
    assert not stale, (
        f"grader/site/assets/dist/{', '.join(stale)} out of date with grader/site/assets/src: run `make js` and "
        "commit the result"
    )
    assert not any(name.endswith(".map") for name in shipped), "no sourcemaps ship"


def test_the_committed_registries_of_question_types_are_generated_from_grader_items(tmp_path):
    _, generated = _build(tmp_path)
    built = {p.name: p.read_bytes() for p in generated.iterdir()}
    assert sorted(built) == ["item-scoring.js", "item-widgets.js"], sorted(built)
    missing = sorted(name for name in built if not (SRC / name).is_file())
    assert not missing, f"grader/site/assets/src/{', '.join(missing)} missing: run `make js` and commit the result"
    stale = sorted(name for name in built if built[name] != (SRC / name).read_bytes())
    assert not stale, (
        f"grader/site/assets/src/{', '.join(stale)} out of date with the folders in grader/items: run `make js` "
        "and commit the result"
    )
