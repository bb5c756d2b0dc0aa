"""The facilitator's pack: a jupyter-book 1.x project with every case's model answers,
that builds offline into HTML loading nothing from another host."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from grader import facilitator
from grader.cli import main as grader_main
from grader.content import language
from grader.content.loader import load_course
from grader.items.consultation.answers import answer as answer_consultation
from grader.items.consultation.scoring import best_paths
from grader.items.free_text.answers import answer as answer_free_text
from grader.items.numeric.answers import answer as answer_numeric
from grader.items.numeric.model import UnsafeBand
from grader.items.single.answers import answer as answer_single
from helpers.site import FIXTURE_COURSE, ROOT

JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
# Any fetch a build might try goes to a closed local port and fails at once.
OFFLINE_ENV = {
    **os.environ,
    **{name: "http://127.0.0.1:9" for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY")},
    "no_proxy": "",
    "NO_PROXY": "",
}


@pytest.fixture(scope="module")
def course():
    return load_course(ROOT)


@pytest.fixture(scope="module")
def fixture():
    return load_course(FIXTURE_COURSE)


@pytest.fixture(scope="module")
def files(course):
    return facilitator.project_files(course)


def flat(text: str) -> str:
    """Whitespace and table-cell escapes ignored."""
    return " ".join(text.replace("\\|", "|").split())


def shown(text: str) -> str:
    """Authored text as the pack writes it."""
    return flat(facilitator.md(text))


def model_answer_texts(item) -> list[str]:
    """The parts of an item's model answer that must be in the pack."""
    if item.type in ("single", "multiple"):
        return [o.feedback for o in item.options] + [
            o.text for o in item.options if o.id in ([item.answer] if item.type == "single" else item.answer)
        ]
    if item.type == "numeric":
        return [item.feedback.correct, item.feedback.incorrect, facilitator.number(item.answer)] + [
            b.feedback for b in item.unsafe
        ]
    if item.type == "ordering":
        return [item.feedback] + [o.feedback for o in item.options]
    if item.type == "matching":
        return [p.feedback for p in item.premises] + [c.text for c in item.choices]
    if item.type == "consultation":
        texts = [item.feedback] + [b.label for b in item.behaviours]
        return (
            texts
            + [c.feedback for n in item.nodes for c in n.choices]
            + [c.text for n in item.nodes for c in n.choices]
        )
    if item.type == "free_text":
        return [item.model_answer] + [c.criterion for c in item.rubric] + [c.feedback for c in item.rubric]
    raise AssertionError(f"no check for item type {item.type}")


def test_project_has_every_case_with_model_answers_and_prompts(course, files):
    assert len(course.cases) == len([p for p in (ROOT / "case_studies").iterdir() if p.is_dir()]) >= 11
    assert {"_config.yml", "_toc.yml", "intro.md"} <= set(files)
    toc = json.loads(files["_toc.yml"].split("\n", 1)[1])
    listed = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    assert listed == [f"cases/{c.case.id}" for c in course.cases]
    for content in course.cases:
        case = content.case
        page = flat(files[f"cases/{case.id}.md"])
        for text in [case.title, case.summary] + [o.text for o in case.outcomes] + [s.narrative for s in case.stages]:
            assert shown(text) in page, (case.id, text[:60])
        for prompt in case.facilitation.discussion_prompts:
            assert shown(prompt) in page, (case.id, prompt[:60])
        for ref in case.references:
            assert shown(ref.citation) in page
        for item in case.items():
            assert shown(item.stem) in page, (case.id, item.id)
            for text in model_answer_texts(item):
                assert shown(text) in page, (case.id, item.id, text[:60])
        assert "[[avoid:" not in page  # the marker is said in words
        assert f"**Total** | **{case.facilitation.timing_minutes}**" in page


def test_answer_keys_name_the_right_options(fixture):
    case = fixture.case("example-case").case
    single, numeric, talk, reflect = case.items()
    group, answer = answer_single(single)
    letter = next(line.split("**")[1][0] for line in group.splitlines() if "How is your mood?" in line)
    assert f"**Answer: {letter}.** How is your mood?" in answer
    _, answer = answer_numeric(numeric)
    assert "**Answer: 60 mg** (exactly)" in answer
    assert best_paths(talk) == [["ask", "net"]]
    _, answer = answer_consultation(talk)
    assert "scores 100%" in answer and "*You say:* Tell me more about how you feel." in answer
    _, answer = answer_free_text(reflect)
    assert "Low mood discussed; safety-netted; review in two weeks." in answer


