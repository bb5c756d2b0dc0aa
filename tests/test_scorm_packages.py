"""One SCORM 1.2 package per module (`grader scorm --out DIR`), the SCORM 1.2 schema files
shipped in every package and every manifest validated against them, and the packages
run in Chromium (scorm-again as the LMS) as LMSs really behave: only the first item
launched, no LMSFinish, a slow commit, the session ended by the LMS before the SCO's
unload report."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xmlschema
from test_scorm import (
    HARNESS,
    SCORM_AGAIN,
    TIMESPAN,
    answer_right,
    assert_every_value_accepted,
    fresh_browser,
    last_set,
    open_questions,
    runtime_calls,
)

from grader.cli import main as grader_main
from grader.content.loader import load_course
from grader.lms.scorm import (
    ADLCP,
    IMSCP,
    IMSMD,
    SCHEMA_FILES,
    SCHEMAS,
    ScormError,
    build_module_packages,
    build_site,
)
from helpers.site import ROOT, _serve

NS = {"cp": IMSCP, "adlcp": ADLCP, "md": IMSMD}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# xmlschema's own copy of the W3C schema for xml:lang, read in place of ims_xml.xsd, which binds the xml
# namespace as its default namespace (Python's XML parser refuses that; the attributes are the same)
XML_XSD = (Path(xmlschema.__file__).parent / "schemas" / "XML" / "xml.xsd").resolve().as_uri()
COURSE = load_course(ROOT)


@pytest.fixture(scope="module")
def module_packages(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("scorm-modules")
    assert grader_main(["scorm", "--out", str(out), "--root", str(ROOT)]) == 0
    return out


@pytest.fixture(scope="module")
def course_zip(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("scorm-course") / "course.zip"
    assert grader_main(["scorm", "--course", "--out", str(out), "--root", str(ROOT)]) == 0
    return out


def package_of(folder: Path, module_id: str) -> Path:
    (path,) = folder.glob(f"[0-9][0-9]-{module_id}.zip")
    return path


def read(package: Path, name: str) -> bytes:
    with zipfile.ZipFile(package) as archive:
        return archive.read(name)


# --- the schemas ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema(tmp_path_factory) -> xmlschema.XMLSchema:
    """ADL's SCORM 1.2 schemas, as shipped in grader/lms/scorm12 (the copies in each package are checked
    to be the same bytes)."""
    folder = tmp_path_factory.mktemp("xsd")
    for name in SCHEMA_FILES:
        shutil.copy(SCHEMAS / name, folder)
    built = xmlschema.XMLSchema(
        str(folder / "imscp_rootv1p1p2.xsd"),
        uri_mapper=lambda url: XML_XSD if url.endswith("ims_xml.xsd") else url,
        # lax: the 2001 metadata schema breaks a rule for schemas (unique particles) that validators forgive
        validation="lax",
        build=False,
    )
    built.import_schema(ADLCP, str(folder / "adlcp_rootv1p2.xsd"))
    built.import_schema(IMSMD, str(folder / "imsmd_rootv1p2p1.xsd"))
    built.build()
    return built


def problems(schema: xmlschema.XMLSchema, manifest: bytes) -> list[str]:
    return [error.reason or str(error) for error in schema.iter_errors(manifest.decode("utf-8"))]


def test_every_manifest_validates_against_the_shipped_schemas(schema, module_packages, course_zip):
    packages = [*sorted(module_packages.glob("*.zip")), course_zip]
    assert len(packages) == len(COURSE.modules) + 1
    for package in packages:
        assert problems(schema, read(package, "imsmanifest.xml")) == [], package.name
        for name in SCHEMA_FILES:  # at the root of the zip, beside the manifest that names them
            assert read(package, name) == (SCHEMAS / name).read_bytes(), (package.name, name)


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ('adlcp:scormtype="sco"', 'adlcp:scormtype="scorm"', "scormtype"),
        ("<schema>ADL SCORM</schema>", "<schemaname>ADL SCORM</schemaname>", "schemaname"),
        ('version="1.0"', 'version="1.0 of 2026-12-03, the first"', "length"),  # at most 20 characters
        ("imsmd:langstring", "imsmd:string", "string"),
    ],
)
def test_the_schemas_catch_a_broken_manifest(schema, module_packages, old, new, reason):
    manifest = read(package_of(module_packages, "opioids"), "imsmanifest.xml")
    assert old.encode() in manifest
    found = problems(schema, manifest.replace(old.encode(), new.encode()))
    assert found and any(reason in p for p in found), found


# --- one package per module ----------------------------------------------------------------


def test_one_package_per_module_each_a_single_sco_with_its_title_and_summary(module_packages):
    names = sorted(p.name for p in module_packages.glob("*.zip"))
    assert names == [f"{c.module.number:02d}-{c.module.id}.zip" for c in COURSE.modules]
    for content in COURSE.modules:
        module = content.module
        manifest = ET.fromstring(read(package_of(module_packages, module.id), "imsmanifest.xml"))
        assert manifest.get("identifier") == f"MSKCPD-{module.id}"
        general = manifest.find("cp:metadata/md:lom/md:general", NS)
        title = general.find("md:title/md:langstring", NS)
        assert title.text == f"Persistent MSK pain and mental health: Module {module.number}: {module.title}"
        assert title.get(XML_LANG) == "en-GB"
        assert general.find("md:description/md:langstring", NS).text == module.summary
        [organization] = manifest.findall("cp:organizations/cp:organization", NS)
        assert organization.find("cp:title", NS).text == f"Module {module.number}: {module.title}"
        [item] = organization.findall("cp:item", NS)  # the first launchable item is this module: the only one
        assert item.find("adlcp:masteryscore", NS).text == "80"
        scos = [r for r in manifest.findall("cp:resources/cp:resource", NS) if r.get(f"{{{ADLCP}}}scormtype") == "sco"]
        assert [(s.get("identifier"), s.get("href")) for s in scos] == [
            (item.get("identifierref"), f"modules/{module.id}/index.html")
        ]


def test_the_course_package_keeps_its_description(course_zip):
    manifest = ET.fromstring(read(course_zip, "imsmanifest.xml"))
    general = manifest.find("cp:metadata/md:lom/md:general", NS)
    assert general.find("md:title/md:langstring", NS).text == "Persistent MSK pain and mental health"
    assert general.find("md:description/md:langstring", NS).text.startswith("CPD e-learning for UK healthcare")
    assert len(manifest.findall("cp:organizations/cp:organization/cp:item", NS)) == len(COURSE.modules)


def nav_links(html: str) -> list[str]:
    nav = html[html.index('<nav class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index("</nav>\n</div>") if "</nav>\n</div>" in nav else len(nav)]
    return [part.split('"', 1)[0] for part in nav.split('href="')[1:]]


def test_a_module_package_navigates_within_its_module(module_packages):
    mood, opioids = COURSE.modules[1].module.id, COURSE.modules[3].module.id
    package = package_of(module_packages, mood)
    links = nav_links(read(package, f"modules/{mood}/index.html").decode("utf-8"))
    in_modules = {link.split("/")[0] for link in links if not link.startswith(("#", "http"))}
    others = {c.module.id for c in COURSE.modules} - {mood}
    assert not [link for link in links for other in others if f"/{other}/" in f"/{link}"], links
    assert any("content-note" in link for link in links)  # the course's own pages stay reachable
    assert not [link for link in links if "case-studies/" in link], "no case studies: the LMS does not record them"
    assert in_modules
    with zipfile.ZipFile(package) as archive:  # other modules' pages are still there, for links that lead to them
        assert f"modules/{opioids}/index.html" in archive.namelist()


def test_scorm_wants_a_folder_unless_asked_for_the_course_package(tmp_path, capsys):
    assert grader_main(["scorm", "--out", str(tmp_path / "course.zip"), "--root", str(ROOT)]) == 2
    err = capsys.readouterr().err
    assert "names a zip" in err and "--course" in err and "--out scorm" in err
    assert not (tmp_path / "course.zip").exists()
    (tmp_path / "file").write_text("x")
    with pytest.raises(ScormError, match="is a file"):
        build_module_packages(ROOT, tmp_path / "file")


def test_a_package_for_a_module_the_course_does_not_have_fails_naming_it(tmp_path):
    with pytest.raises(ScormError, match="package_module 'nonesuch' is not a module of the course"):
        build_site(ROOT, tmp_path / "site", module_id="nonesuch")


# --- in the LMS, as LMSs really behave ---------------------------------------------------------


@pytest.fixture(scope="module")
def lms(tmp_path_factory, module_packages):
    if not SCORM_AGAIN.exists():
        pytest.fail("scorm-again is missing: run `make test`, which runs `npm ci`")
    top = tmp_path_factory.mktemp("lms-modules")
    for content in COURSE.modules:
        folder = top / content.module.id
        folder.mkdir()
        with zipfile.ZipFile(package_of(module_packages, content.module.id)) as archive:
            archive.extractall(folder / "pkg")
        shutil.copy(SCORM_AGAIN, folder / "scorm12.js")
        (folder / "harness.html").write_text(HARNESS, encoding="utf-8")
    server = _serve(top)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def launch_first_item(page, base: str, mode: str | None = None, cmi: dict | None = None):
    """The LMS launches the package's first item, as many do, whatever else the package lists."""
    page.goto(f"{base}/harness.html")
    href = page.evaluate("([cmi, mode]) => lms.launchFirstItem(cmi, mode)", [cmi, mode])
    frame = page.frame(name="sco")
    frame.wait_for_url(f"**/pkg/{href}")
    frame.wait_for_load_state()
    return frame


