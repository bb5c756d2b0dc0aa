"""The course as SCORM 1.2 content packages.

`grader scorm --out DIR` writes one package per module (`DIR/NN-<id>.zip`, a
single SCO each): many LMSs launch only the first launchable item of a package
and keep one record per learner per package, so a course package with five
SCOs lets learners open Module 1 and nothing else. `--course --out course.zip`
still writes the whole course as one package, one SCO per module, for an LMS
that shows a package's menu.

A package is the static site, built from the project's mkdocs.yml, with an
`imsmanifest.xml` at the root of the zip and, beside it, the four SCORM 1.2
schema files the manifest names (`scorm12/`, as ADL published them):

* metadata: schema "ADL SCORM", schemaversion "1.2", and an IMS metadata
  (`imsmd`) title and description: the module's title and summary, or the
  course's name and description;
* one organization, with one item per SCO, in course order;
* one SCO resource per module, launching `modules/<id>/index.html` (the
  module's overview), with `adlcp:masteryscore` set from the pass mark;
* one shared "asset" resource listing every file of the site, on which each
  SCO depends.

A module's package is built with the plugin's `package_module` option: the
site's navigation lists that module only (and the course's own pages, such as
the content note and crisis support), so the learner stays within what the LMS
records. Other modules' pages are still there for links that lead to them, and
scorm.js says on them that answers there are not sent to the LMS.

The build drops `navigation.instant` (mkdocs-material's in-page navigation):
inside an LMS every page is a plain page load, which scorm.js expects, and
instant navigation only works on the host named by `site_url` anyway. It
drops `site_url` too (a developer's address must not reach a trust's LMS in
canonical links), tells the course plugin to add the SCORM runtime to every
page (a site built otherwise has none), and the package leaves out what an
LMS never uses: the sitemap (it lists addresses on that host) and the
theme's source maps (about 1.3 MB), and the copy of the search index that only a page opened from
disk reads.

The zip's entries are sorted and carry a fixed timestamp, so the same built
site gives the same bytes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote
from xml.etree import ElementTree as ET

from grader.content.loader import load_course
from grader.content.models import Course, Module
from grader.content.settings import settings_from
from grader.formats.files import write_zip as files_write_zip
from grader.site.project import ProjectError, portable_config, write_config

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
SCHEMA_LOCATION = f"{IMSCP} imscp_rootv1p1p2.xsd {IMSMD} imsmd_rootv1p2p1.xsd {ADLCP} adlcp_rootv1p2.xsd"
# ADL's SCORM 1.2 schema files, shipped in every package beside the manifest that names them
# (ADL's conformance test suite fails a package without them); see scorm12/README.md.
SCHEMAS = Path(__file__).parent / "scorm12"
SCHEMA_FILES = ("imscp_rootv1p1p2.xsd", "imsmd_rootv1p2p1.xsd", "adlcp_rootv1p2.xsd", "ims_xml.xsd")
LANGUAGE = "en-GB"
MANIFEST = "imsmanifest.xml"
ORGANIZATION = "ORG-MSKCPD"
SHARED = "RES-SHARED"
INSTANT = "navigation.instant"

ET.register_namespace("", IMSCP)
ET.register_namespace("adlcp", ADLCP)
ET.register_namespace("imsmd", IMSMD)
ET.register_namespace("xsi", XSI)


class ScormError(Exception):
    """The package cannot be made: the message says what to fix."""


@dataclass(frozen=True)
class SiteConfig:
    title: str
    pass_mark: float
    content_root: Path
    description: str = ""


@dataclass(frozen=True)
class Package:
    path: Path
    modules: int
    files: int
    title: str = ""


def launch_page(module_id: str) -> str:
    """The page a module's SCO opens: the module's overview (directory URLs are off)."""
    return f"modules/{module_id}/index.html"


def package_config(
    root: Path, content_root: Path | None = None, module_id: str | None = None
) -> tuple[dict, SiteConfig]:
    """The project's mkdocs.yml rewritten to build from anywhere, without instant navigation
    (and, for a module's package, with the navigation kept to that module)."""
    try:
        config, options, content = portable_config(root, "grader scorm", content_root)
    except ProjectError as exc:
        raise ScormError(str(exc)) from None
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("features"):
        theme["features"] = [f for f in theme["features"] if not str(f).startswith(INSTANT)]
    config.pop("site_url", None)  # no canonical links to the machine the package was built on
    options["scorm"] = True  # the plugin adds the SCORM runtime (mskcpd/scorm.js) to every page of the package
    settings = settings_from(config.get("site_name"), options)
    if module_id is not None:
        options["package_module"] = module_id
    return config, SiteConfig(
        title=settings.title,
        pass_mark=settings.pass_mark,
        content_root=content,
        description=str(config.get("site_description") or ""),
    )


def build_site(root: Path, out: Path, content_root: Path | None = None, module_id: str | None = None) -> SiteConfig:
    """Build the site into `out` with MkDocs (as a separate process: the core does not import MkDocs)."""
    config, site = package_config(root, content_root, module_id)
    out.mkdir(parents=True, exist_ok=True)
    config_file = write_config(config, out.parent / f"{out.name}-mkdocs.yml")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-q", "-f", str(config_file), "-d", str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=root.resolve(),
    )
    if result.returncode != 0:
        raise ScormError(f"the site did not build (fix this, then run `make build` to check):\n{result.stderr.strip()}")
    return site


