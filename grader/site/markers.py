"""Markers in authored Markdown, expanded before the page is rendered:
`[[crisis-support]]` (current crisis contacts), `[[referral-directory]]` (the
area's referral directory), `[[red-flags]]` (the red-flag table), `[[hazard-log]]` (the clinical hazard log) and `[[avoid: ...]]` (language shown as an example
to avoid, said so in words)."""

from __future__ import annotations

from grader.content.checks import TIER_LABELS
from grader.content.language import (
    CRISIS_MARKER,
    DIRECTORY_MARKER,
    HAZARD_LOG_MARKER,
    RED_FLAGS_MARKER,
    RED_FLAGS_SUMMARY_MARKER,
)
from grader.content.fields import TIERS
from grader.content.models import LIKELIHOODS, RISK_MATRIX, RISK_RATINGS, HazardLog, RedFlags, Risk, Service

from .text import block_html, esc, expand_avoid, inline_html

CATEGORY_TITLES = {
    "crisis": "Crisis and urgent mental health support",
    "urgent-red-flags": "Urgent referral for red flags",
    "talking-therapies": "Talking therapies",
    "social-prescribing": "Social prescribing",
    "pain-management": "Pain management programmes and pain services",
    "msk-services": "Community MSK services",
    "liaison-psychiatry": "Liaison psychiatry",
    "patient-organisation": "Patient organisations",
    "employment": "Employment support",
    "staff-support": "Support for staff",
}


NATION_NAMES = {"england": "England", "wales": "Wales", "scotland": "Scotland", "northern-ireland": "Northern Ireland"}


def _contact(service: Service) -> str:
    parts = []
    if service.phone:
        parts.append(f'Call <a href="tel:{esc(service.phone.replace(" ", ""))}">{esc(service.phone)}</a>')
    if service.text_message:
        parts.append(esc(service.text_message))
    if service.url:
        parts.append(f'<a href="{esc(service.url)}">{esc(service.url.removeprefix("https://").rstrip("/"))}</a>')
    return "; ".join(parts)


def _crisis_row(service: Service, label: str = "") -> str:
    contact = _contact(service)
    if label:  # a nation's own line: the nation first, once
        name = service.name if service.name.startswith(label) else f"{label}: {service.name}"
        lead = f"<strong>{esc(name)}</strong>"
    else:
        where = (
            ""
            if len(service.nations) == len(NATION_NAMES)
            else f" ({', '.join(NATION_NAMES[n] for n in service.nations)})"
        )
        lead = f"<strong>{esc(service.name)}</strong>{where}"
    return f"<li>{lead}: {esc(service.description)}{' ' + contact + '.' if contact else ''}</li>"


def crisis_html(services: list[Service]) -> str:
    """The crisis box: the UK-wide lines first, then each nation's own line, labelled with
    the nation, so a learner anywhere in the UK finds theirs. One line of HTML, so Markdown
    passes it through whole."""
    crisis = [s for s in services if s.category == "crisis"]
    uk_wide = [s for s in crisis if len(s.nations) == len(NATION_NAMES)]
    local = [
        (name, s) for nation, name in NATION_NAMES.items() for s in crisis if s not in uk_wide and nation in s.nations
    ]
    staff = [s for s in services if s.category == "staff-support"]
    return (
        '<div class="admonition danger mskcpd-crisis" role="note" aria-label="Crisis support">'
        '<p class="admonition-title">If you or someone you are with needs help now</p>'
        f"<ul>{''.join(_crisis_row(s) for s in uk_wide)}</ul>"
        + (
            f"<p><strong>Urgent mental health help in each nation:</strong></p><ul>{''.join(_crisis_row(s, name) for name, s in local)}</ul>"
            if local
            else ""
        )
        + (
            f"<p><strong>Support for you as a member of staff:</strong></p><ul>{''.join(_crisis_row(s) for s in staff)}</ul>"
            if staff
            else ""
        )
        + "</div>"
    )


def directory_html(services: list[Service]) -> str:
    sections = []
    for category, title in CATEGORY_TITLES.items():
        entries = [s for s in services if s.category == category]
        if not entries:
            continue
        rows = "".join(
            f'<tr><th scope="row">{esc(s.name)}</th><td>{esc(s.description)}</td><td>{esc(s.who)}</td>'
            f"<td>{esc(s.how_to_access)}{' ' + _contact(s) + '.' if _contact(s) else ''}"
            f"{' You can refer yourself.' if s.self_referral else ''}</td>"
            f"<td>{', '.join(NATION_NAMES[n] for n in s.nations)}</td><td>{s.last_checked:%d %B %Y}</td></tr>"
            for s in entries
        )
        sections.append(
            f'<h3 id="directory-{category}">{esc(title)}</h3><div class="mskcpd-table-scroll" tabindex="0" '
            f'role="region" aria-label="{esc(title)}">'
            '<table><thead><tr><th scope="col">Service</th><th scope="col">What it offers</th><th scope="col">Who it '
            "is for</th>"
            '<th scope="col">How to access</th><th scope="col">Where</th><th scope="col">Last '
            "checked</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></div>"
        )
    return f'<div class="mskcpd-directory">{"".join(sections)}</div>'


