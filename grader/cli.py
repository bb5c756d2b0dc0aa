"""The `grader` command: thin; every subcommand is a call into the core.

Exit codes, the same for every subcommand:
  0  done, and nothing needs attention;
  1  done, and something needs attention: problems found in the content (`check`) or in
     the files given (a submission rejected, a gradebook row skipped);
  2  not done: wrong arguments, or course content with problems that the command needs
     to be right first (run `grader check`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from grader.content.loader import load_course


def report_content_problems(exc, before: str = "first") -> int:
    """Every subcommand that needs valid content says the same thing when it is not."""
    print(exc)
    sys.stdout.flush()
    print(
        f"{len(exc.problems)} problem(s) in the course content: fix them (see `grader check`) {before}.",
        file=sys.stderr,
    )
    return 2


def _checked_course(root: Path):
    """The course and no problems, or None and every problem: the content's, then (once it
    loads) its links', which need the whole course to resolve. The course is read once."""
    from grader.content.yamlfile import ContentError
    from grader.site.links import link_problems

    try:
        course = load_course(root)
    except ContentError as exc:
        return None, exc.problems
    problems = link_problems(course, root)
    return (None if problems else course), problems


def cmd_check(args: argparse.Namespace) -> int:
    from grader.content import published, signoff
    from grader.content.estimates import cpd_minutes_warnings

    course, problems = _checked_course(Path(args.root))
    for problem in problems:
        print(problem)
    if course is None:
        sys.stdout.flush()
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    changed, awaiting = signoff.findings(course)
    if args.release:  # nothing ships that a registered clinician has not signed off as it is
        unsigned = sorted([*changed, *map(signoff.awaiting_problem, awaiting)])
        ids = published.current_ids(course.modules, course.cases)
        unpublished = published.unpublished(published.read_register(Path(args.root)), ids)
        for problem in [*unsigned, *unpublished]:
            print(problem)
        if unsigned or unpublished:
            sys.stdout.flush()
            reasons = [f"{len(unsigned)} module(s) and case(s) not signed off as they are"] if unsigned else []
            reasons += ["ids not yet published"] if unpublished else []
            print(f"{'; '.join(reasons)}: not ready for release.", file=sys.stderr)
            return 1
    items = sum(len(c.bank.items) for c in course.modules)
    cases = f", {len(course.cases)} case stud{'y' if len(course.cases) == 1 else 'ies'}" if course.cases else ""
    print(f"OK: {len(course.modules)} module(s), {items} question(s){cases}.")
    for warning in cpd_minutes_warnings(Path(args.root), course.modules):
        print(f"warning: {warning}")
    for problem in changed:
        print(problem)
    total = len(course.modules) + len(course.cases)
    if changed or awaiting:
        print(
            f"Clinical sign-off: {total - len(changed) - len(awaiting)} of {total} signed off as they are; "
            f"{len(changed)} changed since sign-off, {len(awaiting)} awaiting sign-off "
            "(`grader check --release` fails until each is signed off: see CONTRIBUTING.md)."
        )
    return 0


