"""MkDocs adapter: thin hooks that delegate to grader.content and grader.site.render."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from grader.content.loader import load_course
from grader.content.yamlfile import ContentError

from . import markers, render

ASSETS = Path(__file__).parent / "assets"
SCRIPTS = ["mskcpd/scoring.js", "mskcpd/store.js", "mskcpd/scorm.js", "mskcpd/widgets.js", "mskcpd/record.js", "mskcpd/cases.js",
           "mskcpd/reviews.js", "mskcpd/confidence.js"]
STYLES = ["mskcpd/mskcpd.css"]
CATALOGUE = "mskcpd/catalogue.js"


class CoursePluginConfig(Config):
    content_root = opt.Type(str, default="")  # folder holding modules/ and quizzes/; default: beside mkdocs.yml
    pass_mark = opt.Type(float, default=0.8)
    referral_area = opt.Type(str, default="national")  # a trust's own referrals/<area>.yml
    modules_nav_title = opt.Type(str, default="Modules")
    cases_nav_title = opt.Type(str, default="Case studies")
    review_intervals = opt.ListOfItems(opt.Type(int), default=[2, 7, 30])  # days between spaced reviews
    review_items = opt.Type(int, default=5)  # questions in one spaced review


class CoursePlugin(BasePlugin[CoursePluginConfig]):
    def on_config(self, config):
        root = Path(self.config.content_root or Path(config.config_file_path).parent)
        if not 0 < self.config.pass_mark <= 1:
            raise PluginError("mskcpd: pass_mark in mkdocs.yml must be a fraction between 0 and 1, e.g. 0.8")
        try:
            self.course = load_course(root)
        except ContentError as exc:
            raise PluginError(f"course content has {len(exc.problems)} problem(s); run `grader check`:\n{exc}") from None
        area = self.config.referral_area
        if area not in self.course.directories:
            known = ", ".join(self.course.directories) or "none: add referrals/national.yml"
            raise PluginError(f"mskcpd: referral_area {area!r} in mkdocs.yml has no referrals/{area}.yml (areas: {known})")
        intervals = self.config.review_intervals
        if not intervals or any(days < 1 for days in intervals):
            raise PluginError("mskcpd: review_intervals in mkdocs.yml must list whole days of 1 or more, e.g. [2, 7, 30]")
        if self.config.review_items < 1:
            raise PluginError("mskcpd: review_items in mkdocs.yml must be a whole number of questions of 1 or more, e.g. 5")
        self.settings = render.Settings(
            pass_mark=self.config.pass_mark, referral_area=area, review_intervals=tuple(intervals),
            review_items=self.config.review_items, course_title=config.site_name,
        )
        self.services = self.course.services(area)
        pages = [*render.course_pages(self.course, self.settings), *render.review_pages(self.course, self.settings)]
        self.pages = {p.src_uri: p for p in pages}
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
        for asset in [*SCRIPTS, *STYLES]:
            files.append(File.generated(config, asset, abs_src_path=str(ASSETS / asset)))
        files.append(File.generated(config, CATALOGUE, content=render.catalogue_script(self.course, self.settings)))
        return files

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        return render.expand_settings(markers.expand_markers(markdown, self.services, self.course.red_flags, self.course.hazard_log), self.settings)

    def on_page_content(self, html: str, page, config, files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            html = render.substitute_slots(html, generated.slots)
        return render.substitute_slots(html, render.GLOBAL_SLOTS)


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