# The sitemap lists addresses on the host that built the site. The search index is there twice: the
# theme reads search_index.js only from file:// (the offline plugin writes it), and an LMS serves http(s),
# where it reads search_index.json (tests/test_scorm_packages.py searches inside the LMS's frame).
LEFT_OUT = ("sitemap.xml", "sitemap.xml.gz", "search/search_index.js")


def site_files(site: Path) -> list[str]:
    """Every file of the built site an LMS serves, as sorted POSIX paths relative to its root
    (the sitemap, the file:// search index and source maps left out)."""
    return sorted(
        name
        for p in site.rglob("*")
        if p.is_file() and (name := p.relative_to(site).as_posix()) not in LEFT_OUT and not name.endswith(".map")
    )


def _href(path: str) -> str:
    return quote(path, safe="/")


def _mastery(pass_mark: float) -> str:
    return f"{round(pass_mark * 100, 2):g}"


def module_title(module: Module) -> str:
    return f"Module {module.number}: {module.title}"


def _langstring(parent: ET.Element, name: str, text: str) -> None:
    ET.SubElement(
        ET.SubElement(parent, f"{{{IMSMD}}}{name}"), f"{{{IMSMD}}}langstring", {f"{{{XML_NS}}}lang": LANGUAGE}
    ).text = text