def cmd_sign_off(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from grader.content import signoff
    from grader.content.models import SignOff
    from grader.content.yamlfile import ContentError

    try:
        course = load_course(Path(args.root))
    except ContentError as exc:
        return report_content_problems(exc, "before signing off")
    try:
        review = SignOff(
            reviewer=args.reviewer,
            profession=args.profession,
            registration_body=args.body,
            registration_number=args.number,
            date=args.date or dt.date.today(),
            scope=args.scope,
            digest="sha256:" + "0" * 64,
            note=args.note,
        )
    except ValidationError as exc:
        for error in exc.errors():
            print(f"grader sign-off: --{error['loc'][0]}: {error['msg']}", file=sys.stderr)
        return 2
    for _, message in signoff.registration_problems(review):
        print(f"grader sign-off: {message}", file=sys.stderr)
        return 2
    try:
        path = signoff.record_review(course, Path(args.root), args.content, review)
    except KeyError:
        known = ", ".join([c.module.id for c in course.modules] + [c.case.id for c in course.cases])
        print(f"grader sign-off: no module or case has id {args.content!r}: use one of {known}", file=sys.stderr)
        return 2
    print(
        f"Signed off {args.content} as it is now ({', '.join(review.scope)}) by {review.reviewer}: {path}. Commit it "
        "with the content."
    )
    return 0


def cmd_preview(args: argparse.Namespace) -> int:
    import subprocess
    import tempfile
    import webbrowser

    from grader.content.yamlfile import ContentError
    from grader.site.preview import PreviewError, find, preview_config, serve_command

    try:
        content = Path(args.content) if args.content else None
        _, content_root = preview_config(Path(args.root), args.item_id, content)
        find(load_course(content_root), args.item_id)
    except ContentError as exc:
        return report_content_problems(exc)
    except PreviewError as exc:
        print(f"grader preview: {exc}", file=sys.stderr)
        return 2
    address = f"http://127.0.0.1:{args.port}/preview.html"
    print(f"Previewing {args.item_id} at {address} : it reloads when you save the file. Stop with Ctrl+C.", flush=True)
    with tempfile.TemporaryDirectory(prefix="mskcpd-preview-") as folder:
        command = serve_command(Path(args.root), args.item_id, Path(folder), args.port, content)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        server = subprocess.Popen(command, env=env, cwd=Path(args.root).resolve())
        if args.open:
            webbrowser.open(address)
        try:
            return server.wait()
        except KeyboardInterrupt:
            server.terminate()
            server.wait()
            return 0


def cmd_new_case(args: argparse.Namespace) -> int:
    from grader.content.scaffold import new_case
    from grader.content.yamlfile import ContentError

    try:
        path = new_case(Path(args.root), args.slug)
    except ValueError as exc:
        print(f"grader new-case: {exc}", file=sys.stderr)
        return 2
    except ContentError as exc:
        print(f"grader new-case: fix the course content first (grader check):\n{exc}", file=sys.stderr)
        return 2
    print(f"Wrote {path}. Edit it, run `grader check`, and see it at once under Case studies in `make serve`.")
    return 0


def cmd_publish_ids(args: argparse.Namespace) -> int:
    from grader.content import published
    from grader.content.yamlfile import ContentError
    from grader.formats.files import write_atomic

    root = Path(args.root)
    try:
        course = load_course(root)
    except ContentError as exc:
        return report_content_problems(exc, before="before publishing ids")
    path = root / published.REGISTER
    register = published.read_register(root)
    text, added = published.register_text(register, published.current_ids(course.modules, course.cases))
    write_atomic(path, text.encode("utf-8"))
    print(f"{published.REGISTER}: {added} new id(s) published. Commit it with the content that introduced them.")
    return 0


def cmd_facilitator(args: argparse.Namespace) -> int:
    from grader.content.yamlfile import ContentError
    from grader.facilitator import PackError, write_project

    try:
        course = load_course(Path(args.root))
        write_project(course, Path(args.out))
    except ContentError as exc:
        return report_content_problems(exc)
    except PackError as exc:
        print(f"grader facilitator: {exc}", file=sys.stderr)
        return 2
    print(
        f"Wrote the facilitator's pack ({len(course.cases)} case(s)) to {args.out}; build it with `jupyter-book build "
        f"{args.out}` (or `make facilitator`)."
    )
    return 0


# --- the gradebook: release, collect, autograde, export (grader/gradebook/) ---------


def _cases(root: str) -> dict:
    """The course's case studies by id; raises ContentError (reported by main) if the content has problems."""
    return {content.case.id: content.case for content in load_course(Path(root)).cases}


def _course_dir(args: argparse.Namespace):
    from grader.gradebook.layout import CourseDir

    return CourseDir.at(args.course_dir)


def cmd_release(args: argparse.Namespace) -> int:
    from grader.gradebook.release import ReleaseError, release

    cases = _cases(args.root)
    if not cases:
        print(f"no case studies under {args.root}/case_studies: nothing to release", file=sys.stderr)
        return 2
    try:
        for path in release(list(cases.values()), _course_dir(args), args.db):
            print(f"released: {path.parent.name} -> {path}")
    except ReleaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_collect(args: argparse.Namespace) -> int:
    from grader.gradebook.collect import collect

    course_dir, cases = _course_dir(args), _cases(args.root)
    counts = {"accepted": 0, "rejected": 0, "duplicate": 0}
    for outcome in collect([Path(p) for p in args.paths], course_dir, cases):
        counts[outcome.status] += 1
        print(outcome.line(), flush=True)
    kept = f" (kept in {course_dir.quarantine}, each with a .reason.txt)" if counts["rejected"] else ""
    print(
        f"{counts['accepted']} accepted, {counts['duplicate']} duplicate(s), {counts['rejected']} rejected{kept}",
        file=sys.stderr,
    )
    return 1 if counts["rejected"] else 0


def cmd_autograde(args: argparse.Namespace) -> int:
    from grader.gradebook.autograde import autograde
    from grader.gradebook.db import shown_url

    course_dir = _course_dir(args)
    report = autograde(course_dir, _cases(args.root), args.db, progress=not args.quiet)
    for path, reason in report.skipped:
        print(f"skipped: {path}: {reason}")
    print(
        f"graded {len(report.graded)} submission(s) into {shown_url(course_dir.db_url(args.db))}; "
        f"{len(report.skipped)} skipped",
        file=sys.stderr,
    )
    return 1 if report.skipped else 0


def cmd_export(args: argparse.Namespace) -> int:
    from grader.gradebook.export import export_rows, write_csv
    from grader.records import MODULE_COLUMNS, module_rows

    rows, skipped = export_rows(_course_dir(args), _cases(args.root), args.db, _pass_percent(args))
    for item in skipped:
        print(f"skipped: {item.path}: {item.reason}", file=sys.stderr)
    out = None if args.out == "-" else Path(args.out)
    write_csv(rows, out)
    if out is not None:
        print(f"wrote {len(rows)} row(s) to {out}", file=sys.stderr)
    problems = len(skipped)
    if args.modules_out:
        module_list, unreadable = module_rows(
            _course_dir(args), load_course(Path(args.root)).modules, _pass_percent(args) / 100
        )
        for bad in unreadable:
            print(f"skipped: {bad.path}: {bad.reason}", file=sys.stderr)
        modules_out = None if args.modules_out == "-" else Path(args.modules_out)
        write_csv(module_list, modules_out, MODULE_COLUMNS)
        if modules_out is not None:
            print(f"wrote {len(module_list)} module row(s) to {modules_out}", file=sys.stderr)
        problems += len(unreadable)
    return 1 if problems else 0


def cmd_review(args: argparse.Namespace) -> int:
    import getpass
    import webbrowser

    from grader.gradebook.review_server import close, start

    reviewer = " ".join((args.reviewer or "").split())
    if not reviewer:
        try:
            reviewer = getpass.getuser()
        except (KeyError, OSError):
            reviewer = ""
    if not reviewer or len(reviewer) > 100:
        print("grader review: give your name with --reviewer NAME (up to 100 characters)", file=sys.stderr)
        return 2
    try:
        server = start(_course_dir(args), _cases(args.root), args.db, reviewer, args.port)
    except OSError as exc:
        print(
            f"grader review: cannot listen on 127.0.0.1 port {args.port} ({exc.strerror or exc}): choose another with "
            "--port, or leave --port out for any free port",
            file=sys.stderr,
        )
        return 2
    print(f"Reviewing free-text answers as {reviewer}. Open this address in your browser:\n\n  {server.url}\n")
    print("It works on this computer only. Press Ctrl+C here to stop.", flush=True)
    if args.open:
        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopped: every score you confirmed is saved in the gradebook", file=sys.stderr)
    finally:
        close(server)
    return 0


def _pass_percent(args: argparse.Namespace) -> float:
    """--pass-mark if given, else the course's own (pass_mark in mkdocs.yml): one source."""
    from grader.content.settings import load_settings

    return float(args.pass_mark) if args.pass_mark is not None else load_settings(Path(args.root)).pass_percent


def _cohort(args: argparse.Namespace):
    from grader.reports.data import gather

    cohort = gather(load_course(Path(args.root)), _course_dir(args), args.db, _pass_percent(args) / 100)
    for problem in cohort.problems:
        print(f"skipped: {problem}", file=sys.stderr)
    return cohort


def cmd_certificates(args: argparse.Namespace) -> int:
    from grader.reports.certificates import write_certificates
    from grader.reports.confirmed import write_confirmed

    cohort = _cohort(args)
    written = write_certificates(cohort, Path(args.out), issuer=args.issuer)
    for item in written:
        print(f"certificate {item.certificate_id}: {item.learner.name} -> {item.path}")
    for path in write_confirmed(cohort, Path(args.out)):
        print(f"confirmed scores for My CPD record -> {path}")
    waiting = sum(1 for learner in cohort.learners for c in learner.cases if c.passed and c.needs_review)
    if waiting:
        print(
            f"{waiting} case pass(es) wait for a reviewer to confirm a provisional free-text score (grader review), so "
            "are not on a certificate yet",
            file=sys.stderr,
        )
    print(f"wrote {len(written)} certificate(s) and certificates.csv to {args.out}", file=sys.stderr)
    return 1 if cohort.problems else 0


def cmd_report(args: argparse.Namespace) -> int:
    from grader.reports.cohort import write_report

    cohort = _cohort(args)
    index = write_report(cohort, Path(args.out))
    print(
        f"wrote the cohort report to {index} ({len(cohort.learners)} learner(s)); open it in a browser, no network "
        "needed",
        file=sys.stderr,
    )
    return 1 if cohort.problems else 0


def _gradebook_options(parser: argparse.ArgumentParser, db: bool = True) -> None:
    parser.add_argument("--root", default=".", help="project folder holding case_studies/ (default: current folder)")
    parser.add_argument("--course-dir", default="gradebook", help="the nbgrader course directory (default: gradebook)")
    if db:
        parser.add_argument(
            "--db", default=None, help="SQLAlchemy URL of the gradebook (default: sqlite:///<course-dir>/gradebook.db)"
        )


def _add_gradebook_commands(sub) -> None:
    release = sub.add_parser(
        "release", help="make an nbgrader course directory: source and release notebooks for every case study"
    )
    _gradebook_options(release)
    release.set_defaults(run=cmd_release)

    collect = sub.add_parser(
        "collect",
        help=(
            "collect submissions (.ipynb) and learners' exported records (.json), or zips of them from an LMS: one "
            "line per file, accepted or rejected with the reason"
        ),
    )
    collect.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a submission notebook, a learner's record, a zip of them, or a folder of any of these",
    )
    _gradebook_options(collect, db=False)
    collect.set_defaults(run=cmd_collect)

    autograde = sub.add_parser(
        "autograde",
        help="score every collected submission from the answer key, never running it, into nbgrader's gradebook",
    )
    _gradebook_options(autograde)
    autograde.add_argument("--quiet", action="store_true", help="no progress bar")
    autograde.set_defaults(run=cmd_autograde)

    export = sub.add_parser(
        "export",
        help="completion grades as CSV, one row per learner and case (and, with --modules-out, per learner and module)",
    )
    _gradebook_options(export)
    export.add_argument(
        "--out", default="grades.csv", help="the CSV file to write, or - for standard output (default: grades.csv)"
    )
    export.add_argument(
        "--modules-out",
        metavar="CSV",
        default=None,
        help="also write module completion from the collected learners' records (grader collect *.json) to this CSV: "
        "one row per learner and module, every score recomputed from the learner's answers",
    )
    export.add_argument(
        "--pass-mark",
        type=float,
        default=None,
        help=(
            "percent needed to pass a case or complete a module (default: the course's pass_mark in mkdocs.yml, as a "
            "percent)"
        ),
    )
    export.set_defaults(run=cmd_export)

    review = sub.add_parser(
        "review",
        help="a page on this computer (127.0.0.1) to confirm or change provisional free-text scores, saved to "
        "nbgrader's gradebook as manual grades",
    )
    _gradebook_options(review)
    review.add_argument("--port", type=int, default=0, help="the port on 127.0.0.1 (default: any free port)")
    review.add_argument(
        "--reviewer", default=None, help="your name, saved with each score you confirm (default: your login name)"
    )
    review.add_argument("--open", action="store_true", help="open the page in your web browser")
    review.set_defaults(run=cmd_review)

    certificates = sub.add_parser(
        "certificates",
        help="a PDF certificate per learner who completed a module (collected record) or passed a case (gradebook)",
    )
    _gradebook_options(certificates)
    certificates.add_argument(
        "--out",
        required=True,
        metavar="DIR",
        help=(
            "folder for the PDFs (<learner id>.pdf), certificates.csv (the list of certificate ids) and each "
            "learner's confirmed case scores to import on My CPD record (<learner id>-confirmed-scores.json)"
        ),
    )
    certificates.add_argument(
        "--issuer",
        default="",
        help="who issues the certificates, printed on each, e.g. the trust's name (default: none)",
    )
    certificates.add_argument(
        "--pass-mark",
        type=float,
        default=None,
        help="percent needed to complete a module or pass a case (default: the course's pass_mark in mkdocs.yml)",
    )
    certificates.set_defaults(run=cmd_certificates)

    report = sub.add_parser(
        "report",
        help=(
            "a cohort report as static HTML (index.html with plots; works offline): completion, scores, confidence, "
            "item analysis"
        ),
    )
    _gradebook_options(report)
    report.add_argument("--out", required=True, metavar="DIR", help="folder to write index.html and its stylesheet to")
    report.add_argument(
        "--pass-mark",
        type=float,
        default=None,
        help="percent needed to complete a module or pass a case (default: the course's pass_mark in mkdocs.yml)",
    )
    report.set_defaults(run=cmd_report)


