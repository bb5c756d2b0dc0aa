"""MkDocs adapter: thin hooks that delegate to grader.content and grader.site.render."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from pydantic import ValidationError

from grader.content.loader import load_course
from grader.content.settings import settings_from
from grader.content.yamlfile import ContentError

from . import links, markers, render

ASSETS = Path(__file__).parent / "assets"
# site path -> bundle in assets/dist, built from assets/src by `make js` (committed: serving needs no Node)
SCRIPTS = {"mskcpd/course.js": "dist/course.js", "mskcpd/scorm.js": "dist/scorm.js"}
STYLES = ["mskcpd/mskcpd.css"]
CATALOGUE = "mskcpd/catalogue.js"


class CoursePluginConfig(Config):
    content_root = opt.Type(str, default="")  # folder holding modules/ and quizzes/; default: beside mkdocs.yml
    modules_nav_title = opt.Type(str, default="Modules")
    cases_nav_title = opt.Type(str, default="Case studies")
    # The course's settings: their defaults live in grader.content.settings.CourseSettings,
    # which the grader commands read too, so the site and the gradebook cannot differ.
    pass_mark = opt.Optional(opt.Type(float))
    referral_area = opt.Optional(opt.Type(str))  # a trust's own referrals/<area>.yml
    review_intervals = opt.Optional(opt.ListOfItems(opt.Type(int)))  # days between spaced reviews
    review_items = opt.Optional(opt.Type(int))  # questions in one spaced review


SETTING_PROBLEMS = {
    "pass_mark": "pass_mark in mkdocs.yml must be a fraction between 0 and 1, e.g. 0.8",
    "review_intervals": "review_intervals in mkdocs.yml must list whole days of 1 or more, e.g. [2, 7, 30]",
    "review_items": "review_items in mkdocs.yml must be a whole number of questions of 1 or more, e.g. 5",
}


class CoursePlugin(BasePlugin[CoursePluginConfig]):
    def on_config(self, config):
        root = Path(self.config.content_root or Path(config.config_file_path).parent)
        options = {name: self.config[name] for name in ("pass_mark", "referral_area", "review_intervals", "review_items")}
        try:
            self.settings = settings_from(config.site_name, options)
        except ValidationError as exc:
            error = exc.errors()[0]
            field = str(error["loc"][0])
            raise PluginError(f"mskcpd: {SETTING_PROBLEMS.get(field, field + ' in mkdocs.yml: ' + error['msg'])}") from None
        try:
            self.course = load_course(root)
        except ContentError as exc:
            raise PluginError(f"course content has {len(exc.problems)} problem(s); run `grader check`:\n{exc}") from None
        area = self.settings.referral_area
        if area not in self.course.directories:
            known = ", ".join(self.course.directories) or "none: add referrals/national.yml"
            raise PluginError(
                f"mskcpd: referral_area {area!r} in mkdocs.yml has no referrals/{area}.yml (areas: {known})"
            )
        self.site = links.Site(self.course, root, Path(config.docs_dir))
        problems = links.site_problems(self.site)
        if problems:
            listed = "\n".join(map(str, problems))
            raise PluginError(f"course content has {len(problems)} problem(s); run `grader check`:\n{listed}")
        self.services = self.course.services(area)
        pages = [*render.course_pages(self.course, self.settings), *render.review_pages(self.course, self.settings)]
        self.pages = {p.src_uri: p for p in pages}
        self.global_slots = render.global_slots(self.course)
        if config.nav is not None:
            config.nav = _with_section(config.nav, self.config.modules_nav_title, render.navigation(self.course))
            config.nav = _with_section(config.nav, self.config.cases_nav_title, render.case_navigation(self.course))
        config.extra_css = [*STYLES, *config.extra_css]
        config.extra_javascript = [CATALOGUE, *SCRIPTS, *config.extra_javascript]
        # live reload when content outside docs_dir changes
        self.watch = [root / "modules", root / "quizzes", root / "referrals", root / "case_studies"]
        return config

    def on_serve(self, server, config, builder):
        for path in self.watch:
            if path.exists():
                server.watch(str(path))
        return server

    def on_files(self, files: Files, config) -> Files:
        for page in self.pages.values():
            files.append(File.generated(config, page.src_uri, content=page.markdown))
        for asset, source in [*SCRIPTS.items(), *zip(STYLES, STYLES)]:
            files.append(File.generated(config, asset, abs_src_path=str(ASSETS / source)))
        files.append(File.generated(config, CATALOGUE, content=render.catalogue_script(self.course, self.settings)))
        return files

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        markdown = links.rewrite_source_links(markdown, page.file.src_uri, self.site)
        return render.expand_settings(markers.expand_markers(markdown, self.services, self.course.red_flags, self.course.hazard_log), self.settings)

    def on_page_content(self, html: str, page, config, files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            html = render.substitute_slots(html, generated.slots)
        return render.substitute_slots(html, self.global_slots)


def _with_section(nav: list, title: str, pages: list) -> list:
    """Fill the nav entry named `title` (or append one) with generated pages."""
    out, placed = [], False
    for entry in nav:
        if isinstance(entry, dict) and title in entry:
            out.append({title: pages})
            placed = True
        else:
            out.append(entry)
    return out if placed else [*out, {title: pages}]
