"""Markers in authored Markdown, expanded before the page is rendered:
`[[crisis-support]]` (current crisis contacts), `[[referral-directory]]` (the
area's referral directory) and `[[avoid: ...]]` (language shown as an example
to avoid, said so in words)."""

from __future__ import annotations

from grader.content.language import CRISIS_MARKER, DIRECTORY_MARKER
from grader.content.models import Service

from .text import block_html, esc, expand_avoid

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


def crisis_html(services: list[Service]) -> str:
    """The crisis box: one line of HTML, so Markdown passes it through whole."""
    def row(service: Service) -> str:
        contact = _contact(service)
        where = "" if len(service.nations) == 4 else f" ({', '.join(NATION_NAMES[n] for n in service.nations)})"
        return f"<li><strong>{esc(service.name)}</strong>{where}: {esc(service.description)}{' ' + contact + '.' if contact else ''}</li>"

    crisis = [s for s in services if s.category == "crisis"]
    staff = [s for s in services if s.category == "staff-support"]
    return (
        '<div class="admonition danger mskcpd-crisis" role="note" aria-label="Crisis support">'
        '<p class="admonition-title">If you or someone you are with needs help now</p>'
        f'<ul>{"".join(row(s) for s in crisis)}</ul>'
        + (f'<p><strong>Support for you as a member of staff:</strong></p><ul>{"".join(row(s) for s in staff)}</ul>' if staff else "")
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
            f'<td>{esc(s.how_to_access)}{" " + _contact(s) + "." if _contact(s) else ""}'
            f'{" You can refer yourself." if s.self_referral else ""}</td>'
            f'<td>{", ".join(NATION_NAMES[n] for n in s.nations)}</td><td>{s.last_checked:%d %B %Y}</td></tr>'
            for s in entries
        )
        sections.append(
            f'<h3 id="directory-{category}">{esc(title)}</h3><div class="mskcpd-table-scroll" tabindex="0" role="region" aria-label="{esc(title)}">'
            f'<table><thead><tr><th scope="col">Service</th><th scope="col">What it offers</th><th scope="col">Who it is for</th>'
            f'<th scope="col">How to access</th><th scope="col">Where</th><th scope="col">Last checked</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></div>"
        )
    return f'<div class="mskcpd-directory">{"".join(sections)}</div>'


def content_note_html(note: str) -> str:
    return f'<div class="admonition warning mskcpd-content-note" role="note" aria-label="Content note"><p class="admonition-title">Content note</p>{block_html(note)}</div>'


def expand_markers(markdown_text: str, services: list[Service]) -> str:
    """Authored Markdown -> Markdown with the course's markers expanded."""
    lines = []
    for line in markdown_text.split("\n"):
        marker = line.strip()
        if marker == CRISIS_MARKER:
            lines.append("\n" + crisis_html(services) + "\n")
        elif marker == DIRECTORY_MARKER:
            lines.append("\n" + directory_html(services) + "\n")
        else:
            lines.append(line)
    return expand_avoid("\n".join(lines))