def cmd_schemas(args: argparse.Namespace) -> int:
    from grader.content.schemas import write_schemas

    for path in write_schemas(Path(args.out)):
        print(f"wrote {path}")
    return 0


def cmd_export_bank(args: argparse.Namespace) -> int:
    from grader.content.yamlfile import ContentError
    from grader.exports import UnknownModule, export_bank

    try:
        result = export_bank(load_course(Path(args.root)), args.format, args.module)
    except ContentError as exc:
        return report_content_problems(exc)
    except UnknownModule as exc:
        print(f"grader export-bank: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(result.data)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"wrote {result.items} question(s) as {args.format.upper()} to {out}")
    return 0


def cmd_scorm(args: argparse.Namespace) -> int:
    from grader.content.yamlfile import ContentError
    from grader.lms.scorm import ScormError, build_module_packages, build_package

    out = Path(args.out)
    if not args.course and out.suffix.lower() == ".zip":
        print(
            f"grader scorm: --out {args.out} names a zip, but `grader scorm` writes one package per module into a "
            "folder: give a folder (for example --out scorm), or add --course to write the whole course as one "
            "package",
            file=sys.stderr,
        )
        return 2
    try:
        if args.course:
            package = build_package(Path(args.root), out)
        else:
            packages = build_module_packages(Path(args.root), out)
    except ContentError as exc:
        return report_content_problems(exc)
    except ScormError as exc:
        print(f"grader scorm: {exc}", file=sys.stderr)
        return 2
    if args.course:
        print(
            f"Wrote {package.path}: a SCORM 1.2 package, one SCO per module ({package.modules}), {package.files} "
            "files. Upload it to the LMS as a SCORM 1.2 package (an LMS that launches only a package's first item "
            "opens Module 1 only: use the per-module packages there)."
        )
        return 0
    for one in packages:
        print(f"Wrote {one.path}: {one.title}")
    print(
        f"{len(packages)} SCORM 1.2 package(s), one per module, each a single SCO. Upload each to the LMS as a "
        "SCORM 1.2 package (one course activity per module)."
    )
    return 0


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write YYYY-MM-DD") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="grader",
        description="Check, build and grade the MSK pain and mental health CPD course.",
        epilog="Exit codes: 0 done, nothing needs attention; 1 done, but problems were found in the content "
        "or in the files given; 2 not done (wrong arguments, or content the command needs to be right first).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser(
        "check", help="load and validate all course content; one line per problem, path:line: message"
    )
    check.add_argument(
        "--root", default=".", help="project folder holding modules/ and quizzes/ (default: current folder)"
    )
    check.add_argument(
        "--release",
        action="store_true",
        help="also fail on any module or case a registered clinician has not signed off as it is now",
    )
    check.set_defaults(run=cmd_check)
    sign = sub.add_parser(
        "sign-off", help="record a registered clinician's review of a module or case as it is now (in its sign-off.yml)"
    )
    sign.add_argument(
        "content", metavar="ID", help="the module or case id, e.g. opioids or suicidal-thoughts-in-physio"
    )
    sign.add_argument(
        "--reviewer", required=True, help="the reviewer's name as on their register, e.g. 'Dr Amina Khan'"
    )
    sign.add_argument(
        "--profession",
        required=True,
        choices=["doctor", "nurse", "pharmacist", "physiotherapist", "occupational-therapist", "other"],
    )
    sign.add_argument(
        "--body",
        required=True,
        choices=["GMC", "NMC", "HCPC", "GPhC", "PSNI", "other"],
        help="the register the reviewer is on",
    )
    sign.add_argument("--number", required=True, help="the reviewer's registration number")
    sign.add_argument(
        "--scope",
        required=True,
        type=lambda text: [s.strip() for s in text.split(",") if s.strip()],
        help="what was reviewed, comma-separated: clinical, language, accessibility",
    )
    sign.add_argument(
        "--date", type=_iso_date, default=None, help="the date of the review, YYYY-MM-DD (default: today)"
    )
    sign.add_argument("--note", default=None, help="optional: anything the reviewer asks to be recorded")
    sign.add_argument("--root", default=".", help="project folder (default: current folder)")
    sign.set_defaults(run=cmd_sign_off)
    publish = sub.add_parser(
        "publish-ids",
        help="add the course's new module, case and item ids to published-ids.yml (run before a release)",
    )
    publish.add_argument("--root", default=".", help="project folder (default: current folder)")
    publish.set_defaults(run=cmd_publish_ids)
    preview = sub.add_parser(
        "preview",
        help="serve one question (or a case study's part) alone at http://127.0.0.1:8000/preview.html, reloading as "
        "you save its YAML",
    )
    preview.add_argument("item_id", metavar="ITEM-ID", help="the question's id, from its YAML file")
    preview.add_argument("--root", default=".", help="project folder holding mkdocs.yml (default: current folder)")
    preview.add_argument("--port", type=int, default=8000, help="the port on 127.0.0.1 (default: 8000)")
    preview.add_argument(
        "--content", help="folder holding modules/, quizzes/ and case_studies/ (default: as mkdocs.yml says)"
    )
    preview.add_argument("--open", action="store_true", help="open the page in your web browser too")
    preview.set_defaults(run=cmd_preview)
    new = sub.add_parser("new-case", help="write a case-study scaffold that passes `grader check`")
    new.add_argument("slug", help="the case id and folder name, e.g. low-mood-after-injury")
    new.add_argument("--root", default=".", help="project folder (default: current folder)")
    new.set_defaults(run=cmd_new_case)
    pack = sub.add_parser(
        "facilitator",
        help="write the facilitator's pack (model answers, timings, ground rules) as a jupyter-book project",
    )
    pack.add_argument(
        "--out",
        required=True,
        metavar="DIR",
        help="the folder to write the jupyter-book project to (new, empty, or an earlier pack)",
    )
    pack.add_argument("--root", default=".", help="project folder holding case_studies/ (default: current folder)")
    pack.set_defaults(run=cmd_facilitator)
    schemas = sub.add_parser(
        "schemas", help="write a JSON Schema for each content type, for editors to validate and autocomplete YAML"
    )
    schemas.add_argument("--out", default="schemas", help="folder to write to (default: schemas)")
    schemas.set_defaults(run=cmd_schemas)
    bank = sub.add_parser(
        "export-bank",
        help="write the question banks and case-study questions for import into Moodle (GIFT) or another LMS "
        "(QTI 2.1 content package)",
    )
    bank.add_argument(
        "--format",
        required=True,
        choices=["gift", "qti"],
        help="gift: one UTF-8 text file for Moodle; qti: a zip of QTI 2.1 items",
    )
    bank.add_argument(
        "--out", required=True, metavar="PATH", help="the file to write (for example banks.gift.txt or banks-qti.zip)"
    )
    bank.add_argument(
        "--module",
        metavar="ID",
        help="export only this module's bank and the case studies that map to it (default: everything)",
    )
    bank.add_argument(
        "--root", default=".", help="project folder holding modules/ and quizzes/ (default: current folder)"
    )
    bank.set_defaults(run=cmd_export_bank)
    scorm = sub.add_parser(
        "scorm",
        help=(
            "build the site and pack it as SCORM 1.2 packages for an LMS: one package per module (a single SCO, "
            "reporting completion and score), or with --course the whole course as one package"
        ),
    )
    scorm.add_argument(
        "--out",
        required=True,
        metavar="DIR",
        help="the folder to write one package per module into, for example scorm (with --course: the zip to write)",
    )
    scorm.add_argument(
        "--course",
        action="store_true",
        help=(
            "write the whole course as one package with one SCO per module (for an LMS that shows a package's "
            "menu; many launch only its first item)"
        ),
    )
    scorm.add_argument("--root", default=".", help="project folder holding mkdocs.yml (default: current folder)")
    scorm.set_defaults(run=cmd_scorm)
    _add_gradebook_commands(sub)
    return parser


GRADEBOOK_COMMANDS = {"release", "collect", "autograde", "export", "certificates", "report"}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command not in GRADEBOOK_COMMANDS:
        return args.run(args)
    from grader.content.yamlfile import ContentError

    try:
        return args.run(args)
    except ContentError as exc:  # grading needs content that `grader check` accepts
        return report_content_problems(exc, "before grading")


if __name__ == "__main__":
    sys.exit(main())