def test_unsafe_bands_and_tolerance_are_spelt_out(fixture):
    numeric = fixture.case("example-case").case.items()[1]
    item = numeric.model_copy(
        update={"tolerance": 5.0, "unsafe": [UnsafeBand(max=20, feedback="Far too low: under-dosing.")]}
    )
    _, answer = answer_numeric(item)
    assert "accepted from 55 to 65 mg" in answer
    assert "**20 mg or less**" in answer and "Far too low: under-dosing." in answer


def test_language_to_avoid_is_said_in_words():
    assert (
        facilitator.md("Never say [[avoid: chronic pain sufferer]].")
        == "Never say \u201cchronic pain sufferer\u201d *(language to avoid)*."
    )
    # lines MyST would swallow stay text
    assert facilitator.md("16\n% of people") == "16\n\\% of people"
    assert facilitator.md("{{ name }}") != "{{ name }}"


def test_timing_plans_add_up(course):
    for content in course.cases:
        plan = facilitator.timing_plan(content.case)
        assert sum(s.minutes for s in plan) == content.case.facilitation.timing_minutes
        assert all(s.minutes >= 0 for s in plan)
        assert len(plan) == len(content.case.stages) + 3
    example = load_course(FIXTURE_COURSE).case("example-case").case
    for minutes in (5, 7, 90, 240):
        short = example.model_copy(
            update={"facilitation": example.facilitation.model_copy(update={"timing_minutes": minutes})}
        )
        assert sum(s.minutes for s in facilitator.timing_plan(short)) == minutes


def test_guide_runs_an_echo_session_with_ground_rules_and_crisis_contacts(course):
    guide = facilitator.guide_markdown(course)
    assert "ECHO" in guide and "(ARMA chronic pain roundtable, 2019)" in guide
    assert "Chronic pain roundtable report" in guide  # the source, cited in full
    assert "90-minute" in guide and "round of questions" in guide and "round of suggestions" in guide
    for rule in (
        "Confidentiality",
        "Everyone in the cases is fictional",
        "Safe messaging about suicide",
        "Look after yourselves",
    ):
        assert rule in guide
    services = course.services()
    for service in services:
        if service.category in ("crisis", "staff-support"):
            assert service.name in guide
            if service.phone:
                assert service.phone in guide
        else:
            assert f"**{service.name}**" not in guide
    for content in course.cases:
        case = content.case
        assert f"]({facilitator.case_page_name(content)}) | {case.facilitation.timing_minutes} min" in guide
    assert list(language.stigmatising(guide)) == []


def test_cases_about_suicide_carry_crisis_contacts(course, files):
    page = files["cases/suicidal-thoughts-in-physio.md"]
    assert "Crisis contacts" in page and "Samaritans" in page and "116 123" in page


def test_model_answers_stay_out_of_the_trainee_site_sources(fixture, tmp_path):
    # the pack is written only where asked; nothing lands in the site's docs_dir
    before = sorted(p.relative_to(ROOT) for p in (ROOT / "course").rglob("*"))
    facilitator.write_project(fixture, tmp_path / "pack")
    assert sorted(p.relative_to(ROOT) for p in (ROOT / "course").rglob("*")) == before


def test_write_project_replaces_an_earlier_pack_and_refuses_other_folders(fixture, tmp_path):
    out = tmp_path / "pack"
    written = facilitator.write_project(fixture, out)
    assert out / "cases" / "example-case.md" in written
    stale = out / "cases" / "old-case.md"
    manifest = json.loads((out / facilitator.MANIFEST).read_text())
    (out / facilitator.MANIFEST).write_text(json.dumps(manifest + ["cases/old-case.md"]))
    stale.write_text("# gone\n")
    facilitator.write_project(fixture, out)
    assert not stale.exists() and (out / "cases" / "example-case.md").exists()

    other = tmp_path / "notes"
    other.mkdir()
    (other / "mine.txt").write_text("keep me")
    with pytest.raises(facilitator.PackError, match="not empty"):
        facilitator.write_project(fixture, other)
    assert (other / "mine.txt").read_text() == "keep me"


