"""The course as a SCORM 1.2 content package (`grader scorm --out course.zip`).

The package is the static site, built from the project's mkdocs.yml, with an
`imsmanifest.xml` at the root of the zip:

* metadata: schema "ADL SCORM", schemaversion "1.2";
* one organization, with one item per module, in course order;
* one SCO resource per module, launching `modules/<id>/index.html` (the
  module's overview), with `adlcp:masteryscore` set from the pass mark;
* one shared "asset" resource listing every file of the site, on which each
  SCO depends.

The build drops `navigation.instant` (mkdocs-material's in-page navigation):
inside an LMS every page is a plain page load, which scorm.js expects, and
instant navigation only works on the host named by `site_url` anyway. It
drops `site_url` too (a developer's address must not reach a trust's LMS in
canonical links), and the package leaves out what an LMS never uses: the
sitemap (it lists addresses on that host) and the theme's source maps
(about 1.3 MB).

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

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from grader.content.loader import load_course
from grader.content.models import Course
from grader.content.settings import settings_from
from grader.formats.files import write_zip as files_write_zip

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = (
    f"{IMSCP} imscp_rootv1p1p2.xsd "
    "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd "
    f"{ADLCP} adlcp_rootv1p2.xsd"
)
MANIFEST = "imsmanifest.xml"
ORGANIZATION = "ORG-MSKCPD"
SHARED = "RES-SHARED"
INSTANT = "navigation.instant"

ET.register_namespace("", IMSCP)
ET.register_namespace("adlcp", ADLCP)
ET.register_namespace("xsi", XSI)


class ScormError(Exception):
    """The package cannot be made: the message says what to fix."""


@dataclass(frozen=True)
class SiteConfig:
    title: str
    pass_mark: float
    content_root: Path


@dataclass(frozen=True)
class Package:
    path: Path
    modules: int
    files: int


def launch_page(module_id: str) -> str:
    """The page a module's SCO opens: the module's overview (directory URLs are off)."""
    return f"modules/{module_id}/index.html"


def _plugin_options(config: dict) -> dict:
    for index, plugin in enumerate(config.get("plugins") or []):
        if plugin == "mskcpd":
            config["plugins"][index] = {"mskcpd": {}}
            return config["plugins"][index]["mskcpd"]
        if isinstance(plugin, dict) and "mskcpd" in plugin:
            if plugin["mskcpd"] is None:
                plugin["mskcpd"] = {}
            return plugin["mskcpd"]
    raise ScormError("mkdocs.yml does not use the `mskcpd` plugin: add `- mskcpd` under `plugins:`")


def read_config(root: Path) -> dict:
    path = root / "mkdocs.yml"
    try:
        config = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScormError(
            f"{path}: not found: run `grader scorm` in the project folder, or name it with --root"
        ) from None
    except YAMLError as exc:
        raise ScormError(f"{path}: cannot read it as plain YAML ({exc.__class__.__name__}): {exc}") from None
    if not isinstance(config, dict):
        raise ScormError(f"{path}: expected a mapping of `key: value` lines")
    return config


def package_config(root: Path, content_root: Path | None = None) -> tuple[dict, SiteConfig]:
    """The project's mkdocs.yml rewritten to build from anywhere, without instant navigation."""
    root = root.resolve()
    config = read_config(root)
    config["docs_dir"] = str((root / config.get("docs_dir", "docs")).resolve())
    theme = config.get("theme")
    if isinstance(theme, dict):
        if theme.get("custom_dir"):
            theme["custom_dir"] = str((root / theme["custom_dir"]).resolve())
        if theme.get("features"):
            theme["features"] = [f for f in theme["features"] if not str(f).startswith(INSTANT)]
    config.pop("site_url", None)  # no canonical links to the machine the package was built on
    if config.get("hooks"):
        config["hooks"] = [str((root / hook).resolve()) for hook in config["hooks"]]
    options = _plugin_options(config)
    content = (content_root or root / (options.get("content_root") or ".")).resolve()
    options["content_root"] = str(content)
    settings = settings_from(config.get("site_name"), options)
    return config, SiteConfig(title=settings.title, pass_mark=settings.pass_mark, content_root=content)


def build_site(root: Path, out: Path, content_root: Path | None = None) -> SiteConfig:
    """Build the site into `out` with MkDocs (as a separate process: the core does not import MkDocs)."""
    config, site = package_config(root, content_root)
    out.mkdir(parents=True, exist_ok=True)
    config_file = out.parent / f"{out.name}-mkdocs.yml"
    with config_file.open("w", encoding="utf-8") as handle:
        YAML(typ="safe", pure=True).dump(config, handle)
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


LEFT_OUT = ("sitemap.xml", "sitemap.xml.gz")  # addresses on the host that built the site


def site_files(site: Path) -> list[str]:
    """Every file of the built site an LMS serves, as sorted POSIX paths relative to its root
    (the sitemap and source maps left out)."""
    return sorted(
        name
        for p in site.rglob("*")
        if p.is_file() and (name := p.relative_to(site).as_posix()) not in LEFT_OUT and not name.endswith(".map")
    )


def _href(path: str) -> str:
    return quote(path, safe="/")


def _mastery(pass_mark: float) -> str:
    return f"{round(pass_mark * 100, 2):g}"


def manifest(course: Course, files: list[str], site: SiteConfig) -> bytes:
    """imsmanifest.xml for SCORM 1.2 (IMS CP 1.1.2 with ADL's adlcp extensions)."""
    root = ET.Element(
        f"{{{IMSCP}}}manifest",
        {"identifier": "MSKCPD-COURSE", "version": "1.0", f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION},
    )
    metadata = ET.SubElement(root, f"{{{IMSCP}}}metadata")
    ET.SubElement(metadata, f"{{{IMSCP}}}schema").text = "ADL SCORM"
    ET.SubElement(metadata, f"{{{IMSCP}}}schemaversion").text = "1.2"
    organizations = ET.SubElement(root, f"{{{IMSCP}}}organizations", {"default": ORGANIZATION})
    organization = ET.SubElement(organizations, f"{{{IMSCP}}}organization", {"identifier": ORGANIZATION})
    ET.SubElement(organization, f"{{{IMSCP}}}title").text = site.title
    resources = ET.SubElement(root, f"{{{IMSCP}}}resources")
    present = set(files)
    for content in course.modules:
        module = content.module
        page = launch_page(module.id)
        if page not in present:
            raise ScormError(f"module {module.id!r}: the built site has no {page}, the page its SCO launches")
        item = ET.SubElement(
            organization,
            f"{{{IMSCP}}}item",
            {"identifier": f"ITEM-{module.id}", "identifierref": f"SCO-{module.id}", "isvisible": "true"},
        )
        ET.SubElement(item, f"{{{IMSCP}}}title").text = f"Module {module.number}: {module.title}"
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
    members += [(path, (site / path).read_bytes) for path in files]
    files_write_zip(out, members)


def build_package(root: Path, out: Path, content_root: Path | None = None) -> Package:
    """Check the content, build the site and write it to `out` as a SCORM 1.2 zip.

    Raises ContentError (content problems, as `grader check` reports them) or ScormError."""
    course = load_course(package_config(root, content_root)[1].content_root)
    with tempfile.TemporaryDirectory(prefix="mskcpd-scorm-") as tmp:
        site_dir = Path(tmp) / "site"
        site = build_site(root, site_dir, content_root)
        files = [f for f in site_files(site_dir) if f != MANIFEST]
        write_zip(site_dir, files, manifest(course, files, site), out)
    return Package(path=out, modules=len(course.modules), files=len(files))
