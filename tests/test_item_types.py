"""The registry of question types, Python side: every folder in grader/items/ holds every
part a type needs (tests/js/item-types.test.mjs checks the browser's parts), each part has
what its layer looks for, and a folder that lacks one is named with the part it lacks."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from grader import items
from grader.content.item_base import ItemBase

ROOT = Path(__file__).resolve().parent.parent
ITEMS = ROOT / "grader" / "items"

PARTS_CHECK = ROOT / "tests" / "helpers" / "item_parts.py"


def missing_parts(items_dir: Path) -> list[str]:
    """One sentence per missing part of the types in `items_dir` (grader/items of some copy)."""
    root = items_dir.parent.parent
    result = subprocess.run(
        [sys.executable, str(PARTS_CHECK), str(root)], capture_output=True, text=True, timeout=120, cwd=root
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_every_question_type_has_every_part():
    assert "short_answer" in items.type_names()
    assert missing_parts(ITEMS) == []


@pytest.mark.parametrize("part", ["widget.py", "qti.py", "inputs.html.j2", "scoring.js"])
def test_a_folder_without_a_part_is_named_with_the_part_it_lacks(tmp_path, part):
    shutil.copytree(ROOT / "grader", tmp_path / "grader", ignore=shutil.ignore_patterns("assets", "__pycache__"))
    (tmp_path / "grader" / "items" / "short_answer" / part).unlink()
    assert missing_parts(tmp_path / "grader" / "items") == [f"grader/items/short_answer has no {part}"]


def test_a_part_without_the_name_its_layer_looks_for_is_named(tmp_path):
    shutil.copytree(ROOT / "grader", tmp_path / "grader", ignore=shutil.ignore_patterns("assets", "__pycache__"))
    widget = tmp_path / "grader" / "items" / "numeric" / "widget.py"
    widget.write_text(widget.read_text(encoding="utf-8").replace("def feedback(", "def feedback_html("))
    assert missing_parts(tmp_path / "grader" / "items") == ["grader/items/numeric/widget.py has no feedback (function)"]


def test_a_model_without_its_longest_response_is_named(tmp_path):
    shutil.copytree(ROOT / "grader", tmp_path / "grader", ignore=shutil.ignore_patterns("assets", "__pycache__"))
    model = tmp_path / "grader" / "items" / "ordering" / "model.py"
    model.write_text(model.read_text(encoding="utf-8").replace("def longest_response(", "def longest_answer("))
    assert missing_parts(tmp_path / "grader" / "items") == [
        "grader/items/ordering/model.py: MODEL has no longest_response()"
    ]


def test_each_model_is_an_item_named_by_its_folder():
    for t in items.type_names():
        model = items.part(t, "model").MODEL
        assert issubclass(model, ItemBase)
        assert model.model_fields["type"].annotation.__args__ == (t,), t


def test_the_registry_and_each_folder_init_import_only_the_standard_library():
    # every layer imports the registry, and content imports each folder: neither may reach a layer
    for path in [ITEMS / "__init__.py", *(ITEMS / t / "__init__.py" for t in items.type_names())]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module != "__future__":
                root = (node.module or "").split(".")[0]
                assert node.level == 0 and root in sys.stdlib_module_names, (path, node.module)
            if isinstance(node, ast.Import):
                assert all(a.name.split(".")[0] in sys.stdlib_module_names for a in node.names), path


def test_every_question_type_has_conformance_cases():
    conformance = json.loads((ROOT / "conformance" / "scoring-cases.json").read_text(encoding="utf-8"))
    named = conformance["items"]
    covered = {(named[c["item"]] if isinstance(c["item"], str) else c["item"])["type"] for c in conformance["cases"]}
    assert covered == set(items.type_names())


def test_bank_types_are_the_ones_that_say_so():
    from grader.content.models import CASE_ITEM_TYPES, ITEM_TYPES

    assert set(ITEM_TYPES) == {t for t in items.type_names() if items.folder(t).IN_QUESTION_BANKS}
    assert items.type_names() == CASE_ITEM_TYPES
    assert {"consultation", "free_text"} <= set(CASE_ITEM_TYPES) - set(ITEM_TYPES)


def test_the_wheel_ships_every_template_and_browser_part(tmp_path):
    # package-data in pyproject.toml: a type's template and scripts, and every other template, in the wheel
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    (wheel,) = tmp_path.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = set(archive.namelist())
    wanted = {f"grader/items/{t}/{f}" for t in items.type_names() for f in items.PARTS}
    for folder in ("site/templates", "facilitator/templates", "reports/templates", "site/assets/dist", "lms/scorm12"):
        wanted |= {str(p.relative_to(ROOT)) for p in (ROOT / "grader" / folder).iterdir() if p.is_file()}
    wanted.add("grader/content/language_terms.yml")
    assert sorted(wanted - shipped) == []


def test_short_answer_normalises_case_spaces_and_punctuation_but_keeps_decimal_points():
    from grader.items.short_answer.scoring import normalise

    assert normalise("PHQ-9") == normalise("phq 9") == normalise("PHQ9") == "phq9"
    assert normalise("STarT Back") == normalise("start-back") == "startback"
    assert normalise("7.5") == "7.5" != normalise("75")
    assert normalise("7 . 5") == "75"  # a point with spaces round it is punctuation
    assert normalise("ﬁve") == "five"  # NFKC
    assert normalise("?!") == ""


def test_short_answer_in_the_facilitators_pack_lists_every_accepted_answer():
    from grader.content.loader import load_course
    from grader.items.short_answer.answers import answer

    course = load_course(ROOT / "tests" / "fixtures" / "course")
    (item,) = [i for i in course.modules[0].bank.items if i.type == "short_answer"]
    group, key = answer(item)
    assert group == "A word or short phrase, typed."
    assert "**Accepted answers:** PHQ-9; Patient Health Questionnaire 9" in key
    assert "Yes, the PHQ-9, its name in full." in key and "The answer is the PHQ-9." in key


# --- answer-key versions ---------------------------------------------------------------------


def _fields_named(model: type, include: dict, where: str) -> list[str]:
    """Every name in an ANSWER_KEY that is not a field of the model (pydantic ignores them silently)."""
    from typing import get_args

    from pydantic import BaseModel

    missing = []
    for name, inner in include.items():
        field = model.model_fields.get(name)
        if field is None:
            missing.append(f"{where}.{name}")
            continue
        if isinstance(inner, dict):
            inner = inner.get("__all__", inner)
            nested = [a for a in get_args(field.annotation) if isinstance(a, type) and issubclass(a, BaseModel)]
            if not nested:
                missing.append(f"{where}.{name} (not a list of models)")
                continue
            names = inner if isinstance(inner, dict) else dict.fromkeys(inner, True)
            missing += _fields_named(nested[0], names, f"{where}.{name}")
    return missing


@pytest.mark.parametrize("name", items.type_names())
def test_every_type_names_its_answer_key_by_real_fields(name):
    model = items.part(name, "model").MODEL
    assert model.ANSWER_KEY, f"grader/items/{name}/model.py: set ANSWER_KEY, the fields scoring.py reads"
    assert _fields_named(model, model.ANSWER_KEY, name) == []


def test_the_key_version_changes_with_the_key_and_not_with_the_wording():
    from grader.content.loader import load_course

    course = load_course(ROOT)
    questions = [i for c in course.modules for i in c.bank.items] + [i for c in course.cases for i in c.case.items()]
    assert {q.type for q in questions} == set(items.type_names())
    for question in questions:
        version = question.key_version()
        assert len(version) == 10 and version == question.key_version()
        reworded = question.model_copy(update={"stem": question.stem + " (reworded)", "context": "New context."})
        assert reworded.key_version() == version, question.id
    by_id = {q.id: q for q in questions}
    single = next(q for q in questions if q.type == "single")
    other = next(o.id for o in single.options if o.id != single.answer)
    assert single.model_copy(update={"answer": other}).key_version() != single.key_version()
    numeric = next(q for q in questions if q.type == "numeric")
    assert numeric.model_copy(update={"tolerance": numeric.tolerance + 1}).key_version() != numeric.key_version()
    free = next(q for q in questions if q.type == "free_text")
    criterion = free.rubric[0].model_copy(update={"keywords": [*free.rubric[0].keywords, "extra"]})
    changed = free.model_copy(update={"rubric": [criterion, *free.rubric[1:]]})
    assert changed.key_version() != free.key_version()
    feedback_only = free.rubric[0].model_copy(update={"feedback": "Other words."})
    assert free.model_copy(update={"rubric": [feedback_only, *free.rubric[1:]]}).key_version() == free.key_version()
    assert by_id  # every question has a version (none raised)


def test_a_case_submission_keeps_the_key_version_of_every_question():
    from grader.content.loader import load_course
    from grader.formats.notebook import release_notebook

    for content in load_course(ROOT).cases:
        keys = release_notebook(content.case)["metadata"]["mskcpd"]["keys"]
        assert keys == {item.id: item.key_version() for item in content.case.items()}
