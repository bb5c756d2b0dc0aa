"""The quick YAML reader (grader/content/fastyaml.py) against ruamel.yaml, the reader it stands in for.

Wherever fastyaml gives a value, it is ruamel.yaml's value (same types, same
lines for every key and item); wherever ruamel.yaml rejects the text, fastyaml
defers, so every error message still comes from ruamel.yaml. Checked on every
YAML file in the project and on generated text (200 cases in `make test`,
10,000 in `make bench`).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.reader import Reader

from grader.content import fastyaml
from grader.content.fastyaml import DEFER, LinedMap, LinedSeq
from grader.content.yamlfile import ContentError, lined, read_yaml
from helpers.properties import YAMLISH, yamlish_text

ROOT = Path(__file__).resolve().parent.parent
CONTENT = sorted(
    p for folder in ("modules", "quizzes", "case_studies", "referrals") for p in (ROOT / folder).rglob("*.yml")
)
EVERY_YAML = CONTENT + sorted((ROOT / "tests" / "fixtures").rglob("*.yml"))


def ruamel(text: str) -> Any:
    """ruamel.yaml's reading, as the loader did before fastyaml; raises on bad text."""
    return lined(YAML(typ="rt").load(text))


def kind(value: Any) -> str:
    for name, types in (
        ("bool", bool),
        ("int", int),
        ("float", float),
        ("date", dt.date),
        ("str", str),
        ("null", type(None)),
    ):
        if isinstance(value, types) and not (name == "int" and isinstance(value, bool)):
            return name
    return type(value).__name__


def same(fast: Any, slow: Any, where: str = "") -> None:
    """Equal values of the same kind, with the same line for every key and item."""
    if isinstance(slow, LinedMap):
        assert isinstance(fast, LinedMap), where
        assert list(fast) == list(slow), where
        assert fast.key_lines == slow.key_lines, where
        for key in slow:
            same(fast[key], slow[key], f"{where}/{key}")
    elif isinstance(slow, LinedSeq):
        assert isinstance(fast, LinedSeq), where
        assert len(fast) == len(slow) and fast.item_lines == slow.item_lines, where
        for i, (a, b) in enumerate(zip(fast, slow, strict=True)):
            same(a, b, f"{where}/{i}")
    else:
        assert (kind(fast), fast) == (kind(slow), slow), where


def agrees(text: str) -> Any:
    """fastyaml's result, after checking it against ruamel.yaml's."""
    fast = fastyaml.load(text)
    try:
        slow = ruamel(text)
    except Exception:  # ruamel rejects it (or crashes on it): fastyaml must leave it to ruamel
        assert fast is DEFER, f"ruamel.yaml rejects this text but fastyaml read it: {text!r}"
        return fast
    if fast is not DEFER:
        same(fast, slow)
    return fast


