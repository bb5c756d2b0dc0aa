"""Links and images in what learners read, checked before any build (`grader check` and the
site build both call `link_problems`): every internal link reaches a page (and its anchor,
where the page's anchors are known), links to a lesson's source file (`02-oral-morphine-
equivalents.md`) are accepted and pointed at the built page (`rewrite_source_links`), every
image has alt text and lives in course/assets/images/, and web links use https.

Texts in YAML (questions, case studies) are not pages: `grader check` allows only web
links there (`grader.content.language.text_links`), as it reads those files."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from pathlib import Path

from grader.content.language import ALLOWED_SCHEMES, LINK, blank_code, line_at
from grader.content.models import Course
from grader.content.fastyaml import LinedMap, LinedSeq
from grader.content.yamlfile import ContentError, Problem, read_text, read_yaml
from grader.formats.markdown_text import heading_slug

from . import render

HEADING = re.compile(r"^#{1,6}\s+(?P<text>.+?)\s*(?:\{[^}]*#(?P<attr>[\w-]+)[^}]*\})?\s*#*\s*$", re.MULTILINE)
EXPLICIT_ID = re.compile(r"""(?:\{[^}\n]*#(?P<attr>[\w-]+)[^}\n]*\}|\bid=["'](?P<html>[^"']+)["'])""")
IMAGES = "assets/images"  # under the site's pages folder (course/): where images live


def _shown(path: Path, root: Path) -> str:
    """A path as `grader check` shows it: from the course folder when it is inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def anchors(markdown: str) -> set[str] | None:
    """The ids a page's Markdown makes (headings as the toc extension slugs them, and ids written
    out); None when widgets on the page make ids of their own that cannot be known here."""
    if "[[" in markdown:
        return None
    text = blank_code(markdown)
    found: set[str] = set()
    for match in HEADING.finditer(text):
        slug = match.group("attr") or heading_slug(re.sub(r"[*_`\[\]]", "", match.group("text")))
        unique, n = slug, 0
        while unique in found:
            n += 1
            unique = f"{slug}_{n}"
        found.add(unique)
    found |= {m.group("attr") or m.group("html") for m in EXPLICIT_ID.finditer(text)}
    return found


class Site:
    """The built pages (by src_uri) with their Markdown, and lessons' source paths."""

    def __init__(self, course: Course, root: Path, pages: Path | None = None) -> None:
        self.root = root
        self.pages = pages if pages is not None else root / "course"  # the site's own pages (docs_dir)
        self.markdown: dict[str, str | None] = {}
        self.sources: dict[str, tuple[str, str]] = {}  # src_uri -> (source path, text) of pages written by hand
        self.source_uri: dict[str, str] = {}  # a lesson's source path -> its built src_uri
        self.page_source: dict[str, str] = {}  # a lesson's built src_uri -> its source path
        self.shown_images = _shown(self.pages / IMAGES, root)
        for content in course.modules:
            for uri in (render.overview_uri(content), render.questions_uri(content), render.review_uri(content)):
                self.markdown[uri] = None
            for lesson in content.lessons:
                uri = render.lesson_uri(content, lesson.slug)
                self.markdown[uri] = lesson.markdown
                self.sources[uri] = (lesson.path, lesson.markdown)
                self.source_uri[lesson.path] = uri
                self.page_source[uri] = lesson.path
        for case in course.cases:
            self.markdown[render.case_uri(case)] = None
        self.markdown["case-studies/index.md"] = None
        self.markdown["references.md"] = None
        folder = self.pages
        for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
            uri = path.relative_to(folder).as_posix()
            shown = _shown(path, root)
            try:
                text = read_text(path, shown)
            except ContentError:
                continue  # reported by `grader check` already
            self.markdown[uri] = text
            self.sources[uri] = (shown, text)

    def resolve(self, page: str, target: str) -> str | None:
        """The built page a link from `page` reaches (`target` without its #anchor), or None: read
        from where the page is built, or, for a lesson, from where its file is (modules/NN-id/)."""
        bases = [page, self.page_source.get(page)]
        for base in [b for b in bases if b]:
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(base), target))
            if joined in self.markdown:
                return joined
            if joined in self.source_uri:
                return self.source_uri[joined]
        return None


