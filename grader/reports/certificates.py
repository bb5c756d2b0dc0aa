"""`grader certificates`: one PDF certificate per learner who completed at least one module or case.

Made with fpdf2 (pure Python). The text is set in DejaVu Sans, the TrueType
font that matplotlib (already a dependency, for the cohort report) ships in
its package data: nothing is downloaded, and names and text outside Latin-1
(é, ’, £, ł, ğ, Greek, Cyrillic) render as written. fpdf2's built-in core
fonts would take Latin-1 only.

What counts: a module the learner completed by the recomputed score in their
collected record (`records.module_status`), and a case study passed in the
gradebook on confirmed scores (a provisional free-text score awaiting review
does not count until a person has confirmed it in formgrader).

The certificate id is derived from the learner and what the certificate
lists, so running the command again gives the same id for the same
achievements, and a changed certificate gets a new id; `certificates.csv`
beside the PDFs lists every id for checking a certificate later.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from fpdf import FPDF

from grader.gradebook.export import write_csv
from grader.reports.data import Cohort, CohortLearner, day, minutes_text

COURSE_TITLE = "Persistent MSK pain and mental health"
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "DejaVuSans"
INDEX_COLUMNS = (
    "certificate_id",
    "learner_id",
    "name",
    "email",
    "registration",
    "modules",
    "cases",
    "cpd_minutes",
    "file",
)


@dataclass(frozen=True)
class Line:
    kind: str  # Module | Case study
    title: str
    completed: dt.datetime
    percent: float
    minutes: int


def lines(learner: CohortLearner) -> list[Line]:
    found = [
        Line("Module", m.title, m.completed_at, 100 * m.score, m.cpd_minutes)
        for m in learner.completed_modules
        if m.completed_at
    ]
    found += [Line("Case study", c.title, c.submitted_at, c.percent, c.cpd_minutes) for c in learner.passed_cases]
    return found


def certificate_id(learner: CohortLearner, achieved: list[Line]) -> str:
    """MSKCPD-XXXX-XXXX-XXXX: a digest of the learner and what the certificate lists."""
    text = "\n".join(
        [learner.student_id, learner.name, learner.registration]
        + [f"{a.kind}|{a.title}|{a.completed.isoformat()}|{a.percent:.1f}|{a.minutes}" for a in achieved]
    )
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12].upper()
    return "MSKCPD-" + "-".join(digest[i : i + 4] for i in range(0, 12, 4))


class Certificate(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.add_font(FONT, "", FONT_DIR / "DejaVuSans.ttf")
        self.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
        self.set_lang("en-GB")
        self.set_creator("grader certificates (msk-pain-mental-health-cpd)")
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(True, margin=20)


def render(learner: CohortLearner, achieved: list[Line], cert_id: str, issued: dt.date, issuer: str = "") -> bytes:
    pdf = Certificate()
    pdf.set_title(f"CPD certificate: {learner.name}")
    pdf.set_author(issuer or COURSE_TITLE)
    pdf.set_subject(f"{COURSE_TITLE}: certificate {cert_id}")
    pdf.set_creation_date(dt.datetime(issued.year, issued.month, issued.day, tzinfo=dt.UTC))
    pdf.add_page()
    pdf.set_draw_color(0, 94, 184)  # NHS blue
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def para(text: str, size: float, bold: bool = False, align: str = "C", gap: float = 2) -> None:
        pdf.set_font(FONT, "B" if bold else "", size)
        pdf.multi_cell(width, size * 0.5, text, align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    pdf.set_y(28)
    para("Certificate of continuing professional development", 20, bold=True, gap=4)
    para(COURSE_TITLE, 15, gap=10)
    para("This is to certify that", 12)
    para(learner.name, 22, bold=True, gap=2)
    if learner.registration:
        para(f"Registration: {learner.registration}", 12, gap=2)
    para("completed the following, with scores computed by the course’s grader from their own answers:", 11, gap=6)

    pdf.set_font(FONT, "", 10)
    with pdf.table(
        col_widths=(22, 64, 40, 18, 26), text_align=("LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT"), line_height=6
    ) as table:
        header = table.row()
        for heading in ("", "Title", "Completed", "Score", "CPD minutes"):
            header.cell(heading)
        for item in achieved:
            row = table.row()
            row.cell(item.kind)
            row.cell(item.title)
            row.cell(day(item.completed))
            row.cell(f"{item.percent:.0f}%")
            row.cell(str(item.minutes))
    pdf.ln(6)
    para(f"Total CPD time: {minutes_text(sum(a.minutes for a in achieved))}", 13, bold=True, gap=8)
    para(f"Certificate id: {cert_id}", 10, gap=1)
    para(f"Issued {day(issued)}" + (f" by {issuer}" if issuer else ""), 10, gap=1)
    para(
        "A module counts when every question has an answer and the mean score reaches the pass mark; "
        "a case study counts when its graded score, confirmed by a reviewer where needed, reaches the pass mark.",
        8,
    )
    return bytes(pdf.output())


@dataclass(frozen=True)
class Written:
    path: Path
    learner: CohortLearner
    certificate_id: str


def write_certificates(cohort: Cohort, out: Path, issued: dt.date | None = None, issuer: str = "") -> list[Written]:
    """A PDF per learner with at least one completed module or confirmed case pass, and
    certificates.csv listing them."""
    issued = issued or dt.date.today()
    out.mkdir(parents=True, exist_ok=True)
    written: list[Written] = []
    rows: list[dict[str, str]] = []
    for learner in cohort.learners:
        achieved = lines(learner)
        if not achieved:
            continue
        cert_id = certificate_id(learner, achieved)
        path = out / f"{learner.student_id}.pdf"  # student ids are slugs: a safe file name
        path.write_bytes(render(learner, achieved, cert_id, issued, issuer))
        written.append(Written(path, learner, cert_id))
        rows.append(
            {
                "certificate_id": cert_id,
                "learner_id": learner.student_id,
                "name": learner.name,
                "email": learner.email,
                "registration": learner.registration,
                "modules": "; ".join(a.title for a in achieved if a.kind == "Module"),
                "cases": "; ".join(a.title for a in achieved if a.kind != "Module"),
                "cpd_minutes": str(sum(a.minutes for a in achieved)),
                "file": path.name,
            }
        )
    write_csv(rows, out / "certificates.csv", INDEX_COLUMNS)
    return written
