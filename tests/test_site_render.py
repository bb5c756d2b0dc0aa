"""Rendering (builder-independent) and the MkDocs adapter's hooks, without building a site."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest

from grader.content.loader import load_course
from grader.site import render, widgets
from grader.site import text as site_text

FIXTURE = Path(__file__).parent / "fixtures" / "course"


@pytest.fixture(scope="module")
def course():
    return load_course(FIXTURE)


class Elements(HTMLParser):
    """Collects start tags with their attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def all(self, tag):
        return [a for t, a in self.tags if t == tag]


def test_core_does_not_import_mkdocs():
    import ast

    core = Path(render.__file__).parent.parent
    site = [p for p in core.glob("site/*.py") if p.name != "plugin.py"]  # the adapter is the only MkDocs code
    assert {p.name for p in site} >= {"render.py", "widgets.py", "text.py", "markers.py"}
    for path in [*core.glob("content/*.py"), *core.glob("scoring/*.py"), *site, core / "cli.py"]:
        tree = ast.parse(path.read_text())
        names = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        names += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        assert not [n for n in names if n.split(".")[0] in {"mkdocs", "material"}], path


@pytest.mark.parametrize("index", range(5))
def test_every_input_has_a_label_inside_a_fieldset_with_a_legend(course, index):
    item = course.modules[0].bank.items[index]
    html = widgets.item_widget(item, index + 1, 5, "example")
    elements = Elements(html)
    assert len(elements.all("fieldset")) == 1 and len(elements.all("legend")) == 1
    labelled = {a["for"] for a in elements.all("label")}
    controls = [a for a in elements.all("input") + elements.all("select")]
    assert controls or item.type == "ordering"
    for control in controls:
        assert control["id"] in labelled, f"{item.type}: {control} has no label"
    ids = [a["id"] for _, a in elements.tags if "id" in a]
    assert len(ids) == len(set(ids)), "duplicate ids"
    # feedback is announced politely
    assert any(a.get("aria-live") == "polite" and a.get("role") == "status" for _, a in elements.tags)


def test_widget_embeds_the_item_as_scoring_data(course):
    item = course.modules[0].bank.items[2]  # numeric
    section = Elements(widgets.item_widget(item, 3, 5, "example")).all("section")[0]
    data = json.loads(section["data-item"])
    assert data["item"] == item.model_dump(mode="json", exclude_none=True)
    assert data["module"] == "example"
    assert "dangerous dose" in data["feedback"]["unsafe"][0]


def test_text_is_escaped_in_attributes_and_options(course):
    item = course.modules[0].bank.items[4].model_copy(deep=True)  # matching
    choice = item.choices[0].model_copy(update={"text": '<img src=x onerror=alert(1)> "quoted"'})
    item = item.model_copy(update={"choices": [choice, *item.choices[1:]]})
    html = widgets.item_widget(item, 1, 1, "example")
    assert "<img" not in html.replace("&lt;img", "")
    Elements(html)  # still parses


def test_ordering_buttons_name_their_row(course):
    item = course.modules[0].bank.items[3]
    html = widgets.item_widget(item, 4, 5, "example")
    assert html.count('data-move="up"') == 3 and 'Move up<span class="mskcpd-sr-only">: First</span>' in html


def test_module_pages_and_navigation(course):
    pages = render.course_pages(course, render.Settings(pass_mark=0.8))
    uris = [p.src_uri for p in pages]
    assert uris == [
        "modules/example/index.md",
        "modules/example/intro.md",
        "modules/example/questions.md",
        "case-studies/index.md",
        "case-studies/example-case.md",
        "references.md",
    ]
    overview = pages[0].markdown
    assert (
        "| CPD time | 20 minutes |" in overview
        and "| Content next reviewed | November 2027 (the course's review of this module, not yours) |" in overview
    )
    assert "1. Identify the right option." in overview and "- What will you do differently?" in overview
    assert render.navigation(course) == [
        {
            "1. An example module": [
                {"Overview": "modules/example/index.md"},
                {"Introduction": "modules/example/intro.md"},
                {"Check your learning": "modules/example/questions.md"},
            ]
        }
    ]
    cat = render.catalogue(course, render.Settings(pass_mark=0.75))
    assert cat["pass_mark"] == 0.75
    assert cat["modules"][0]["items"] == [
        "ex-single",
        "ex-multiple",
        "ex-numeric",
        "ex-ordering",
        "ex-matching",
        "ex-short-answer",
    ]