def _target_problem(site: Site, page: str, target: str, image: bool, alt: str) -> str | None:
    if image:
        return _image_problem(site, page, target, alt)
    if target.startswith(ALLOWED_SCHEMES) or target.startswith("https://"):
        return None
    if target.startswith("http://"):
        return f"link {target!r} is not secure: use its https:// address"
    if re.match(r"^[a-z][a-z0-9+.-]*:", target):
        return f"link {target!r}: only https://, mailto: and tel: links go to other places"
    path, _, fragment = target.partition("#")
    if not path:
        return _anchor_problem(site, page, page, fragment)
    if path.endswith(".html"):
        return f"link {target!r} names a built page: link the Markdown file instead ({path[:-5]}.md)"
    reached = site.resolve(page, path)
    if reached is None:
        return f"link {target!r} reaches no page of the course: check the file name and the ../ in it"
    return _anchor_problem(site, page, reached, fragment) if fragment else None


def _anchor_problem(site: Site, page: str, target: str, fragment: str) -> str | None:
    text = site.markdown.get(target)
    known = anchors(text) if text is not None else None
    if known is None or fragment in known:
        return None
    where = "this page" if target == page else target
    return f"anchor '#{fragment}' is not a heading or id on {where}: use one of {', '.join(sorted(known)) or '(none)'}"


def _image_problem(site: Site, page: str, target: str, alt: str) -> str | None:
    if not alt.strip():
        return f"image {target!r} has no alt text: describe what it shows in the [ ]"
    if target.startswith(("http://", "https://", "data:")):
        return f"image {target!r} comes from another place: save it in {site.shown_images}/ and link that"
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), target))
    if not resolved.startswith(IMAGES + "/"):
        return f"image {target!r} is outside {site.shown_images}/: keep images there, so the site ships them"
    if not (site.pages / resolved).is_file():
        return f"image {target!r} is not there: no file {_shown(site.pages / resolved, site.root)}"
    return None


AUTOLINK = re.compile(r"<(?P<target>[a-z][a-z0-9+.-]*:[^>\s]+)>")


def _page_problems(site: Site, page: str, shown: str, text: str) -> Iterator[Problem]:
    searched = blank_code(text)
    for match in AUTOLINK.finditer(searched):
        problem = _target_problem(site, page, match.group("target"), False, "")
        if problem:
            yield Problem(shown, line_at(text, match.start()), problem)
    for match in LINK.finditer(searched):
        problem = _target_problem(site, page, match.group("target"), bool(match.group("image")), match.group("text"))
        if problem:
            yield Problem(shown, line_at(text, match.start()), problem)


def site_problems(site: Site) -> list[Problem]:
    """Every problem with a link or image on the site's pages, by file and line."""
    found = [p for page, (shown, text) in site.sources.items() for p in _page_problems(site, page, shown, text)]
    return sorted(found, key=lambda p: (p.path, p.line))


def link_problems(course: Course, root: Path, pages: Path | None = None) -> list[Problem]:
    """Every problem with a link or image; `pages` is the site's own pages folder (default root/course)."""
    return site_problems(Site(course, Path(root), pages))


def rewrite_source_links(markdown: str, page: str, site: Site) -> str:
    """Links written to a lesson's file (modules/NN-id/NN-slug.md), pointed at its built page, so
    MkDocs finds them; every other link is left as written."""

    def pointed(match: re.Match[str]) -> str:
        target = match.group("target")
        path, hash_, fragment = target.partition("#")
        if match.group("image") or not path.endswith(".md"):
            return match.group(0)
        built = site.resolve(page, path)
        written = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if built is None or built == written:
            return match.group(0)
        relative = posixpath.relpath(built, posixpath.dirname(page))
        return match.group(0).replace(target, relative + hash_ + fragment, 1)

    return LINK.sub(pointed, markdown)
