"""Load and validate all course content from a project root.

The MkDocs plugin and `grader check` both call `load_course`, so the site can
never build from content that `check` rejects.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from . import checks, language, published, signoff
from .models import (
    CaseContent,
    CaseItem,
    CaseStudy,
    Course,
    Directory,
    HazardLog,
    Item,
    Lesson,
    Module,
    ModuleContent,
    QuestionBank,
    RedFlag,
    RedFlags,
    SignOffRecord,
)
from .settings import CONFIG_FILE, load_settings
from .yamlfile import (
    ContentError,
    Problem,
    YamlDoc,
    front_matter_end,
    front_matter_problems,
    read_text,
    read_yaml,
    validation_problems,
)

RED_FLAGS_FILE = "red-flags.yml"  # in referrals/, beside the directories
HAZARD_LOG = "governance/hazard-log.yml"
MODULE_FOLDER = re.compile(r"^(?P<number>[0-9]{2})-(?P<id>[a-z0-9][a-z0-9-]*)$")
LESSON_FILE = re.compile(r"^(?P<order>[0-9]{2})-(?P<slug>[a-z0-9][a-z0-9-]*)\.md$")
Model = TypeVar("Model", bound=BaseModel)


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _parse(model: type[Model], path: Path, root: Path, problems: list[Problem]) -> tuple[Model, YamlDoc] | None:
    try:
        doc = read_yaml(path, _rel(root, path))
    except ContentError as exc:
        problems.extend(exc.problems)
        return None
    try:
        return model.model_validate(dict(doc.data)), doc
    except ValidationError as exc:
        problems.extend(validation_problems(doc, exc))
        return None


def _load_lessons(folder: Path, root: Path, problems: list[Problem]) -> list[Lesson]:
    lessons = []
    for path in sorted(folder.glob("*.md")):
        shown = _rel(root, path)
        match = LESSON_FILE.match(path.name)
        if not match:
            problems.append(
                Problem(
                    shown, 1, "lesson file names are `NN-slug.md` (for example `01-what-is-pain.md`): rename the file"
                )
            )
            continue
        try:
            text = read_text(path, shown)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        if front_matter_end(text) is not None:
            problems.append(
                Problem(
                    shown,
                    1,
                    "a lesson has no front matter (the `---` block at the top): delete the block, so the first line "
                    "is the title `# Title`",
                )
            )
            continue
        lines = text.split("\n")  # as an editor counts lines (splitlines would also split at U+2028 and U+0085)
        first = next((n for n, line in enumerate(lines) if line.strip()), None)
        if first is None or not lines[first].startswith("# "):
            problems.append(
                Problem(
                    shown,
                    (first or 0) + 1,
                    "a lesson starts with its title as a level-1 heading: add `# Title` as the first line",
                )
            )
            continue
        title = lines[first][2:].strip()
        if not title:
            problems.append(Problem(shown, first + 1, "the lesson's title is empty: write it after `# `"))
            continue
        problems.extend(language.check_markdown(text, shown))
        try:
            lessons.append(Lesson(slug=match["slug"], title=title, markdown=text, path=shown))
        except ValidationError:  # the slug: the file name pattern admits any length
            problems.append(
                Problem(shown, 1, "a lesson's file name is at most 80 characters after `NN-`: rename the file")
            )
    if not any(folder.glob("*.md")):  # (a lesson file with a problem has its own line)
        problems.append(
            Problem(
                _rel(root, folder / "module.yml"),
                1,
                "module has no lessons: add a lesson file such as `01-introduction.md` beside module.yml",
            )
        )
    return lessons


def _load_directories(
    root: Path, today: dt.date, problems: list[Problem], flags: dict[str, RedFlag]
) -> dict[str, Directory]:
    directories: dict[str, Directory] = {}
    folder = root / "referrals"
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        if path.name == RED_FLAGS_FILE:
            continue
        parsed = _parse(Directory, path, root, problems)
        if parsed is None:
            continue
        directory, doc = parsed
        if directory.area != path.stem:
            problems.append(
                doc.problem(
                    ("area",),
                    f"a directory file is named after its area: rename the file to `{directory.area}.yml` or set "
                    f"`area: {path.stem}`",
                )
            )
            continue
        problems.extend(language.check_yaml(doc.data, doc.path))
        problems.extend(checks.check_directory(directory, doc, today, national=directory.area == "national"))
        problems.extend(checks.check_red_flag_services(directory, doc, flags))
        directories[directory.area] = directory
    if folder.is_dir() and "national" not in directories and not problems:
        problems.append(
            Problem(
                "referrals", 1, "no national directory: add referrals/national.yml (the default every area extends)"
            )
        )
    return directories


def _parse_optional(
    model: type[Model], path: Path, root: Path, problems: list[Problem]
) -> tuple[Model, YamlDoc] | None:
    """A file the course may leave out: None if it is not there (or has problems, reported)."""
    return _parse(model, path, root, problems) if path.is_file() else None


def _load_red_flags(root: Path, today: dt.date, problems: list[Problem]) -> RedFlags | None:
    parsed = _parse_optional(RedFlags, root / "referrals" / RED_FLAGS_FILE, root, problems)
    if parsed is None:
        return None
    red_flags, doc = parsed
    problems.extend(language.check_yaml(doc.data, doc.path))
    problems.extend(checks.check_red_flags(red_flags, doc, today))
    return red_flags


def _load_sign_off(
    folder: Path, content_id: str, root: Path, today: dt.date, problems: list[Problem]
) -> SignOffRecord | None:
    parsed = _parse_optional(SignOffRecord, folder / signoff.SIGN_OFF_FILE, root, problems)
    if parsed is None:
        return None
    record, doc = parsed
    problems.extend(signoff.check_record(record, doc, content_id, today))
    return record


def _load_hazard_log(root: Path, problems: list[Problem]) -> HazardLog | None:
    parsed = _parse_optional(HazardLog, root / HAZARD_LOG, root, problems)
    if parsed is None:
        return None
    log, doc = parsed
    problems.extend(checks.check_hazard_log(log, doc))
    return log


def _load_cases(
    root: Path,
    today: dt.date,
    module_outcomes: dict[str, list[str]],
    problems: list[Problem],
    unreadable: frozenset[str] = frozenset(),
) -> list[tuple[CaseContent, YamlDoc]]:
    cases = []
    folder = root / "case_studies"
    for case_dir in sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []:
        path = case_dir / "case.yml"
        if not path.is_file():
            problems.append(
                Problem(
                    _rel(root, case_dir),
                    1,
                    "case folder has no case.yml: add one, or run `grader new-case SLUG` for a scaffold",
                )
            )
            continue
        parsed = _parse(CaseStudy, path, root, problems)
        if parsed is None:
            continue
        case, doc = parsed
        if case_dir.name != case.id:
            problems.append(
                doc.problem(
                    ("id",),
                    f"a case folder is named after its id: rename the folder to `{case.id}` or set `id: "
                    f"{case_dir.name}`",
                )
            )
        problems.extend(language.check_yaml(doc.data, doc.path, questions=True))
        problems.extend(checks.check_module_dates(case, doc, today))
        problems.extend(checks.check_case(case, doc, module_outcomes, unreadable))
        content = CaseContent(
            case=case,
            folder=_rel(root, case_dir),
            path=doc.path,
            sign_off=_load_sign_off(case_dir, case.id, root, today, problems),
        )
        cases.append(
            (content.model_copy(update={"digest": signoff.digest(root, signoff.case_files(root, content))}), doc)
        )
    return cases


def _check_pages(root: Path, pages_dir: str, problems: list[Problem]) -> None:
    """The site's own Markdown pages get the same language and crisis checks."""
    folder = root / pages_dir
    for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        shown = _rel(root, path)
        try:
            text = read_text(path, shown)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(front_matter_problems(text, shown))
        problems.extend(language.check_markdown(text, shown))


