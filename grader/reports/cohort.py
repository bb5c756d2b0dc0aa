"""`grader report`: the cohort report, a static HTML page (index.html and report.css) that works offline.

Three parts, one job each: `cohort_statistics` works out the figures (completion,
scores, time, confidence and item analysis: facility and discrimination);
`cohort_plots` draws them with matplotlib, inlined as SVG (text kept as text),
each plot with a <title> and <desc> naming what it shows; and this module lays
them out on the page from templates/cohort.html.j2. Every plot has a table of the
same numbers beside it, for screen readers and for copying. Nothing is loaded from
another host: no fonts, scripts or images. The template escapes every piece of
text (autoescape is on), whether from a learner (names, e-mail addresses,
registration numbers) or from the content.
"""

from __future__ import annotations

import datetime as dt
import statistics
from pathlib import Path
from typing import Any

from grader.formats.html_templates import one_line_environment
from grader.reports.cohort_plots import Plots, completion_plot, confidence_plot, distribution_plot
from grader.reports.cohort_statistics import (
    HARD,
    LOW_DISCRIMINATION,
    MIN_LEARNERS,
    CaseSummary,
    ItemStats,
    ModuleSummary,
    analysis_groups,
    case_summaries,
    duration,
    item_analysis,
    mean,
    module_summaries,
    num,
    pct,
)
from grader.reports.data import Cohort, day

__all__ = ["COURSE_TITLE", "analysis_groups", "item_analysis", "module_summaries", "render", "write_report"]

COURSE_TITLE = "Persistent MSK pain and mental health"
TEMPLATES = Path(__file__).parent / "templates"
DASH = "\u2014"


class Flags(tuple[str, ...]):
    """A question's flags: the template shows each one marked as a flag."""


ENVIRONMENT = one_line_environment(TEMPLATES)
ENVIRONMENT.tests["flags"] = lambda value: isinstance(value, Flags)


def _stats_row(label: str, values: list[float]) -> list[Any]:
    if not values:
        return [label, 0, DASH, DASH, DASH, DASH]
    return [
        label,
        len(values),
        f"{statistics.fmean(values):.1f}",
        f"{statistics.median(values):.1f}",
        f"{min(values):.1f}",
        f"{max(values):.1f}",
    ]


def _rows(
    cohort: Cohort, modules: list[ModuleSummary], cases: list[CaseSummary], items: list[ItemStats]
) -> dict[str, list[list[Any]]]:
    """Every table's rows, as the text each cell shows."""
    times = [m.days_to_complete for m in modules]
    return {
        "module_completion": [
            [m.label, m.learners, m.started, m.all_answered, m.completed, pct(m.completed, m.learners), m.minutes]
            for m in modules
        ],
        "case_results": [
            [c.label, c.submitted, c.passed, c.awaiting_review, pct(c.passed, c.submitted)] for c in cases
        ],
        "scores": [_stats_row(m.label, m.scores) for m in modules]
        + [_stats_row(f"Case: {c.label}", c.scores) for c in cases],
        "time": [
            [
                m.label,
                len(t),
                duration(statistics.median(t) if t else None),
                duration(min(t) if t else None),
                duration(max(t) if t else None),
            ]
            for m, t in zip(modules, times, strict=True)
        ],
        "confidence": [
            [
                m.label,
                len(m.before),
                num(mean(m.before)),
                len(m.after),
                num(mean(m.after)),
                len(m.changes),
                DASH if not m.changes else f"{statistics.fmean(m.changes):+.2f}",
                num(mean(m.scores), 1),
            ]
            for m in modules
        ],
        "questions": [
            [
                s.item_id,
                s.group,
                s.stem if len(s.stem) <= 160 else s.stem[:159] + "\u2026",
                s.type.replace("_", " ") + (" (provisional)" if s.provisional else ""),
                s.n,
                num(s.facility),
                num(s.discrimination),
                Flags(s.flags) if s.flags else DASH,
            ]
            for s in items
        ],
        "learners": [
            [
                learner.name,
                learner.email,
                learner.profession.replace("-", " "),
                learner.registration,
                "; ".join(m.title for m in learner.completed_modules) or DASH,
                "; ".join(c.title for c in learner.passed_cases) or DASH,
                learner.cpd_minutes,
            ]
            for learner in cohort.learners
        ],
    }


def render(cohort: Cohort, generated: dt.datetime | None = None) -> str:
    generated = generated or dt.datetime.now(dt.UTC)
    modules = module_summaries(cohort)
    cases = case_summaries(cohort)
    items = item_analysis(analysis_groups(cohort))
    plots = Plots()  # drawn in page order: each plot's ids are numbered in turn
    drawn = {
        "module_completion": completion_plot(
            plots,
            [m.label for m in modules],
            [m.completed for m in modules],
            [m.learners for m in modules],
            "Module completion",
            "completed the module",
        ),
        "case_passes": completion_plot(
            plots,
            [c.label for c in cases],
            [c.passed for c in cases],
            [c.submitted for c in cases],
            "Case-study passes",
            "passed (confirmed)",
        ),
        "scores": distribution_plot(
            plots,
            [m.label for m in modules] + [f"Case: {c.label}" for c in cases],
            [m.scores for m in modules] + [c.scores for c in cases],
            "Score distributions",
            "Score (%)",
        ),
        "time": distribution_plot(
            plots,
            [m.label for m in modules],
            [m.days_to_complete for m in modules],
            "Time to completion",
            "Days",
            xmax=None,
        ),
        "confidence": confidence_plot(plots, modules),
    }
    return ENVIRONMENT.get_template("cohort.html.j2").render(
        title=f"Cohort report: {COURSE_TITLE}",
        made=day(generated),
        learners_with_records=sum(1 for learner in cohort.learners if learner.record is not None),
        submissions=len(cohort.submissions),
        pass_mark=f"{100 * cohort.pass_mark:g}%",
        plots=drawn,
        rows=_rows(cohort, modules, cases, items),
        flagged=sum(1 for s in items if s.flags),
        answered=len(items),
        min_learners=MIN_LEARNERS,
        hard=HARD,
        low_discrimination=LOW_DISCRIMINATION,
        problems=cohort.problems,
    )


def write_report(cohort: Cohort, out: Path, generated: dt.datetime | None = None) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.css").write_bytes((TEMPLATES / "report.css").read_bytes())
    index = out / "index.html"
    index.write_text(render(cohort, generated), encoding="utf-8")
    return index
