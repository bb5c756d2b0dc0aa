"""Crisis contacts, from the course's referral services: on the guide and on every case that discusses suicide."""

from __future__ import annotations

from grader.content.models import Service
from grader.facilitator.myst import inline, sentence


def contact(service: Service) -> str:
    parts = []
    if service.phone:
        parts.append(f"Call {service.phone}.")
    if service.text_message:
        parts.append(sentence(inline(service.text_message)))
    if service.url:
        parts.append(f"<{service.url}>")
    return " ".join(parts)


def service_line(service: Service) -> str:
    return " ".join(
        x for x in [f"- **{inline(service.name)}**:", sentence(inline(service.description)), contact(service)] if x
    )


def crisis_contacts(services: list[Service]) -> str:
    crisis = [s for s in services if s.category == "crisis"]
    staff = [s for s in services if s.category == "staff-support"]
    lines = ["If someone in the group, or someone they are talking about, needs help now:", ""]
    lines += [service_line(s) for s in crisis] or ["- Call 999 or go to A&E if a life is at risk now."]
    if staff:
        lines += ["", "Support for you and the group as staff:", ""] + [service_line(s) for s in staff]
    return "\n".join(lines)


def crisis_box(services: list[Service]) -> str:
    return f":::{{admonition}} Crisis contacts\n:class: danger\n\n{crisis_contacts(services)}\n:::"
