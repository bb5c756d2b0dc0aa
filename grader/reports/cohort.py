"""`grader report`: the cohort report, a static HTML page (index.html and report.css) that works offline.

Plots are drawn with matplotlib and inlined as SVG (text kept as text), each
with a <title> and <desc> naming what it shows; every plot has a table of the
same numbers beside it, for screen readers and for copying. Nothing is loaded
from another host: no fonts, scripts or images. Every piece of text from a
learner (names, e-mail addresses, registration numbers) and from the content
is HTML-escaped.

Item analysis, for every question answered in the collected records
(module questions) and submissions (case-study questions):

- facility: the mean score on the question (0 to 1), every score recomputed
  from the learner's answer with `grader.scoring.evaluate`;
- discrimination: the corrected item-total correlation, Pearson's r between
  the learner's score on the question and their mean score on the other
  questions they answered in the same module or case. For questions scored
  right or wrong this is the point-biserial correlation; leaving the question
  out of the total keeps it from correlating with itself. It is shown when at
  least MIN_LEARNERS learners answered the question and another one, and the
  scores vary; otherwise a dash.

A question is flagged when most learners get it wrong (facility below 0.3),
and when strong learners miss it (discrimination below 0.2, or negative).
Case-study answers come from the submissions; a learner's record adds their
answers to a case's questions only when no submission of that case from them
was collected. Free-text scores are the provisional keyword scores.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import math
import re
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

import matplotlib
from matplotlib.figure import Figure

from grader.reports.data import Cohort, day
from grader.scoring import evaluate

MIN_LEARNERS = 5
HARD = 0.3  # facility below this: most learners get it wrong
LOW_DISCRIMINATION = 0.2  # discrimination below this: strong learners miss it
COURSE_TITLE = "Persistent MSK pain and mental health"

# colours with at least 3:1 contrast against white (WCAG 1.4.11), told apart by labels too, never by colour alone
BLUE, DARK, GREY, ORANGE = "#005eb8", "#212b32", "#768692", "#b34700"

CSS = """\
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; color: #212b32; background: #ffffff;
       line-height: 1.5; margin: 0; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.8rem; margin-top: 0.5rem; }