ParsedModule = tuple[Module, YamlDoc, Path, list[Lesson]]
ParsedBank = tuple[QuestionBank, YamlDoc, Path]
Located = tuple[Item | CaseItem, YamlDoc, tuple[str | int, ...]]


def _load_module(folder: Path, root: Path, today: dt.date, problems: list[Problem]) -> ParsedModule | str | None:
    """A module folder's module.yml and lessons; the folder's id (str) if module.yml has problems."""
    meta = folder / "module.yml"
    match = MODULE_FOLDER.match(folder.name)
    if not meta.is_file():
        problems.append(
            Problem(_rel(root, folder), 1, "module folder has no module.yml: add one (see the educators' guide)")
        )
        return None
    parsed = _parse(Module, meta, root, problems)
    lessons = _load_lessons(folder, root, problems)
    if parsed is None:
        return match["id"] if match else None  # its bank is still checked on its own
    module, doc = parsed
    problems.extend(language.check_yaml(doc.data, doc.path))
    if not match or match["id"] != module.id or int(match["number"]) != module.number:
        problems.append(
            doc.problem(
                ("id",),
                f"module folder must be named `{module.number:02d}-{module.id}` to match `number` and `id`: "
                "rename the folder or fix these keys",
            )
        )
    problems.extend(checks.check_module_dates(module, doc, today))
    return module, doc, folder, lessons