def test_cli_writes_the_project(tmp_path, capsys):
    out = tmp_path / "src"
    assert grader_main(["facilitator", "--out", str(out), "--root", str(FIXTURE_COURSE)]) == 0
    assert "Wrote the facilitator's pack (1 case(s))" in capsys.readouterr().out
    assert (out / "_config.yml").exists() and (out / "cases" / "example-case.md").exists()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "x").write_text("x")
    assert grader_main(["facilitator", "--out", str(tmp_path / "notes"), "--root", str(FIXTURE_COURSE)]) == 2


# --- a real jupyter-book build ------------------------------------------------


class Loads(HTMLParser):
    """What a page loads (scripts, styles, fonts, images, frames), and its inline scripts."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "srcset", "data-src", "poster"):
            if attrs.get(name):
                self.urls.append(attrs[name])
        if (
            tag == "link"
            and attrs.get("href")
            and not {"canonical", "alternate", "next", "prev", "index", "search"}
            & set((attrs.get("rel") or "").split())
        ):
            self.urls.append(attrs["href"])
        self._in_script = tag == "script" and not attrs.get("src")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_scripts.append(data)


FOREIGN = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)


def _network_off_prefix() -> list[str]:
    """`unshare --net` where this machine allows it, so the build has no network at all."""
    unshare = shutil.which("unshare")
    for prefix in ([unshare, "--net"], [unshare, "--map-root-user", "--net"]) if unshare else []:
        if subprocess.run([*prefix, "true"], capture_output=True).returncode == 0:
            return prefix
    return []


@pytest.fixture(scope="module")
def built_pack(tmp_path_factory):
    if not JUPYTER_BOOK.exists():
        pytest.skip(
            "jupyter-book is not installed in this venv: `make facilitator` installs it (the `facilitator` extra)"
        )
    src = tmp_path_factory.mktemp("facilitator") / "src"
    facilitator.write_project(load_course(FIXTURE_COURSE), src)
    result = subprocess.run(
        [*_network_off_prefix(), str(JUPYTER_BOOK), "build", "--warningiserror", "--nitpick", str(src)],
        capture_output=True,
        text=True,
        env=OFFLINE_ENV,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return src / "_build" / "html"


def test_build_succeeds_offline_with_the_model_answers(built_pack):
    page = (built_pack / "cases" / "example-case.html").read_text(encoding="utf-8")
    for text in (
        "Low mood discussed; safety-netted; review in two weeks.",  # free-text model answer
        "Good open question.",  # consultation choice feedback
        "A good consultation asks about mood and safety-nets.",
        "What made it easier or harder to ask Sam about mood?",  # discussion prompt
        "Model answer and reasoning",
    ):
        assert text in page, text
    guide = (built_pack / "intro.html").read_text(encoding="utf-8")
    assert "ECHO" in guide and "999 or A&amp;E" in guide and "Occupational health" in guide


def test_built_pack_loads_nothing_from_another_host(built_pack):
    pages = sorted(built_pack.rglob("*.html"))
    assert len(pages) >= 3
    for path in pages:
        loads = Loads()
        loads.feed(path.read_text(encoding="utf-8"))
        foreign = [u for u in loads.urls if FOREIGN.match(u)]
        assert foreign == [], f"{path.relative_to(built_pack)} loads from another host: {foreign}"
        scripted = [s for s in loads.inline_scripts if re.search(r"https?://", s)]
        assert scripted == [], f"{path.relative_to(built_pack)} has a script naming another host: {scripted}"
    for css in built_pack.rglob("*.css"):
        text = re.sub(r"/\*.*?\*/", "", css.read_text(encoding="utf-8", errors="replace"), flags=re.DOTALL)
        assert not re.search(r"(url\(\s*['\"]?|@import\s+['\"])(https?:)?//", text), (
            f"{css.name} loads from another host"
        )