h2 { font-size: 1.4rem; margin-top: 2.5rem; border-bottom: 2px solid #005eb8; }
h3 { font-size: 1.15rem; margin-top: 1.5rem; }
a { color: #004b93; }
a:focus { outline: 3px solid #ffb81c; outline-offset: 2px; }
table { border-collapse: collapse; margin: 0.75rem 0 1.25rem; width: 100%; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { border: 1px solid #aeb7bd; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: #e8edee; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.flag { font-weight: 600; color: #8a2b00; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 0.95rem; }
.note { font-size: 0.95rem; }
@media print { h2 { break-before: auto; } figure, table { break-inside: avoid; } }
"""


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


# --- numbers ----------------------------------------------------------------------


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    if len(xs) < 2:
        return None
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return sxy / math.sqrt(sxx * syy)


@dataclass(frozen=True)
class ItemStats:
    item_id: str
    group: str  # "Module: title" or "Case: title"
    stem: str
    type: str
    n: int
    facility: float
    discrimination: float | None
    provisional: bool

    @property
    def flags(self) -> list[str]:
        found = []
        if self.facility < HARD:
            found.append("Most learners get it wrong (facility below 0.3)")
        if self.discrimination is not None and self.discrimination < 0:
            found.append("Strong learners miss it (negative discrimination)")
        elif self.discrimination is not None and self.discrimination < LOW_DISCRIMINATION:
            found.append("Does not tell strong from weak learners (discrimination below 0.2)")
        return found


def item_analysis(groups: dict[str, tuple[list[Any], dict[str, dict[str, float]]]]) -> list[ItemStats]:
    """groups: label -> (the group's items, {learner: {item id: score}}) -> stats for every answered item."""
    found: list[ItemStats] = []
    for label, (items, answers) in groups.items():
        for item in items:
            scores = [(learner, by_item[item.id]) for learner, by_item in answers.items() if item.id in by_item]
            if not scores:
                continue
            pairs = [
                (score, statistics.fmean(v for k, v in answers[learner].items() if k != item.id))
                for learner, score in scores if len(answers[learner]) > 1
            ]
            r = pearson([p[0] for p in pairs], [p[1] for p in pairs]) if len(pairs) >= MIN_LEARNERS else None
            found.append(ItemStats(
                item_id=item.id, group=label, stem=item.stem, type=item.type, n=len(scores),
                facility=statistics.fmean(s for _, s in scores), discrimination=r, provisional=item.type == "free_text",
            ))
    return found


def analysis_groups(cohort: Cohort) -> dict[str, tuple[list[Any], dict[str, dict[str, float]]]]:
    groups: dict[str, tuple[list[Any], dict[str, dict[str, float]]]] = {}
    for content in cohort.course.modules:
        answers = {}
        for learner in cohort.learners:
            status = next((m for m in learner.modules if m.module == content.module.id), None)
            if status is not None and status.item_scores:
                answers[learner.student_id] = dict(status.item_scores)
        groups[f"Module {content.module.number}: {content.module.title}"] = (list(content.bank.items), answers)
    for content in cohort.course.cases:
        case = content.case
        items = {item.id: item for item in case.items()}
        answers: dict[str, dict[str, float]] = {}
        for submission in cohort.submissions:
            if submission.case_id != case.id:
                continue
            scores = {}
            for item_id in submission.question_set:
                evaluation = evaluate(items[item_id], submission.answers.get(item_id))
                if evaluation.status != "unanswered":
                    scores[item_id] = evaluation.score
            if scores:
                answers[submission.student_id] = scores
        for learner in cohort.learners:
            if learner.record is None or learner.student_id in answers:
                continue
            scores = {}
            for item_id, entry in learner.record.record.items.items():
                if item_id in items:
                    evaluation = evaluate(items[item_id], entry.response)
                    if evaluation.status != "unanswered":
                        scores[item_id] = evaluation.score
            if scores:
                answers[learner.student_id] = scores
        groups[f"Case study: {case.title}"] = (list(items.values()), answers)
    return groups


@dataclass(frozen=True)
class ModuleSummary:
    module_id: str
    label: str
    learners: int  # learners with a record
    started: int
    all_answered: int
    completed: int
    scores: list[float]  # percent, of learners who answered every question
    days_to_complete: list[float]
    before: list[int]
    after: list[int]
    changes: list[int]  # after - before, learners with both
    minutes: int


def module_summaries(cohort: Cohort) -> list[ModuleSummary]:
    found = []
    with_records = [l for l in cohort.learners if l.record is not None]
    for content in cohort.course.modules:
        statuses = [next(m for m in l.modules if m.module == content.module.id) for l in with_records]
        found.append(ModuleSummary(
            module_id=content.module.id,
            label=f"Module {content.module.number}: {content.module.title}",
            learners=len(statuses),
            started=sum(1 for s in statuses if s.answered),
            all_answered=sum(1 for s in statuses if s.total and s.answered == s.total),
            completed=sum(1 for s in statuses if s.completed),
            scores=[100 * s.score for s in statuses if s.total and s.answered == s.total],
            days_to_complete=[(s.completed_at - s.started_at).total_seconds() / 86400 for s in statuses if s.completed and s.completed_at and s.started_at],
            before=[s.confidence_before for s in statuses if s.confidence_before is not None],
            after=[s.confidence_after for s in statuses if s.confidence_after is not None],
            changes=[s.confidence_after - s.confidence_before for s in statuses if s.confidence_before is not None and s.confidence_after is not None],
            minutes=sum(s.cpd_minutes for s in statuses),
        ))
    return found


@dataclass(frozen=True)
class CaseSummary:
    case_id: str
    label: str
    submitted: int
    passed: int  # on confirmed scores
    awaiting_review: int  # passed on a provisional score
    scores: list[float]


def case_summaries(cohort: Cohort) -> list[CaseSummary]:
    found = []
    for content in cohort.course.cases:
        results = [c for l in cohort.learners for c in l.cases if c.case_id == content.case.id]
        found.append(CaseSummary(
            case_id=content.case.id, label=content.case.title, submitted=len(results),
            passed=sum(1 for c in results if c.confirmed_pass),
            awaiting_review=sum(1 for c in results if c.passed and c.needs_review),
            scores=[c.percent for c in results],
        ))
    return found


# --- formatting -----------------------------------------------------------------


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "\u2014"


def num(value: float | None, places: int = 2) -> str:
    return "\u2014" if value is None else f"{value:.{places}f}"


def mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return statistics.fmean(values) if values else None


def duration(days: float | None) -> str:
    if days is None:
        return "\u2014"
    hours = days * 24
    if hours < 1:
        return f"{round(hours * 60)} min"
    if hours < 48:
        return f"{hours:.1f} hours"
    return f"{days:.1f} days"


def table(caption: str, headings: Sequence[str], rows: Iterable[Sequence[Any]], numeric: set[int] = frozenset(), row_headers: bool = True) -> str:
    head = "".join(f'<th scope="col"{" class=num" if i in numeric else ""}>{esc(h)}</th>' for i, h in enumerate(headings))
    body = []
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            cls = ' class="num"' if i in numeric else ""
            text = value if isinstance(value, Markup) else esc(value)
            cells.append(f'<th scope="row"{cls}>{text}</th>' if i == 0 and row_headers else f"<td{cls}>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    if not body:
        body.append(f'<tr><td colspan="{len(headings)}">None yet.</td></tr>')
    return f'<table><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


class Markup(str):
    """HTML made here, from escaped parts: not escaped again."""


# --- plots ----------------------------------------------------------------------

_ID = re.compile(r'\bid="([^"]+)"')


class Plots:
    """Figures as inline SVG, each with a unique id prefix, a <title> and a <desc>."""

    def __init__(self) -> None:
        self.count = 0

    def svg(self, figure: Figure, title: str, desc: str) -> str:
        buffer = io.StringIO()
        with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "mskcpd-report"}):
            figure.savefig(buffer, format="svg", metadata={"Date": None})
        text = buffer.getvalue()
        text = text[text.index("<svg"):]
        text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)
        self.count += 1
        prefix = f"plot{self.count}"
        text = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', text)
        text = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", text)
        text = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"', text)
        opening = text.index(">") + 1
        head = text[:opening].replace("<svg ", f'<svg role="img" aria-labelledby="{prefix}-title {prefix}-desc" focusable="false" ', 1)
        return (f'{head}<title id="{prefix}-title">{esc(title)}</title><desc id="{prefix}-desc">{esc(desc)}</desc>'
                f"{text[opening:]}")


def _figure(rows: int) -> tuple[Figure, Any]:
    figure = Figure(figsize=(8, 1.2 + 0.55 * max(rows, 1)), layout="constrained")
    axes = figure.add_subplot()
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(colors=DARK, labelcolor=DARK)
    return figure, axes


def _short(label: str, limit: int = 42) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "\u2026"


def completion_plot(plots: Plots, labels: list[str], done: list[int], totals: list[int], title: str, what: str) -> str:
    figure, axes = _figure(len(labels))
    rates = [100 * d / t if t else 0 for d, t in zip(done, totals)]
    positions = list(range(len(labels)))[::-1]
    axes.barh(positions, [100] * len(labels), color="#e8edee", edgecolor=GREY, linewidth=0.5)
    axes.barh(positions, rates, color=BLUE)
    for y, rate, d, t in zip(positions, rates, done, totals):
        axes.text(min(rate, 100) + 1, y, f"{d} of {t} ({rate:.0f}%)", va="center", color=DARK, fontsize=9)
    axes.set_yticks(positions, [_short(l) for l in labels])
    axes.set_xlim(0, 125)
    axes.set_xticks([0, 25, 50, 75, 100])
    axes.set_xlabel(f"% of learners who {what}", color=DARK)
    desc = "; ".join(f"{l}: {d} of {t} ({r:.0f}%)" for l, d, t, r in zip(labels, done, totals, rates)) or "No data yet."
    return plots.svg(figure, title, desc)


def distribution_plot(plots: Plots, labels: list[str], values: list[list[float]], title: str, xlabel: str, xmax: float | None = 100) -> str:
    figure, axes = _figure(len(labels))
    positions = list(range(len(labels)))[::-1]
    present = [(p, v) for p, v in zip(positions, values) if v]
    if present:
        axes.boxplot([v for _, v in present], positions=[p for p, _ in present], orientation="horizontal", widths=0.5,
                     medianprops={"color": ORANGE, "linewidth": 2}, boxprops={"color": DARK}, whiskerprops={"color": DARK},
                     capprops={"color": DARK}, flierprops={"markeredgecolor": DARK})
        for p, v in present:
            axes.plot(v, [p] * len(v), "o", color=BLUE, alpha=0.6, markersize=5)
    axes.set_yticks(positions, [_short(l) for l in labels])
    axes.set_ylim(-0.7, len(labels) - 0.3)
    if xmax is not None:
        axes.set_xlim(0, xmax)
    else:
        axes.set_xlim(left=0)
    axes.set_xlabel(xlabel, color=DARK)
    parts = []
    for label, v in zip(labels, values):
        parts.append(f"{label}: {len(v)} learner(s), median {statistics.median(v):.1f}, range {min(v):.1f} to {max(v):.1f}" if v else f"{label}: no data")
    return plots.svg(figure, title, "; ".join(parts) + ". Each dot is one learner; the box spans the middle half, the orange line is the median.")


def confidence_plot(plots: Plots, summaries: list[ModuleSummary]) -> str:
    figure, axes = _figure(len(summaries))
    positions = list(range(len(summaries)))[::-1]
    parts = []
    for y, s in zip(positions, summaries):
        before, after = mean(s.before), mean(s.after)
        if before is not None and after is not None:
            axes.annotate("", xy=(after, y), xytext=(before, y), arrowprops={"arrowstyle": "->", "color": DARK})
        if before is not None:
            axes.plot([before], [y], "o", color=GREY, markersize=9, label="Before (mean)" if y == positions[0] else None)
        if after is not None:
            axes.plot([after], [y], "s", color=BLUE, markersize=9, label="After (mean)" if y == positions[0] else None)
        parts.append(f"{s.label}: mean before {num(before, 1)} ({len(s.before)} answers), mean after {num(after, 1)} ({len(s.after)} answers)")
    axes.set_yticks(positions, [_short(s.label) for s in summaries])
    axes.set_xlim(0.8, 5.2)
    axes.set_xticks([1, 2, 3, 4, 5])
    axes.set_ylim(-0.7, len(summaries) - 0.3)
    axes.set_xlabel("Confidence (1 = not at all confident, 5 = very confident)", color=DARK)
    if any(s.before or s.after for s in summaries):
        axes.legend(loc="lower right", frameon=False, labelcolor=DARK)
    return plots.svg(figure, "Confidence before and after each module", "; ".join(parts) + ".")


# --- the page -------------------------------------------------------------------


def _section(anchor: str, heading: str, *parts: str) -> str:
    return f'<section aria-labelledby="{anchor}"><h2 id="{anchor}">{esc(heading)}</h2>{"".join(parts)}</section>'


def _figure_html(svg: str, caption: str) -> str:
    return f"<figure>{svg}<figcaption>{esc(caption)}</figcaption></figure>"


def render(cohort: Cohort, generated: dt.datetime | None = None) -> str:
    generated = generated or dt.datetime.now(dt.timezone.utc)
    plots = Plots()
    modules = module_summaries(cohort)
    cases = case_summaries(cohort)
    with_records = sum(1 for l in cohort.learners if l.record is not None)
    pass_mark = f"{100 * cohort.pass_mark:g}%"

    summary = (
        f'<p>Made {esc(day(generated))} from {with_records} learner record(s) collected with <code>grader collect</code> '
        f"and {len(cohort.submissions)} case-study submission(s). Pass mark: {esc(pass_mark)}. "
        "Every score here is recomputed from the learners’ own answers; a score written in a file is never used.</p>"
    )

    completion = _section(
        "completion", "Completion",
        "<h3>By module</h3>",
        _figure_html(completion_plot(plots, [m.label for m in modules], [m.completed for m in modules], [m.learners for m in modules],
                                     "Module completion", "completed the module"),
                     "Module completion: the share of learners with a collected record who completed each module. The table gives the numbers."),
        table("Module completion (learners with a collected record)",
              ["Module", "Learners", "Started", "Answered every question", "Completed", "Completion rate", "CPD minutes awarded"],
              [[m.label, m.learners, m.started, m.all_answered, m.completed, pct(m.completed, m.learners), m.minutes] for m in modules],
              numeric={1, 2, 3, 4, 5, 6}),
        "<h3>By case study</h3>",
        _figure_html(completion_plot(plots, [c.label for c in cases], [c.passed for c in cases], [c.submitted for c in cases],
                                     "Case-study passes", "passed (confirmed)"),
                     "Case-study passes: the share of graded submissions that passed on confirmed scores. The table gives the numbers."),
        table("Case-study results (graded submissions)",
              ["Case study", "Submissions graded", "Passed", "Passed, awaiting review", "Pass rate"],
              [[c.label, c.submitted, c.passed, c.awaiting_review, pct(c.passed, c.submitted)] for c in cases], numeric={1, 2, 3, 4}),
        '<p class="note">“Awaiting review”: the score reaches the pass mark only with a provisional free-text score, which a reviewer '
        "confirms in nbgrader’s formgrader; until then the case is not counted as passed or put on a certificate.</p>",
    )

    def stats_row(label: str, values: list[float]) -> list[Any]:
        if not values:
            return [label, 0, "\u2014", "\u2014", "\u2014", "\u2014"]
        return [label, len(values), f"{statistics.fmean(values):.1f}", f"{statistics.median(values):.1f}", f"{min(values):.1f}", f"{max(values):.1f}"]

    scores = _section(
        "scores", "Score distributions",
        _figure_html(distribution_plot(plots, [m.label for m in modules] + [f"Case: {c.label}" for c in cases],
                                       [m.scores for m in modules] + [c.scores for c in cases],
                                       "Score distributions", "Score (%)"),
                     "Scores of learners who answered every question of a module, and of graded case-study submissions."),
        table("Scores (%)", ["Module or case study", "Learners", "Mean", "Median", "Lowest", "Highest"],
              [stats_row(m.label, m.scores) for m in modules] + [stats_row(f"Case: {c.label}", c.scores) for c in cases],
              numeric={1, 2, 3, 4, 5}),
    )

    times = [m.days_to_complete for m in modules]
    timing = _section(
        "time", "Time to completion",
        '<p class="note">From the learner’s first recorded answer in the module to the answer that completed it.</p>',
        _figure_html(distribution_plot(plots, [m.label for m in modules], times, "Time to completion", "Days", xmax=None),
                     "Days from the first answer to completion, for each learner who completed a module."),
        table("Time to completion", ["Module", "Completed", "Median", "Fastest", "Slowest"],
              [[m.label, len(t), duration(statistics.median(t) if t else None), duration(min(t) if t else None), duration(max(t) if t else None)]
               for m, t in zip(modules, times)], numeric={1, 2, 3, 4}),
    )

    confidence = _section(
        "confidence", "Confidence before and after",
        '<p class="note">Each module asks how confident the learner feels doing its core task, from 1 (not at all) to 5 (very), '
        "before its questions and after completing it. The change is over learners who answered both; the mean score beside it "
        "is of learners who answered every question.</p>",
        _figure_html(confidence_plot(plots, modules), "Mean confidence before (circle) and after (square) each module."),
        table("Confidence (1 to 5) beside the scores",
              ["Module", "Answers before", "Mean before", "Answers after", "Mean after", "Learners with both", "Mean change", "Mean score (%)"],
              [[m.label, len(m.before), num(mean(m.before)), len(m.after), num(mean(m.after)), len(m.changes),
                "\u2014" if not m.changes else f"{statistics.fmean(m.changes):+.2f}", num(mean(m.scores), 1)] for m in modules],
              numeric={1, 2, 3, 4, 5, 6, 7}),
    )

    stats = item_analysis(analysis_groups(cohort))
    flagged = sum(1 for s in stats if s.flags)
    items = _section(
        "items", "Item analysis",
        "<p>Facility is the mean score on the question, from 0 (everyone wrong) to 1 (everyone right). Discrimination is the "
        "corrected item-total correlation: Pearson’s r between each learner’s score on the question and their mean score on the "
        "other questions they answered in the same module or case study (the point-biserial correlation for right-or-wrong questions). "
        f"It is shown when at least {MIN_LEARNERS} learners answered the question and another one. A question is flagged when its "
        f"facility is below {HARD} (most learners get it wrong) or its discrimination is below {LOW_DISCRIMINATION} or negative "
        "(strong learners miss it as often as, or more often than, others): look at its wording, its options and its answer key. "
        "Free-text scores are provisional keyword scores.</p>",
        f"<p>{flagged} of {len(stats)} answered question(s) flagged.</p>",
        table("Every answered question",
              ["Question", "Module or case study", "Question text", "Type", "Answers", "Facility", "Discrimination", "Flags"],
              [[s.item_id, s.group, s.stem if len(s.stem) <= 160 else s.stem[:159] + "\u2026",
                s.type.replace("_", " ") + (" (provisional)" if s.provisional else ""), s.n, num(s.facility), num(s.discrimination),
                Markup("<br>".join(f'<span class="flag">{esc(f)}</span>' for f in s.flags)) if s.flags else "\u2014"] for s in stats],
              numeric={4, 5, 6}),
    )

    people = _section(
        "learners", "Learners",
        table("Each learner’s completed modules, passed case studies and CPD minutes",
              ["Name", "Email", "Profession", "Registration", "Modules completed", "Case studies passed", "CPD minutes"],
              [[l.name, l.email, l.profession.replace("-", " "), l.registration,
                "; ".join(m.title for m in l.completed_modules) or "\u2014", "; ".join(c.title for c in l.passed_cases) or "\u2014", l.cpd_minutes]
               for l in cohort.learners], numeric={6}),
    )
    parts = [completion, scores, timing, confidence, items, people]
    if cohort.problems:
        parts.append(_section("skipped", "Files skipped",
                              "<ul>" + "".join(f"<li>{esc(p)}</li>" for p in cohort.problems) + "</ul>"))
    contents = [("completion", "Completion"), ("scores", "Score distributions"), ("time", "Time to completion"),
                ("confidence", "Confidence before and after"), ("items", "Item analysis"), ("learners", "Learners")]
    if cohort.problems:
        contents.append(("skipped", "Files skipped"))
    nav = '<nav aria-label="Contents"><ul>' + "".join(f'<li><a href="#{a}">{esc(t)}</a></li>' for a, t in contents) + "</ul></nav>"
    title = f"Cohort report: {COURSE_TITLE}"
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title>"
        '<link rel="stylesheet" href="report.css"></head>'
        f"<body><main><h1>{esc(title)}</h1>{summary}{nav}{''.join(parts)}</main></body></html>\n"
    )


def write_report(cohort: Cohort, out: Path, generated: dt.datetime | None = None) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.css").write_text(CSS, encoding="utf-8")
    index = out / "index.html"
    index.write_text(render(cohort, generated), encoding="utf-8")
    return index