def _load_modules(root: Path, today: dt.date, problems: list[Problem]) -> tuple[dict[str, ParsedModule], set[str]]:
    """Every module by id, and the ids of module folders whose module.yml has problems."""
    modules: dict[str, ParsedModule] = {}
    unreadable: set[str] = set()
    folder = root / "modules"
    for module_dir in sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []:
        loaded = _load_module(module_dir, root, today, problems)
        if isinstance(loaded, str):
            unreadable.add(loaded)
        elif loaded is not None:
            module, doc = loaded[0], loaded[1]
            if module.id in modules:
                problems.append(
                    doc.problem(("id",), f"module id {module.id!r} is used by another module: choose a new id")
                )
                continue
            modules[module.id] = loaded
    numbers = Counter(m.number for m, *_ in modules.values())
    for module, doc, *_ in modules.values():
        if numbers[module.number] > 1:
            message = f"module number {module.number} is used by another module: renumber one of them"
            problems.append(doc.problem(("number",), message))
    return modules, unreadable


def _load_banks(
    root: Path, modules: dict[str, ParsedModule], unreadable: set[str], problems: list[Problem]
) -> tuple[dict[str, ParsedBank], set[str]]:
    """Every question bank by module id, and the file stems of banks that did not parse."""
    banks: dict[str, ParsedBank] = {}
    unreadable_banks: set[str] = set()
    folder = root / "quizzes"
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        parsed = _parse(QuestionBank, path, root, problems)
        if parsed is None:
            unreadable_banks.add(path.stem)
            continue
        bank, doc = parsed
        problems.extend(language.check_yaml(doc.data, doc.path, questions=True))
        problems.extend(checks.check_items(bank, doc))
        if bank.module in unreadable:
            continue
        if bank.module not in modules:
            known = ", ".join(modules) or "(none yet)"
            problems.append(doc.problem(("module",), f"no module has id {bank.module!r}: use one of {known}"))
            continue
        if path.stem != bank.module:
            message = f"a question bank is named after its module: rename the file to `{bank.module}.yml`"
            problems.append(doc.problem(("module",), message))
        module, module_doc, *_ = modules[bank.module]
        problems.extend(checks.check_bank_against_module(bank, module, doc))
        problems.extend(checks.check_outcome_coverage(bank, module, module_doc))
        problems.extend(checks.check_scorm_budget(bank, doc))
        banks[bank.module] = (bank, doc, path)
    return banks, unreadable_banks


def _located_items(banks: dict[str, ParsedBank], cases: list[tuple[CaseContent, YamlDoc]]) -> list[Located]:
    """Every question of the course with the file and key path it is written at."""
    located: list[Located] = [
        (item, doc, ("items", i)) for bank, doc, _ in banks.values() for i, item in enumerate(bank.items)
    ]
    located += [
        (item, doc, ("stages", i, "questions", j))
        for content, doc in cases
        for i, stage in enumerate(content.case.stages)
        for j, item in enumerate(stage.questions)
    ]
    return located


def _check_item_ids(located: list[Located], problems: list[Problem]) -> None:
    seen: dict[str, str] = {}
    for item, doc, at in located:
        if item.id in seen:
            message = f"item id {item.id!r} is already used in {seen[item.id]}: item ids are unique across the course"
            problems.append(doc.problem((*at, "id"), message))
        else:
            seen[item.id] = doc.path


def _module_contents(
    root: Path,
    today: dt.date,
    modules: dict[str, ParsedModule],
    banks: dict[str, ParsedBank],
    unreadable_banks: set[str],
    problems: list[Problem],
) -> list[ModuleContent]:
    """Each module with its lessons, bank, sign-off record and the digest a reviewer signs."""
    contents = []
    for module_id, (module, doc, folder, lessons) in modules.items():
        if module_id not in banks:
            if module_id not in unreadable_banks:  # (a bank that did not parse has problems of its own)
                message = f"module {module_id!r} has no question bank: add quizzes/{module_id}.yml"
                problems.append(doc.problem(("id",), message))
            continue
        bank, _, bank_path = banks[module_id]
        content = ModuleContent(
            module=module,
            folder=_rel(root, folder),
            lessons=lessons,
            bank=bank,
            bank_path=_rel(root, bank_path),
            sign_off=_load_sign_off(folder, module_id, root, today, problems),
        )
        digest = signoff.digest(root, signoff.module_files(root, content))
        contents.append(content.model_copy(update={"digest": digest}))
    return sorted(contents, key=lambda c: c.module.number)