def manifest(course: Course, files: list[str], site: SiteConfig, module_id: str | None = None) -> bytes:
    """imsmanifest.xml for SCORM 1.2 (IMS CP 1.1.2 with ADL's adlcp extensions): the whole course,
    one SCO per module, or with `module_id` that module's package, a single SCO."""
    if module_id is None:
        modules = [content.module for content in course.modules]
        identifier, title, description = "MSKCPD-COURSE", site.title, site.description or site.title
    else:
        modules = [course.module(module_id).module]
        identifier, title, description = f"MSKCPD-{module_id}", module_title(modules[0]), modules[0].summary
    root = ET.Element(
        f"{{{IMSCP}}}manifest",
        {"identifier": identifier, "version": "1.0", f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION},
    )
    metadata = ET.SubElement(root, f"{{{IMSCP}}}metadata")
    ET.SubElement(metadata, f"{{{IMSCP}}}schema").text = "ADL SCORM"
    ET.SubElement(metadata, f"{{{IMSCP}}}schemaversion").text = "1.2"
    general = ET.SubElement(ET.SubElement(metadata, f"{{{IMSMD}}}lom"), f"{{{IMSMD}}}general")
    _langstring(general, "title", title if module_id is None else f"{site.title}: {title}")
    _langstring(general, "description", description)
    organizations = ET.SubElement(root, f"{{{IMSCP}}}organizations", {"default": ORGANIZATION})
    organization = ET.SubElement(organizations, f"{{{IMSCP}}}organization", {"identifier": ORGANIZATION})
    ET.SubElement(organization, f"{{{IMSCP}}}title").text = title
    resources = ET.SubElement(root, f"{{{IMSCP}}}resources")
    present = set(files)
    for module in modules:
        page = launch_page(module.id)
        if page not in present:
            raise ScormError(f"module {module.id!r}: the built site has no {page}, the page its SCO launches")
        item = ET.SubElement(
            organization,
            f"{{{IMSCP}}}item",
            {"identifier": f"ITEM-{module.id}", "identifierref": f"SCO-{module.id}", "isvisible": "true"},
        )
        ET.SubElement(item, f"{{{IMSCP}}}title").text = module_title(module)
        ET.SubElement(item, f"{{{ADLCP}}}masteryscore").text = _mastery(site.pass_mark)
        sco = ET.SubElement(
            resources,
            f"{{{IMSCP}}}resource",
            {
                "identifier": f"SCO-{module.id}",
                "type": "webcontent",
                f"{{{ADLCP}}}scormtype": "sco",
                "href": _href(page),
            },
        )
        ET.SubElement(sco, f"{{{IMSCP}}}file", {"href": _href(page)})
        ET.SubElement(sco, f"{{{IMSCP}}}dependency", {"identifierref": SHARED})
    shared = ET.SubElement(
        resources,
        f"{{{IMSCP}}}resource",
        {"identifier": SHARED, "type": "webcontent", f"{{{ADLCP}}}scormtype": "asset"},
    )
    for path in files:
        ET.SubElement(shared, f"{{{IMSCP}}}file", {"href": _href(path)})
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def write_zip(site: Path, files: list[str], manifest_xml: bytes, out: Path) -> None:
    """The package, written beside `out` first and then moved into place, so a failure leaves no half zip."""
    members: list[tuple[str, bytes | Callable[[], bytes]]] = [(MANIFEST, manifest_xml)]
    members += [(name, (SCHEMAS / name).read_bytes) for name in SCHEMA_FILES]
    members += [(path, (site / path).read_bytes) for path in files]
    files_write_zip(out, members)


def _package(course: Course, root: Path, out: Path, content_root: Path | None, module_id: str | None) -> Package:
    with tempfile.TemporaryDirectory(prefix="mskcpd-scorm-") as tmp:
        site_dir = Path(tmp) / "site"
        site = build_site(root, site_dir, content_root, module_id)
        files = [f for f in site_files(site_dir) if f != MANIFEST and f not in SCHEMA_FILES]
        write_zip(site_dir, files, manifest(course, files, site, module_id), out)
    title = site.title if module_id is None else module_title(course.module(module_id).module)
    return Package(path=out, modules=1 if module_id else len(course.modules), files=len(files), title=title)


def build_package(root: Path, out: Path, content_root: Path | None = None) -> Package:
    """Check the content, build the site and write it to `out` as one SCORM 1.2 zip, one SCO per module.

    Raises ContentError (content problems, as `grader check` reports them) or ScormError."""
    course = load_course(package_config(root, content_root)[1].content_root)
    return _package(course, root, out, content_root, None)


def package_name(module: Module) -> str:
    """A module's package file: `03-language.zip`, so a folder lists them in course order."""
    return f"{module.number:02d}-{module.id}.zip"


def build_module_packages(root: Path, out_dir: Path, content_root: Path | None = None) -> list[Package]:
    """Check the content once, then write one SCORM 1.2 zip per module into `out_dir`, each a single SCO.

    Raises ContentError or ScormError, as build_package does."""
    course = load_course(package_config(root, content_root)[1].content_root)
    if out_dir.exists() and not out_dir.is_dir():
        raise ScormError(f"{out_dir} is a file: --out names the folder for one package per module")
    out_dir.mkdir(parents=True, exist_ok=True)
    return [
        _package(course, root, out_dir / package_name(content.module), content_root, content.module.id)
        for content in course.modules
    ]
