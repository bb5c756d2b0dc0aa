"""MkDocs adapter: thin hooks that delegate to grader.content and grader.site.render."""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url
from pydantic import ValidationError

from grader.content.loader import load_course
from grader.content.settings import settings_from
from grader.content.yamlfile import ContentError

from . import links, markers, offline, preview, render, theme, widgets

ASSETS = Path(__file__).parent / "assets"
# Each page loads only the code its markup uses, after the theme's (widgets.page_scripts): the smallest bundle
# (assets/dist/<name>.js, built from assets/src/entries/<name>.js by `make js`; committed, so serving needs no Node)
# holding every part that PARTS finds in the page, in the order listed; "course" holds every part, for pages that
# mix them.
BUNDLES = {
    "core": {"store", "banner"},  # lessons and reading pages
    "questions": {"store", "banner", "scoring", "widgets", "progress", "reviews", "confidence"},  # overviews, questions, reviews
    "home": {"store", "banner", "home", "reviews", "progress"},  # the course map, reviews due, progress
    "case": {"store", "banner", "scoring", "widgets", "cases"},
    "record": {"store", "banner", "progress", "record", "reviews"},
    "course": {"store", "banner", "scoring", "widgets", "progress", "reviews", "confidence", "record", "cases", "home"},
}
# a part, and the markup (as the templates in grader/site/templates write it) of a page that uses it
PARTS = {
    "widgets": re.compile(r'class="(?:[^"]*\s)?mskcpd-item[\s"]|data-review-module="'),
    "progress": re.compile(r'class="(?:[^"]*\s)?mskcpd-progress[\s"]'),
    "scoring": re.compile(r'class="(?:[^"]*\s)?mskcpd-item[\s"]'),
    "reviews": re.compile(r'data-review-module="|data-role="(?:reviews-due|review-record|review-calendar-box)"'),
    "confidence": re.compile(r'data-role="confidence"'),
    "record": re.compile(r'data-role="(?:record|profile|reflections|certificate-panel|forget)"'),
    "cases": re.compile(r'class="(?:[^"]*\s)?mskcpd-case[\s"]'),
    "home": re.compile(r'data-role="course-map"'),
}
SCORM = "scorm"  # the SCORM 1.2 runtime: on every page of a SCORM package (grader/lms/scorm.py), nowhere else
SCRIPTS = {f"mskcpd/{name}.js": f"dist/{name}.js" for name in BUNDLES}  # site path -> file in assets/
STYLES = {"mskcpd/mskcpd.css": "dist/mskcpd.css"}  # site path -> file in assets/ (`make js` minifies src/mskcpd.css)
MATERIAL_FAVICON = "assets/images/favicon.png"  # the theme's default, replaced by the course's icon (offline.favicon)
CATALOGUE = "mskcpd/catalogue.js"  # the whole catalogue (render.catalogue)
CORE_CATALOGUE = "mskcpd/catalogue-core.js"  # what the core reads (render.core_catalogue), for "core" pages


def bundle_for(html: str) -> str:
    """The first bundle in BUNDLES (smallest first) holding every part the page's markup uses."""
    used = {part for part, marker in PARTS.items() if marker.search(html)}
    return next(name for name, parts in BUNDLES.items() if used <= parts)


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
    # Set by `grader scorm` for a module's package: the navigation lists that module only
    # (no other module, no case studies), so the learner stays within what the LMS records.
    package_module = opt.Type(str, default="")
    # Set by `grader preview ITEM-ID`: the site gains preview.html, that question alone (grader/site/preview.py).
    preview_item = opt.Type(str, default="")
    scorm = opt.Type(bool, default=False)  # set by grader/lms/scorm.py: every page also loads the SCORM runtime
    short_name = opt.Type(str, default="MSK pain CPD")  # offline: the installed app's name, under its icon


SETTING_PROBLEMS = {
    "pass_mark": "pass_mark in mkdocs.yml must be a fraction between 0 and 1, e.g. 0.8",
    "review_intervals": "review_intervals in mkdocs.yml must list whole days of 1 or more, e.g. [2, 7, 30]",
    "review_items": "review_items in mkdocs.yml must be a whole number of questions of 1 or more, e.g. 5",
}