def _check_red_flag_markers(modules: dict[str, ParsedModule], problems: list[Problem]) -> None:
    """Lessons that show the red-flag data when there is none to show."""
    for *_, lessons in modules.values():
        for lesson in lessons:
            for marker in (language.RED_FLAGS_MARKER, language.RED_FLAGS_SUMMARY_MARKER):
                if marker in lesson.markdown:
                    line = lesson.markdown[: lesson.markdown.index(marker)].count("\n") + 1
                    message = (
                        f"`{marker}` shows referrals/{RED_FLAGS_FILE}, which is missing or has problems: add or fix it"
                    )
                    problems.append(Problem(lesson.path, line, message))


def _check_published_ids(
    root: Path, modules: list[ModuleContent], cases: list[CaseContent], problems: list[Problem]
) -> None:
    parsed = _parse_optional(published.PublishedIds, root / published.REGISTER, root, problems)
    if parsed is not None:
        register, doc = parsed
        problems.extend(published.check_register(register, doc, published.current_ids(modules, cases)))


def _check_referral_area(root: Path, problems: list[Problem]) -> None:
    """mkdocs.yml's settings read, and its `referral_area` names a directory file."""
    try:
        area = load_settings(root).referral_area
    except ContentError as exc:
        problems.extend(exc.problems)
        return
    if (root / "referrals" / f"{area}.yml").is_file():
        return
    text = (root / CONFIG_FILE).read_text(encoding="utf-8") if (root / CONFIG_FILE).is_file() else ""
    line = next((n for n, t in enumerate(text.splitlines(), 1) if t.strip().startswith("referral_area:")), 1)
    known = ", ".join(sorted(p.stem for p in (root / "referrals").glob("*.yml") if p.stem != "red-flags"))
    problems.append(
        Problem(
            CONFIG_FILE,
            line,
            f"referral_area {area!r} has no referral directory: add referrals/{area}.yml, or use one of "
            f"{known or 'none yet (add referrals/national.yml)'}",
        )
    )


def load_course(root: Path, today: dt.date | None = None, pages_dir: str = "course") -> Course:
    """Every module with its lessons and bank, the case studies, red flags, referral
    directories and hazard log; raises ContentError listing every problem."""
    root = Path(root).resolve()
    today = today or dt.date.today()
    problems: list[Problem] = []
    modules, unreadable = _load_modules(root, today, problems)
    banks, unreadable_banks = _load_banks(root, modules, unreadable, problems)
    module_outcomes = {m.id: [o.id for o in m.outcomes] for m, *_ in modules.values()}
    cases = _load_cases(root, today, module_outcomes, problems, frozenset(unreadable))
    located = _located_items(banks, cases)
    _check_item_ids(located, problems)
    contents = _module_contents(root, today, modules, banks, unreadable_banks, problems)

    red_flags = _load_red_flags(root, today, problems)
    flags = {f.id: f for f in red_flags.flags} if red_flags else {}
    if red_flags is None:
        _check_red_flag_markers(modules, problems)
    for item, doc, at in located:
        problems.extend(checks.check_red_flag_keys(item, doc, at, flags))
    directories = _load_directories(root, today, problems, flags)
    hazard_log = _load_hazard_log(root, problems)
    _check_pages(root, pages_dir, problems)
    _check_referral_area(root, problems)
    _check_published_ids(root, contents, [c for c, _ in cases], problems)

    if not modules and not problems:
        message = "no modules found: add a folder such as modules/01-example/ with a module.yml"
        problems.append(Problem("modules", 1, message))
    if problems:
        raise ContentError(problems)
    cases_loaded = [c for c, _ in cases]
    return Course(
        modules=contents, directories=directories, cases=cases_loaded, red_flags=red_flags, hazard_log=hazard_log
    )


def check_course(root: Path, today: dt.date | None = None, pages_dir: str = "course") -> list[Problem]:
    try:
        load_course(root, today, pages_dir)
    except ContentError as exc:
        return exc.problems
    return []