def red_flags_html(red_flags: RedFlags) -> str:
    """The red-flag table, from referrals/red-flags.yml: the lessons' one source of tiers."""
    rows = "".join(
        f'<tr><th scope="row">{esc(f.condition)}</th>'
        f"<td><ul>{''.join(f'<li>{esc(feature)}</li>' for feature in f.features)}</ul></td>"
        f"<td><strong>{TIER_LABELS[f.tier]}</strong>: {esc(f.timescale)}</td><td>{esc(f.route)}</td></tr>"
        for f in red_flags.flags
    )
    sources = list(dict.fromkeys(source for f in red_flags.flags for source in f.sources))
    return (
        '<div class="mskcpd-red-flags"><div class="mskcpd-table-scroll" tabindex="0" role="region" aria-label="Red '
        'flags and the route for each">'
        '<table><thead><tr><th scope="col">Suspected condition</th><th scope="col">Features</th>'
        '<th scope="col">How fast</th><th scope="col">Where to</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
        '<p class="mskcpd-sources">Sources:</p><ul '
        f'class="mskcpd-sources">{"".join(f"<li>{esc(source)}</li>" for source in sources)}</ul></div>'
    )


def red_flags_summary_html(red_flags: RedFlags) -> str:
    """Each tier with its conditions and timescales, in a list: key points that cannot drift
    from the table."""
    items = []
    for tier in TIERS:
        flags = [f for f in red_flags.flags if f.tier == tier]
        if flags:
            listed = "; ".join(f"{esc(f.condition)} ({esc(f.timescale)})" for f in flags)
            items.append(f"<li><strong>{TIER_LABELS[tier]}:</strong> {listed}</li>")
    return f'<ul class="mskcpd-red-flags-summary">{"".join(items)}</ul>'


def _risk(risk: Risk) -> str:
    return (
        f"{risk.severity} severity, {risk.likelihood} likelihood: <strong>rating {risk.rating}</strong> "
        f"({esc(RISK_RATINGS[risk.rating])})"
    )


def hazard_log_html(log: HazardLog) -> str:
    """The clinical hazard log for educators and a trust's Clinical Safety Officer."""
    hazards = "".join(
        f'<section class="mskcpd-hazard" aria-labelledby="hazard-{h.id}"><h3 id="hazard-{h.id}">{h.id}: '
        f"{esc(h.title)}</h3>"
        f"<dl><dt>Cause</dt><dd>{inline_html(h.cause)}</dd><dt>Effect</dt><dd>{inline_html(h.effect)}</dd>"
        f"<dt>Risk before controls</dt><dd>{_risk(h.initial_risk)}</dd>"
        f"<dt>Controls, and the tests that hold them</dt><dd><ol>"
        + "".join(
            f"<li>{inline_html(c.control)} <em>Held by:</em> {', '.join(f'<code>{esc(t)}</code>' for t in c.tests)}</li>"
            for c in h.controls
        )
        + f"</ol></dd><dt>Residual risk</dt><dd>{_risk(h.residual_risk)}</dd>"
        + (f"<dt>Note</dt><dd>{inline_html(h.note)}</dd>" if h.note else "")
        + "</dl></section>"
        for h in log.hazards
    )
    header = "".join(f'<th scope="col">{esc(x)}</th>' for x in LIKELIHOODS)
    rows = "".join(
        f'<tr><th scope="row">{esc(sev)}</th>{"".join(f"<td>{r}</td>" for r in ratings)}</tr>'
        for sev, ratings in RISK_MATRIX.items()
    )
    return (
        f'<div class="mskcpd-hazard-log"><p><strong>System:</strong> {esc(log.system)}<br>'
        f"<strong>Clinical Safety Officer:</strong> {esc(log.safety_officer)}<br>"
        f"<strong>Last reviewed:</strong> {log.last_reviewed:%d %B %Y}</p>{hazards}"
        '<h3 id="risk-matrix">Risk matrix</h3><div class="mskcpd-table-scroll" tabindex="0" role="region" '
        'aria-label="Risk matrix">'
        '<table><thead><tr><th scope="col">Severity, by '
        f"likelihood</th>{header}</tr></thead><tbody>{rows}</tbody></table></div>"
        f"<ul>{''.join(f'<li><strong>{n}</strong>: {esc(text)}</li>' for n, text in RISK_RATINGS.items())}</ul></div>"
    )


def content_note_html(note: str) -> str:
    return (
        '<div class="admonition warning mskcpd-content-note" role="note" aria-label="Content note"><p '
        f'class="admonition-title">Content note</p>{block_html(note)}</div>'
    )


def expand_markers(
    markdown_text: str, services: list[Service], red_flags: RedFlags | None = None, hazard_log: HazardLog | None = None
) -> str:
    """Authored Markdown -> Markdown with the course's markers expanded."""
    lines = []
    for line in markdown_text.split("\n"):
        marker = line.strip()
        if marker == CRISIS_MARKER:
            lines.append("\n" + crisis_html(services) + "\n")
        elif marker == DIRECTORY_MARKER:
            lines.append("\n" + directory_html(services) + "\n")
        elif marker == RED_FLAGS_MARKER and red_flags is not None:  # (the check requires the file)
            lines.append("\n" + red_flags_html(red_flags) + "\n")
        elif marker == RED_FLAGS_SUMMARY_MARKER and red_flags is not None:
            lines.append("\n" + red_flags_summary_html(red_flags) + "\n")
        elif marker == HAZARD_LOG_MARKER and hazard_log is not None:
            lines.append("\n" + hazard_log_html(hazard_log) + "\n")
        else:
            lines.append(line)
    return expand_avoid("\n".join(lines))