class CoursePlugin(BasePlugin[CoursePluginConfig]):
    command: str | None = None  # offline: "serve" under `mkdocs serve` (on_startup), which writes no offline copy

    def on_startup(self, *, command, dirty) -> None:
        self.command = command

    def on_config(self, config):
        root = Path(self.config.content_root or Path(config.config_file_path).parent)
        options = {
            name: self.config[name] for name in ("pass_mark", "referral_area", "review_intervals", "review_items")
        }
        try:
            self.settings = settings_from(config.site_name, options)
        except ValidationError as exc:
            error = exc.errors()[0]
            field = str(error["loc"][0])
            raise PluginError(
                f"mskcpd: {SETTING_PROBLEMS.get(field, field + ' in mkdocs.yml: ' + error['msg'])}"
            ) from None
        try:
            self.course = load_course(root)
        except ContentError as exc:
            raise PluginError(
                f"course content has {len(exc.problems)} problem(s); run `grader check`:\n{exc}"
            ) from None
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
        if self.config.preview_item:
            try:
                pages.append(preview.preview_page(self.course, self.config.preview_item))
            except preview.PreviewError as exc:
                raise PluginError(f"mskcpd: {exc}") from None
        self.pages = {p.src_uri: p for p in pages}
        self.global_slots = render.global_slots(self.course)
        only = self.config.package_module or None
        if only is not None and only not in {c.module.id for c in self.course.modules}:
            raise PluginError(f"mskcpd: package_module {only!r} is not a module of the course")
        if config.nav is not None:
            modules_nav = render.navigation(self.course, only=only)
            config.nav = _with_section(config.nav, self.config.modules_nav_title, modules_nav)
            if only is None:
                config.nav = _with_section(config.nav, self.config.cases_nav_title, render.case_navigation(self.course))
            else:
                config.nav = [e for e in config.nav if not (isinstance(e, dict) and self.config.cases_nav_title in e)]
        config.extra_css = [*STYLES, *config.extra_css]
        if "favicon" in config.theme and config.theme["favicon"] == MATERIAL_FAVICON:  # a trust's own favicon stays
            config.theme["favicon"] = offline.favicon()
        # the course's scripts go into each page in on_post_page, as that page needs them
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
        scripts = {**SCRIPTS, f"mskcpd/{SCORM}.js": f"dist/{SCORM}.js"} if self.config.scorm else SCRIPTS
        offline_files = offline.site_assets(self.offline_mode).items()  # offline: its script and the icons
        for asset, source in [*scripts.items(), *STYLES.items(), *offline_files]:
            files.append(File.generated(config, asset, abs_src_path=str(ASSETS / source)))
        files.append(File.generated(config, CATALOGUE, content=render.catalogue_script(self.course, self.settings)))
        core = render.core_catalogue(self.course, self.settings)
        files.append(
            File.generated(config, CORE_CATALOGUE, content=render.catalogue_script(self.course, self.settings, core))
        )
        for asset, content in render.model_answer_scripts(self.course).items():  # cases: loaded after submitting
            files.append(File.generated(config, asset, content=content))
        return files

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        markdown = links.rewrite_source_links(markdown, page.file.src_uri, self.site)
        return render.expand_settings(
            markers.expand_markers(markdown, self.services, self.course.red_flags, self.course.hazard_log),
            self.settings,
        )

    def on_page_content(self, html: str, page, config, files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            html = render.substitute_slots(html, generated.slots)
        return render.substitute_slots(html, self.global_slots)

    def on_post_page(self, output: str, page, config) -> str:
        """Load the page's bundle (bundle_for), the catalogue it reads and the offline script, in order, once the
        theme has set the page up (widgets.page_scripts)."""
        name = bundle_for(output)
        scripts = [CORE_CATALOGUE if name == "core" and not self.config.scorm else CATALOGUE, f"mskcpd/{name}.js"]
        if self.config.scorm:
            scripts.append(f"mskcpd/{SCORM}.js")
        if offline_script := offline.script(self.offline_mode):
            scripts.append(offline_script)
        tags = widgets.page_scripts([get_relative_url(s, page.url) for s in scripts])
        tags += offline.head_tags(self.offline_mode, offline.root_of(page.url))
        output = offline.with_update_prompt(self.offline_mode, output, widgets.update_prompt())
        return theme.fix(output.replace("</head>", tags + "</head>", 1))

    def on_post_template(self, output: str, template_name: str, config) -> str:
        return theme.fix(output) if template_name.endswith(".html") else output  # 404.html

    @property
    def offline_mode(self) -> offline.Mode:
        return offline.mode_of(self.command, self.config.scorm)

    @event_priority(-200)  # offline: after every other plugin has written its files (search index included)
    def on_post_build(self, *, config) -> None:
        site, description = Path(config.site_dir), config.site_description or ""
        offline.write(site, self.offline_mode, config.site_name, self.config.short_name, description)


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