@pytest.mark.parametrize("mode", [None, "no-finish", "slow-commit", "ends-session"])
def test_a_module_package_launched_by_its_first_item_records_that_module(browser, lms, mode):
    # module 2, not module 1: an LMS that launches only the first item reaches every module this way
    module = COURSE.modules[1]
    question = module.bank.items[0]
    with fresh_browser(browser) as page:
        frame = launch_first_item(page, f"{lms}/{module.module.id}", mode)
        assert frame.evaluate("MSKCPD.scorm.active && MSKCPD.scorm.module") == module.module.id
        sco = open_questions(page, frame)
        start = page.evaluate("lms.log.length")
        answer_right(sco, question)
        answered = page.evaluate("start => lms.log.slice(start)", start)
        assert [c["call"] for c in answered].count("LMSCommit") == 1, "one commit per answer, slow or not"
        if mode == "ends-session":
            page.evaluate("lms.endSession()")  # the learner left the LMS's page: the LMS ends the session
        cmi = page.evaluate("lms.cmi()")
        if mode != "ends-session":  # once the LMS has ended the session it refuses the SCO's unload report
            assert_every_value_accepted(page)
        page.evaluate("lms.close()")
        if mode == "no-finish":
            page.wait_for_function("lms.calls('LMSTerminate').length > 0")
            assert [c["result"] for c in runtime_calls(page, "LMSTerminate")] == ["true"]
        elif mode is None or mode == "slow-commit":
            page.wait_for_function("lms.calls('LMSFinish').length > 0")
            assert_every_value_accepted(page)
        # what the LMS keeps: the answer, the score and a session time, whenever the session ended
        assert set(json.loads(cmi["suspend_data"])["i"]) == {question.id}
        assert cmi["core"]["lesson_status"] == "incomplete"
        assert float(cmi["core"]["score"]["raw"]) > 0
        assert TIMESPAN.match(last_set(page, "cmi.core.session_time"))
        assert cmi["core"]["session_time"] != "00:00:00", "the session time was sent with a commit"