@pytest.mark.parametrize("path", EVERY_YAML, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_project_yaml_file_reads_the_same(path):
    agrees(path.read_text(encoding="utf-8-sig"))


@pytest.mark.parametrize("path", CONTENT, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_course_content_takes_the_quick_path(path):
    """Else the site build is slow again, with nothing else to say so."""
    assert fastyaml.load(path.read_text(encoding="utf-8")) is not DEFER


def test_the_characters_yaml_forbids_are_ruamels():
    assert fastyaml.NON_PRINTABLE.pattern == Reader.NON_PRINTABLE.pattern


@pytest.mark.parametrize(
    "text, value",
    [
        ("a: no\n", "no"),  # YAML 1.2: a string, not false
        ("a: true\n", True),
        ("a: 12\n", 12),
        ("a: -3\n", -3),
        ("a: 1.25\n", 1.25),
        ("a: 2026-01-02\n", dt.date(2026, 1, 2)),
        ("a: '12'\n", "12"),
        ("a:\n", None),
        ("a: ~\n", None),
        ("a: |\n  two\n  lines\n", "two\nlines\n"),
        ('a: "it\'s \\u00e9"\n', "it's \u00e9"),
    ],
)
def test_ordinary_values(text, value):
    data = agrees(text)
    assert data is not DEFER and kind(data["a"]) == kind(value) and data["a"] == value


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # a duplicate key
        "a: &x 1\nb: *x\n",  # an alias
        "a: !!str 12\n",  # a tag
        "a: !custom x\n",
        "<<: {a: 1}\n",  # a merge key
        "a: 2026-02-30\n",  # a date that does not exist
        "a: 0x1f\n",
        "a: 1_000\n",
        "a: .5\n",
        "a: 012\n",
        "a: +1\n",
        "a: .inf\n",  # rarer numbers
        "a: 2026-01-02 10:00:00\n",  # a time of day
        "%YAML 1.1\n---\na: yes\n",  # a directive
        "a: 1\n---\nb: 2\n",  # two documents
        "? [a, b]\n: c\n",  # a list as a key
        "- a\n- b\n",  # not a mapping
        "",  # empty
        "a: [1\n",  # bad syntax
        "a: \x07\n",  # a control character
    ],
)
def test_anything_unusual_is_left_to_ruamel(text):
    assert agrees(text) is DEFER


def test_deep_nesting_is_left_to_ruamel_and_nothing_crashes():
    """libyaml's composer crashes the process on text nested ~25,000 deep; fastyaml reads events."""
    script = (
        "from grader.content import fastyaml\n"
        "for depth in (60, 100_000):\n"
        "    assert fastyaml.load('a: ' + '[' * depth + ']' * depth) is fastyaml.DEFER\n"
        "for depth in (60, 3_000):\n"
        "    assert fastyaml.load('a:\\n' + ''.join(' ' * (i + 1) + 'b:\\n' for i in range(depth))) is fastyaml.DEFER\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


def test_the_loader_still_words_errors_as_ruamel_did(tmp_path):
    path = tmp_path / "bank.yml"
    path.write_text("module: example\nmodule: again\n", encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        read_yaml(path, "quizzes/bank.yml")
    assert str(raised.value).startswith("quizzes/bank.yml:2: YAML syntax error:") and "duplicate key" in str(
        raised.value
    )


# --- generated text ------------------------------------------------------------------

content_lines = st.sampled_from(
    [line for path in CONTENT[:6] for line in path.read_text(encoding="utf-8").splitlines(keepends=True)]
)


@st.composite
def content_like(draw) -> str:
    """Lines of real content files, shuffled, reindented and broken with YAML-ish fragments."""
    lines = draw(st.lists(content_lines, min_size=1, max_size=40))
    out = []
    for line in lines:
        op = draw(st.sampled_from(["keep", "keep", "keep", "indent", "dedent", "insert"]))
        if op == "indent":
            line = " " * draw(st.integers(1, 4)) + line
        elif op == "dedent":
            line = line.lstrip(" ")
        elif op == "insert":
            at = draw(st.integers(0, len(line)))
            line = line[:at] + "".join(draw(st.lists(st.sampled_from(YAMLISH), max_size=6))) + line[at:]
        out.append(line)
    return "".join(out)


@given(text=yamlish_text)
def test_yamlish_text_reads_the_same_or_is_left_to_ruamel(text):
    agrees(text)


@given(text=content_like())
def test_content_like_text_reads_the_same_or_is_left_to_ruamel(text):
    agrees(text)


scalar_text = st.text(alphabet=st.sampled_from(list("0123456789-+._:eExXoObB ~tTrRuUfFaAlLsSnN\"'#")), max_size=12)


@given(key=st.sampled_from(["a", "1", "true", "null", "'q'", "2026-01-02"]), value=scalar_text)
def test_any_scalar_reads_the_same_or_is_left_to_ruamel(key, value):
    agrees(f"{key}: {value}\nz: [{value}]\n")