# --- the MkDocs adapter, hooks called directly on stand-in objects ----------


@pytest.fixture
def plugin(tmp_path):
    from mkdocs.config.defaults import MkDocsConfig

    from grader.site.plugin import CoursePlugin

    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text("site_name: t\n")
    config = MkDocsConfig(config_file_path=str(config_file))
    (tmp_path / "docs").mkdir()
    config.load_dict(
        {"site_name": "t", "docs_dir": str(tmp_path / "docs"), "nav": [{"Home": "index.md"}, {"Modules": []}]}
    )
    assert config.validate() == ([], [])
    plugin = CoursePlugin()
    plugin.load_config({"content_root": str(FIXTURE), "pass_mark": 0.9})
    return plugin, plugin.on_config(config)


def test_on_config_fills_the_modules_nav_and_adds_assets(plugin):
    p, config = plugin
    assert config.nav[1]["Modules"][0]["1. An example module"][0] == {"Overview": "modules/example/index.md"}
    # the course's scripts go into each page as it needs them (tests/test_page_weight.py), not into every page
    assert not [s for s in config.extra_javascript if str(s).startswith("mskcpd/")]
    assert "mskcpd/mskcpd.css" in config.extra_css
    assert p.settings.pass_mark == 0.9


@pytest.mark.parametrize(("favicon", "kept"), [("assets/images/favicon.png", False), ("images/trust.png", True)])
def test_the_course_s_icon_is_the_favicon_unless_the_site_names_its_own(tmp_path, favicon, kept):
    from mkdocs.config.defaults import MkDocsConfig

    from grader.site.plugin import CoursePlugin

    (tmp_path / "docs").mkdir()
    config = MkDocsConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
    config.load_dict({"site_name": "t", "docs_dir": str(tmp_path / "docs"), "theme": {"name": "material"}})
    assert config.validate() == ([], [])
    config.theme["favicon"] = favicon
    plugin = CoursePlugin()
    plugin.load_config({"content_root": str(FIXTURE)})
    icon = plugin.on_config(config).theme["favicon"]
    assert icon == favicon if kept else icon.startswith("data:image/png;base64,")  # in the page: no request


def test_on_page_markdown_writes_the_sites_settings_into_pages(plugin):
    """`[[pass-mark]]` and `[[review-schedule]]` come from mkdocs.yml, so a page cannot say otherwise."""
    p, config = plugin
    p.settings = render.Settings(pass_mark=0.9, review_intervals=(3, 10), review_items=4)
    page = SimpleNamespace(file=SimpleNamespace(src_uri="how-the-course-works.md"))
    out = p.on_page_markdown(
        "Pass at [[pass-mark]]. After you complete a module, [[review-schedule]]. Write `[[pass-mark]]`.",
        page=page,
        config=config,
        files=None,
    )
    assert out == (
        "Pass at 90%. After you complete a module, a review of about 4 of its questions falls due 3 and 10 days apart: "
        "the first 3 days after you complete the module, each later one counted from the day you did the one before. "
        "Write `[[pass-mark]]`."
    )
    assert (
        render.review_schedule(render.Settings(review_intervals=(1,), review_items=5))
        == "a review of about 5 of its questions falls due 1 day after you complete the module"
    )


def test_the_course_pages_state_no_setting_by_hand():
    """Pages say the pass mark and the review schedule with the markers, not as figures that could drift."""
    root = Path(__file__).resolve().parent.parent
    for path in (root / "course").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert "80%" not in text, f"{path.name}: write [[pass-mark]]"
    assert "[[review-schedule]]" in (root / "course" / "how-the-course-works.md").read_text(encoding="utf-8")