def test_another_modules_page_says_its_answers_are_not_recorded(browser, lms):
    module = COURSE.modules[1].module
    other = COURSE.modules[3].module
    with fresh_browser(browser) as page:
        frame = launch_first_item(page, f"{lms}/{module.id}")
        assert frame.locator(".mskcpd-not-recorded").count() == 0, "no note on the module's own pages"
        frame.goto(f"{lms}/{module.id}/pkg/modules/{other.id}/index.html")
        note = frame.locator(".mskcpd-not-recorded")
        text = note.inner_text()
        assert "Not recorded in your LMS" in text
        assert f"This page is part of Module {other.number}: {other.title}" in text
        assert f"Your LMS opened Module {module.number}: {module.title}" in text
        back = note.locator("a")
        assert back.inner_text() == f"Back to Module {module.number}: {module.title}"
        back.click()
        frame.wait_for_url(f"**/modules/{module.id}/index.html")
        assert frame.locator(".mskcpd-not-recorded").count() == 0


def test_search_works_inside_the_lms_from_the_one_index_the_package_keeps(browser, lms, module_packages):
    module = COURSE.modules[3].module
    with zipfile.ZipFile(package_of(module_packages, module.id)) as archive:
        names = archive.namelist()
    assert "search/search_index.json" in names and "search/search_index.js" not in names
    with fresh_browser(browser) as page:
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        frame = launch_first_item(page, f"{lms}/{module.id}")
        frame.locator("input.md-search__input").fill("naloxone")  # in the header at the LMS frame's width
        results = frame.locator(".md-search-result__item")
        results.first.wait_for()
        assert results.count() > 0
        assert any(url.endswith("search/search_index.json") for url in requested)
        assert not [url for url in requested if url.endswith("search_index.js")]
