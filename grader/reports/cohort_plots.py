"""The cohort report's plots: matplotlib figures inlined as SVG (text kept as text), each with a <title> and <desc>."""

from __future__ import annotations

import html
import io
import re
import statistics
from typing import Any

import matplotlib
from markupsafe import Markup
from matplotlib.figure import Figure

from grader.reports.cohort_statistics import ModuleSummary, mean, num

# colours with at least 3:1 contrast against white (WCAG 1.4.11), told apart by labels too, never by colour alone
BLUE, DARK, GREY, ORANGE = "#005eb8", "#212b32", "#768692", "#b34700"
TRACK = "#e8edee"  # the full-width bar behind a completion rate

_ID = re.compile(r'\bid="([^"]+)"')


class Plots:
    """Figures as inline SVG, each with a unique id prefix, a <title> and a <desc>."""

    def __init__(self) -> None:
        self.count = 0

    def svg(self, figure: Figure, title: str, desc: str) -> Markup:
        buffer = io.StringIO()
        with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "mskcpd-report"}):
            figure.savefig(buffer, format="svg", metadata={"Date": None})
        text = buffer.getvalue()
        text = text[text.index("<svg") :]
        text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)
        self.count += 1
        prefix = f"plot{self.count}"
        text = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', text)
        text = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", text)
        text = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"', text)
        opening = text.index(">") + 1
        head = text[:opening].replace(
            "<svg ", f'<svg role="img" aria-labelledby="{prefix}-title {prefix}-desc" focusable="false" ', 1
        )
        return Markup(
            f'{head}<title id="{prefix}-title">{html.escape(title)}</title>'
            f'<desc id="{prefix}-desc">{html.escape(desc)}</desc>{text[opening:]}'
        )


def _figure(rows: int) -> tuple[Figure, Any]:
    figure = Figure(figsize=(8, 1.2 + 0.55 * max(rows, 1)), layout="constrained")
    axes = figure.add_subplot()
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(colors=DARK, labelcolor=DARK)
    return figure, axes


def _short(label: str, limit: int = 42) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "\u2026"


def completion_plot(
    plots: Plots, labels: list[str], done: list[int], totals: list[int], title: str, what: str
) -> Markup:
    figure, axes = _figure(len(labels))
    rates = [100 * d / t if t else 0 for d, t in zip(done, totals, strict=True)]
    positions = list(range(len(labels)))[::-1]
    # the track shows the whole (100%); with no learners there is no whole, so the bar is drawn empty (outline only)
    axes.barh(
        positions, [100] * len(labels), color=[TRACK if t else "none" for t in totals], edgecolor=GREY, linewidth=0.5
    )
    axes.barh(positions, rates, color=BLUE)
    for y, rate, d, t in zip(positions, rates, done, totals, strict=True):
        axes.text(min(rate, 100) + 1, y, f"{d} of {t} ({rate:.0f}%)", va="center", color=DARK, fontsize=9)
    axes.set_yticks(positions, [_short(label) for label in labels])
    axes.set_xlim(0, 125)
    axes.set_xticks([0, 25, 50, 75, 100])
    axes.set_xlabel(f"% of learners who {what}", color=DARK)
    figures = zip(labels, done, totals, rates, strict=True)
    desc = "; ".join(f"{label}: {d} of {t} ({r:.0f}%)" for label, d, t, r in figures) or "No data yet."
    return plots.svg(figure, title, desc)


def distribution_plot(
    plots: Plots, labels: list[str], values: list[list[float]], title: str, xlabel: str, xmax: float | None = 100
) -> Markup:
    figure, axes = _figure(len(labels))
    positions = list(range(len(labels)))[::-1]
    present = [(p, v) for p, v in zip(positions, values, strict=True) if v]
    if present:
        axes.boxplot(
            [v for _, v in present],
            positions=[p for p, _ in present],
            orientation="horizontal",
            widths=0.5,
            medianprops={"color": ORANGE, "linewidth": 2},
            boxprops={"color": DARK},
            whiskerprops={"color": DARK},
            capprops={"color": DARK},
            flierprops={"markeredgecolor": DARK},
        )
        for p, v in present:
            axes.plot(v, [p] * len(v), "o", color=BLUE, alpha=0.6, markersize=5)
    axes.set_yticks(positions, [_short(label) for label in labels])
    axes.set_ylim(-0.7, len(labels) - 0.3)
    if xmax is not None:
        axes.set_xlim(0, xmax)
    else:
        axes.set_xlim(left=0)
    axes.set_xlabel(xlabel, color=DARK)
    parts = []
    for label, v in zip(labels, values, strict=True):
        parts.append(
            f"{label}: {len(v)} learner(s), median {statistics.median(v):.1f}, range {min(v):.1f} to {max(v):.1f}"
            if v
            else f"{label}: no data"
        )
    return plots.svg(
        figure,
        title,
        "; ".join(parts) + ". Each dot is one learner; the box spans the middle half, the orange line is the median.",
    )


def confidence_plot(plots: Plots, summaries: list[ModuleSummary]) -> Markup:
    figure, axes = _figure(len(summaries))
    positions = list(range(len(summaries)))[::-1]
    parts = []
    for y, s in zip(positions, summaries, strict=True):
        before, after = mean(s.before), mean(s.after)
        if before is not None and after is not None:
            axes.annotate("", xy=(after, y), xytext=(before, y), arrowprops={"arrowstyle": "->", "color": DARK})
        if before is not None:
            axes.plot(
                [before], [y], "o", color=GREY, markersize=9, label="Before (mean)" if y == positions[0] else None
            )
        if after is not None:
            axes.plot([after], [y], "s", color=BLUE, markersize=9, label="After (mean)" if y == positions[0] else None)
        parts.append(
            f"{s.label}: mean before {num(before, 1)} ({len(s.before)} answers), "
            f"mean after {num(after, 1)} ({len(s.after)} answers)"
        )
    axes.set_yticks(positions, [_short(s.label) for s in summaries])
    axes.set_xlim(0.8, 5.2)
    axes.set_xticks([1, 2, 3, 4, 5])
    axes.set_ylim(-0.7, len(summaries) - 0.3)
    axes.set_xlabel("Confidence (1 = not at all confident, 5 = very confident)", color=DARK)
    if any(s.before or s.after for s in summaries):
        axes.legend(loc="lower right", frameon=False, labelcolor=DARK)
    return plots.svg(figure, "Confidence before and after each module", "; ".join(parts) + ".")