def test_on_page_content_swaps_slots_for_widgets(plugin):
    p, config = plugin
    page = SimpleNamespace(file=SimpleNamespace(src_uri="modules/example/questions.md"))
    html = p.on_page_content(
        "<h1>x</h1><p>MSKCPD-SLOT-progress</p><p>MSKCPD-SLOT-questions</p>", page=page, config=config, files=None
    )
    assert "MSKCPD-SLOT" not in html
    assert html.count('class="mskcpd-item"') == 6 and 'class="mskcpd-progress" data-module="example"' in html
    other = SimpleNamespace(file=SimpleNamespace(src_uri="my-cpd-record.md"))
    html = p.on_page_content(
        "<p>MSKCPD-SLOT-record</p><p>MSKCPD-SLOT-progress-all</p>", page=other, config=config, files=None
    )
    assert 'data-role="record"' in html and 'class="mskcpd-progress"' in html


def test_on_config_rejects_bad_content_with_check_messages(tmp_path):
    import shutil

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import PluginError

    from grader.site.plugin import CoursePlugin

    root = tmp_path / "c"
    shutil.copytree(FIXTURE, root)
    quiz = root / "quizzes" / "example.yml"
    quiz.write_text(quiz.read_text().replace("    answer: a\n", "    answer: z\n"))
    config = MkDocsConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
    config.load_dict({"site_name": "t", "docs_dir": str(tmp_path)})
    config.validate()
    plugin = CoursePlugin()
    plugin.load_config({"content_root": str(root)})
    with pytest.raises(PluginError, match=r"quizzes/example.yml:16: answer 'z' is not an option id"):
        plugin.on_config(config)


def test_serve_watches_every_content_folder(plugin):
    p, config = plugin
    watched = []
    server = SimpleNamespace(watch=lambda path: watched.append(Path(path).name))
    p.on_serve(server, config=config, builder=None)
    assert set(watched) == {"modules", "quizzes", "case_studies", "referrals"}


def test_item_data_needs_no_html_decoding(course):
    """The data attribute has no entities to decode (a page's HTML is parsed quickly) and reads back exactly."""
    item = course.modules[0].bank.items[0].model_copy(update={"stem": "Isn't <b>this</b> & \"that\" 'quoted'?"})
    html = widgets.item_widget(item, 1, 1, "example")
    attribute = html.split("data-item='", 1)[1].split("'", 1)[0]
    assert "&" not in attribute and "<" not in attribute
    assert json.loads(attribute)["item"]["stem"] == item.stem
    assert json.loads(Elements(html).all("section")[0]["data-item"])["item"]["stem"] == item.stem


# --- one line of plain words skips the Markdown parser, with the same result ----------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import helpers.properties  # noqa: E402,F401  (registers the hypothesis profiles)


def markdown_html(snippet: str) -> str:
    return site_text._MARKDOWN.reset().convert(site_text.expand_avoid(snippet))


def test_every_course_text_renders_as_markdown_would(monkeypatch):
    seen: set[str] = set()
    quick = site_text.block_html.__wrapped__
    for module in (widgets, site_text):  # widgets' own calls, and inline_html's
        monkeypatch.setattr(module, "block_html", lambda text: seen.add(text) or quick(text))
    real = load_course(Path(__file__).resolve().parent.parent)
    render.course_pages(real, render.Settings())
    render.review_pages(real, render.Settings())
    plain = [t for t in seen if site_text.PLAIN_LINE.fullmatch(t)]
    assert len(plain) > len(seen) / 2, "most texts should take the quick path"
    for text in seen:
        assert quick(text) == markdown_html(text), text


LINE_PIECES = list("aZ9 ,.;:!?'\"()%/=+\u00d7\u2018\u2019\u201c\u201d\u2013\u2014-") + [
    "1.",
    "- ",
    "+ ",
    "# ",
    "  ",
    "Word",
    "==",
    "--",
]


@given(text=st.lists(st.sampled_from(LINE_PIECES), min_size=1, max_size=20).map("".join))
def test_a_plain_line_renders_as_markdown_would(text):
    if site_text.PLAIN_LINE.fullmatch(text):
        assert site_text.block_html.__wrapped__(text) == markdown_html(text)
